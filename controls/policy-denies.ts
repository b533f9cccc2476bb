/**
 * The Deny statements the review looks for in S3 bucket policies: a bucket-wide
 * deny on a trigger condition (no TLS, an outdated TLS version) and a network
 * restriction (VPC endpoints, VPCs). Pure functions over normalized statements.
 */
import { NormalizedStatement, PolicyCondition, coversAction, coversResource } from './policy-analysis';
import { Maybe, Unknown, isUnknown } from './posture';

export interface DenyCheck {
  /** The Sid of a statement that meets the requirement. */
  readonly met?: string;
  readonly undecided?: Unknown;
  /** Why the closest candidate falls short. */
  readonly shortfall?: string;
}

/**
 * Looks for a Deny of all S3 actions for any principal on the bucket and its
 * objects, whose only condition is the one `isTrigger` accepts.
 */
export function findBucketWideDeny(
  statements: readonly NormalizedStatement[],
  bucketArn: string,
  isTrigger: (c: PolicyCondition) => boolean,
): DenyCheck {
  let undecided: Unknown | undefined;
  let shortfall: string | undefined;
  for (const st of statements) {
    if (!st.conditions.some(isTrigger)) continue;
    if (isUnknown(st.effect)) {
      undecided ??= st.effect;
      continue;
    }
    if (st.effect !== 'Deny') continue;
    const problems: string[] = [];
    if (st.principal?.wildcard !== true || st.notPrincipal !== undefined)
      problems.push('is not for Principal "*"');
    if (st.conditions.length > 1) problems.push('has further conditions that narrow it');
    const allActions = coversAction(st, 's3:*', bucketArn);
    const everyAction = (st.actions ?? []).some((a) => a === '*' || a.toLowerCase() === 's3:*');
    if (isUnknown(allActions)) {
      undecided ??= allActions;
      continue;
    }
    if (!everyAction) problems.push('does not cover every S3 action (s3:*)');
    const onBucket = coversResource(st, bucketArn, bucketArn);
    const onObjects = coversResource(st, `${bucketArn}/any-object-key`, bucketArn);
    const pending = [onBucket, onObjects].find(isUnknown);
    if (pending) {
      undecided ??= pending;
      continue;
    }
    if (onBucket !== true) problems.push('does not cover the bucket ARN');
    if (onObjects !== true) problems.push('does not cover the objects (bucket ARN/*)');
    if (problems.length === 0) return { met: st.label };
    shortfall ??= `statement ${st.label} ${problems.join(', ')}`;
  }
  return { undecided, shortfall };
}

/** `Bool aws:SecureTransport = false`. */
export function isInsecureTransportCondition(c: PolicyCondition): boolean {
  return c.operator === 'bool' && c.key === 'aws:securetransport' && c.values.some((v) => v === 'false');
}

/** `NumericLessThan s3:TlsVersion = <v>`, with v at least the minimum. */
export function tlsVersionCondition(minimum: number): (c: PolicyCondition) => boolean {
  return (c) =>
    c.operator === 'numericlessthan' &&
    c.key === 's3:tlsversion' &&
    c.values.length > 0 &&
    c.values.every((v) => Number.parseFloat(v) >= minimum);
}

/** A Deny for any principal on the objects unless the request comes through given VPC endpoints or VPCs. */
export function findNetworkRestriction(
  statements: readonly NormalizedStatement[],
  bucketArn: string,
): Maybe<string | undefined> {
  let undecided: Unknown | undefined;
  for (const st of statements) {
    const network = st.conditions.some(
      (c) =>
        (c.operator === 'stringnotequals' || c.operator === 'stringnotlike') &&
        (c.key === 'aws:sourcevpce' || c.key === 'aws:sourcevpc') &&
        c.values.length > 0,
    );
    if (!network || st.effect !== 'Deny' || st.principal?.wildcard !== true) continue;
    const onObjects = coversResource(st, `${bucketArn}/any-object-key`, bucketArn);
    const getObject = coversAction(st, 's3:GetObject', bucketArn);
    if (onObjects === true && getObject === true) return st.label;
    undecided ??= [onObjects, getObject].find(isUnknown);
  }
  return undecided ?? undefined;
}
