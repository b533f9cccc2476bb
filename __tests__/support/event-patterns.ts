/**
 * EventBridge event pattern matching for tests, after the rules the EventBridge
 * user guide documents ("Event patterns", "Content filtering"):
 * - a pattern has the nested structure of the events it matches; every field of
 *   the pattern must match (AND), leaf values are lists of alternatives (OR);
 * - a leaf matches a scalar field when one alternative matches it, and a list
 *   field when one alternative matches one of its elements;
 * - alternatives are exact values (strings, numbers, null) or one-key objects:
 *   `prefix`, `suffix`, `anything-but` (a value, a list, or `{ prefix }`),
 *   `exists`, `numeric` (comparisons joined by AND), `equals-ignore-case`;
 * - `$or` takes a list of sub-patterns of which one must match;
 * - a pattern object reaching into an array of objects (a bucket's `tags`,
 *   Macie's `detections`) matches each field among the values of that field in
 *   all elements: nothing ties two fields to the same element, so this matcher
 *   takes the looser reading (a tag key and a value may come from two tags).
 * Anything else throws: a pattern this matcher does not understand fails the
 * test instead of passing it.
 *
 * No EventBridge matcher for Node could be installed from the npm registry
 * (see help/security-alerts.md), so this one is kept small and is itself tested
 * against the documented examples in event-patterns.test.ts.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function matchesPattern(event: unknown, pattern: unknown): boolean {
  if (!isObject(pattern)) throw new Error(`a pattern must be an object, got ${JSON.stringify(pattern)}`);
  if (!isObject(event)) return false;
  return matchObject(event as Record<string, Json>, pattern as Record<string, unknown>);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function matchObject(event: Record<string, Json>, pattern: Record<string, unknown>): boolean {
  for (const [key, sub] of Object.entries(pattern)) {
    if (key === '$or') {
      if (!Array.isArray(sub) || sub.length < 2) throw new Error('$or takes a list of at least two patterns');
      if (!sub.some((p) => matchesPattern(event, p))) return false;
      continue;
    }
    const value = Object.prototype.hasOwnProperty.call(event, key) ? event[key] : undefined;
    if (Array.isArray(sub)) {
      if (sub.length === 0) throw new Error(`the alternatives of ${key} must not be empty`);
      if (!matchLeaf(value, sub)) return false;
    } else if (isObject(sub)) {
      const target = Array.isArray(value) ? flattenObjects(value) : value;
      if (!isObject(target)) return false;
      if (!matchObject(target as Record<string, Json>, sub)) return false;
    } else {
      throw new Error(`the value of ${key} must be a list of alternatives or an object`);
    }
  }
  return true;
}

function matchLeaf(value: Json | undefined, alternatives: unknown[]): boolean {
  // `exists` is judged on presence, before looking at values.
  for (const alt of alternatives) {
    if (isObject(alt) && 'exists' in alt) {
      if (typeof alt.exists !== 'boolean') throw new Error('exists takes true or false');
      if ((value !== undefined) === alt.exists) return true;
    }
  }
  if (value === undefined) return false;
  const values: Json[] = Array.isArray(value) ? value : [value];
  return alternatives.some(
    (alt) => !(isObject(alt) && 'exists' in alt) && values.some((v) => matchOne(v, alt)),
  );
}

function matchOne(value: Json, alt: unknown): boolean {
  if (alt === null || typeof alt === 'string' || typeof alt === 'number' || typeof alt === 'boolean')
    return value === alt;
  if (!isObject(alt)) throw new Error(`unsupported alternative ${JSON.stringify(alt)}`);
  const keys = Object.keys(alt);
  if (keys.length !== 1) throw new Error(`an operator object has one key, got ${keys.join(', ')}`);
  const [op] = keys;
  const arg = alt[op];
  switch (op) {
    case 'prefix':
      if (typeof arg !== 'string') throw new Error('prefix takes a string');
      return typeof value === 'string' && value.startsWith(arg);
    case 'suffix':
      if (typeof arg !== 'string') throw new Error('suffix takes a string');
      return typeof value === 'string' && value.endsWith(arg);
    case 'equals-ignore-case':
      if (typeof arg !== 'string') throw new Error('equals-ignore-case takes a string');
      return typeof value === 'string' && value.toLowerCase() === arg.toLowerCase();
    case 'anything-but': {
      if (isObject(arg)) {
        if (typeof arg.prefix !== 'string' || Object.keys(arg).length !== 1)
          throw new Error('anything-but takes a value, a list or { prefix }');
        return typeof value === 'string' && !value.startsWith(arg.prefix);
      }
      const excluded = Array.isArray(arg) ? arg : [arg];
      return !excluded.some((x) => x === value);
    }
    case 'numeric':
      return typeof value === 'number' && numeric(value, arg);
    default:
      throw new Error(`unsupported operator ${op}`);
  }
}

function numeric(value: number, arg: unknown): boolean {
  if (!Array.isArray(arg) || arg.length % 2 !== 0 || arg.length === 0)
    throw new Error('numeric takes pairs of an operator and a number');
  for (let i = 0; i < arg.length; i += 2) {
    const [op, n] = [arg[i], arg[i + 1]];
    if (typeof n !== 'number') throw new Error('numeric compares with numbers');
    const ok = { '<': value < n, '<=': value <= n, '=': value === n, '>': value > n, '>=': value >= n }[
      op as string
    ];
    if (ok === undefined) throw new Error(`unsupported numeric operator ${String(op)}`);
    if (!ok) return false;
  }
  return true;
}

/** An array of objects seen as one object whose fields list the values of that field in every element. */
function flattenObjects(list: Json[]): Record<string, Json> | undefined {
  const objects = list.filter(isObject) as Record<string, Json>[];
  if (objects.length === 0) return undefined;
  const out: Record<string, Json[]> = {};
  for (const o of objects)
    for (const [k, v] of Object.entries(o)) (out[k] ??= []).push(...(Array.isArray(v) ? v : [v]));
  return out;
}
