/**
 * What SecureBucket checks in its bucket policy at synth time, with the same
 * pure analysis the review judges policies with (controls/policy-analysis.ts),
 * so a statement the review would fail is refused before it reaches Terraform,
 * and the bucket claims a policy control only when the review would pass it.
 */
import type { ControlId } from '../../controls/catalog';
import {
  NormalizedStatement,
  accountOfPrincipal,
  allowsAllActions,
  coversAction,
  hasUnrestrictedWildcardPrincipal,
  isPublicGrant,
  normalizePolicy,
  publicAccessKind,
  sensitiveGrant,
} from '../../controls/policy-analysis';
import { findNetworkRestriction } from '../../controls/policy-denies';
import { isUnknown } from '../../controls/posture';
import { PolicyStatement, asList, isToken } from '../core';

/** The statements as the review reads them. */
export function normalizeStatements(statements: readonly PolicyStatement[]): NormalizedStatement[] {
  const normalized = normalizePolicy({ Statement: statements.map((st) => ({ ...st })) });
  return isUnknown(normalized) ? [] : normalized;
}

const sid = (st: NormalizedStatement) => JSON.stringify(st.label);

/**
 * Allow statements that would make the bucket public: a wildcard principal (or
 * NotPrincipal) without a condition that pins the request to known accounts,
 * organizations, VPCs, VPC endpoints, IP ranges or source ARNs.
 */
export function publicStatementProblems(statements: readonly PolicyStatement[], bucketArn: string): string[] {
  return normalizeStatements(statements)
    .filter(isPublicGrant)
    .map(
      (st) =>
        `bucket policy, statement ${sid(st)} allows ${st.notPrincipal ? 'every principal but those in NotPrincipal' : 'Principal "*"'} without a condition that restricts it to known accounts, organizations, VPCs, VPC endpoints, IP ranges or source ARNs: it would grant ${publicAccessKind(st, bucketArn)}; name the principals or add such a condition, or set blockPublicStatements: { enabled: false, reason }`,
    );
}

/**
 * Allow statements that grant another account (or any account) an action
 * Security Hub S3.6 calls sensitive: changing the bucket policy, ACLs or
 * default encryption. A statement whose principals or actions are known only
 * at apply time cannot be judged here; the review judges it on the plan.
 */
export function crossAccountSensitiveProblems(
  statements: readonly PolicyStatement[],
  ownAccount: string | undefined,
  bucketArn: string,
): string[] {
  return normalizeStatements(statements).flatMap((st) => {
    const grant = sensitiveGrant(st, ownAccount, bucketArn);
    if (grant === undefined || isUnknown(grant)) return [];
    return [
      `bucket policy, statement ${sid(st)} grants ${grant.actions.join(', ')} to ${grant.to.join(', ')}: another account could replace the policy, the ACLs or the encryption and take the bucket over (Security Hub S3.6); grant these actions only to this account, or set blockCrossAccountSensitiveActions: { enabled: false, reason }`,
    ];
  });
}

/**
 * Allow statements that let another account write objects into a bucket whose
 * objects the writer would own (ACLs enabled): the bucket owner could neither
 * read nor delete them through its own policies.
 */
export function crossAccountWriteProblems(
  statements: readonly PolicyStatement[],
  ownAccount: string | undefined,
  objectOwnership: string,
  bucketArn: string,
): string[] {
  if (objectOwnership === 'BucketOwnerEnforced' || ownAccount === undefined) return [];
  return normalizeStatements(statements)
    .filter((st) => st.effect === 'Allow' && coversAction(st, 's3:PutObject', bucketArn) === true)
    .filter((st) =>
      (st.principal?.aws ?? []).some((p) => {
        const account = accountOfPrincipal(p, bucketArn);
        return !isUnknown(account) && account !== ownAccount;
      }),
    )
    .map(
      (st) =>
        `bucket policy, statement ${sid(st)} lets another account write objects while object ownership is ${objectOwnership}: the writer would own them; keep objectOwnership BucketOwnerEnforced for cross-account writes`,
    );
}

/**
 * The policy controls the statements meet, judged as the review judges them:
 * no public grant (`s3-no-public-read-write`, for the policy's part), no Allow
 * for an unrestricted wildcard principal or for all actions
 * (`s3-no-wildcard-principal`), no sensitive action granted to another account
 * (`s3-no-cross-account-sensitive-actions`, only when every principal and
 * action is known), and a Deny outside given VPC endpoints or VPCs
 * (`s3-vpc-endpoint-restriction`).
 */
export function policyControls(
  statements: readonly PolicyStatement[],
  ownAccount: string | undefined,
  bucketArn: string,
): ControlId[] {
  const normalized = normalizeStatements(statements);
  const controls: ControlId[] = [];
  if (!normalized.some(isPublicGrant)) controls.push('s3-no-public-read-write');
  if (!normalized.some((st) => hasUnrestrictedWildcardPrincipal(st) || allowsAllActions(st)))
    controls.push('s3-no-wildcard-principal');
  if (normalized.every((st) => sensitiveGrant(st, ownAccount, bucketArn) === undefined))
    controls.push('s3-no-cross-account-sensitive-actions');
  const network = findNetworkRestriction(normalized, bucketArn);
  if (typeof network === 'string') controls.push('s3-vpc-endpoint-restriction');
  return controls;
}

/** What a bucket's policy checks depend on: its guardrail settings, ownership, account and ARN. */
export interface PolicyGuards {
  readonly blockPublicStatements: boolean;
  readonly blockCrossAccountSensitiveActions: boolean;
  readonly objectOwnership: string;
  readonly publicAccessBlock: { readonly blockPublicAcls: boolean; readonly ignorePublicAcls: boolean };
  /** The bucket owner account, when known at synth time. */
  readonly ownAccount?: string;
  readonly bucketArn: string;
}

/**
 * Every problem of statements about to join a bucket's policy: what its
 * guardrails refuse, cross-account writes the owner would not own, and
 * resources S3 would reject.
 */
export function statementProblems(statements: readonly PolicyStatement[], g: PolicyGuards): string[] {
  return [
    ...(g.blockPublicStatements ? publicStatementProblems(statements, g.bucketArn) : []),
    ...(g.blockCrossAccountSensitiveActions
      ? crossAccountSensitiveProblems(statements, g.ownAccount, g.bucketArn)
      : []),
    ...crossAccountWriteProblems(statements, g.ownAccount, g.objectOwnership, g.bucketArn),
    ...resourceProblems(statements, g.bucketArn),
  ];
}

/** Resources that are not the bucket or its objects: S3 rejects such a bucket policy. */
function resourceProblems(statements: readonly PolicyStatement[], bucketArn: string): string[] {
  if (isToken(bucketArn)) return [];
  return statements.flatMap((st) =>
    [...asList(st.Resource), ...asList(st.NotResource)]
      .filter((r) => !isToken(r) && r !== bucketArn && !r.startsWith(`${bucketArn}/`))
      .map(
        (r) =>
          `bucket policy, statement ${JSON.stringify(st.Sid)}: Resource ${JSON.stringify(r)} is not this bucket (${bucketArn}) or its objects; S3 rejects such a policy`,
      ),
  );
}

/**
 * The policy controls a bucket claims: those its final policy meets, as long
 * as the guardrail that keeps them is on. For `s3-no-public-read-write`, ACLs
 * must not grant public access either: disabled, or ignored and blocked.
 */
export function claimedPolicyControls(statements: readonly PolicyStatement[], g: PolicyGuards): ControlId[] {
  return policyControls(statements, g.ownAccount, g.bucketArn).filter((c) => {
    switch (c) {
      case 's3-no-public-read-write':
        return (
          g.blockPublicStatements &&
          (g.objectOwnership === 'BucketOwnerEnforced' ||
            (g.publicAccessBlock.blockPublicAcls && g.publicAccessBlock.ignorePublicAcls))
        );
      case 's3-no-wildcard-principal':
        return g.blockPublicStatements;
      case 's3-no-cross-account-sensitive-actions':
        return g.blockCrossAccountSensitiveActions;
      default:
        return true;
    }
  });
}
