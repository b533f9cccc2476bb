/**
 * Turns a Terraform `policy` argument into a policy document for analysis: a
 * JSON string, an evaluated `jsonencode({...})`, or a reference to a
 * `data.aws_iam_policy_document`. References to the bucket's own ARN become
 * the bucket ARN the judges compare with.
 */
import { Maybe, isUnknown, unknown } from '../../controls/posture';
import {
  AFTER_APPLY,
  MAX_DEPTH,
  RawResource,
  blocks,
  interpolations,
  isExpression,
  str,
  strList,
} from './raw';

export type ResourceLookup = (scope: string, localAddress: string) => readonly RawResource[];

const DATA_DOCUMENT = /^data\.aws_iam_policy_document\.[A-Za-z_][A-Za-z0-9_-]*(\[[^\]]*\])?\.json$/;

/** The policy document of a resource's `policy` argument. */
export function policyDocument(holder: RawResource, lookup: ResourceLookup): Maybe<unknown> {
  const v = holder.values.policy;
  if (typeof v === 'object' && v !== null) return v;
  if (typeof v !== 'string') return unknown(`${holder.address}.policy is not a string`);
  const fromData = holder.refs('policy').find((r) => r.startsWith('data.aws_iam_policy_document.'));
  if (v === AFTER_APPLY) {
    const doc = fromData ? dataDocument(holder.scope, fromData, lookup) : undefined;
    if (doc !== undefined && !isUnknown(doc)) return doc;
    return unknown(
      `the policy of ${holder.address} is known only after apply${fromData ? ` (built by ${fromData})` : ''}`,
    );
  }
  const trimmed = v.trim();
  // An empty literal is known: a policy without statements.
  if (trimmed === '') return { Statement: [] };
  if (trimmed.startsWith('{')) {
    try {
      return JSON.parse(trimmed) as unknown;
    } catch {
      return unknown(`the policy of ${holder.address} is not valid JSON`);
    }
  }
  const parts = interpolations(trimmed);
  if (parts.length === 1 && trimmed === `\${${parts[0]}}` && DATA_DOCUMENT.test(parts[0].trim())) {
    const address = parts[0].trim().replace(/(\[[^\]]*\])?\.json$/, '');
    return dataDocument(holder.scope, address, lookup) ?? unknown(`${address} is not in this input`);
  }
  return unknown(
    `the policy of ${holder.address} is ${trimmed.length > 80 ? `${trimmed.slice(0, 77)}...` : trimmed}, known only at apply`,
  );
}

function dataDocument(scope: string, address: string, lookup: ResourceLookup): Maybe<unknown> | undefined {
  const found = lookup(scope, address);
  if (found.length !== 1) return found.length === 0 ? undefined : unknown(`${address} has several instances`);
  const data = found[0];
  const json = data.values.json;
  if (typeof json === 'string' && !isExpression(json)) {
    try {
      return JSON.parse(json) as unknown;
    } catch {
      return unknown(`${address}.json is not valid JSON`);
    }
  }
  return documentFromDataSource(data);
}

/** Builds the JSON document an aws_iam_policy_document data source renders, from its blocks. */
export function documentFromDataSource(data: RawResource): Maybe<unknown> {
  const v = data.values;
  for (const merge of [
    'source_policy_documents',
    'override_policy_documents',
    'source_json',
    'override_json',
  ]) {
    const m = v[merge];
    if (m !== undefined && m !== null && !(Array.isArray(m) && m.length === 0)) {
      return unknown(`${data.address} merges ${merge}, which the review does not evaluate`);
    }
  }
  const label = data.address;
  const statements = blocks(v, 'statement', label);
  if (isUnknown(statements)) return statements;
  const out: Record<string, unknown>[] = [];
  for (const st of statements) {
    const s: Record<string, unknown> = {};
    const sid = str(st, 'sid', `${label}.statement`);
    if (typeof sid === 'string') s.Sid = sid;
    const effect = str(st, 'effect', `${label}.statement`);
    s.Effect = isUnknown(effect) ? AFTER_APPLY : (effect ?? 'Allow');
    for (const [attr, key] of [
      ['actions', 'Action'],
      ['not_actions', 'NotAction'],
      ['resources', 'Resource'],
      ['not_resources', 'NotResource'],
    ] as const) {
      const raw = st[attr];
      if (raw === undefined || raw === null) continue;
      // Expressions stay as `${...}` strings: the analysis resolves the bucket's own ARN and treats the rest as unknown.
      s[key] = (Array.isArray(raw) ? raw : [raw])
        .filter((x) => x !== null && typeof x !== 'object')
        .map(String);
    }
    for (const [attr, key] of [
      ['principals', 'Principal'],
      ['not_principals', 'NotPrincipal'],
    ] as const) {
      const ps = blocks(st, attr, `${label}.statement`);
      if (isUnknown(ps)) return ps;
      if (ps.length === 0) continue;
      const principal: Record<string, string[]> = {};
      let star = false;
      for (const p of ps) {
        const type = str(p, 'type', attr);
        const ids = strList(p, 'identifiers', attr);
        if (isUnknown(type) || isUnknown(ids)) return unknown(`${label}: a principal is known only at apply`);
        if (type === '*') star = true;
        else if (type) principal[type] = [...(principal[type] ?? []), ...ids];
      }
      s[key] = star ? '*' : principal;
    }
    const conds = blocks(st, 'condition', `${label}.statement`);
    if (isUnknown(conds)) return conds;
    if (conds.length > 0) {
      const condition: Record<string, Record<string, string[]>> = {};
      for (const c of conds) {
        const test = str(c, 'test', 'condition');
        const variable = str(c, 'variable', 'condition');
        const values = strList(c, 'values', 'condition');
        if (typeof test !== 'string' || typeof variable !== 'string' || isUnknown(values)) {
          return unknown(`${label}: a condition is known only at apply`);
        }
        condition[test] = { ...(condition[test] ?? {}), [variable]: values };
      }
      s.Condition = condition;
    }
    out.push(s);
  }
  return { Version: '2012-10-17', Statement: out };
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Replaces references to the bucket's own ARN and name in a policy document
 * with its ARN (`${aws_s3_bucket.b.arn}`, `arn:aws:s3:::${aws_s3_bucket.b.id}`).
 */
export function substituteSelf(
  doc: unknown,
  localAddress: string,
  arn: string,
  nameExpression?: string,
): Maybe<unknown> {
  if (!localAddress) return doc;
  const ref = `${escapeRe(localAddress)}(?:\\[[^\\]]*\\])?`;
  const arnRef = new RegExp(`\\$\\{${ref}\\.arn\\}`, 'g');
  const names = [`\\$\\{${ref}\\.(?:id|bucket)\\}`, ...(nameExpression ? [escapeRe(nameExpression)] : [])];
  const nameRef = new RegExp(`arn:[a-z-]+:s3:::(?:${names.join('|')})`, 'g');
  const map = (value: unknown, depth: number): unknown => {
    if (depth > MAX_DEPTH) throw new RangeError('nesting');
    if (typeof value === 'string') {
      return value.includes('${') ? value.replace(arnRef, () => arn).replace(nameRef, () => arn) : value;
    }
    if (Array.isArray(value)) return value.map((x) => map(x, depth + 1));
    if (typeof value === 'object' && value !== null) {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(value)) out[k] = map(x, depth + 1);
      return out;
    }
    return value;
  };
  try {
    return map(doc, 0);
  } catch {
    return unknown(`the policy nests deeper than ${MAX_DEPTH} levels`);
  }
}
