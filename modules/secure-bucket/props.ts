import type { OptOut, PolicyStatement } from '../core';
import type { TlsVersion } from '../bucket-policy';
import type { S3DataKey } from '../kms';
import type { TerraformResource } from 'cdktf';
import type { MalwareScanRequirement } from './malware-scan';
import type { IConstruct } from 'constructs';

/** Server-side encryption with a KMS key: the default. */
export interface KmsEncryption {
  /** @default 'SSE_KMS' */
  readonly type?: 'SSE_KMS';
  /**
   * The key: an {@link S3DataKey} or a KMS key ARN.
   * @default - a new S3DataKey for this bucket
   */
  readonly key?: S3DataKey | string;
  /**
   * S3 Bucket Keys cut KMS requests (and cost) by up to 99%.
   * @default true
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html
   */
  readonly bucketKey?: true | OptOut;
}

/** Dual-layer server-side encryption with a KMS key (DSSE-KMS). S3 Bucket Keys are not available with it. */
export interface DsseKmsEncryption {
  readonly type: 'DSSE_KMS';
  /** @default - a new S3DataKey for this bucket */
  readonly key?: S3DataKey | string;
}

/**
 * Server-side encryption with S3 managed keys (SSE-S3). Weaker than KMS: no key
 * policy controls who can decrypt, and Security Hub S3.17 fails, so it needs a reason.
 */
export interface S3ManagedEncryption {
  readonly type: 'SSE_S3';
  readonly reason: string;
}

export type BucketEncryption = KmsEncryption | DsseKmsEncryption | S3ManagedEncryption;

/** The four Block Public Access settings. Any `false` needs a `reason`. */
export interface BlockPublicAccessSettings {
  /** @default true */
  readonly blockPublicAcls?: boolean;
  /** @default true */
  readonly ignorePublicAcls?: boolean;
  /** @default true */
  readonly blockPublicPolicy?: boolean;
  /** @default true */
  readonly restrictPublicBuckets?: boolean;
  /** Why a setting is off. Required when any setting is false. */
  readonly reason?: string;
}

/** Object ownership other than BucketOwnerEnforced: ACLs stay in effect, so it needs a reason. */
export interface ObjectOwnershipWithAcls {
  readonly mode: 'BucketOwnerPreferred' | 'ObjectWriter';
  readonly reason: string;
}

/**
 * MFA delete: deleting object versions or changing the versioning state needs
 * the root user's MFA code.
 *
 * Limits you accept by turning it on:
 * - only the root user, signed in with its MFA device, can apply the versioning
 *   resource, so a pipeline with an IAM role cannot manage this bucket's versioning;
 * - a bucket with MFA delete cannot have a lifecycle configuration, so set
 *   `lifecycle: { enabled: false, reason }`.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiFactorAuthenticationDelete.html
 */
export interface MfaDeleteProps {
  /** ARN of the root user's MFA device, `arn:aws:iam::<account>:mfa/root-account-mfa-device`. */
  readonly serialNumber: string;
  /**
   * The current six-digit code of that device, usually a Terraform variable
   * (`new TerraformVariable(...).stringValue`) supplied at apply time.
   */
  readonly tokenCode: string;
}

export interface VersioningSettings {
  /** @default - no MFA delete */
  readonly mfaDelete?: MfaDeleteProps;
}

/** Storage classes a lifecycle rule can transition to. */
export const TRANSITION_STORAGE_CLASSES = [
  'STANDARD_IA',
  'ONEZONE_IA',
  'INTELLIGENT_TIERING',
  'GLACIER_IR',
  'GLACIER',
  'DEEP_ARCHIVE',
] as const;
export type TransitionStorageClass = (typeof TRANSITION_STORAGE_CLASSES)[number];

export interface Transition {
  /** Days after creation (or after becoming noncurrent) when objects move. */
  readonly days: number;
  readonly storageClass: TransitionStorageClass;
}

export interface LifecycleSettings {
  /**
   * Days after which incomplete multipart uploads are aborted (their parts are
   * invisible but billed).
   * @default 7
   */
  readonly abortIncompleteMultipartUploadDays?: number;
  /**
   * Days after which noncurrent versions are deleted, optionally keeping the newest few.
   * @default - noncurrent versions are kept
   */
  readonly noncurrentVersionExpiration?: { readonly days: number; readonly newerNoncurrentVersions?: number };
  /** @default [] */
  readonly noncurrentVersionTransitions?: readonly Transition[];
  /** Transitions of current versions. @default [] */
  readonly transitions?: readonly Transition[];
  /**
   * Days after which current versions expire (become noncurrent when versioned).
   * @default - current versions never expire
   */
  readonly expirationDays?: number;
}

export interface ObjectLockSettings {
  /**
   * GOVERNANCE: principals with s3:BypassGovernanceRetention can shorten or remove
   * the retention. COMPLIANCE: nobody, not even the root user, can until it ends.
   */
  readonly mode: 'GOVERNANCE' | 'COMPLIANCE';
  /** Default retention in days (1 to 36500). Give days or years. */
  readonly days?: number;
  /** Default retention in years (1 to 100). Give days or years. */
  readonly years?: number;
}

/** A bucket that receives server access logs and grants delivery itself (an {@link AccessLogBucket}). */
export interface IAccessLogTarget extends IConstruct {
  readonly bucketName: string;
  /**
   * Registers a source bucket and its key prefix, so the target's policy lets
   * the logging service deliver for it. Returns what the source's logging
   * configuration must wait for.
   */
  addLogSource(source: IConstruct, sourceBucketArn: string, prefix: string): TerraformResource[];
}

/** Where server access logs go. */
export interface AccessLogSettings {
  /**
   * The target: an AccessLogBucket (delivery is granted for you) or the name of
   * an existing bucket, whose policy must let `logging.s3.amazonaws.com` write
   * (with aws:SourceAccount and aws:SourceArn conditions).
   */
  readonly bucket: IAccessLogTarget | string;
  /**
   * Key prefix of this bucket's logs, ending in `/`.
   * @default '<bucketName>/'
   */
  readonly prefix?: string;
}

export interface SecureBucketProps {
  /** The bucket name; a Terraform token is accepted (it is then validated by AWS at apply time). */
  readonly bucketName: string;
  /** @default { type: 'SSE_KMS' } with a new key and S3 Bucket Keys */
  readonly encryption?: BucketEncryption;
  /**
   * Reject uploads that use customer-provided keys (SSE-C), which S3 cannot
   * audit or rotate (`blocked_encryption_types = ["SSE-C"]`).
   * @default true
   */
  readonly blockSseC?: true | OptOut;
  /** @default all four settings on */
  readonly blockPublicAccess?: BlockPublicAccessSettings | OptOut;
  /** @default 'BucketOwnerEnforced' (ACLs disabled) */
  readonly objectOwnership?: 'BucketOwnerEnforced' | ObjectOwnershipWithAcls;
  /** @default versioning on, without MFA delete */
  readonly versioning?: VersioningSettings | OptOut;
  /** Server access logging; required unless opted out. */
  readonly accessLogs: AccessLogSettings | OptOut;
  /**
   * Deny requests without TLS (`aws:SecureTransport`), Security Hub S3.5.
   * @default true
   */
  readonly enforceTls?: true | OptOut;
  /**
   * Deny TLS older than this version (`s3:TlsVersion`).
   * @default 1.2
   */
  readonly minimumTlsVersion?: TlsVersion | OptOut;
  /** @default abort incomplete multipart uploads after 7 days */
  readonly lifecycle?: LifecycleSettings | OptOut;
  /**
   * Object Lock default retention, set when the bucket is created (it cannot be
   * turned on later through Terraform without replacing the bucket).
   * @default - no Object Lock
   */
  readonly objectLock?: ObjectLockSettings;
  /**
   * Send all bucket events to Amazon EventBridge (Security Hub S3.11).
   * @default true
   */
  readonly eventBridge?: true | OptOut;
  /**
   * Terraform's `prevent_destroy` on the bucket (and on the key it creates).
   * @default true
   */
  readonly preventDestroy?: true | OptOut;
  /**
   * Bucket policy statements added after the mandatory ones. Like every
   * statement added later, they are checked against `blockPublicStatements` and
   * `blockCrossAccountSensitiveActions`.
   */
  readonly policyStatements?: readonly PolicyStatement[];
  /**
   * Fail synthesis when a statement of the bucket policy would make the bucket
   * public: an Allow for Principal "*" (or AWS "*", or a NotPrincipal) without a
   * condition that restricts it to known accounts, organizations, VPCs, VPC
   * endpoints, IP ranges or source ARNs. Service principals and conditioned
   * wildcards stay allowed. While `blockPublicAccess` keeps blockPublicPolicy
   * on, S3 would reject such a policy at apply time; this says so at synth.
   * @default true
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status
   */
  readonly blockPublicStatements?: true | OptOut;
  /**
   * Fail synthesis when a statement of the bucket policy grants another account
   * (or any account) s3:DeleteBucketPolicy, s3:PutBucketAcl, s3:PutBucketPolicy,
   * s3:PutEncryptionConfiguration or s3:PutObjectAcl, or a wildcard that covers
   * one of them (Security Hub S3.6).
   * @default true
   */
  readonly blockCrossAccountSensitiveActions?: true | OptOut;
  /**
   * Objects are readable only once a malware scanner tagged them clean, and only
   * the scanner may write its tags (see `requireCleanMalwareScan`). Give the
   * scanner with GuardDutyMalwareProtection or ClamAvScanner.
   * @default - objects are readable whatever their scan result
   * @see https://docs.aws.amazon.com/guardduty/latest/ug/tag-based-access-s3-malware-protection.html
   */
  readonly requireMalwareScan?: MalwareScanRequirement;
  /** Tags for the bucket and the resources it creates. */
  readonly tags?: Record<string, string>;
  /**
   * Also write each opt-out reason into a bucket tag `s3-security:opt-out:<setting>`,
   * so a live audit or a plan review sees it.
   * @default true
   */
  readonly recordOptOutsAsTags?: boolean;
}
