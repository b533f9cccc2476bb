import { TerraformResource, dependable } from 'cdktf';
import { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { S3BucketReplicationConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-replication-configuration';
import {
  AwsEnvironment,
  IAM_INLINE_POLICY,
  PolicyComposer,
  PolicyDocument,
  PolicyStatement,
  PropsValidator,
  fittedName,
  iamRoleNameRule,
  isToken,
  kmsKeyArnRule,
  recordSecurity,
  regionRule,
  accountIdRule,
  renderPolicyDocument,
  s3BucketArnRule,
} from '../core';
import { SecureBucket } from '../secure-bucket';
import {
  ReplicationEnds,
  destinationActions,
  destinationBucketStatements,
  destinationKeyStatements,
  onlyReplicationRolesReplicate,
  replicationRoleStatements,
  sourceActions,
} from './policies';
import { BucketReplicationProps, ExistingReplicaDestination } from './props';
import { checkRules, ruleConfig } from './rules';

/** Source buckets that already have a replication configuration, with the construct that made it. */
const configured = new WeakMap<SecureBucket, string>();

/** Destination buckets that already carry the replica guard. */
const guarded = new WeakSet<SecureBucket>();

/** What this construct knows about the destination, whichever way it was given. */
interface Destination {
  readonly arn: string;
  readonly region: string;
  readonly account: string;
  readonly keyArn?: string;
  readonly bucketKey: boolean;
  readonly versioned: boolean;
  readonly objectLock: boolean;
  readonly bucket?: SecureBucket;
}

/**
 * S3 replication from a SecureBucket to another bucket, in the same or another
 * region, of the same or another account, with a generated least-privilege
 * role. KMS-encrypted objects are replicated and re-encrypted with the
 * destination's key; across accounts the destination account owns the
 * replicas, and the destination's bucket policy and key policy admit exactly
 * this role. Both buckets' deny statements, except the TLS ones, exempt the role.
 *
 * ```ts
 * const replicaSite = new AwsPlacement(stack, 'replica-site', { region: 'eu-central-1' });
 * const replicaLogs = new AccessLogBucket(replicaSite, 'logs', { bucketName: 'acme-logs-fra' });
 * const replica = new SecureBucket(replicaSite, 'replica', { bucketName: 'acme-data-fra', accessLogs: { bucket: replicaLogs } });
 * new BucketReplication(stack, 'replication', {
 *   source: data,
 *   destination: replica,
 *   rules: [{ id: 'everything', replicationTimeControl: true }],
 * });
 * ```
 */
export class BucketReplication extends Construct {
  public readonly role: IamRole;
  public readonly rolePolicy: IamRolePolicy;
  public readonly configuration: S3BucketReplicationConfigurationA;
  /** The role's ARN: literal when its name and account are known at synth time. */
  public readonly roleArn: string;
  /** The destination belongs to another account. */
  public readonly crossAccount: boolean;
  /** The trust policy: only Amazon S3 assumes the role. */
  public readonly trustPolicy: PolicyDocument;
  /** The role's permissions. */
  public readonly rolePolicyDocument: PolicyDocument;
  /**
   * What the destination bucket policy must say: only this role writes
   * replicas and, across accounts, this role may. Added for you when the
   * destination is a SecureBucket of this app.
   */
  public readonly destinationBucketPolicyStatements: readonly PolicyStatement[];
  /**
   * What the destination key policy must allow (across accounts); added for
   * you when the destination's key is an S3DataKey of this app.
   */
  public readonly destinationKeyPolicyStatements: readonly PolicyStatement[];

  constructor(scope: Construct, id: string, props: BucketReplicationProps) {
    super(scope, id);
    const env = AwsEnvironment.of(this);
    const source = props.source;
    const sourceEnv = AwsEnvironment.of(source);
    const v = new PropsValidator(this);
    v.check(
      source instanceof SecureBucket,
      'source',
      source?.node?.path,
      'must be a SecureBucket of this app (a bucket made elsewhere cannot be checked or given a configuration here)',
    );
    v.throwIfAny();
    v.check(
      env === sourceEnv,
      'source',
      source.node.path,
      'is in another region or account than this construct: create BucketReplication in the scope (AwsPlacement) of its source',
    );
    const earlier = configured.get(source);
    v.check(
      earlier === undefined,
      'source',
      source.node.path,
      `already has a replication configuration (${earlier}): S3 keeps one per bucket; put every rule in it`,
    );
    v.check(
      source.versioning !== undefined,
      'source',
      source.node.path,
      'has versioning turned off: replication needs versioning on both buckets',
    );
    const dest = this.destination(v, props.destination, sourceEnv);
    if (dest) {
      v.check(
        dest.arn !== source.bucketArn,
        'destination',
        dest.arn,
        'is the source bucket itself: replicate to another bucket',
      );
      v.check(
        dest.versioned,
        'destination',
        dest.bucket?.node.path ?? dest.arn,
        'has versioning turned off: replication needs versioning on both buckets',
      );
      v.check(
        source.encryptionAlgorithm === 'AES256' || dest.keyArn !== undefined,
        'destination',
        dest.bucket?.node.path ?? dest.arn,
        'has no KMS key, but the source encrypts with KMS: replicas of KMS-encrypted objects need a replica key in the destination region (replica_kms_key_id)',
      );
      v.check(
        !source.objectLockEnabled || dest.objectLock,
        'destination',
        dest.bucket?.node.path ?? dest.arn,
        'has no Object Lock, but the source does: S3 replicates Object Lock retention only to a bucket with Object Lock',
      );
    }
    const rules = props.rules ?? [{ id: 'everything' }];
    checkRules(v, rules);
    const crossAccount = dest !== undefined && dest.account !== sourceEnv.accountId;
    const roleName = props.roleName ?? defaultRoleName(source.bucketName);
    v.rule('roleName', props.roleName, iamRoleNameRule);
    v.check(
      !crossAccount || (roleName !== undefined && sourceEnv.knownAccountId !== undefined),
      'roleName',
      props.roleName,
      'must be known at synth time, with the source account id (AwsEnvironment.configure), for replication to another account: its policies name the role',
    );
    v.throwIfAny();
    configured.set(source, this.node.path);
    const d = dest!;
    this.crossAccount = crossAccount;

    this.trustPolicy = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AmazonS3Replicates',
          Effect: 'Allow',
          Principal: { Service: 's3.amazonaws.com' },
          Action: 'sts:AssumeRole',
        },
      ],
    };
    this.role = new IamRole(this, 'Role', {
      name: roleName,
      description: `Replicates ${isToken(source.bucketName) ? 'an S3 bucket' : source.bucketName} to ${isToken(d.arn) ? 'its replica' : d.arn}`,
      assumeRolePolicy: renderPolicyDocument(this.trustPolicy),
      maxSessionDuration: 3600,
    });
    this.roleArn =
      roleName !== undefined && sourceEnv.knownAccountId !== undefined && !isToken(roleName)
        ? `arn:${sourceEnv.partition}:iam::${sourceEnv.knownAccountId}:role/${roleName}`
        : this.role.arn;

    const prefixes = rules.every((r) => r.prefix !== undefined && r.prefix !== '')
      ? rules.map((r) => r.prefix!)
      : undefined;
    const ends: ReplicationEnds = {
      sourceArn: source.bucketArn,
      sourceRegion: sourceEnv.region,
      sourceKeyArn: source.kmsKeyArn,
      sourceObjectLock: source.objectLockEnabled,
      destinationArn: d.arn,
      destinationRegion: d.region,
      destinationKeyArn: d.keyArn,
      destinationBucketKey: d.bucketKey,
      crossAccount,
      prefixes,
      roleArn: this.roleArn,
    };
    const composer = new PolicyComposer(this, IAM_INLINE_POLICY);
    composer.addMandatory('BucketReplication', ...replicationRoleStatements(ends));
    this.rolePolicyDocument = composer.document;
    this.rolePolicy = new IamRolePolicy(this, 'Policy', {
      name: 'replication',
      role: this.role.id,
      policy: composer.render(),
    });
    this.destinationBucketPolicyStatements = [
      {
        ...onlyReplicationRolesReplicate(d.arn),
        Condition: { ArnNotLike: { 'aws:PrincipalArn': this.roleArn } },
      },
      ...destinationBucketStatements(ends),
    ];
    this.destinationKeyPolicyStatements = destinationKeyStatements(ends);

    // The role replicates through both buckets' restrictions, for its own actions only; the TLS denies stay.
    source.exemptFromDenies(this.roleArn, sourceActions(ends));
    const waitFor: TerraformResource[] = [this.rolePolicy];
    if (source.versioning) waitFor.push(source.versioning);
    if (d.bucket) {
      if (!guarded.has(d.bucket)) {
        d.bucket.addMandatoryPolicyStatements('BucketReplication', onlyReplicationRolesReplicate(d.arn));
        guarded.add(d.bucket);
      }
      d.bucket.exemptFromDenies(this.roleArn, destinationActions(ends));
      const allow = destinationBucketStatements(ends);
      if (allow.length > 0) {
        d.bucket.addMandatoryPolicyStatements('BucketReplication', ...allow);
        // A policy that names a principal is rejected until the principal exists.
        dependOn(d.bucket.policy, this.role);
      }
      const key = d.bucket.dataKey;
      if (key && this.destinationKeyPolicyStatements.length > 0) {
        key.addPolicyStatements('BucketReplication', ...this.destinationKeyPolicyStatements);
        dependOn(key.key, this.role);
      }
      if (d.bucket.versioning) waitFor.push(d.bucket.versioning);
      waitFor.push(d.bucket.policy);
    }

    this.configuration = new S3BucketReplicationConfigurationA(this, 'Configuration', {
      bucket: source.bucket.bucket,
      role: this.role.arn,
      token: props.objectLockToken,
      rule: rules.map((r, i) => ruleConfig(r, i, d, source.encryptionAlgorithm !== 'AES256', crossAccount)),
      dependsOn: waitFor,
    });
    recordSecurity(this.configuration, {
      module: 'BucketReplication',
      controls: ['s3-replication'],
      optOuts: [],
    });
  }

  private destination(
    v: PropsValidator,
    given: SecureBucket | ExistingReplicaDestination,
    sourceEnv: AwsEnvironment,
  ): Destination | undefined {
    if (given instanceof SecureBucket) {
      const env = AwsEnvironment.of(given);
      const account = env.accountId;
      v.check(
        !isToken(account) || account === sourceEnv.accountId,
        'destination',
        given.node.path,
        'is in an account known only at apply time: give its placement an accountId',
      );
      return {
        arn: given.bucketArn,
        region: env.region,
        account,
        keyArn: given.kmsKeyArn,
        bucketKey: given.bucketKeyEnabled,
        versioned: given.versioning !== undefined,
        objectLock: given.objectLockEnabled,
        bucket: given,
      };
    }
    if (typeof given !== 'object' || given === null) {
      v.fail('destination', given, 'must be a SecureBucket or { bucketArn, accountId, region, ... }');
      return undefined;
    }
    v.rule('destination.bucketArn', given.bucketArn, s3BucketArnRule);
    v.rule('destination.accountId', given.accountId, accountIdRule);
    v.rule('destination.region', given.region, regionRule);
    v.rule('destination.kmsKeyArn', given.kmsKeyArn, kmsKeyArnRule);
    v.check(
      given.accountId === sourceEnv.accountId || sourceEnv.knownAccountId !== undefined,
      'destination.accountId',
      given.accountId,
      'cannot be compared with the source account, which is known only at apply time: configure the source account id (AwsEnvironment.configure)',
    );
    return {
      arn: given.bucketArn,
      region: given.region,
      account: given.accountId,
      keyArn: given.kmsKeyArn,
      bucketKey: given.bucketKey ?? true,
      versioned: given.versioningEnabled === true,
      objectLock: given.objectLockEnabled === true,
    };
  }
}

function defaultRoleName(bucketName: string): string | undefined {
  return isToken(bucketName) ? undefined : fittedName(`s3-replication-${bucketName}`, 64);
}

function dependOn(resource: TerraformResource, on: TerraformResource): void {
  resource.dependsOn = [...new Set([...(resource.dependsOn ?? []), dependable(on)])];
}
