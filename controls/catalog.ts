/**
 * The control catalog: every S3 security concept this project prevents,
 * reviews or audits, described once, with the public ids people are audited
 * against. Pure data; modules declare which of these they satisfy, and the
 * review and audit commands judge them.
 */

export type Severity = 'critical' | 'high' | 'medium' | 'low';

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
}

const control = (
  c: Partial<ControlDefinition> & Pick<ControlDefinition, 'id' | 'title' | 'severity'>,
): ControlDefinition => ({
  securityHub: [],
  cis: [],
  configRules: [],
  remediation: [],
  checkov: [],
  ...c,
});

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
  }),
  control({
    id: 's3-account-public-access-block',
    title: 'Account Block Public Access has all four settings on',
    severity: 'medium',
    securityHub: ['S3.1'],
    cis: ['2.1.4 (3.1.4)'],
    configRules: ['S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC'],
    remediation: ['AWSConfigRemediation-ConfigureS3PublicAccessBlock'],
  }),
  control({
    id: 's3-access-point-public-access-block',
    title: 'Access points and multi-region access points block public access',
    severity: 'critical',
    securityHub: ['S3.19', 'S3.24'],
    configRules: ['S3_ACCESS_POINT_PUBLIC_ACCESS_BLOCKS'],
    checkov: ['CKV_AWS_392'],
  }),
  control({
    id: 's3-no-public-read-write',
    title: 'No public read or write through a bucket policy or ACL',
    severity: 'critical',
    securityHub: ['S3.2', 'S3.3'],
    configRules: ['S3_BUCKET_PUBLIC_READ_PROHIBITED', 'S3_BUCKET_PUBLIC_WRITE_PROHIBITED'],
    remediation: ['AWS-DisableS3BucketPublicReadWrite'],
    checkov: ['CKV_AWS_20', 'CKV_AWS_57', 'CKV2_AWS_43'],
  }),
  control({
    id: 's3-no-wildcard-principal',
    title: 'No Allow statement for a wildcard principal',
    severity: 'high',
    configRules: ['S3_BUCKET_POLICY_GRANTEE_CHECK', 'S3_BUCKET_POLICY_NOT_MORE_PERMISSIVE'],
    remediation: ['AWSConfigRemediation-RemovePrincipalStarFromS3BucketPolicy'],
    checkov: ['CKV_AWS_70', 'CKV_AWS_93'],
  }),
  control({
    id: 's3-no-cross-account-sensitive-actions',
    title: 'Sensitive bucket actions are not granted to other accounts',
    severity: 'high',
    securityHub: ['S3.6'],
    configRules: ['S3_BUCKET_BLACKLISTED_ACTIONS_PROHIBITED'],
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
  }),
  control({
    id: 's3-minimum-tls',
    title: 'Requests with TLS older than 1.2 are denied',
    severity: 'medium',
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
  }),
  control({
    id: 's3-kms-encryption',
    title: 'Default encryption uses AWS KMS keys',
    severity: 'medium',
    securityHub: ['S3.17'],
    configRules: ['S3_DEFAULT_ENCRYPTION_KMS'],
    remediation: ['AWS-EnableS3BucketKeys'],
    checkov: ['CKV_AWS_145'],
  }),
  control({
    id: 's3-access-logging',
    title: 'Server access logging is enabled',
    severity: 'medium',
    securityHub: ['S3.9'],
    configRules: ['S3_BUCKET_LOGGING_ENABLED'],
    remediation: ['AWS-ConfigureS3BucketLogging'],
    checkov: ['CKV_AWS_18'],
  }),
  control({
    id: 'cloudtrail-bucket-access-logging',
    title: 'The CloudTrail bucket has server access logging',
    severity: 'low',
    securityHub: ['CloudTrail.7'],
    cis: ['3.4 (4.4)'],
  }),
  control({
    id: 's3-versioning',
    title: 'Versioning is enabled',
    severity: 'low',
    securityHub: ['S3.14'],
    configRules: ['S3_BUCKET_VERSIONING_ENABLED'],
    remediation: ['AWS-ConfigureS3BucketVersioning'],
    checkov: ['CKV_AWS_21'],
  }),
  control({
    id: 's3-mfa-delete',
    title: 'MFA delete is enabled',
    severity: 'low',
    securityHub: ['S3.20'],
    cis: ['2.1.2 (3.1.2)'],
    configRules: ['S3_BUCKET_MFA_DELETE_ENABLED'],
  }),
  control({
    id: 's3-object-lock',
    title: 'Object Lock with a default retention is enabled',
    severity: 'medium',
    securityHub: ['S3.15'],
    configRules: ['S3_BUCKET_DEFAULT_LOCK_ENABLED'],
    checkov: ['CKV_AWS_143'],
  }),
  control({
    id: 's3-replication',
    title: 'Objects are replicated to another bucket',
    severity: 'low',
    securityHub: ['S3.7'],
    configRules: ['S3_BUCKET_CROSS_REGION_REPLICATION_ENABLED', 'S3_BUCKET_REPLICATION_ENABLED'],
    remediation: ['AWSSupport-ConfigureS3ReplicationSameAndCrossAccount'],
    checkov: ['CKV_AWS_144'],
  }),
  control({
    id: 's3-lifecycle',
    title: 'A lifecycle configuration is in place',
    severity: 'low',
    securityHub: ['S3.13', 'S3.10'],
    configRules: ['S3_LIFECYCLE_POLICY_CHECK', 'S3_VERSION_LIFECYCLE_POLICY_CHECK'],
    remediation: ['AWS-CreateS3PolicyToExpireMultipartUploads'],
    checkov: ['CKV2_AWS_61', 'CKV_AWS_300'],
  }),
  control({
    id: 's3-event-notifications',
    title: 'Event notifications are enabled',
    severity: 'medium',
    securityHub: ['S3.11'],
    configRules: ['S3_EVENT_NOTIFICATIONS_ENABLED'],
    checkov: ['CKV2_AWS_62'],
  }),
  control({
    id: 's3-acls-disabled',
    title: 'ACLs are disabled (object ownership BucketOwnerEnforced)',
    severity: 'medium',
    securityHub: ['S3.12'],
    configRules: ['S3_BUCKET_ACL_PROHIBITED'],
    checkov: ['CKV2_AWS_65'],
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
  }),
  control({
    id: 'macie-enabled',
    title: 'Amazon Macie is enabled',
    severity: 'medium',
    securityHub: ['Macie.1', 'Macie.2'],
    cis: ['2.1.3 (3.1.3)'],
    configRules: ['MACIE_STATUS_CHECK'],
  }),
  control({
    id: 'config-enabled',
    title: 'AWS Config records all supported resources',
    severity: 'critical',
    securityHub: ['Config.1'],
    cis: ['3.3 (4.3)'],
    remediation: ['AWSSupport-SetupConfig'],
    checkov: ['CKV2_AWS_45', 'CKV2_AWS_48'],
  }),
  control({
    id: 's3-vpc-endpoint-restriction',
    title: 'Access is restricted to VPC endpoints or VPCs',
    severity: 'medium',
    configRules: ['S3_BUCKET_POLICY_GRANTEE_CHECK', 'S3_ACCESS_POINT_IN_VPC_ONLY'],
  }),
  control({
    id: 'vpc-flow-logs',
    title: 'VPC flow logs record the traffic of the VPC',
    severity: 'medium',
    securityHub: ['EC2.6'],
    cis: ['3.7 (v1.2: 2.9)'],
    configRules: ['VPC_FLOW_LOGS_ENABLED'],
  }),
  control({
    id: 'vpc-default-security-group-closed',
    title: 'The default security group of the VPC allows no traffic',
    severity: 'high',
    securityHub: ['EC2.2'],
    cis: ['5.4 (v1.2: 4.3)'],
    configRules: ['VPC_DEFAULT_SECURITY_GROUP_CLOSED'],
  }),
  control({
    id: 's3-change-alerting',
    title: 'S3 bucket configuration changes raise an alarm',
    severity: 'low',
    securityHub: ['CloudWatch.8'],
    cis: ['4.8 (v1.2: 3.8)'],
  }),
] as const satisfies readonly ControlDefinition[];

export type ControlId = (typeof CONTROLS)[number]['id'];

const BY_ID = new Map<string, ControlDefinition>(CONTROLS.map((c) => [c.id, c]));

export function controlById(id: ControlId): ControlDefinition {
  return BY_ID.get(id)!;
}

export function isControlId(id: string): id is ControlId {
  return BY_ID.has(id);
}
