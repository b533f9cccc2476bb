/**
 * The policies of S3 replication, as pure functions of both ends: the
 * replication role's permissions, and what the destination's bucket policy and
 * key policy add for that role when it belongs to another account.
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html
 */
import type { PolicyStatement } from '../core';

/** Both ends of a replication, as far as its policies need them. */
export interface ReplicationEnds {
  readonly sourceArn: string;
  readonly sourceRegion: string;
  /** KMS key of the source's default encryption; undefined with SSE-S3. */
  readonly sourceKeyArn?: string;
  readonly sourceObjectLock: boolean;
  readonly destinationArn: string;
  readonly destinationRegion: string;
  /** KMS key replicas are encrypted with; undefined with SSE-S3. */
  readonly destinationKeyArn?: string;
  /** The destination encrypts with S3 Bucket Keys. */
  readonly destinationBucketKey: boolean;
  readonly crossAccount: boolean;
  /** Key prefixes the rules replicate; undefined when some rule covers every key. */
  readonly prefixes?: readonly string[];
  readonly roleArn: string;
}

/** Source bucket actions: read the configuration and list versions. */
export const SOURCE_BUCKET_ACTIONS = ['s3:GetReplicationConfiguration', 's3:ListBucket'];
/** Source object actions: read versions, their ACL and tags for replication only. */
export const SOURCE_OBJECT_ACTIONS = [
  's3:GetObjectVersionForReplication',
  's3:GetObjectVersionAcl',
  's3:GetObjectVersionTagging',
];
/** Source object actions added when the source has Object Lock: retention and legal hold travel with the replica. */
export const SOURCE_OBJECT_LOCK_ACTIONS = ['s3:GetObjectRetention', 's3:GetObjectLegalHold'];
/** Destination object actions: write replicas, delete markers and tags. */
export const DESTINATION_OBJECT_ACTIONS = ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'];
/** Added across accounts: the destination account owns the replicas. */
export const OWNER_OVERRIDE_ACTION = 's3:ObjectOwnerOverrideToBucketOwner';

function sourceObjectActions(e: ReplicationEnds): string[] {
  return [...SOURCE_OBJECT_ACTIONS, ...(e.sourceObjectLock ? SOURCE_OBJECT_LOCK_ACTIONS : [])];
}

/** Every action the role takes on the source bucket and its objects. */
export function sourceActions(e: ReplicationEnds): string[] {
  return [...SOURCE_BUCKET_ACTIONS, ...sourceObjectActions(e)];
}

/** Every action the role takes on the destination's objects. */
export function destinationActions(e: ReplicationEnds): string[] {
  return [...DESTINATION_OBJECT_ACTIONS, ...(e.crossAccount ? [OWNER_OVERRIDE_ACTION] : [])];
}

/** The objects the rules cover: `arn/prefix*` per prefix, or `arn/*`. */
export function objectPatterns(bucketArn: string, prefixes: readonly string[] | undefined): string[] {
  return prefixes === undefined
    ? [`${bucketArn}/*`]
    : [...new Set(prefixes)].map((p) => `${bucketArn}/${p}*`);
}

/**
 * The encryption contexts S3 uses with the bucket's key: the bucket ARN with
 * S3 Bucket Keys, the object ARN without (objects written before Bucket Keys
 * were enabled keep that context).
 */
function encryptionContexts(bucketArn: string, prefixes: readonly string[] | undefined): string[] {
  return [bucketArn, ...objectPatterns(bucketArn, prefixes)];
}

function one(values: readonly string[]): string | string[] {
  return values.length === 1 ? values[0] : [...values];
}

/** Use of a key only through S3 in one region, and only for one bucket's objects. */
function keyConditions(region: string, bucketArn: string, prefixes: readonly string[] | undefined) {
  return {
    StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` },
    StringLike: { 'kms:EncryptionContext:aws:s3:arn': encryptionContexts(bucketArn, prefixes) },
  };
}

/** Actions on the replica key: Encrypt, and Decrypt to verify an S3 Bucket Key. */
export function replicaKeyActions(bucketKey: boolean): string[] {
  return bucketKey ? ['kms:Decrypt', 'kms:Encrypt'] : ['kms:Encrypt'];
}

/** The replication role's permissions policy statements. */
export function replicationRoleStatements(e: ReplicationEnds): PolicyStatement[] {
  const statements: PolicyStatement[] = [
    {
      Sid: 'ReadSourceReplicationConfiguration',
      Effect: 'Allow',
      Action: SOURCE_BUCKET_ACTIONS,
      Resource: e.sourceArn,
    },
    {
      Sid: 'ReadSourceObjectVersions',
      Effect: 'Allow',
      Action: sourceObjectActions(e),
      Resource: one(objectPatterns(e.sourceArn, e.prefixes)),
    },
    {
      Sid: 'WriteReplicas',
      Effect: 'Allow',
      Action: destinationActions(e),
      Resource: one(objectPatterns(e.destinationArn, e.prefixes)),
    },
  ];
  if (e.sourceKeyArn !== undefined) {
    statements.push({
      Sid: 'DecryptSourceObjects',
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: e.sourceKeyArn,
      Condition: keyConditions(e.sourceRegion, e.sourceArn, e.prefixes),
    });
  }
  if (e.destinationKeyArn !== undefined) {
    statements.push({
      Sid: 'EncryptReplicas',
      Effect: 'Allow',
      Action: one(replicaKeyActions(e.destinationBucketKey)),
      Resource: e.destinationKeyArn,
      Condition: keyConditions(e.destinationRegion, e.destinationArn, e.prefixes),
    });
  }
  return statements;
}

/**
 * What the destination bucket policy grants the role of another account:
 * writing replicas (and owning them) under the rules' prefixes, nothing else.
 */
export function destinationBucketStatements(e: ReplicationEnds): PolicyStatement[] {
  if (!e.crossAccount) return [];
  return [
    {
      Sid: 'ReplicationRoleWritesReplicas',
      Effect: 'Allow',
      Principal: { AWS: e.roleArn },
      Action: [...DESTINATION_OBJECT_ACTIONS, OWNER_OVERRIDE_ACTION],
      Resource: one(objectPatterns(e.destinationArn, e.prefixes)),
    },
  ];
}

/**
 * The destination's guard: nobody writes replicas (or takes their ownership)
 * but the replication roles, which the bucket exempts from its denies. An
 * ordinary principal of the destination account, even with s3:* in its IAM
 * policy, cannot forge replicas.
 */
export function onlyReplicationRolesReplicate(destinationArn: string): PolicyStatement {
  return {
    Sid: 'OnlyReplicationRolesReplicate',
    Effect: 'Deny',
    Principal: '*',
    Action: [...DESTINATION_OBJECT_ACTIONS, OWNER_OVERRIDE_ACTION],
    Resource: `${destinationArn}/*`,
  };
}

/**
 * What the destination key policy grants the role of another account: the
 * replica key's use through S3 in the destination's region, for the
 * destination bucket only. Within one account the key policy's own statement
 * (the account uses the key through S3) and the role's IAM policy suffice.
 */
export function destinationKeyStatements(e: ReplicationEnds): PolicyStatement[] {
  if (!e.crossAccount || e.destinationKeyArn === undefined) return [];
  return [
    {
      Sid: 'ReplicationRoleEncryptsReplicas',
      Effect: 'Allow',
      Principal: { AWS: e.roleArn },
      Action: one(replicaKeyActions(e.destinationBucketKey)),
      Resource: '*',
      Condition: keyConditions(e.destinationRegion, e.destinationArn, e.prefixes),
    },
  ];
}
