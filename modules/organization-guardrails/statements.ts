import type { ControlId } from '../../controls/catalog';
import type { PolicyConditions, PolicyStatement } from '../core';
import { oneOrMany, uniqueSorted, withExemptions } from '../bucket-policy/common';

/**
 * Statements of the organization guardrails. Service control policy (SCP)
 * statements name no Principal and spare the break-glass principals
 * (`ArnNotLike aws:PrincipalArn`); resource control policy (RCP) statements
 * deny every principal (`"*"`) that does not meet the condition.
 */

export const GUARDRAIL_SIDS = {
  accountPublicAccessBlock: 'DenyAccountPublicAccessBlockChanges',
  cloudTrail: 'DenyCloudTrailTampering',
  config: 'DenyConfigRecordingShutdown',
  macie: 'DenyMacieShutdown',
  bucketPublicAccessBlock: 'DenyProtectedBucketPublicAccessBlockChanges',
  bucketEncryption: 'DenyProtectedBucketEncryptionChanges',
  nonKmsUploads: 'DenyNonKmsUploadEncryption',
  sseCUploads: 'DenySseCUploads',
  rcpTls: 'EnforceTlsForS3',
  rcpOrganization: 'EnforceOrganizationIdentitiesForS3',
} as const;

/**
 * The controls each guardrail keeps in effect, or from being undone, by Sid.
 * A guardrail does not make a control true: the module that deploys the
 * setting does (AccountPublicAccessBlock, S3DataEventsTrail, ConfigRecorder...).
 */
export const GUARDRAIL_CONTROLS: Readonly<Record<string, readonly ControlId[]>> = {
  [GUARDRAIL_SIDS.accountPublicAccessBlock]: ['s3-account-public-access-block'],
  [GUARDRAIL_SIDS.cloudTrail]: ['cloudtrail-s3-data-events'],
  [GUARDRAIL_SIDS.config]: ['config-enabled'],
  [GUARDRAIL_SIDS.macie]: ['macie-enabled'],
  [GUARDRAIL_SIDS.bucketPublicAccessBlock]: ['s3-bucket-public-access-block'],
  [GUARDRAIL_SIDS.bucketEncryption]: ['s3-default-encryption', 's3-kms-encryption'],
  [GUARDRAIL_SIDS.rcpTls]: ['s3-tls-only'],
  [GUARDRAIL_SIDS.rcpOrganization]: ['s3-no-public-read-write'],
};

/**
 * Actions that stop, delete or weaken a trail. Creating trails stays allowed.
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscloudtrail.html
 */
export const CLOUDTRAIL_TAMPERING_ACTIONS = [
  'cloudtrail:DeleteTrail',
  'cloudtrail:PutEventSelectors',
  'cloudtrail:StopLogging',
  'cloudtrail:UpdateTrail',
];

/**
 * Actions that stop AWS Config recording or delivery, or send its history
 * elsewhere (PutDeliveryChannel replaces the channel's bucket, prefix or key).
 * `config:PutConfigurationRecorder` stays allowed so account pipelines can set
 * Config up; its delivery channel is the deployer's (a break-glass principal).
 */
export const CONFIG_SHUTDOWN_ACTIONS = [
  'config:DeleteConfigurationRecorder',
  'config:DeleteDeliveryChannel',
  'config:PutDeliveryChannel',
  'config:StopConfigurationRecorder',
];

/** Actions that disable or pause Amazon Macie, or take an account out of its administrator's view. */
export const MACIE_SHUTDOWN_ACTIONS = [
  'macie2:DisableMacie',
  'macie2:DisassociateFromAdministratorAccount',
  'macie2:DisassociateFromMasterAccount',
  'macie2:UpdateMacieSession',
];

/**
 * The actions behind changing or removing a bucket's Block Public Access and
 * default encryption (DeletePublicAccessBlock and DeleteBucketEncryption are
 * authorized by the same actions).
 */
export const BUCKET_PUBLIC_ACCESS_BLOCK_ACTION = 's3:PutBucketPublicAccessBlock';
export const BUCKET_ENCRYPTION_ACTION = 's3:PutEncryptionConfiguration';

/** Encryption values of `s3:x-amz-server-side-encryption` that use a KMS key. */
export const KMS_ENCRYPTION_HEADERS = ['aws:kms', 'aws:kms:dsse'];

/** A Deny statement of a service control policy that spares the exempt principals. */
export function scpDeny(
  sid: string,
  actions: readonly string[],
  exempt: readonly string[],
  resource: string | readonly string[] = '*',
  conditions?: PolicyConditions,
): PolicyStatement {
  const condition = withExemptions(conditions ?? {}, exempt);
  return {
    Sid: sid,
    Effect: 'Deny',
    Action: actions.length === 1 ? actions[0] : [...actions],
    Resource: resource,
    ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
  };
}

/**
 * The seed's "Prevent users from modifying S3 Block Public Access settings":
 * denies `s3:PutAccountPublicAccessBlock`, which also authorizes deleting the
 * account's setting. No condition key exposes the flag values, so the deny
 * covers every change.
 */
export function denyAccountPublicAccessBlockChanges(exempt: readonly string[]): PolicyStatement {
  return scpDeny(GUARDRAIL_SIDS.accountPublicAccessBlock, ['s3:PutAccountPublicAccessBlock'], exempt);
}

/** Denies stopping, deleting or reconfiguring CloudTrail trails. */
export function denyCloudTrailTampering(exempt: readonly string[]): PolicyStatement {
  return scpDeny(GUARDRAIL_SIDS.cloudTrail, CLOUDTRAIL_TAMPERING_ACTIONS, exempt);
}

/** Denies stopping or deleting the AWS Config recorder, and deleting or redirecting its delivery channel. */
export function denyConfigRecordingShutdown(exempt: readonly string[]): PolicyStatement {
  return scpDeny(GUARDRAIL_SIDS.config, CONFIG_SHUTDOWN_ACTIONS, exempt);
}

/** Denies disabling or pausing Amazon Macie and leaving its administrator account. */
export function denyMacieShutdown(exempt: readonly string[]): PolicyStatement {
  return scpDeny(GUARDRAIL_SIDS.macie, MACIE_SHUTDOWN_ACTIONS, exempt);
}

/**
 * Denies changing or removing the Block Public Access of the given buckets.
 * `automationRoles` are spared too: roles whose only use of the action turns
 * the four settings on (the remediation runbook's fixed parameters).
 */
export function denyProtectedBucketPublicAccessBlockChanges(
  bucketArns: readonly string[],
  exempt: readonly string[],
  automationRoles: readonly string[] = [],
): PolicyStatement {
  return scpDeny(
    GUARDRAIL_SIDS.bucketPublicAccessBlock,
    [BUCKET_PUBLIC_ACCESS_BLOCK_ACTION],
    [...exempt, ...automationRoles],
    oneOrMany(uniqueSorted(bucketArns)),
  );
}

/** Denies changing or removing the default encryption of the given buckets. */
export function denyProtectedBucketEncryptionChanges(
  bucketArns: readonly string[],
  exempt: readonly string[],
): PolicyStatement {
  return scpDeny(
    GUARDRAIL_SIDS.bucketEncryption,
    [BUCKET_ENCRYPTION_ACTION],
    exempt,
    oneOrMany(uniqueSorted(bucketArns)),
  );
}

/**
 * Denies uploads that ask for an encryption other than a KMS key
 * (`s3:x-amz-server-side-encryption` present and not `aws:kms` or
 * `aws:kms:dsse`). S3 encrypts every new object since January 2023, so an
 * unencrypted upload no longer exists; what remains to stop is a request for
 * SSE-S3 where KMS is the rule. Uploads without the header get the bucket's
 * default encryption and pass.
 */
export function denyNonKmsUploadEncryption(exempt: readonly string[]): PolicyStatement {
  return scpDeny(GUARDRAIL_SIDS.nonKmsUploads, ['s3:PutObject'], exempt, '*', {
    StringNotEquals: { 's3:x-amz-server-side-encryption': KMS_ENCRYPTION_HEADERS },
    Null: { 's3:x-amz-server-side-encryption': 'false' },
  });
}

/** Denies uploads with customer-provided keys (SSE-C), which S3 cannot audit or rotate. */
export function denySseCUploads(exempt: readonly string[]): PolicyStatement {
  return scpDeny(GUARDRAIL_SIDS.sseCUploads, ['s3:PutObject'], exempt, '*', {
    Null: { 's3:x-amz-server-side-encryption-customer-algorithm': 'false' },
  });
}

/**
 * RCP: denies S3 requests without TLS on every bucket of the accounts it is
 * attached to, whatever the bucket policy says.
 */
export function enforceTlsForS3(): PolicyStatement {
  return {
    Sid: GUARDRAIL_SIDS.rcpTls,
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: '*',
    Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } },
  };
}

/**
 * RCP: denies S3 requests by principals outside the organization (anonymous
 * ones included) on every bucket of the accounts it is attached to. AWS
 * service principals (log delivery, CloudTrail...) pass: they act for
 * resources, not as identities of another organization.
 */
export function enforceOrganizationIdentitiesForS3(organizationId: string): PolicyStatement {
  return {
    Sid: GUARDRAIL_SIDS.rcpOrganization,
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: '*',
    Condition: {
      StringNotEqualsIfExists: { 'aws:PrincipalOrgID': organizationId },
      BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
    },
  };
}
