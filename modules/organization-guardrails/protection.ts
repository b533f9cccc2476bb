import type { PolicyStatement } from '../core';
import { oneOrMany, uniqueSorted } from '../bucket-policy/common';
import { scpDeny } from './statements';

/**
 * Statements that keep the guardrails themselves from being walked around in a
 * member account: the exempt roles cannot be taken over, and the audit logs the
 * trail writes cannot be cut off at the bucket or the key instead of the trail.
 */

export const PROTECTION_SIDS = {
  guardedRoles: 'DenyGuardedRoleChanges',
  remediationRetargeting: 'DenyRemediationRetargeting',
  auditBuckets: 'DenyAuditBucketTampering',
  auditKeys: 'DenyAuditKeyTampering',
  auditKeyAliases: 'DenyAuditKeyAliasChanges',
} as const;

/** The alias of the key the account baseline encrypts its audit logs with. */
export const AUDIT_KEY_ALIAS = 'alias/s3-security/audit';

/**
 * What a member-account administrator would do to take over a role the
 * guardrails spare: rewrite who may assume it, give it to a service they
 * control (PassRole), change its permissions or boundary, or delete it and
 * create their own under the same name. Tags and descriptions are left alone:
 * no guardrail reads them.
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html
 */
export const ROLE_TAKEOVER_ACTIONS = [
  'iam:AttachRolePolicy',
  'iam:CreateRole',
  'iam:DeleteRole',
  'iam:DeleteRolePermissionsBoundary',
  'iam:DeleteRolePolicy',
  'iam:DetachRolePolicy',
  'iam:PassRole',
  'iam:PutRolePermissionsBoundary',
  'iam:PutRolePolicy',
  'iam:UpdateAssumeRolePolicy',
];

/**
 * What stops the delivery of audit logs, or erases them, without touching the
 * trail: replacing or deleting the bucket policy that lets CloudTrail and AWS
 * Config write, turning the buckets' own access logging off, shortening the
 * lifecycle, suspending versioning, deleting objects or their versions, and
 * writing over a log file (an upload, a copy or a replication to its key makes
 * the delivered version noncurrent, and the lifecycle expires noncurrent
 * versions). The services that deliver the logs write as service principals
 * (`cloudtrail.amazonaws.com`, `config.amazonaws.com` with the Config
 * service-linked role, `logging.s3.amazonaws.com`), which SCPs do not restrict.
 */
export const AUDIT_BUCKET_TAMPERING_ACTIONS = [
  's3:DeleteBucketPolicy',
  's3:DeleteObject',
  's3:DeleteObjectVersion',
  's3:PutBucketLogging',
  's3:PutBucketPolicy',
  's3:PutBucketVersioning',
  's3:PutLifecycleConfiguration',
  's3:PutObject',
  's3:ReplicateDelete',
  's3:ReplicateObject',
];

/**
 * What makes a key unusable for the trail and AWS Config (disable, schedule
 * deletion, replace its policy) or weakens it (rotation off), and what gives
 * it more aliases (create one for it, move one to it): `kms:ResourceAliases`
 * is only effective while a key stays within the quota of aliases per key
 * (50 by default, adjustable). Grants are left to the key policy, which allows
 * them only for AWS resources.
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/resource-limits.html#aliases-per-key
 */
export const AUDIT_KEY_TAMPERING_ACTIONS = [
  'kms:CreateAlias',
  'kms:DisableKey',
  'kms:DisableKeyRotation',
  'kms:PutKeyPolicy',
  'kms:ScheduleKeyDeletion',
  'kms:UpdateAlias',
];

/** Moving or deleting the alias would take the key out of the reach of `kms:ResourceAliases`. */
export const AUDIT_KEY_ALIAS_ACTIONS = ['kms:DeleteAlias', 'kms:UpdateAlias'];

/**
 * Denies taking over the roles the guardrails spare (the break-glass and
 * deployer roles, and the automation roles with a narrower exemption) to
 * everyone but the break-glass principals. `Resource` matches the role ARN
 * patterns, so CreateRole of a new role whose name fits a pattern is denied too.
 */
export function denyGuardedRoleChanges(
  roleArnPatterns: readonly string[],
  exempt: readonly string[],
): PolicyStatement {
  return scpDeny(
    PROTECTION_SIDS.guardedRoles,
    ROLE_TAKEOVER_ACTIONS,
    exempt,
    oneOrMany(uniqueSorted(roleArnPatterns)),
  );
}

/**
 * The ways to create or change an AWS Config remediation: directly, or inside
 * a conformance pack (the pack's service-linked role creates the remediation
 * configurations it declares), or inside an organization conformance pack,
 * which a member account can deploy when it is Config's delegated
 * administrator (the packs' service-linked role in each account creates the
 * remediations "even if member account IAM policies explicitly deny" them).
 * Organization Config rules are left out: they carry no remediation.
 * @see https://docs.aws.amazon.com/config/latest/APIReference/API_PutOrganizationConformancePack.html
 * @see https://docs.aws.amazon.com/aws-managed-policy/latest/reference/ConfigConformsServiceRolePolicy.html
 */
export const REMEDIATION_CONFIGURATION_ACTIONS = [
  'config:PutConformancePack',
  'config:PutOrganizationConformancePack',
  'config:PutRemediationConfigurations',
];

/**
 * Denies pointing an AWS Config remediation at another runbook or other
 * parameters. Config runs remediations with its service-linked role, which
 * passes the remediation role without the caller's iam:PassRole: without this
 * deny, an administrator could have an exempt automation role run their own
 * document. Remediation configurations and conformance packs have generated
 * ids, so the deny covers every one in the account.
 */
export function denyRemediationRetargeting(exempt: readonly string[]): PolicyStatement {
  return scpDeny(PROTECTION_SIDS.remediationRetargeting, REMEDIATION_CONFIGURATION_ACTIONS, exempt);
}

/** Denies changing the policy, logging, lifecycle or versioning of the audit log buckets, and deleting or overwriting their objects. */
export function denyAuditBucketTampering(
  bucketArns: readonly string[],
  exempt: readonly string[],
): PolicyStatement {
  const resources = bucketArns.flatMap((arn) => [arn, `${arn}/*`]);
  return scpDeny(
    PROTECTION_SIDS.auditBuckets,
    AUDIT_BUCKET_TAMPERING_ACTIONS,
    exempt,
    oneOrMany(uniqueSorted(resources)),
  );
}

/**
 * Denies disabling, scheduling the deletion of, or replacing the policy of the
 * keys known by the given aliases, and giving them more aliases. Key ids are generated per account, so the
 * key is named by its alias through `kms:ResourceAliases` (every alias of the
 * key the request acts on; `kms:RequestAlias` is only set on cryptographic
 * requests that name an alias, not on these). CreateAlias and UpdateAlias are
 * authorized on the alias and on each key they affect; the key's authorization
 * carries its aliases, so adding an alias to the audit key is denied.
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/alias-access.html
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-resource-aliases
 */
export function denyAuditKeyTampering(
  aliases: readonly string[],
  exempt: readonly string[],
): PolicyStatement {
  return scpDeny(PROTECTION_SIDS.auditKeys, AUDIT_KEY_TAMPERING_ACTIONS, exempt, '*', {
    'ForAnyValue:StringEquals': { 'kms:ResourceAliases': oneOrMany(uniqueSorted(aliases)) },
  });
}

/** Denies deleting the audit key aliases or moving them to another key, in every account and region. */
export function denyAuditKeyAliasChanges(
  partition: string,
  aliases: readonly string[],
  exempt: readonly string[],
): PolicyStatement {
  return scpDeny(
    PROTECTION_SIDS.auditKeyAliases,
    AUDIT_KEY_ALIAS_ACTIONS,
    exempt,
    oneOrMany(uniqueSorted(aliases.map((a) => `arn:${partition}:kms:*:*:${a}`))),
  );
}
