import { Token } from 'cdktf';
import { IConstruct } from 'constructs';

/**
 * Thrown when a construct receives props it cannot turn into safe Terraform.
 * The message names the construct path, the property, the value and the rule,
 * one problem per line, so the whole list can be fixed in one go.
 */
export class S3SecurityValidationError extends Error {
  public readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'S3SecurityValidationError';
    this.problems = problems;
  }
}

/** True when the value is (or contains) a Terraform token that is only known at apply time. */
export function isToken(value: unknown): boolean {
  if (typeof value === 'string') return Token.isUnresolved(value);
  if (typeof value === 'number') return Token.isUnresolved(value);
  if (Array.isArray(value)) return Token.isUnresolved(value) || value.some((v) => isToken(v));
  return false;
}

/** Renders a value for an error message: strings quoted, tokens named as such. */
export function describeValue(value: unknown): string {
  if (isToken(value)) return '<Terraform token>';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    const text = JSON.stringify(value);
    return text.length > 120 ? `${text.slice(0, 117)}...` : text;
  } catch {
    return String(value);
  }
}

/**
 * Collects the problems of one construct's props and throws them together.
 *
 * ```ts
 * const v = new PropsValidator(this);
 * v.check(days > 0, 'objectLock.days', days, 'must be a positive whole number');
 * v.throwIfAny();
 * ```
 */
export class PropsValidator {
  private readonly problems: string[] = [];

  /**
   * @param scope the construct whose props are checked, or the name of what is
   *   checked when there is no construct (a policy template: `restrictToVpcs`)
   */
  constructor(private readonly scope: IConstruct | string) {}

  /** Records a problem: `<path>: <prop> <value> <rule>`. */
  public fail(prop: string, value: unknown, rule: string): void {
    const where = typeof this.scope === 'string' ? this.scope : this.scope.node.path;
    this.problems.push(`${where}: ${prop} ${describeValue(value)} ${rule}`);
  }

  /** Records a problem unless `ok` holds. Returns `ok`. */
  public check(ok: boolean, prop: string, value: unknown, rule: string): boolean {
    if (!ok) this.fail(prop, value, rule);
    return ok;
  }

  /** Runs a rule that returns an error text (or undefined) for a value. Tokens are skipped. */
  public rule(prop: string, value: unknown, rule: (v: never) => string | undefined): void {
    if (value === undefined || isToken(value)) return;
    const message = rule(value as never);
    if (message !== undefined) this.fail(prop, value, message);
  }

  public get hasProblems(): boolean {
    return this.problems.length > 0;
  }

  /** Throws an {@link S3SecurityValidationError} listing every recorded problem. */
  public throwIfAny(): void {
    if (this.problems.length > 0) throw new S3SecurityValidationError(this.problems);
  }
}

/** `rule` for whole numbers within an inclusive range. */
export function integerBetween(min: number, max: number): (v: number) => string | undefined {
  return (v) =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max
      ? undefined
      : `must be a whole number from ${min} to ${max}`;
}
