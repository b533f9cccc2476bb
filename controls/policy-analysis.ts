/**
 * Static analysis of S3 bucket policies for the review: public grants,
 * wildcard principals and actions, cross-account grants of sensitive actions,
 * and the transport denies. Pure functions over parsed JSON.
 *
 * Values that Terraform knows only at apply are kept as `${...}` strings. A
 * string that is this bucket's ARN in reference form (`self`) counts as known.
 */
import { Maybe, Unknown, isUnknown, unknown } from './posture';

export interface PrincipalSpec {
  /** `"*"` or `{ "AWS": "*" }`: any principal. */
  readonly wildcard: boolean;
  readonly aws: readonly string[];
  readonly service: readonly string[];
  readonly other: readonly string[];
}

export interface PolicyCondition {
  /** Operator without set prefix and IfExists suffix, lower case: `stringequals`, `bool`, ... */
  readonly operator: string;
  readonly ifExists: boolean;
  /** Condition key in lower case. */
  readonly key: string;
  readonly values: readonly string[];
}

export interface NormalizedStatement {
  /** Sid, or `#<index>` when the statement has none. */
  readonly label: string;
  readonly effect: Maybe<'Allow' | 'Deny'>;
  readonly principal?: PrincipalSpec;
  readonly notPrincipal?: PrincipalSpec;
  readonly actions?: readonly string[];
  readonly notActions?: readonly string[];
  readonly resources?: readonly string[];
  readonly notResources?: readonly string[];
  readonly conditions: readonly PolicyCondition[];
}

/** Actions Security Hub S3.6 does not want granted to other accounts. */
export const SENSITIVE_ACTIONS = [
  's3:DeleteBucketPolicy',
  's3:PutBucketAcl',
  's3:PutBucketPolicy',
  's3:PutEncryptionConfiguration',
  's3:PutObjectAcl',
] as const;

/**
 * Keys that name who the caller is, or for which resource an AWS service acts
 * (`aws:SourceArn`, `aws:SourceAccount`, `aws:SourceOwner`, `aws:SourceOrgID`,
 * `aws:SourceOrgPaths`: only a service acting for that source has them): a
 * wildcard principal restricted by them is not "anyone". Network keys
 * (`aws:SourceIp`, `aws:SourceVpc(e)`, `aws:VpceAccount`) say where a request
 * comes from, not who makes it, so they are not among them.
 */
const PRINCIPAL_KEYS = new Set([
  'aws:principalarn',
  'aws:principalaccount',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:userid',
  'aws:sourceaccount',
  'aws:sourcearn',
  'aws:sourceowner',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
]);

/**
 * Condition keys that, with a fixed value, make an Allow for `*` non-public in
 * the sense of S3 Block Public Access: the principal keys and the network ones.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
 */
const RESTRICTING_KEYS = new Set([
  ...PRINCIPAL_KEYS,
  'aws:sourceip',
  'aws:sourcevpc',
  'aws:sourcevpce',
  's3:x-amz-server-side-encryption-aws-kms-key-id',
]);

/** An ARN pattern whose account field is one fixed account (other fields may hold wildcards). */
const ARN_OF_ONE_ACCOUNT = /^arn:[a-z-]+:[^:]*:[^:]*:\d{12}:/;

/** An organization path pattern under one fixed organization (`o-xxxxxxxxxx/...`). */
const PATH_OF_ONE_ORGANIZATION = /^o-[a-z0-9]{10,32}\//;

/**
 * Whether a condition value pins the key to known identities. A value without
 * wildcards does; so does an ARN pattern of one account for the ARN keys, and
 * a path pattern under one organization for the organization path keys.
 */
function isFixedValue(key: string, value: string): boolean {
  if (!value.includes('*') && !value.includes('?')) return true;
  if (key === 'aws:sourcearn' || key === 'aws:principalarn') return ARN_OF_ONE_ACCOUNT.test(value);
  if (key === 'aws:sourceorgpaths' || key === 'aws:principalorgpaths')
    return PATH_OF_ONE_ORGANIZATION.test(value);
  return false;
}

const POSITIVE_OPERATORS = new Set([
  'stringequals',
  'stringequalsignorecase',
  'stringlike',
  'arnequals',
  'arnlike',
  'ipaddress',
]);

/** True for a value Terraform knows only at apply (other than a reference to this bucket). */
export function isUnresolved(value: string, self?: string): boolean {
  if (!value.includes('${')) return false;
  if (self !== undefined && self.includes('${') && (value === self || value.startsWith(`${self}/`))) {
    return value.slice(self.length).includes('${');
  }
  return true;
}

function strings(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v) => v !== null && typeof v !== 'object').map((v) => String(v));
}

function principalSpec(value: unknown): PrincipalSpec | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') {
    return value === '*'
      ? { wildcard: true, aws: [], service: [], other: [] }
      : { wildcard: false, aws: [value], service: [], other: [] };
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { wildcard: false, aws: [], service: [], other: strings(value) ?? [] };
  }
  const map = value as Record<string, unknown>;
  const aws = strings(map.AWS) ?? [];
  return {
    wildcard: aws.includes('*'),
    aws: aws.filter((a) => a !== '*'),
    service: strings(map.Service) ?? [],
    other: [...(strings(map.Federated) ?? []), ...(strings(map.CanonicalUser) ?? [])],
  };
}

function conditions(value: unknown): PolicyCondition[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  const out: PolicyCondition[] = [];
  for (const [op, block] of Object.entries(value as Record<string, unknown>)) {
    if (typeof block !== 'object' || block === null || Array.isArray(block)) continue;
    let operator = op.toLowerCase().replace(/^for(any|all)value:/, '');
    const ifExists = operator.endsWith('ifexists');
    if (ifExists) operator = operator.slice(0, -'ifexists'.length);
    for (const [key, v] of Object.entries(block as Record<string, unknown>)) {
      out.push({ operator, ifExists, key: key.toLowerCase(), values: strings(v) ?? [] });
    }
  }
  return out;
}

/**
 * Normalizes a policy document. A document without a Statement list is
 * Unknown (it cannot be judged), never an empty policy.
 */
const normalized = new WeakMap<object, Maybe<NormalizedStatement[]>>();

export function normalizePolicy(document: unknown): Maybe<NormalizedStatement[]> {
  if (isUnknown(document)) return document;
  if (typeof document === 'object' && document !== null) {
    let n = normalized.get(document);
    if (n === undefined) {
      n = normalizeDocument(document);
      normalized.set(document, n);
    }
    return n;
  }
  return normalizeDocument(document);
}

function normalizeDocument(document: unknown): Maybe<NormalizedStatement[]> {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    return unknown('the policy is not a JSON object');
  }
  const raw = (document as { Statement?: unknown }).Statement;
  if (raw === undefined || raw === null) return unknown('the policy has no Statement');
  const list = Array.isArray(raw) ? raw : [raw];
  const out: NormalizedStatement[] = [];
  for (let i = 0; i < list.length; i++) {
    const st = list[i];
    if (typeof st !== 'object' || st === null || Array.isArray(st)) {
      return unknown(`statement #${i} of the policy is not an object`);
    }
    const s = st as Record<string, unknown>;
    const sid = typeof s.Sid === 'string' && s.Sid !== '' ? s.Sid : `#${i}`;
    const effect =
      s.Effect === 'Allow' || s.Effect === 'Deny'
        ? s.Effect
        : unknown(`statement ${sid} has Effect ${JSON.stringify(s.Effect ?? null)}`);
    out.push({
      label: sid,
      effect,
      principal: principalSpec(s.Principal),
      notPrincipal: principalSpec(s.NotPrincipal),
      actions: strings(s.Action),
      notActions: strings(s.NotAction),
      resources: strings(s.Resource),
      notResources: strings(s.NotResource),
      conditions: conditions(s.Condition),
    });
  }
  return out;
}

const globCache = new Map<string, RegExp>();

/** IAM wildcard match (`*`, `?`). Actions match case-insensitively, resources exactly. */
export function wildcardMatch(pattern: string, value: string, ignoreCase: boolean): boolean {
  const star = pattern.indexOf('*');
  if (star < 0 && !pattern.includes('?')) {
    return ignoreCase ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
  }
  if (star === pattern.length - 1 && !pattern.includes('?')) {
    const prefix = pattern.slice(0, -1);
    return ignoreCase ? value.toLowerCase().startsWith(prefix.toLowerCase()) : value.startsWith(prefix);
  }
  const key = `${ignoreCase ? 'i' : 's'}${pattern}`;
  let re = globCache.get(key);
  if (!re) {
    const body = pattern
      .split('')
      .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/]/g, '\\$&')))
      .join('');
    re = new RegExp(`^${body}$`, ignoreCase ? 'is' : 's');
    if (globCache.size > 10_000) globCache.clear();
    globCache.set(key, re);
  }
  return re.test(value);
}

/** Whether the statement's Action / NotAction covers the action. */
export function coversAction(st: NormalizedStatement, action: string, self?: string): Maybe<boolean> {
  return covers(st.actions, st.notActions, action, true, self, 'Action');
}

/** Whether the statement's Resource / NotResource covers the ARN. */
export function coversResource(st: NormalizedStatement, arn: string, self?: string): Maybe<boolean> {
  return covers(st.resources, st.notResources, arn, false, self, 'Resource');
}

function unresolvedOf(list: readonly string[], self: string | undefined): string[] {
  return list.filter((p) => isUnresolved(p, self));
}

function covers(
  list: readonly string[] | undefined,
  notList: readonly string[] | undefined,
  value: string,
  ignoreCase: boolean,
  self: string | undefined,
  field: string,
): Maybe<boolean> {
  if (list !== undefined) {
    if (list.some((p) => !isUnresolved(p, self) && wildcardMatch(p, value, ignoreCase))) return true;
    const u = unresolvedOf(list, self);
    return u.length > 0 ? unknown(`${field} ${u[0]} is known only at apply`) : false;
  }
  if (notList !== undefined) {
    if (notList.some((p) => !isUnresolved(p, self) && wildcardMatch(p, value, ignoreCase))) return false;
    const u = unresolvedOf(notList, self);
    return u.length > 0 ? unknown(`Not${field} ${u[0]} is known only at apply`) : true;
  }
  return false;
}

/** True when a condition pins the request to fixed values of a restricting key. */
function isFixedRestriction(c: PolicyCondition, keys: Set<string>): boolean {
  if (c.ifExists || !keys.has(c.key) || !POSITIVE_OPERATORS.has(c.operator) || c.values.length === 0) {
    return false;
  }
  if (c.key === 'aws:sourceip') {
    return c.operator === 'ipaddress' && !c.values.some((v) => v === '0.0.0.0/0' || v === '::/0');
  }
  return c.values.every((v) => isFixedValue(c.key, v));
}

/** An Allow statement for any principal (or for everyone but some, with NotPrincipal). */
export function allowsAnyone(st: NormalizedStatement): boolean {
  return st.effect === 'Allow' && (st.principal?.wildcard === true || st.notPrincipal !== undefined);
}

/** Public in the sense of S3 Block Public Access: an Allow for anyone without a restricting condition. */
export function isPublicGrant(st: NormalizedStatement): boolean {
  return allowsAnyone(st) && !st.conditions.some((c) => isFixedRestriction(c, RESTRICTING_KEYS));
}

/** A wildcard principal not narrowed to known identities by a principal condition. */
export function hasUnrestrictedWildcardPrincipal(st: NormalizedStatement): boolean {
  return allowsAnyone(st) && !st.conditions.some((c) => isFixedRestriction(c, PRINCIPAL_KEYS));
}

/** An Allow of every action (`*`, `s3:*`) or of everything but some (NotAction). */
export function allowsAllActions(st: NormalizedStatement): boolean {
  if (st.effect !== 'Allow') return false;
  if (st.notActions !== undefined) return true;
  return (st.actions ?? []).some((a) => a === '*' || a.toLowerCase() === 's3:*');
}

/** What a public statement grants: read, write or both. */
export function publicAccessKind(st: NormalizedStatement, self?: string): string {
  const read = ['s3:GetObject', 's3:ListBucket'].some((a) => coversAction(st, a, self) === true);
  const write = ['s3:PutObject', 's3:DeleteObject'].some((a) => coversAction(st, a, self) === true);
  return read && write
    ? 'public read and write'
    : write
      ? 'public write'
      : read
        ? 'public read'
        : 'public access';
}

/** The account of an AWS principal (`123456789012`, an IAM or STS ARN), or Unknown. */
export function accountOfPrincipal(principal: string, self?: string): Maybe<string> {
  if (isUnresolved(principal, self)) return unknown(`principal ${principal} is known only at apply`);
  if (/^\d{12}$/.test(principal)) return principal;
  const m = /^arn:[a-z-]+:(iam|sts)::(\d{12}):/.exec(principal);
  if (m) return m[2];
  return unknown(`principal ${principal} names no account`);
}

/** What one Allow statement grants of the sensitive actions, and to whom outside the owner account. */
export interface SensitiveGrant {
  readonly actions: readonly string[];
  readonly to: readonly string[];
}

/**
 * The sensitive actions one statement grants to principals outside the owner
 * account: undefined when it grants none of them to an outsider, Unknown when
 * an action, a principal or the owner account cannot be resolved.
 */
export function sensitiveGrant(
  st: NormalizedStatement,
  ownerAccount: string | undefined,
  self?: string,
): Maybe<SensitiveGrant | undefined> {
  if (isUnknown(st.effect)) return st.effect;
  if (st.effect !== 'Allow') return undefined;
  const granted = SENSITIVE_ACTIONS.filter((a) => coversAction(st, a, self) === true);
  if (granted.length === 0) {
    return SENSITIVE_ACTIONS.map((a) => coversAction(st, a, self)).find(isUnknown);
  }
  const who = outsiders(st, ownerAccount, self);
  if (isUnknown(who)) return who;
  return who.length > 0 ? { actions: granted, to: who } : undefined;
}

/**
 * Sensitive actions granted to principals outside the owner account. Returns
 * the offending statement labels, or Unknown when an account or action cannot
 * be resolved.
 */
export function crossAccountSensitiveGrants(
  statements: readonly NormalizedStatement[],
  ownerAccount: string | undefined,
  self?: string,
): Maybe<string[]> {
  const offending: string[] = [];
  let undecided: Unknown | undefined;
  for (const st of statements) {
    const grant = sensitiveGrant(st, ownerAccount, self);
    if (isUnknown(grant)) undecided ??= grant;
    else if (grant)
      offending.push(`${st.label} grants ${grant.actions.join(', ')} to ${grant.to.join(', ')}`);
  }
  if (offending.length > 0) return offending;
  return undecided ?? [];
}

function outsiders(st: NormalizedStatement, owner: string | undefined, self?: string): Maybe<string[]> {
  const pinnedToOwner = st.conditions.some(
    (c) =>
      !c.ifExists &&
      (c.operator === 'stringequals' || c.operator === 'arnequals') &&
      (c.key === 'aws:principalaccount' || c.key === 'aws:sourceaccount') &&
      owner !== undefined &&
      c.values.length > 0 &&
      c.values.every((v) => v === owner),
  );
  if (pinnedToOwner) return [];
  if (allowsAnyone(st)) return ['any account'];
  const out: string[] = [];
  for (const p of st.principal?.aws ?? []) {
    const account = accountOfPrincipal(p, self);
    if (isUnknown(account)) return account;
    if (owner === undefined) {
      return unknown(
        `the bucket owner account is unknown (principal ${p}); pass --account-id or set the provider's allowed_account_ids`,
      );
    }
    if (account !== owner) out.push(`account ${account}`);
  }
  return out;
}
