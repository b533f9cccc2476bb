/**
 * The control catalog: every S3 security concept this project prevents,
 * reviews or audits, described once, with the public ids people are audited
 * against. Pure data; modules declare which of these they satisfy, and the
 * review and audit commands judge them.
 */

import { MALWARE_CONTROLS } from './catalog-malware';

export type Severity = 'critical' | 'high' | 'medium' | 'low';

/** Severities from the most to the least severe. */
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

/** What a control is judged on: each bucket, or the account (trails, Config, Macie, access points...). */
export type ControlScope = 'bucket' | 'account';

/**
 * `baseline`: expected of every bucket or account, and on by default in this
 * project's modules. `opt-in`: worth it for some data only (Object Lock,
 * replication, MFA delete, VPC-only access); a review judges them with
 * `--profile all`.
 */
export type ControlProfile = 'baseline' | 'opt-in';

/** A module of this project and the prop that satisfies a control. */
export interface ControlFix {
  readonly module: string;
  readonly prop: string;
  /**
   * The module keeps the control in effect, or from being undone (an
   * organization guardrail), without itself making the judged setting true.
   */
  readonly keeps?: true;
}

export interface ControlDefinition {
  /** Stable id used in metadata, reports and suppressions. */
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  /** AWS Security Hub control ids, such as `S3.8`. */
  readonly securityHub: readonly string[];
  /** CIS AWS Foundations Benchmark ids (v3.0 numbering; later versions in brackets). */
  readonly cis: readonly string[];
  /** AWS Config managed rule identifiers. */
  readonly configRules: readonly string[];
  /** AWS Systems Manager Automation runbooks that remediate it. */
  readonly remediation: readonly string[];
  /** checkov check ids. */
  readonly checkov: readonly string[];
  readonly scope: ControlScope;
  readonly profile: ControlProfile;
  /** Why it matters: the threat, in a sentence or two. */
  readonly rationale: string;
  /** How to meet it in Terraform, in a sentence or two. */
  readonly fix: string;
  /** Modules and props of this project that satisfy it; empty when no module does yet. */
  readonly fixedBy: readonly ControlFix[];
}

type RequiredKeys = 'id' | 'title' | 'severity' | 'rationale' | 'fix';

const control = (
  c: Partial<ControlDefinition> & Pick<ControlDefinition, RequiredKeys>,
): ControlDefinition => ({
  securityHub: [],
  cis: [],
  configRules: [],
  remediation: [],
  checkov: [],
  scope: 'bucket',
  profile: 'baseline',
  fixedBy: [],
  ...c,
});

const bucket = (prop: string): ControlFix => ({ module: 'SecureBucket', prop });
const trail = (prop: string): ControlFix => ({ module: 'S3DataEventsTrail', prop });
const guardrail = (prop: string): ControlFix => ({ module: 'OrganizationGuardrails', prop, keeps: true });

export const CONTROLS = [
  control({
    id: 's3-bucket-public-access-block',
    title: 'Bucket Block Public Access has all four settings on',
    severity: 'high',
    securityHub: ['S3.8'],
    cis: ['2.1.4 (3.1.4)'],
    configRules: ['S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED'],
    remediation: ['AWSConfigRemediation-ConfigureS3BucketPublicAccessBlock'],
    checkov: ['CKV_AWS_53', 'CKV_AWS_54', 'CKV_AWS_55', 'CKV_AWS_56', 'CKV2_AWS_6'],
    rationale:
      'A bucket policy or ACL that grants public access exposes every object to the internet; Block Public Access rejects and overrides such grants whatever else changes.',
    fix: 'Add aws_s3_bucket_public_access_block with block_public_acls, ignore_public_acls, block_public_policy and restrict_public_buckets all true.',
    fixedBy: [bucket('blockPublicAccess'), guardrail('protectedBuckets')],
  }),
  control({
    id: 's3-account-public-access-block',
    title: 'Account Block Public Access has all four settings on',
    severity: 'medium',
    securityHub: ['S3.1'],
    cis: ['2.1.4 (3.1.4)'],
    configRules: ['S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC'],
    remediation: ['AWSConfigRemediation-ConfigureS3PublicAccessBlock'],
    scope: 'account',
    rationale:
      'The account setting applies to every current and future bucket and access point, including buckets created outside this configuration.',
    fix: 'Add aws_s3_account_public_access_block with all four settings true (and an SCP that denies s3:PutAccountPublicAccessBlock).',
    fixedBy: [
      ...['blockPublicAcls', 'ignorePublicAcls', 'blockPublicPolicy', 'restrictPublicBuckets'].map(
        (prop) => ({
          module: 'AccountPublicAccessBlock',
          prop,
        }),
      ),
      guardrail('protectAccountPublicAccessBlock'),
    ],
  }),
  control({
    id: 's3-access-point-public-access-block',
    title: 'Access points and multi-region access points block public access',
    severity: 'critical',
    securityHub: ['S3.19', 'S3.24'],
    configRules: ['S3_ACCESS_POINT_PUBLIC_ACCESS_BLOCKS'],
    checkov: ['CKV_AWS_392'],
    scope: 'account',
    rationale:
      'An access point has its own Block Public Access settings, and they cannot be changed after it is created.',
    fix: "Leave public_access_block_configuration out of aws_s3_access_point (all four default to true) or set all four true; the same for a multi-region access point's public_access_block.",
    fixedBy: [
      { module: 'SecureAccessPoint', prop: 'publicAccessBlock (always on)' },
      { module: 'SecureMultiRegionAccessPoint', prop: 'publicAccessBlock (always on)' },
    ],
  }),
  control({
    id: 's3-no-public-read-write',
    title: 'No public read or write through a bucket policy or ACL',
    severity: 'critical',
    securityHub: ['S3.2', 'S3.3'],
    configRules: ['S3_BUCKET_PUBLIC_READ_PROHIBITED', 'S3_BUCKET_PUBLIC_WRITE_PROHIBITED'],
    remediation: ['AWS-DisableS3BucketPublicReadWrite'],
    checkov: ['CKV_AWS_20', 'CKV_AWS_57', 'CKV2_AWS_43'],
    rationale:
      'Public read leaks data; public write lets anyone plant or overwrite objects (and run up the bill).',
    fix: 'In the aws_s3_bucket_policy, remove Allow statements for Principal "*" that have no restricting condition (aws:SourceVpce, aws:SourceAccount, aws:PrincipalOrgID, ...); remove public canned ACLs and AllUsers / AuthenticatedUsers grants (aws_s3_bucket_acl); keep aws_s3_bucket_public_access_block on.',
    fixedBy: [
      bucket('blockPublicAccess'),
      bucket('objectOwnership'),
      bucket('blockPublicStatements'),
      guardrail('resourceControlPolicies.organizationOnly'),
    ],
  }),
  control({
    id: 's3-no-wildcard-principal',
    title: 'No Allow statement for a wildcard principal or for all actions',
    severity: 'high',
    configRules: ['S3_BUCKET_POLICY_GRANTEE_CHECK', 'S3_BUCKET_POLICY_NOT_MORE_PERMISSIVE'],
    remediation: ['AWSConfigRemediation-RemovePrincipalStarFromS3BucketPolicy'],
    checkov: ['CKV_AWS_70'],
    rationale:
      "An Allow for any principal, or for every action, grants more than anyone reviewed: today's conditions are the only barrier, and new S3 actions are granted as they appear.",
    fix: 'In the aws_s3_bucket_policy, name the principals (account, role or service ARNs) or restrict Principal "*" with aws:PrincipalOrgID / aws:PrincipalAccount; list the actions needed instead of s3:* or *.',
    fixedBy: [bucket('blockPublicStatements')],
  }),
  control({
    id: 's3-no-cross-account-sensitive-actions',
    title: 'Sensitive bucket actions are not granted to other accounts',
    severity: 'high',
    securityHub: ['S3.6'],
    configRules: ['S3_BUCKET_BLACKLISTED_ACTIONS_PROHIBITED'],
    rationale:
      'Another account that may change the bucket policy, ACLs or encryption can take the bucket over or lock its owner out.',
    fix: 'In the aws_s3_bucket_policy, do not grant s3:DeleteBucketPolicy, s3:PutBucketAcl, s3:PutBucketPolicy, s3:PutEncryptionConfiguration or s3:PutObjectAcl (or wildcards covering them) to principals of other accounts.',
    fixedBy: [bucket('blockCrossAccountSensitiveActions')],
  }),
  control({
    id: 's3-tls-only',
    title: 'Requests without TLS are denied',
    severity: 'medium',
    securityHub: ['S3.5'],
    cis: ['2.1.1 (3.1.1)'],
    configRules: ['S3_BUCKET_SSL_REQUESTS_ONLY'],
    remediation: ['AWSConfigRemediation-RestrictBucketSSLRequestsOnly'],
    checkov: ['CKV_AWS_379'],
    rationale:
      'S3 accepts plain HTTP unless the bucket policy denies it; requests and data then cross the network unencrypted.',
    fix: 'Add to the aws_s3_bucket_policy a Deny statement for Principal "*", Action s3:*, Resource [bucket ARN, bucket ARN/*], with Condition Bool aws:SecureTransport = false.',
    fixedBy: [bucket('enforceTls'), guardrail('resourceControlPolicies.enforceTls')],
  }),
  control({
    id: 's3-minimum-tls',
    title: 'Requests with TLS older than 1.2 are denied',
    severity: 'medium',
    rationale:
      'TLS 1.0 and 1.1 have known weaknesses; S3 still accepts them unless the bucket policy denies them.',
    fix: 'Add to the aws_s3_bucket_policy a Deny statement for Principal "*", Action s3:*, Resource [bucket ARN, bucket ARN/*], with Condition NumericLessThan s3:TlsVersion = 1.2.',
    fixedBy: [bucket('minimumTlsVersion'), bucket('enforceTls')],
  }),
  control({
    id: 's3-default-encryption',
    title: 'Default encryption is configured',
    severity: 'medium',
    securityHub: ['S3.4 (retired)'],
    cis: ['2.1.1 (v1.4)'],
    configRules: ['S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED'],
    remediation: ['AWS-EnableS3BucketEncryption'],
    checkov: ['CKV_AWS_19'],
    rationale:
      'Objects must be encrypted at rest whatever the client sends. S3 has applied SSE-S3 to every new object since January 2023 (it cannot be turned off), so a bucket without a declared default meets this; a declared default makes the choice visible.',
    fix: 'Add aws_s3_bucket_server_side_encryption_configuration with a rule whose apply_server_side_encryption_by_default sets sse_algorithm.',
    fixedBy: [bucket('encryption'), guardrail('protectedBuckets')],
  }),
  control({
    id: 's3-kms-encryption',
    title: 'Default encryption uses AWS KMS keys',
    severity: 'medium',
    securityHub: ['S3.17'],
    configRules: ['S3_DEFAULT_ENCRYPTION_KMS'],
    remediation: ['AWS-EnableS3BucketKeys'],
    checkov: ['CKV_AWS_145'],
    rationale:
      'With a KMS key, a key policy decides who can decrypt and CloudTrail logs every use; SSE-S3 gives neither.',
    fix: 'Set sse_algorithm = "aws:kms" (or "aws:kms:dsse") with kms_master_key_id of a customer managed key and bucket_key_enabled = true.',
    fixedBy: [bucket('encryption'), guardrail('protectedBuckets')],
  }),
  control({
    id: 's3-access-logging',
    title: 'Server access logging is enabled',
    severity: 'medium',
    securityHub: ['S3.9'],
    configRules: ['S3_BUCKET_LOGGING_ENABLED'],
    remediation: ['AWS-ConfigureS3BucketLogging'],
    checkov: ['CKV_AWS_18'],
    rationale:
      'Server access logs record every request, including those CloudTrail data events do not cover, for investigation and audit.',
    fix: 'Add aws_s3_bucket_logging with target_bucket (a log bucket in the same region without Object Lock default retention) and target_prefix.',
    fixedBy: [bucket('accessLogs')],
  }),
  control({
    id: 'cloudtrail-bucket-access-logging',
    title: 'The CloudTrail bucket has server access logging',
    severity: 'low',
    securityHub: ['CloudTrail.7'],
    cis: ['3.4 (4.4)'],
    scope: 'account',
    rationale:
      'The bucket that holds CloudTrail logs is where an attacker goes to cover tracks; its own access must be logged.',
    fix: 'Add aws_s3_bucket_logging for the bucket named in aws_cloudtrail.s3_bucket_name.',
    fixedBy: [trail('bucket.accessLogs')],
  }),
  control({
    id: 's3-versioning',
    title: 'Versioning is enabled',
    severity: 'low',
    securityHub: ['S3.14'],
    configRules: ['S3_BUCKET_VERSIONING_ENABLED'],
    remediation: ['AWS-ConfigureS3BucketVersioning'],
    checkov: ['CKV_AWS_21'],
    rationale:
      'Without versioning an overwrite or delete destroys data for good; versions make mistakes and ransomware recoverable.',
    fix: 'Add aws_s3_bucket_versioning with versioning_configuration { status = "Enabled" }.',
    fixedBy: [bucket('versioning')],
  }),
  control({
    id: 's3-mfa-delete',
    title: 'MFA delete is enabled',
    severity: 'low',
    securityHub: ['S3.20'],
    cis: ['2.1.2 (3.1.2)'],
    configRules: ['S3_BUCKET_MFA_DELETE_ENABLED'],
    profile: 'opt-in',
    rationale:
      "MFA delete requires the root user's MFA code to delete versions or suspend versioning, so stolen credentials cannot erase history.",
    fix: 'Set versioning_configuration.mfa_delete = "Enabled" with the mfa argument (root user only; no lifecycle configuration on the same bucket).',
    fixedBy: [bucket('versioning.mfaDelete')],
  }),
  control({
    id: 's3-object-lock',
    title: 'Object Lock with a default retention is enabled',
    severity: 'medium',
    securityHub: ['S3.15'],
    configRules: ['S3_BUCKET_DEFAULT_LOCK_ENABLED'],
    checkov: ['CKV_AWS_143'],
    profile: 'opt-in',
    rationale:
      'Object Lock keeps object versions from being deleted or overwritten until their retention ends (WORM), even by administrators in COMPLIANCE mode.',
    fix: 'Create the bucket with object_lock_enabled = true and add aws_s3_bucket_object_lock_configuration with a default_retention (mode and days or years).',
    fixedBy: [bucket('objectLock')],
  }),
  control({
    id: 's3-replication',
    title: 'Objects are replicated to another bucket',
    severity: 'low',
    securityHub: ['S3.7'],
    configRules: ['S3_BUCKET_CROSS_REGION_REPLICATION_ENABLED', 'S3_BUCKET_REPLICATION_ENABLED'],
    remediation: ['AWSSupport-ConfigureS3ReplicationSameAndCrossAccount'],
    checkov: ['CKV_AWS_144'],
    profile: 'opt-in',
    rationale:
      'A replica in another bucket (region or account) survives the loss or compromise of the source.',
    fix: 'Add aws_s3_bucket_replication_configuration with an Enabled rule and a destination bucket; versioning must be on at both ends, and KMS-encrypted objects need sse_kms_encrypted_objects with a replica_kms_key_id.',
    fixedBy: [{ module: 'BucketReplication', prop: 'destination' }],
  }),
  control({
    id: 's3-lifecycle',
    title: 'A lifecycle configuration is in place',
    severity: 'low',
    securityHub: ['S3.13', 'S3.10'],
    configRules: ['S3_LIFECYCLE_POLICY_CHECK', 'S3_VERSION_LIFECYCLE_POLICY_CHECK'],
    remediation: ['AWS-CreateS3PolicyToExpireMultipartUploads'],
    checkov: ['CKV2_AWS_61'],
    rationale:
      'Without lifecycle rules, noncurrent versions and incomplete multipart uploads pile up unseen and are kept (and billed) forever.',
    fix: 'Add aws_s3_bucket_lifecycle_configuration with an Enabled rule, at least aborting incomplete multipart uploads and expiring noncurrent versions.',
    fixedBy: [bucket('lifecycle')],
  }),
  control({
    id: 's3-event-notifications',
    title: 'Event notifications are enabled',
    severity: 'medium',
    securityHub: ['S3.11'],
    configRules: ['S3_EVENT_NOTIFICATIONS_ENABLED'],
    checkov: ['CKV2_AWS_62'],
    rationale:
      'Object events feed detection and automation (malware scanning, alerts); without them changes go unnoticed.',
    fix: 'Add aws_s3_bucket_notification with eventbridge = true or a Lambda, SQS or SNS destination.',
    fixedBy: [bucket('eventBridge')],
  }),
  control({
    id: 's3-acls-disabled',
    title: 'ACLs are disabled (object ownership BucketOwnerEnforced)',
    severity: 'medium',
    securityHub: ['S3.12'],
    configRules: ['S3_BUCKET_ACL_PROHIBITED'],
    checkov: ['CKV2_AWS_65'],
    rationale:
      'ACLs are a second, hard-to-audit permission system; with BucketOwnerEnforced only policies grant access and the bucket owner owns every object.',
    fix: 'Add aws_s3_bucket_ownership_controls with object_ownership = "BucketOwnerEnforced" and remove aws_s3_bucket_acl and acl/grant arguments.',
    fixedBy: [bucket('objectOwnership')],
  }),
  control({
    id: 'cloudtrail-s3-data-events',
    title: 'A multi-region trail records S3 data events for all buckets',
    severity: 'medium',
    securityHub: ['S3.22', 'S3.23'],
    cis: ['3.8 (4.8)', '3.9 (4.9)'],
    configRules: [
      'CLOUDTRAIL_ALL_WRITE_S3_DATA_EVENT_CHECK',
      'CLOUDTRAIL_ALL_READ_S3_DATA_EVENT_CHECK',
      'CLOUDTRAIL_S3_DATAEVENTS_ENABLED',
    ],
    scope: 'account',
    rationale:
      'Only data events record who read, wrote or deleted which object; a multi-region trail covering all buckets also covers buckets created later.',
    fix: 'Add a multi-region aws_cloudtrail with an event_selector data_resource { type = "AWS::S3::Object", values = ["arn:aws:s3"] } (read_write_type All), or an advanced_event_selector on eventCategory Data and resources.type AWS::S3::Object.',
    fixedBy: [trail('dataEvents'), trail('multiRegion'), guardrail('protectCloudTrail')],
  }),
  control({
    id: 'macie-enabled',
    title: 'Amazon Macie is enabled',
    severity: 'medium',
    securityHub: ['Macie.1'],
    cis: ['2.1.3 (3.1.3)'],
    configRules: ['MACIE_STATUS_CHECK'],
    scope: 'account',
    rationale:
      'Macie finds sensitive data (credentials, personal data) in buckets and flags buckets that are public or shared.',
    fix: 'Add aws_macie2_account with status = "ENABLED".',
    fixedBy: [{ module: 'MacieAccount', prop: 'enabled' }, guardrail('protectMacie')],
  }),
  control({
    id: 'macie-discovery',
    title: 'Macie sensitive data discovery runs on the buckets',
    severity: 'medium',
    scope: 'account',
    rationale:
      'Macie enabled only inventories buckets; a discovery job (or automated sensitive data discovery) is what finds credentials and personal data in objects. Security Hub Macie.2 asks for automated sensitive data discovery itself, which no Terraform resource switches on, so this control is not mapped to it.',
    fix: "Add an aws_macie2_classification_job (SCHEDULED, or ONE_TIME) whose s3_job_definition names the buckets or selects them by tag; automated sensitive data discovery, which Terraform's AWS provider cannot switch on, also satisfies it.",
    fixedBy: [{ module: 'ClassificationJob', prop: 'schedule' }],
  }),
  control({
    id: 'macie-results-exported',
    title: 'Macie discovery results are kept, encrypted with a KMS key',
    severity: 'low',
    scope: 'account',
    rationale:
      'Macie keeps sensitive data discovery results for 90 days only; exported to a bucket with a KMS key they remain the audit record of what was analyzed and where sensitive data was found.',
    fix: 'Add aws_macie2_classification_export_configuration with s3_destination { bucket_name, kms_key_arn }, a bucket policy and key policy that let macie.amazonaws.com write for this account (aws:SourceAccount, aws:SourceArn).',
    fixedBy: [{ module: 'DiscoveryResultsExport', prop: 'bucket' }],
  }),
  control({
    id: 'config-enabled',
    title: 'AWS Config records all supported resources',
    severity: 'critical',
    securityHub: ['Config.1'],
    cis: ['3.3 (4.3)'],
    remediation: ['AWSSupport-SetupConfig'],
    checkov: ['CKV2_AWS_45', 'CKV2_AWS_48'],
    scope: 'account',
    rationale:
      'AWS Config records every configuration change and runs the managed rules that detect drift from this catalog at run time.',
    fix: 'Add aws_config_configuration_recorder (recording_group all_supported = true, include_global_resource_types = true), aws_config_delivery_channel and aws_config_configuration_recorder_status with is_enabled = true.',
    fixedBy: [{ module: 'ConfigRecorder', prop: 'includeGlobalResourceTypes' }, guardrail('protectConfig')],
  }),
  control({
    id: 's3-vpc-endpoint-restriction',
    title: 'Access is restricted to VPC endpoints or VPCs',
    severity: 'medium',
    configRules: ['S3_BUCKET_POLICY_GRANTEE_CHECK', 'S3_ACCESS_POINT_IN_VPC_ONLY'],
    profile: 'opt-in',
    rationale:
      'Data reachable only through your VPC endpoints cannot be read with stolen credentials from outside your network.',
    fix: 'Add to the aws_s3_bucket_policy a Deny statement for Principal "*" on the bucket\'s objects with Condition StringNotEquals aws:SourceVpce (or aws:SourceVpc), exempting a break-glass role.',
    fixedBy: [
      bucket('addPolicyTemplates(restrictToVpcEndpoints)'),
      bucket('addPolicyTemplates(restrictToVpcs)'),
    ],
  }),
  control({
    id: 's3-change-alerting',
    title: 'S3 bucket configuration changes raise an alarm',
    severity: 'low',
    securityHub: ['CloudWatch.8'],
    cis: ['4.8 (v1.2: 3.8)'],
    scope: 'account',
    rationale:
      'A changed bucket policy, ACL, CORS, lifecycle or replication setting is how data gets exposed or exfiltrated; someone should hear about it within minutes.',
    fix: 'Add aws_cloudwatch_log_metric_filter on the CloudTrail log group for S3 bucket configuration changes and an aws_cloudwatch_metric_alarm on its metric (Sum >= 1 over 300 s) notifying SNS.',
    fixedBy: [{ module: 'SecurityAlerts', prop: 'trailLogGroupName' }],
  }),
  ...MALWARE_CONTROLS,
] as const satisfies readonly ControlDefinition[];

export type ControlId = (typeof CONTROLS)[number]['id'];

const BY_ID = new Map<string, ControlDefinition>(CONTROLS.map((c) => [c.id, c]));

export function controlById(id: ControlId): ControlDefinition {
  return BY_ID.get(id)!;
}

export function isControlId(id: string): id is ControlId {
  return BY_ID.has(id);
}
