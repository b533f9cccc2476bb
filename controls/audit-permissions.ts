/**
 * The IAM actions `s3-security audit` needs, and nothing more. The audit
 * role (modules/audit-role) grants exactly these; the audit's readers name
 * one of them for every AWS call they make, so a denied call can say which
 * permission is missing.
 */

/** Actions the audit calls in each audited account. */
export const ACCOUNT_AUDIT_ACTIONS = [
  's3:ListAllMyBuckets',
  's3:GetBucketLocation',
  's3:GetBucketPublicAccessBlock',
  's3:GetBucketPolicy',
  's3:GetBucketPolicyStatus',
  's3:GetBucketAcl',
  's3:GetBucketOwnershipControls',
  's3:GetEncryptionConfiguration',
  's3:GetBucketVersioning',
  's3:GetBucketLogging',
  's3:GetBucketObjectLockConfiguration',
  's3:GetReplicationConfiguration',
  's3:GetLifecycleConfiguration',
  's3:GetBucketNotification',
  's3:GetBucketTagging',
  's3:GetBucketWebsite',
  's3:GetAccountPublicAccessBlock',
  's3:ListAccessPoints',
  's3:GetAccessPoint',
  's3:ListMultiRegionAccessPoints',
  'cloudtrail:DescribeTrails',
  'cloudtrail:GetEventSelectors',
  'cloudtrail:GetTrailStatus',
  'config:DescribeConfigurationRecorders',
  'config:DescribeConfigurationRecorderStatus',
  'config:DescribeDeliveryChannels',
  'config:DescribeConfigRules',
  'macie2:GetMacieSession',
  'guardduty:ListMalwareProtectionPlans',
  'guardduty:GetMalwareProtectionPlan',
] as const;

/** Actions the auditing account needs for `--organization`, besides assuming the member role. */
export const ORGANIZATION_AUDIT_ACTIONS = ['organizations:ListAccounts', 'sts:AssumeRole'] as const;

export type AuditAction =
  (typeof ACCOUNT_AUDIT_ACTIONS)[number] | (typeof ORGANIZATION_AUDIT_ACTIONS)[number];
