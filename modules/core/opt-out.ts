import { Lazy, TerraformResource } from 'cdktf';
import type { ControlId } from '../../controls/catalog';
import { METADATA_KEY } from '../../controls/opt-outs';
import { PropsValidator, isToken } from './validation';

/**
 * An explicit decision to turn a secure default off. The reason is required and
 * is kept in the synthesized Terraform (and, for buckets, in a tag) so a review
 * shows it as an accepted risk instead of a failure.
 *
 * ```ts
 * versioning: { enabled: false, reason: 'disposable build cache, rebuilt on demand' }
 * ```
 */
export interface OptOut {
  readonly enabled: false;
  /** Why the weaker setting is acceptable here; at least a few words. */
  readonly reason: string;
}

/** Minimum length of an opt-out reason: "n/a" or "test" does not explain a risk. */
export const MIN_REASON_LENGTH = 10;

export function isOptOut(value: unknown): value is OptOut {
  return typeof value === 'object' && value !== null && (value as { enabled?: unknown }).enabled === false;
}

/** Validates the reason of an opt-out (or of any weaker choice that carries one). */
export function checkReason(v: PropsValidator, prop: string, reason: unknown): void {
  if (isToken(reason)) {
    v.fail(prop, reason, 'must be a literal text: an opt-out reason is recorded at synth time');
    return;
  }
  v.check(
    typeof reason === 'string' && reason.trim().length >= MIN_REASON_LENGTH,
    prop,
    reason,
    `must explain the accepted risk in at least ${MIN_REASON_LENGTH} characters`,
  );
}

/**
 * Collects a module's accepted risks while it validates its props: checks each
 * reason and records the setting with the controls the choice leaves unmet.
 *
 * ```ts
 * const optOuts = new OptOuts(v);
 * const versioned = optOuts.keep('versioning', props.versioning, ['s3-versioning']);
 * ```
 */
export class OptOuts {
  public readonly records: OptOutRecord[] = [];

  constructor(private readonly v: PropsValidator) {}

  /** True when `value` keeps the secure default; otherwise records the opt-out and returns false. */
  public keep(setting: string, value: unknown, unmet: readonly ControlId[] = []): boolean {
    if (!isOptOut(value)) return true;
    this.record(setting, value.reason, unmet);
    return false;
  }

  /**
   * Records a weaker choice made some other way than `{ enabled: false }` (SSE-S3,
   * ACLs kept, a Block Public Access flag off), whose reason is `reasonProp`.
   */
  public record(
    setting: string,
    reason: unknown,
    unmet: readonly ControlId[] = [],
    reasonProp = `${setting}.reason`,
  ): void {
    checkReason(this.v, reasonProp, reason);
    this.records.push({ setting, controls: [...unmet], reason: typeof reason === 'string' ? reason : '' });
  }
}

/** One accepted risk, as recorded in the synthesized metadata. */
export interface OptOutRecord {
  /** The prop that was turned off, for example `versioning`. */
  readonly setting: string;
  /** The controls this choice leaves unmet. */
  readonly controls: readonly ControlId[];
  readonly reason: string;
}

/** What a module records about a resource: its module, the controls it meets and the accepted risks. */
export interface SecurityRecord {
  readonly module: string;
  readonly controls: readonly ControlId[];
  readonly optOuts: readonly OptOutRecord[];
}

/** Key under the resource's `//` comment block where the record is written (read back by the review). */
export { METADATA_KEY };

/**
 * Writes the security record into the resource's `//` block of the synthesized
 * Terraform JSON (Terraform ignores `//` keys; review tools read them). Pass a
 * function when the record can still grow after construction.
 */
export function recordSecurity(
  resource: TerraformResource,
  record: SecurityRecord | (() => SecurityRecord),
): void {
  const render = (r: SecurityRecord) => ({
    module: r.module,
    controls: [...new Set(r.controls)].sort(),
    optOuts: r.optOuts.map((o) => ({ setting: o.setting, controls: [...o.controls], reason: o.reason })),
  });
  // A function is evaluated at synth time, after every statement and setting has been added.
  resource.addOverride(
    `//.${METADATA_KEY}`,
    typeof record === 'function' ? Lazy.anyValue({ produce: () => render(record()) }) : render(record),
  );
}
