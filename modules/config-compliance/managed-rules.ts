import type { ControlId } from '../../controls/catalog';
import { SENSITIVE_ACTIONS } from '../../controls/policy-analysis';

/** How a managed rule parameter is written in `InputParameters` (all values travel as strings). */
export type ParameterType = 'CSV' | 'String' | 'int' | 'Boolean';

export interface ManagedRuleParameter {
  readonly type: ParameterType;
  readonly required?: boolean;
  /** Accepted values, when AWS documents a closed list. */
  readonly allowed?: readonly string[];
}

/** An AWS Config managed rule for S3, as AWS documents it. */
export interface ManagedRuleDefinition {
  /** The rule name AWS uses in its documentation and the default ConfigRuleName. */
  readonly name: string;
  /** `SourceIdentifier` of the managed rule. */
  readonly identifier: string;
  readonly description: string;
  /** Resource types in scope; account-level rules have none. */
  readonly resourceTypes: readonly string[];
  /** Periodic rules run every 24 hours; the others on configuration changes. */
  readonly periodic: boolean;
  readonly parameters: Readonly<Record<string, ManagedRuleParameter>>;
  /** Controls of the catalog the rule evaluates. */
  readonly controls: readonly ControlId[];
  /**
   * What the rule's AWS documentation leaves open about this project's own
   * settings, said plainly; listed in help/coverage.md.
   */
  readonly caveat?: string;
}

const BUCKET = ['AWS::S3::Bucket'];
const CSV: ManagedRuleParameter = { type: 'CSV' };
const STRING: ManagedRuleParameter = { type: 'String' };
const TRUE_FALSE: ManagedRuleParameter = { type: 'String', allowed: ['True', 'False'] };

const rule = (
  d: Omit<ManagedRuleDefinition, 'parameters' | 'periodic' | 'resourceTypes'> &
    Partial<Pick<ManagedRuleDefinition, 'parameters' | 'periodic' | 'resourceTypes'>>,
): ManagedRuleDefinition => ({ parameters: {}, periodic: false, resourceTypes: BUCKET, ...d });

/**
 * The S3 managed rules of the control catalog, with their parameters as the
 * AWS Config developer guide lists them.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/managed-rules-by-aws-config.html
 */
export const S3_MANAGED_RULES = [
  rule({
    name: 's3-bucket-level-public-access-prohibited',
    identifier: 'S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED',
    description: 'Buckets have bucket-level Block Public Access on, unless listed as allowed public buckets',
    parameters: { excludedPublicBuckets: CSV },
    controls: ['s3-bucket-public-access-block'],
  }),
  rule({
    name: 's3-account-level-public-access-blocks-periodic',
    identifier: 'S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC',
    description: 'The account-level Block Public Access settings are on',
    resourceTypes: [],
    periodic: true,
    parameters: {
      IgnorePublicAcls: TRUE_FALSE,
      BlockPublicPolicy: TRUE_FALSE,
      BlockPublicAcls: TRUE_FALSE,
      RestrictPublicBuckets: TRUE_FALSE,
    },
    controls: ['s3-account-public-access-block'],
  }),
  rule({
    name: 's3-access-point-public-access-blocks',
    identifier: 'S3_ACCESS_POINT_PUBLIC_ACCESS_BLOCKS',
    description: 'Access points have Block Public Access on',
    resourceTypes: ['AWS::S3::AccessPoint'],
    parameters: { excludedAccessPoints: CSV },
    controls: ['s3-access-point-public-access-block'],
  }),
  rule({
    name: 's3-bucket-public-read-prohibited',
    identifier: 'S3_BUCKET_PUBLIC_READ_PROHIBITED',
    description: 'No bucket policy or ACL allows public read access',
    controls: ['s3-no-public-read-write'],
  }),
  rule({
    name: 's3-bucket-public-write-prohibited',
    identifier: 'S3_BUCKET_PUBLIC_WRITE_PROHIBITED',
    description: 'No bucket policy or ACL allows public write access',
    controls: ['s3-no-public-read-write'],
  }),
  rule({
    name: 's3-bucket-acl-prohibited',
    identifier: 'S3_BUCKET_ACL_PROHIBITED',
    description: 'Buckets do not use ACLs to grant access',
    controls: ['s3-acls-disabled'],
  }),
  rule({
    name: 's3-bucket-policy-grantee-check',
    identifier: 'S3_BUCKET_POLICY_GRANTEE_CHECK',
    description: 'Bucket policies grant access only to the listed principals, IP ranges or VPCs',
    parameters: {
      awsPrincipals: CSV,
      servicePrincipals: CSV,
      federatedUsers: CSV,
      ipAddresses: CSV,
      vpcIds: CSV,
    },
    controls: ['s3-no-wildcard-principal', 's3-vpc-endpoint-restriction'],
  }),
  rule({
    name: 's3-bucket-policy-not-more-permissive',
    identifier: 'S3_BUCKET_POLICY_NOT_MORE_PERMISSIVE',
    description: 'Bucket policies allow no more cross-account access than a control policy',
    parameters: { controlPolicy: { type: 'String', required: true } },
    controls: ['s3-no-wildcard-principal'],
  }),
  rule({
    name: 's3-bucket-blacklisted-actions-prohibited',
    identifier: 'S3_BUCKET_BLACKLISTED_ACTIONS_PROHIBITED',
    description: 'Bucket policies do not grant the listed sensitive actions to other accounts',
    parameters: { blacklistedActionPattern: { type: 'CSV', required: true } },
    controls: ['s3-no-cross-account-sensitive-actions'],
  }),
  rule({
    name: 's3-access-point-in-vpc-only',
    identifier: 'S3_ACCESS_POINT_IN_VPC_ONLY',
    description: 'Access points accept requests from a VPC only',
    resourceTypes: ['AWS::S3::AccessPoint'],
    controls: ['s3-vpc-endpoint-restriction'],
  }),
  rule({
    name: 's3-bucket-ssl-requests-only',
    identifier: 'S3_BUCKET_SSL_REQUESTS_ONLY',
    description: 'Bucket policies deny requests without TLS',
    controls: ['s3-tls-only'],
  }),
  rule({
    name: 's3-bucket-server-side-encryption-enabled',
    identifier: 'S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED',
    description: 'Buckets have default encryption (or a policy that denies unencrypted uploads)',
    controls: ['s3-default-encryption'],
  }),
  rule({
    name: 's3-default-encryption-kms',
    identifier: 'S3_DEFAULT_ENCRYPTION_KMS',
    description: 'Buckets are encrypted with AWS KMS keys, optionally from a list',
    resourceTypes: ['AWS::S3::Bucket', 'AWS::KMS::Key'],
    parameters: { kmsKeyArns: CSV },
    controls: ['s3-kms-encryption'],
  }),
  rule({
    name: 's3-bucket-logging-enabled',
    identifier: 'S3_BUCKET_LOGGING_ENABLED',
    description: 'Buckets have server access logging, optionally to a given target and prefix',
    parameters: { targetBucket: STRING, targetPrefix: STRING },
    controls: ['s3-access-logging'],
  }),
  rule({
    name: 's3-event-notifications-enabled',
    identifier: 'S3_EVENT_NOTIFICATIONS_ENABLED',
    description: 'Buckets have event notifications, optionally of given types to a given destination',
    parameters: { destinationArn: STRING, eventTypes: CSV },
    controls: ['s3-event-notifications'],
    // https://docs.aws.amazon.com/config/latest/developerguide/s3-event-notifications-enabled.html
    caveat:
      'AWS documents it as NON_COMPLIANT when a bucket has no S3 Event Notifications and names only Amazon SNS ' +
      'topics, AWS Lambda functions and Amazon SQS queues as destinations (`destinationArn`); it does not say ' +
      'whether a bucket whose only notification is Amazon EventBridge, which is what `SecureBucket.eventBridge` ' +
      'turns on, is compliant. Not verified against AWS: the rule may report such buckets NON_COMPLIANT while ' +
      'the review (which accepts EventBridge) passes them.',
  }),
  rule({
    name: 'cloudtrail-all-write-s3-data-event-check',
    identifier: 'CLOUDTRAIL_ALL_WRITE_S3_DATA_EVENT_CHECK',
    description: 'A multi-region trail records all S3 write data events of all current and future buckets',
    resourceTypes: [],
    periodic: true,
    controls: ['cloudtrail-s3-data-events'],
  }),
  rule({
    name: 'cloudtrail-all-read-s3-data-event-check',
    identifier: 'CLOUDTRAIL_ALL_READ_S3_DATA_EVENT_CHECK',
    description: 'A multi-region trail records all S3 read data events of all current and future buckets',
    resourceTypes: [],
    periodic: true,
    controls: ['cloudtrail-s3-data-events'],
  }),
  rule({
    name: 'cloudtrail-s3-dataevents-enabled',
    identifier: 'CLOUDTRAIL_S3_DATAEVENTS_ENABLED',
    description: 'At least one trail records S3 data events, optionally for named buckets',
    resourceTypes: [],
    periodic: true,
    parameters: { S3BucketNames: STRING },
    controls: ['cloudtrail-s3-data-events'],
  }),
  rule({
    name: 's3-bucket-versioning-enabled',
    identifier: 'S3_BUCKET_VERSIONING_ENABLED',
    description: 'Buckets have versioning (and, when asked, MFA delete)',
    parameters: { isMfaDeleteEnabled: STRING },
    controls: ['s3-versioning'],
  }),
  rule({
    name: 's3-lifecycle-policy-check',
    identifier: 'S3_LIFECYCLE_POLICY_CHECK',
    description: 'Buckets have an active lifecycle configuration matching the parameters',
    parameters: {
      targetTransitionDays: { type: 'int' },
      targetExpirationDays: { type: 'int' },
      targetTransitionStorageClass: STRING,
      targetPrefix: STRING,
      bucketNames: CSV,
    },
    controls: ['s3-lifecycle'],
  }),
  rule({
    name: 's3-version-lifecycle-policy-check',
    identifier: 'S3_VERSION_LIFECYCLE_POLICY_CHECK',
    description: 'Versioned buckets have a lifecycle configuration',
    parameters: { bucketNames: CSV },
    controls: ['s3-lifecycle'],
  }),
  rule({
    name: 's3-bucket-default-lock-enabled',
    identifier: 'S3_BUCKET_DEFAULT_LOCK_ENABLED',
    description: 'Buckets have Object Lock with a default retention, optionally in a given mode',
    parameters: { mode: { type: 'String', allowed: ['GOVERNANCE', 'COMPLIANCE'] } },
    controls: ['s3-object-lock'],
  }),
  rule({
    name: 's3-bucket-replication-enabled',
    identifier: 'S3_BUCKET_REPLICATION_ENABLED',
    description: 'Buckets have an enabled replication rule, optionally of a given type',
    parameters: { ReplicationType: { type: 'String', allowed: ['CROSS-REGION', 'SAME-REGION'] } },
    controls: ['s3-replication'],
  }),
  rule({
    name: 's3-bucket-cross-region-replication-enabled',
    identifier: 'S3_BUCKET_CROSS_REGION_REPLICATION_ENABLED',
    description: 'Buckets replicate to another region',
    controls: ['s3-replication'],
  }),
  rule({
    name: 's3-bucket-mfa-delete-enabled',
    identifier: 'S3_BUCKET_MFA_DELETE_ENABLED',
    description: 'Buckets have MFA delete in their versioning configuration',
    controls: ['s3-mfa-delete'],
  }),
  rule({
    name: 'macie-status-check',
    identifier: 'MACIE_STATUS_CHECK',
    description: 'Amazon Macie is enabled in the account and region',
    resourceTypes: [],
    periodic: true,
    controls: ['macie-enabled'],
  }),
] as const satisfies readonly ManagedRuleDefinition[];

export type ManagedRuleName = (typeof S3_MANAGED_RULES)[number]['name'];

const BY_NAME = new Map<string, ManagedRuleDefinition>(S3_MANAGED_RULES.map((r) => [r.name, r]));

export function managedRule(name: ManagedRuleName): ManagedRuleDefinition {
  return BY_NAME.get(name)!;
}

export function isManagedRuleName(name: string): name is ManagedRuleName {
  return BY_NAME.has(name);
}

/**
 * The actions Security Hub S3.6 treats as sensitive when another account may
 * perform them (the `blacklistedActionPattern` of the access-control pack): the
 * list the review and SecureBucket judge policies with.
 */
export const SENSITIVE_BUCKET_ACTIONS: readonly string[] = SENSITIVE_ACTIONS;

export interface RulePack {
  readonly description: string;
  readonly rules: readonly ManagedRuleName[];
  /** Parameters the pack sets (required ones, or values that match this project's secure defaults). */
  readonly parameters?: Partial<Record<ManagedRuleName, Record<string, string | readonly string[] | number>>>;
}

/** Rules grouped by the part of the strategy they watch. */
export const RULE_PACKS = {
  'public-access': {
    description:
      'Block Public Access at bucket, account and access point level; no public read or write; no ACLs',
    rules: [
      's3-bucket-level-public-access-prohibited',
      's3-account-level-public-access-blocks-periodic',
      's3-access-point-public-access-blocks',
      's3-bucket-public-read-prohibited',
      's3-bucket-public-write-prohibited',
      's3-bucket-acl-prohibited',
    ],
  },
  'access-control': {
    description: 'No sensitive bucket actions granted to other accounts (Security Hub S3.6)',
    rules: ['s3-bucket-blacklisted-actions-prohibited'],
    parameters: {
      's3-bucket-blacklisted-actions-prohibited': { blacklistedActionPattern: SENSITIVE_BUCKET_ACTIONS },
    },
  },
  encryption: {
    description: 'TLS-only bucket policies, default encryption, KMS keys',
    rules: [
      's3-bucket-ssl-requests-only',
      's3-bucket-server-side-encryption-enabled',
      's3-default-encryption-kms',
    ],
  },
  logging: {
    description:
      'Server access logs, CloudTrail S3 data events for all buckets, event notifications (the event ' +
      'notification rule may flag buckets that notify only Amazon EventBridge: see help/coverage.md)',
    rules: [
      's3-bucket-logging-enabled',
      'cloudtrail-all-write-s3-data-event-check',
      'cloudtrail-all-read-s3-data-event-check',
      's3-event-notifications-enabled',
    ],
  },
  resilience: {
    description: 'Versioning and lifecycle configurations',
    rules: ['s3-bucket-versioning-enabled', 's3-lifecycle-policy-check', 's3-version-lifecycle-policy-check'],
  },
  'strict-resilience': {
    description:
      'Object Lock, replication and MFA delete: flags most buckets unless your design requires them',
    rules: [
      's3-bucket-default-lock-enabled',
      's3-bucket-replication-enabled',
      's3-bucket-cross-region-replication-enabled',
      's3-bucket-mfa-delete-enabled',
    ],
  },
} as const satisfies Record<string, RulePack>;

export type RulePackName = keyof typeof RULE_PACKS;

/** The packs a compliance module deploys unless told otherwise. */
export const DEFAULT_RULE_PACKS: readonly RulePackName[] = [
  'public-access',
  'access-control',
  'encryption',
  'logging',
  'resilience',
];
