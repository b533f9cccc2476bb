import { TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { ConfigConfigurationRecorder } from '@cdktf/provider-aws/lib/config-configuration-recorder';
import { ConfigConfigurationRecorderStatus } from '@cdktf/provider-aws/lib/config-configuration-recorder-status';
import { ConfigDeliveryChannel } from '@cdktf/provider-aws/lib/config-delivery-channel';
import { IamServiceLinkedRole } from '@cdktf/provider-aws/lib/iam-service-linked-role';
import type { ControlId } from '../../controls/catalog';
import {
  AwsEnvironment,
  OptOut,
  OptOutRecord,
  OptOuts,
  PropsValidator,
  logPrefixRule,
  recordSecurity,
} from '../core';
import { allowConfigDelivery } from '../bucket-policy';
import { S3DataKey, checkKeyChoice, isS3DataKey, keyOrNew } from '../kms';
import { DeliveryBucketSettings, SecureBucket, createDeliveryBucket } from '../secure-bucket';

/** How often AWS Config delivers configuration snapshots. */
export const SNAPSHOT_FREQUENCIES = [
  'One_Hour',
  'Three_Hours',
  'Six_Hours',
  'Twelve_Hours',
  'TwentyFour_Hours',
] as const;
export type SnapshotFrequency = (typeof SNAPSHOT_FREQUENCIES)[number];

/**
 * The bucket AWS Config delivers to. No Object Lock: AWS Config does not
 * support a delivery channel to a bucket with Object Lock enabled.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/manage-delivery-channel.html
 */
export type ConfigBucketSettings = Omit<DeliveryBucketSettings, 'objectLock'>;

export interface ConfigRecorderProps {
  /** @default 'default' (AWS Config allows one recorder per region) */
  readonly recorderName?: string;
  readonly bucket: ConfigBucketSettings;
  /** Key prefix of the delivered files, ending in `/`. @default - none */
  readonly s3KeyPrefix?: string;
  /**
   * The key that encrypts delivered files and the bucket: an S3DataKey (its
   * policy then lets AWS Config use it for this account) or a key ARN.
   * @default - a new S3DataKey
   */
  readonly key?: S3DataKey | string;
  /**
   * Record global resource types (IAM users, roles, policies). Turn it off in
   * every region but one to avoid recording them several times.
   * @default true
   */
  readonly includeGlobalResourceTypes?: true | OptOut;
  /**
   * Create the AWSServiceRoleForConfig service-linked role, which the recorder
   * uses (Security Hub Config.1 requires it). Set false when the account already
   * has it (for example because Security Hub created it): creating it twice fails.
   * @default true
   */
  readonly createServiceLinkedRole?: boolean;
  /** @default 'TwentyFour_Hours' */
  readonly snapshotFrequency?: SnapshotFrequency;
  readonly tags?: Record<string, string>;
}

/**
 * AWS Config, on: a recorder of all supported resource types (global ones
 * included) that uses the service-linked role, a delivery channel to a
 * {@link SecureBucket} encrypted with KMS whose policy lets only AWS Config of
 * this account deliver, and the recorder turned on. Security Hub Config.1, CIS 3.3.
 */
export class ConfigRecorder extends Construct {
  public readonly recorder: ConfigConfigurationRecorder;
  public readonly deliveryChannel: ConfigDeliveryChannel;
  public readonly status: ConfigConfigurationRecorderStatus;
  public readonly bucket: SecureBucket;
  public readonly key?: S3DataKey;
  public readonly recorderName: string;
  public readonly controls: readonly ControlId[];
  public readonly optOuts: readonly OptOutRecord[];

  constructor(scope: Construct, id: string, props: ConfigRecorderProps) {
    super(scope, id);
    const env = AwsEnvironment.of(this);
    const v = new PropsValidator(this);
    const optOuts = new OptOuts(v);
    v.rule('s3KeyPrefix', props.s3KeyPrefix, logPrefixRule);
    if (props.recorderName !== undefined) {
      v.check(
        /^[A-Za-z0-9._-]{1,256}$/.test(props.recorderName),
        'recorderName',
        props.recorderName,
        'is not a valid recorder name: 1 to 256 letters, digits, ".", "_" and "-"',
      );
    }
    const lock = (props.bucket as { objectLock?: unknown } | undefined)?.objectLock;
    v.check(
      lock === undefined,
      'bucket.objectLock',
      lock,
      'is not allowed: AWS Config does not support delivery to a bucket with Object Lock enabled',
    );
    checkKeyChoice(v, 'key', props.key);
    v.check(
      props.snapshotFrequency === undefined || SNAPSHOT_FREQUENCIES.includes(props.snapshotFrequency),
      'snapshotFrequency',
      props.snapshotFrequency,
      `must be one of ${SNAPSHOT_FREQUENCIES.join(', ')}`,
    );
    // config-enabled asks for global resource types (IAM) too: without them this recorder does not claim it.
    const global = optOuts.keep('includeGlobalResourceTypes', props.includeGlobalResourceTypes, [
      'config-enabled',
    ]);
    v.throwIfAny();
    this.recorderName = props.recorderName ?? 'default';
    this.optOuts = optOuts.records;

    const chosen = keyOrNew(this, 'Key', props.key, {
      alias: 'alias/config/delivery',
      description: 'Encrypts the configuration history and snapshots AWS Config delivers',
      tags: props.tags,
    });
    const key = chosen.key;
    this.key = chosen.created;
    if (isS3DataKey(key)) key.grantService({ service: 'config.amazonaws.com' });
    const keyArn = chosen.arn;

    this.bucket = createDeliveryBucket(this, 'Bucket', props.bucket, key, props.tags);
    // AWS Config of this account (and region, when known) checks the bucket and writes under AWSLogs/<account>/Config/.
    this.bucket.addPolicyTemplates('ConfigRecorder', (arn) =>
      allowConfigDelivery(arn, {
        accountIds: [env.accountId],
        regions: env.knownRegion ? [env.knownRegion] : undefined,
        prefix: props.s3KeyPrefix,
      }),
    );

    const waitFor: TerraformResource[] = [];
    if (props.createServiceLinkedRole ?? true) {
      waitFor.push(
        new IamServiceLinkedRole(this, 'ServiceLinkedRole', {
          awsServiceName: 'config.amazonaws.com',
        }),
      );
    }
    this.recorder = new ConfigConfigurationRecorder(this, 'Recorder', {
      name: this.recorderName,
      roleArn: `arn:${env.partition}:iam::${env.accountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
      recordingGroup: { allSupported: true, includeGlobalResourceTypes: global },
      recordingMode: { recordingFrequency: 'CONTINUOUS' },
      dependsOn: waitFor.length ? waitFor : undefined,
    });
    this.deliveryChannel = new ConfigDeliveryChannel(this, 'DeliveryChannel', {
      name: this.recorderName,
      s3BucketName: this.bucket.bucketName,
      s3KeyPrefix: props.s3KeyPrefix?.replace(/\/$/, '') || undefined,
      s3KmsKeyArn: keyArn,
      snapshotDeliveryProperties: { deliveryFrequency: props.snapshotFrequency ?? 'TwentyFour_Hours' },
      dependsOn: [this.recorder, this.bucket.policy],
    });
    this.status = new ConfigConfigurationRecorderStatus(this, 'Status', {
      name: this.recorder.name,
      isEnabled: true,
      dependsOn: [this.deliveryChannel],
    });
    this.controls = global ? ['config-enabled'] : [];
    recordSecurity(this.recorder, {
      module: 'ConfigRecorder',
      controls: this.controls,
      optOuts: this.optOuts,
    });
  }
}
