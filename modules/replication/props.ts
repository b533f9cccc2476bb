import type { SecureBucket } from '../secure-bucket';

/** Storage classes a replica can be written in. */
export const REPLICA_STORAGE_CLASSES = [
  'STANDARD',
  'REDUCED_REDUNDANCY',
  'STANDARD_IA',
  'ONEZONE_IA',
  'INTELLIGENT_TIERING',
  'GLACIER',
  'DEEP_ARCHIVE',
  'GLACIER_IR',
] as const;
export type ReplicaStorageClass = (typeof REPLICA_STORAGE_CLASSES)[number];

/** One replication rule (a V2 rule: it always has a filter and a priority). */
export interface ReplicationRuleProps {
  /** Rule id, unique in the configuration (up to 255 characters). */
  readonly id: string;
  /**
   * When two rules match an object, the higher priority wins. Unique across the rules.
   * @default - the rule's position in the list, counted from 1
   */
  readonly priority?: number;
  /**
   * Replicate only keys that start with this prefix.
   * @default - every key
   */
  readonly prefix?: string;
  /**
   * Replicate only objects with all these tags.
   * @default - no tag filter
   */
  readonly tags?: Record<string, string>;
  /**
   * Replicate delete markers, so a delete in the source hides the object in the
   * destination too (object versions are never deleted by replication). S3 does
   * not replicate delete markers for rules with a tag filter.
   * @default false - a delete in the source leaves the replica visible
   */
  readonly deleteMarkerReplication?: boolean;
  /**
   * Replicate metadata changes made on replicas back (replica modification
   * sync), for two-way replication.
   * @default false
   */
  readonly replicaModifications?: boolean;
  /**
   * S3 Replication Time Control: 99.99% of objects replicated within 15
   * minutes, with replication metrics. Billed per GB replicated.
   * @default false
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-time-control.html
   */
  readonly replicationTimeControl?: boolean;
  /**
   * Replication metrics and events (bytes and operations pending, latency)
   * with a 15-minute threshold. Required by Replication Time Control.
   * @default - on when replicationTimeControl is on, otherwise off
   */
  readonly metrics?: boolean;
  /**
   * Storage class of the replicas.
   * @default - the storage class of the source object
   */
  readonly storageClass?: ReplicaStorageClass;
}

/**
 * A destination bucket this project did not create, given by ARN. Its owner
 * must apply {@link BucketReplication.destinationBucketPolicyStatements} to its
 * policy (and {@link BucketReplication.destinationKeyPolicyStatements} to its
 * key policy) when it belongs to another account.
 */
export interface ExistingReplicaDestination {
  /** `arn:<partition>:s3:::<name>`. */
  readonly bucketArn: string;
  /** The account that owns the destination bucket. */
  readonly accountId: string;
  /** The destination bucket's region. */
  readonly region: string;
  /**
   * The KMS key (in the destination's region) replicas are encrypted with.
   * Required when the source is encrypted with KMS.
   */
  readonly kmsKeyArn?: string;
  /**
   * The destination encrypts with S3 Bucket Keys: replication then also needs
   * kms:Decrypt on the replica key.
   * @default true
   */
  readonly bucketKey?: boolean;
  /** You confirm versioning is enabled on the destination: replication fails without it. */
  readonly versioningEnabled: true;
  /** The destination has Object Lock (required when the source has it). @default false */
  readonly objectLockEnabled?: boolean;
}

export interface BucketReplicationProps {
  /** The bucket whose new object versions are replicated. Create this construct in the source's scope. */
  readonly source: SecureBucket;
  /**
   * Where replicas go: a SecureBucket of this app (its own region and account
   * come from its scope, see `AwsPlacement`), or an existing bucket by ARN.
   */
  readonly destination: SecureBucket | ExistingReplicaDestination;
  /** @default [{ id: 'everything' }] - every new object, priority 1 */
  readonly rules?: readonly ReplicationRuleProps[];
  /**
   * Name of the replication role.
   * @default 's3-replication-<source bucket name>' (cut to 64 characters)
   */
  readonly roleName?: string;
  /**
   * The token AWS Support gave for enabling replication on this Object Lock
   * source bucket, if it gave one (usually a Terraform variable).
   * @default - no token
   */
  readonly objectLockToken?: string;
}
