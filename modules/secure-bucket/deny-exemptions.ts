/**
 * Exemptions of principals from a bucket's Deny statements that hold for
 * some actions only (the role S3 replication uses, for the replication
 * actions). Pure functions.
 *
 * A Deny cannot be narrowed by another statement, so the exemption takes two
 * parts: every Deny other than the TLS ones lists the principal in its
 * `ArnNotLike aws:PrincipalArn`, and one more Deny refuses that principal
 * every action on the bucket but the exempted ones. The principal is thus
 * exempt for its actions only, and for every other action it is denied
 * whatever its own IAM policies say.
 */
import { PolicyStatement } from '../core';
import { bucketAndObjects, uniqueSorted, withExemptions } from '../bucket-policy';

/** A principal lifted from the bucket's denies for the given actions only. */
export interface DenyExemption {
  readonly principalArn: string;
  readonly actions: readonly string[];
}

/** The exemptions with one entry per principal (actions merged). */
export function mergeExemption(exemptions: readonly DenyExemption[], added: DenyExemption): DenyExemption[] {
  const same = exemptions.find((e) => e.principalArn === added.principalArn);
  if (!same)
    return [...exemptions, { principalArn: added.principalArn, actions: uniqueSorted([...added.actions]) }];
  return exemptions.map((e) =>
    e === same
      ? { principalArn: e.principalArn, actions: uniqueSorted([...e.actions, ...added.actions]) }
      : e,
  );
}

function isTlsDeny(st: PolicyStatement): boolean {
  const keys = Object.values(st.Condition ?? {}).flatMap((byKey) => Object.keys(byKey));
  return keys.some((k) => k.toLowerCase() === 'aws:securetransport' || k.toLowerCase() === 's3:tlsversion');
}

/** A Deny other than a TLS deny, with the exempt principals in its `ArnNotLike aws:PrincipalArn`. */
export function withDenyExemptions(
  st: PolicyStatement,
  exemptions: readonly DenyExemption[],
): PolicyStatement {
  if (st.Effect !== 'Deny' || exemptions.length === 0 || isTlsDeny(st)) return st;
  return {
    ...st,
    Condition: withExemptions(
      st.Condition ?? {},
      exemptions.map((e) => e.principalArn),
    ),
  };
}

/**
 * One Deny per exempt principal: every action on the bucket and its objects
 * except the exempted ones (`DenyExemptPrincipalOtherActions`, numbered from
 * the second principal on).
 */
export function exemptionLimits(bucketArn: string, exemptions: readonly DenyExemption[]): PolicyStatement[] {
  return exemptions.map((e, i) => ({
    Sid: `DenyExemptPrincipalOtherActions${i === 0 ? '' : i + 1}`,
    Effect: 'Deny',
    Principal: '*',
    NotAction: [...e.actions],
    Resource: bucketAndObjects(bucketArn),
    Condition: { ArnLike: { 'aws:PrincipalArn': e.principalArn } },
  }));
}
