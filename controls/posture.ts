/**
 * The normalized S3 security posture that the control judges read. Three
 * readers fill it: Terraform configuration (JSON or HCL), a Terraform plan or
 * state, and (later) a live AWS account. Pure data, no Terraform or AWS types.
 *
 * A setting is `undefined` when it is absent (AWS applies its default), an
 * {@link Unknown} when the reader cannot know it (a value known only at apply,
 * a resource it cannot link to its bucket, an API call that was denied), and
 * a value otherwise. Judges never treat an Unknown as a pass.
 */

/** A value the reader could not determine, and why. */
export interface Unknown {
  readonly unknown: string;
}

export type Maybe<T> = T | Unknown;

export function unknown(why: string): Unknown {
  return { unknown: why };
}

export function isUnknown(value: unknown): value is Unknown {
  // Posture objects never have an `unknown` key, so its presence is enough.
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { unknown?: unknown }).unknown === 'string'
  );
}

/** Where a setting comes from: a Terraform address (or an ARN for a live account) and, when known, a file and line. */
export interface SourceLocation {
  readonly address: string;
  /** Path relative to the working directory, with forward slashes. */
  readonly file?: string;
  readonly line?: number;
  /** The CDKTF construct path that synthesized the resource (`stack/Data/Bucket`), from its metadata. */
  readonly construct?: string;
  /**
   * The program source that created the construct (path relative to the
   * working directory, 1-based line), from the stack trace CDKTF records when
   * the app enables it.
   */
  readonly source?: { readonly file: string; readonly line: number };
}

export interface PublicAccessBlockPosture {
  readonly blockPublicAcls: Maybe<boolean>;
  readonly ignorePublicAcls: Maybe<boolean>;
  readonly blockPublicPolicy: Maybe<boolean>;
  readonly restrictPublicBuckets: Maybe<boolean>;
  readonly location: SourceLocation;
}

export interface OwnershipPosture {
  /** BucketOwnerEnforced, BucketOwnerPreferred or ObjectWriter. */
  readonly objectOwnership: Maybe<string>;
  readonly location: SourceLocation;
}

export interface AclGrantPosture {
  /** Grantee type: Group, CanonicalUser, AmazonCustomerByEmail. */
  readonly type: Maybe<string>;
  /** Group URI, for example `http://acs.amazonaws.com/groups/global/AllUsers`. */
  readonly uri?: Maybe<string>;
  readonly permission: Maybe<string>;
}

export interface AclPosture {
  /** Canned ACL such as `private` or `public-read`. */
  readonly canned?: Maybe<string>;
  readonly grants: Maybe<readonly AclGrantPosture[]>;
  readonly location: SourceLocation;
}

export interface EncryptionPosture {
  /** AES256, aws:kms or aws:kms:dsse. */
  readonly algorithm: Maybe<string | undefined>;
  readonly kmsKeyId: Maybe<string | undefined>;
  readonly bucketKey: Maybe<boolean | undefined>;
  readonly location: SourceLocation;
}

export interface VersioningPosture {
  /** Enabled, Suspended or Disabled. */
  readonly status: Maybe<string>;
  readonly mfaDelete: Maybe<boolean>;
  readonly location: SourceLocation;
}

export interface LoggingPosture {
  readonly targetBucket: Maybe<string | undefined>;
  readonly targetPrefix: Maybe<string | undefined>;
  readonly location: SourceLocation;
}

export interface LifecycleRulePosture {
  readonly id?: string;
  readonly enabled: Maybe<boolean>;
  readonly abortsIncompleteUploads: boolean;
  readonly expiresNoncurrentVersions: boolean;
}

export interface LifecyclePosture {
  readonly rules: Maybe<readonly LifecycleRulePosture[]>;
  readonly location: SourceLocation;
}

export interface ReplicationRulePosture {
  readonly id?: string;
  readonly enabled: Maybe<boolean>;
  /** The destination bucket ARN. */
  readonly destination: Maybe<string | undefined>;
  /** `source_selection_criteria.sse_kms_encrypted_objects` is Enabled: KMS-encrypted objects are replicated. */
  readonly kmsEncryptedObjects?: Maybe<boolean>;
  /** The key replicas are encrypted with (`replica_kms_key_id`); Unknown when it is a reference. */
  readonly replicaKmsKeyId?: Maybe<string | undefined>;
}

export interface ReplicationPosture {
  readonly rules: Maybe<readonly ReplicationRulePosture[]>;
  readonly location: SourceLocation;
}

export interface ObjectLockPosture {
  /** GOVERNANCE or COMPLIANCE; undefined without a default retention. */
  readonly mode: Maybe<string | undefined>;
  readonly days: Maybe<number | undefined>;
  readonly years: Maybe<number | undefined>;
  readonly location: SourceLocation;
}

export interface NotificationPosture {
  readonly eventBridge: Maybe<boolean>;
  /** Lambda, SQS and SNS destinations. */
  readonly destinations: number;
  readonly location: SourceLocation;
}

export interface BucketPolicyPosture {
  /**
   * The parsed policy document. Values that are known only at apply are kept
   * as Terraform interpolation strings (`${...}`); references to this bucket's
   * own ARN are already replaced by {@link BucketPosture.arn}.
   */
  readonly document: Maybe<unknown>;
  readonly location: SourceLocation;
}

/** An opt-out recorded by this project's modules: a secure default turned off with a reason. */
export interface AcceptedRisk {
  readonly setting: string;
  readonly controls: readonly string[];
  readonly reason: string;
  /** Where the record was read: the `//` metadata of the Terraform JSON, or a bucket tag. */
  readonly source: 'metadata' | 'tag';
}

export interface BucketPosture {
  /** Terraform address (`module.x.aws_s3_bucket.y[0]`, prefixed by the stack in a cdktf.out), or an ARN. */
  readonly address: string;
  readonly name: Maybe<string>;
  /**
   * The bucket ARN as the policy refers to it: literal when the name is known,
   * otherwise the reference expression (`${aws_s3_bucket.b.arn}`).
   */
  readonly arn: string;
  readonly location: SourceLocation;
  /** The module of this project that made the bucket, from its metadata. */
  readonly module?: string;
  readonly acceptedRisks: readonly AcceptedRisk[];
  readonly objectLockEnabled: Maybe<boolean | undefined>;
  readonly publicAccessBlock: Maybe<PublicAccessBlockPosture | undefined>;
  readonly ownership: Maybe<OwnershipPosture | undefined>;
  readonly acl: Maybe<AclPosture | undefined>;
  readonly encryption: Maybe<EncryptionPosture | undefined>;
  readonly versioning: Maybe<VersioningPosture | undefined>;
  readonly logging: Maybe<LoggingPosture | undefined>;
  readonly lifecycle: Maybe<LifecyclePosture | undefined>;
  readonly replication: Maybe<ReplicationPosture | undefined>;
  readonly objectLock: Maybe<ObjectLockPosture | undefined>;
  readonly notifications: Maybe<NotificationPosture | undefined>;
  readonly policy: Maybe<BucketPolicyPosture | undefined>;
}

export interface AccessPointPosture {
  readonly address: string;
  readonly kind: 'access-point' | 'multi-region-access-point';
  readonly name: Maybe<string>;
  /** Undefined when the block is omitted: AWS then turns all four settings on. */
  readonly publicAccessBlock: Maybe<Omit<PublicAccessBlockPosture, 'location'> | undefined>;
  readonly location: SourceLocation;
}

/** One CloudTrail data event selector, classic or advanced, reduced to what the S3 controls need. */
export interface DataEventSelectorPosture {
  /** Selects S3 object data events. */
  readonly s3Objects: Maybe<boolean>;
  /** Covers every current and future bucket (no per-bucket ARN restriction). */
  readonly allBuckets: Maybe<boolean>;
  readonly readEvents: Maybe<boolean>;
  readonly writeEvents: Maybe<boolean>;
}

export interface TrailPosture {
  readonly address: string;
  readonly name: Maybe<string>;
  readonly multiRegion: Maybe<boolean>;
  readonly logging: Maybe<boolean>;
  /** Name of the bucket the trail delivers to. */
  readonly bucketName: Maybe<string | undefined>;
  /** Address of that bucket when the trail refers to it. */
  readonly bucketAddress?: string;
  readonly selectors: Maybe<readonly DataEventSelectorPosture[]>;
  readonly location: SourceLocation;
}

export interface ConfigRecorderPosture {
  readonly address: string;
  readonly name: Maybe<string>;
  readonly allSupported: Maybe<boolean>;
  readonly includeGlobalResourceTypes: Maybe<boolean>;
  /** Recorder status resources naming this recorder: on, off, or unknown. */
  readonly enabled: Maybe<boolean | undefined>;
  readonly deliveryChannel: Maybe<boolean>;
  readonly location: SourceLocation;
}

export interface MaciePosture {
  readonly address: string;
  /** ENABLED or PAUSED. */
  readonly status: Maybe<string>;
  readonly location: SourceLocation;
}

export interface MacieJobPosture {
  readonly address: string;
  /** ONE_TIME or SCHEDULED. */
  readonly jobType: Maybe<string | undefined>;
  /** The declared job_status, when the input declares one (RUNNING, USER_PAUSED, CANCELLED...). */
  readonly status: Maybe<string | undefined>;
  readonly location: SourceLocation;
}

export interface MacieExportPosture {
  readonly address: string;
  /** The KMS key the results are encrypted with (`s3_destination.kms_key_arn`, an ARN or the expression naming it). */
  readonly kmsKeyArn: Maybe<string | undefined>;
  readonly location: SourceLocation;
}

export interface MetricFilterPosture {
  readonly address: string;
  readonly pattern: Maybe<string>;
  readonly metricName: Maybe<string | undefined>;
  readonly metricNamespace: Maybe<string | undefined>;
  readonly location: SourceLocation;
}

export interface MetricAlarmPosture {
  readonly address: string;
  readonly metricName: Maybe<string | undefined>;
  readonly namespace: Maybe<string | undefined>;
  readonly location: SourceLocation;
}

/**
 * A malware scanner of uploaded objects: a GuardDuty Malware Protection plan,
 * or a scanner of this project's kind (an EventBridge rule on the bucket's
 * "Object Created" events, tagged `s3-security:malware-scanner`).
 */
export interface MalwareScannerPosture {
  readonly address: string;
  readonly engine: 'guardduty' | 'clamav';
  /** The scanned bucket's posture address, when the scanner refers to it. */
  readonly bucketAddress?: string;
  /** The scanned buckets' names, when literal. */
  readonly bucketNames: Maybe<readonly string[]>;
  /** The object tag holding the verdict. */
  readonly verdictTag: string;
  /** Whether the verdict is written as an object tag (GuardDuty tagging ENABLED). */
  readonly tagging: Maybe<boolean>;
  readonly location: SourceLocation;
}

/** The kinds of account evidence: the lists of {@link AccountPosture}. */
export type AccountEvidenceKind =
  | 'publicAccessBlocks'
  | 'accessPoints'
  | 'trails'
  | 'configRecorders'
  | 'configRules'
  | 'macie'
  | 'macieJobs'
  | 'macieExports'
  | 'metricFilters'
  | 'metricAlarms'
  | 'malwareScanners';

/** A region where a reader looked for a regional setting and found none. */
export interface AbsentEvidence {
  readonly region: string;
  /** The id the report names, for example `arn:aws:config:eu-west-1:111122223333:configuration-recorder`. */
  readonly location: SourceLocation;
}

/**
 * What a live-account reader covered. A posture that carries it describes the
 * whole account: a kind the reader read and found nothing of fails, a kind it
 * did not read is unknown with the reason. Terraform readers leave it out.
 */
export interface AccountEvidence {
  /** What was read, for messages: `account 111122223333 (us-east-1, eu-west-1)`. */
  readonly scope: string;
  /** Kinds the reader did not read (or read only in part), with why. */
  readonly unread: Readonly<Partial<Record<AccountEvidenceKind, string>>>;
  /** Regional kinds found absent, by region: each such region fails on its own. */
  readonly absentIn: Readonly<Partial<Record<AccountEvidenceKind, readonly AbsentEvidence[]>>>;
}

export interface AccountPosture {
  /** What a live-account reader covered; absent for Terraform input. */
  readonly evidence?: AccountEvidence;
  /** The account the buckets belong to, when the input says (provider allowed_account_ids, a flag). */
  readonly accountId: Maybe<string | undefined>;
  readonly publicAccessBlocks: readonly PublicAccessBlockPosture[];
  readonly accessPoints: readonly AccessPointPosture[];
  readonly trails: readonly TrailPosture[];
  readonly configRecorders: readonly ConfigRecorderPosture[];
  readonly configRules: readonly { readonly identifier: Maybe<string>; readonly location: SourceLocation }[];
  readonly macie: readonly MaciePosture[];
  readonly macieJobs: readonly MacieJobPosture[];
  readonly macieExports: readonly MacieExportPosture[];
  readonly metricFilters: readonly MetricFilterPosture[];
  readonly metricAlarms: readonly MetricAlarmPosture[];
  /** Malware scanners of uploaded objects; absent when the reader does not look for them. */
  readonly malwareScanners?: readonly MalwareScannerPosture[];
}

/** What one review input describes. */
export interface Posture {
  readonly buckets: readonly BucketPosture[];
  readonly account: AccountPosture;
}

export function emptyAccount(accountId: Maybe<string | undefined> = undefined): AccountPosture {
  return {
    accountId,
    publicAccessBlocks: [],
    accessPoints: [],
    trails: [],
    configRecorders: [],
    configRules: [],
    macie: [],
    macieJobs: [],
    macieExports: [],
    metricFilters: [],
    metricAlarms: [],
  };
}
