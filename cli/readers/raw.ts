/**
 * The common form every Terraform reader produces: resources with their
 * attribute values, before they are linked into a posture. Configuration keeps
 * Terraform expressions as `${...}` strings; a plan marks values known only
 * after apply with {@link AFTER_APPLY}.
 */
import { Maybe, SourceLocation, Unknown, isUnknown, unknown } from '../../controls/posture';

/** Stands for a plan value that is known only after apply. */
export const AFTER_APPLY = '${(known after apply)}';

/** Recursive walks stop here: deeper input is treated as unknown, never a stack overflow. */
export const MAX_DEPTH = 64;

export interface RawResource {
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  /** Instance key with count / for_each. */
  readonly index?: string | number;
  /** Address shown in reports: `module.m.aws_s3_bucket.b[0]`, prefixed by `<stack>/` for a cdktf stack. */
  readonly address: string;
  /**
   * Resources link only within one scope: one Terraform root (a stack, a
   * directory, a plan) and module instance.
   */
  readonly scope: string;
  /** Address within its module, without instance key: `aws_s3_bucket.b`, `data.aws_iam_policy_document.p`. */
  readonly localAddress: string;
  readonly values: Readonly<Record<string, unknown>>;
  /** Module-local addresses of the resources an attribute refers to. */
  readonly refs: (attribute: string) => readonly string[];
  /** The `s3-security` record from the resource's `//` block. */
  readonly metadata?: unknown;
  readonly location: SourceLocation;
}

export interface RawInput {
  /** The path as given, for reports. */
  readonly label: string;
  readonly kind: 'cdktf' | 'terraform-json' | 'hcl' | 'plan' | 'state';
  readonly resources: readonly RawResource[];
  /** Accounts the input is bound to (provider allowed_account_ids, caller identity in a plan). */
  readonly accountIds: readonly string[];
  /** What the reader could not review, said once per input. */
  readonly notes: readonly string[];
}

/** Thrown for input that cannot be read at all; the CLI exits 2 with the message. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** True for a value Terraform decides only at apply (an expression in configuration, or unknown in a plan). */
export function isExpression(value: unknown): value is string {
  return typeof value === 'string' && value.includes('${');
}

function pending(label: string, value: string): Unknown {
  return value === AFTER_APPLY
    ? unknown(`${label} is known only after apply`)
    : unknown(
        `${label} = ${value.length > 120 ? `${value.slice(0, 117)}...` : value} is known only at apply`,
      );
}

/** A string attribute. */
export function str(
  obj: Readonly<Record<string, unknown>>,
  attr: string,
  label: string,
): Maybe<string | undefined> {
  const v = obj[attr];
  if (v === undefined || v === null) return undefined;
  if (isExpression(v)) return pending(`${label}.${attr}`, v);
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return unknown(`${label}.${attr} is not a string`);
}

/** A boolean attribute (Terraform also accepts "true" / "false"). */
export function bool(
  obj: Readonly<Record<string, unknown>>,
  attr: string,
  label: string,
): Maybe<boolean | undefined> {
  const v = obj[attr];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  if (isExpression(v)) return pending(`${label}.${attr}`, v);
  return unknown(`${label}.${attr} is not a boolean`);
}

/** A number attribute. */
export function num(
  obj: Readonly<Record<string, unknown>>,
  attr: string,
  label: string,
): Maybe<number | undefined> {
  const v = obj[attr];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\d+(\.\d+)?$/.test(v)) return Number(v);
  if (isExpression(v)) return pending(`${label}.${attr}`, v);
  return unknown(`${label}.${attr} is not a number`);
}

/**
 * A nested block as a list of objects (Terraform JSON allows an object or a
 * list; HCL and plans give lists). A dynamic block or an expression is Unknown.
 */
export function blocks(
  obj: Readonly<Record<string, unknown>>,
  attr: string,
  label: string,
): Maybe<Readonly<Record<string, unknown>>[]> {
  const dyn = obj.dynamic;
  if (typeof dyn === 'object' && dyn !== null && attr in dyn) {
    return unknown(`${label} has a dynamic "${attr}" block, expanded only at plan`);
  }
  const v = obj[attr];
  if (v === undefined || v === null) return [];
  if (isExpression(v)) return pending(`${label}.${attr}`, v);
  const list = Array.isArray(v) ? v : [v];
  if (list.some((item) => isExpression(item))) return unknown(`${label}.${attr} is known only at apply`);
  return list.filter(
    (item): item is Record<string, unknown> =>
      typeof item === 'object' && item !== null && !Array.isArray(item),
  );
}

/** The first nested block, or undefined. */
export function block(
  obj: Readonly<Record<string, unknown>>,
  attr: string,
  label: string,
): Maybe<Readonly<Record<string, unknown>> | undefined> {
  const list = blocks(obj, attr, label);
  if (!Array.isArray(list)) return list;
  return list[0];
}

/** Reads inside a block that may be unknown or absent (then the result is too). */
export function inside<T>(
  parent: Maybe<Readonly<Record<string, unknown>> | undefined>,
  read: (p: Readonly<Record<string, unknown>>) => Maybe<T | undefined>,
): Maybe<T | undefined> {
  return isUnknown(parent) ? parent : parent === undefined ? undefined : read(parent);
}

/** A string list attribute; Unknown when it or an element is an expression. */
export function strList(
  obj: Readonly<Record<string, unknown>>,
  attr: string,
  label: string,
): Maybe<string[]> {
  const v = obj[attr];
  if (v === undefined || v === null) return [];
  if (isExpression(v)) return pending(`${label}.${attr}`, v);
  const list = Array.isArray(v) ? v : [v];
  const expr = list.find(isExpression);
  if (expr !== undefined) return pending(`${label}.${attr}`, expr);
  return list.filter((x) => x !== null && typeof x !== 'object').map(String);
}

/**
 * Module-local resource addresses referenced in the interpolations of a value:
 * `${aws_s3_bucket.b.id}` gives `aws_s3_bucket.b`, `${data.aws_iam_policy_document.p.json}` gives
 * `data.aws_iam_policy_document.p`.
 */
const SINGLE_REFERENCE =
  /^\$\{((?:data\.)?[a-z][a-z0-9]*_[a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*)(?:\[[^\]]*\])?(?:\.[A-Za-z0-9_]+)*\}$/;

export function referencesIn(value: unknown): string[] {
  if (typeof value !== 'string' || !value.includes('${')) return [];
  const single = SINGLE_REFERENCE.exec(value);
  if (single) return [single[1]];
  const out = new Set<string>();
  const re = /(?<![\w.])((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*)(?=[.[\s}),]|$)/g;
  for (const body of interpolations(value)) {
    for (const m of body.matchAll(re)) {
      const ref = m[1];
      const root = ref.split('.')[0];
      if (root !== 'data' && !root.includes('_')) continue;
      out.add(ref);
    }
  }
  return [...out];
}

/** The bodies of the `${...}` interpolations of a template string. */
export function interpolations(value: string): string[] {
  const out: string[] = [];
  let i = value.indexOf('${');
  while (i >= 0) {
    if (i > 0 && value[i - 1] === '$') {
      i = value.indexOf('${', i + 2);
      continue;
    }
    let depth = 0;
    let j = i + 2;
    for (; j < value.length; j++) {
      const c = value[j];
      if (c === '{') depth++;
      else if (c === '}') {
        if (depth === 0) break;
        depth--;
      }
    }
    out.push(value.slice(i + 2, j));
    i = value.indexOf('${', j);
  }
  return out;
}
