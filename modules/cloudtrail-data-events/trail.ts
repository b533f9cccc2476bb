import { Construct } from 'constructs';
import { Cloudtrail } from '@cdktf/provider-aws/lib/cloudtrail';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import type { ControlId } from '../../controls/catalog';
import {
  AwsEnvironment,
  OptOut,
  OptOutRecord,
  OptOuts,
  PropsValidator,
  ServiceRole,
  isToken,
  logGroupNameRule,
  logPrefixRule,
  logRetentionRule,
  mergeTags,
  recordSecurity,
  trailNameRule,
} from '../core';
import { allowCloudTrailDelivery } from '../bucket-policy';
import {
  S3DataKey,
  ServiceKey,
  checkKeyChoice,
  cloudWatchLogsPrincipal,
  isS3DataKey,
  keyOrNew,
} from '../kms';
import { DeliveryBucketSettings, SecureBucket, createDeliveryBucket } from '../secure-bucket';
import {
  DataEventCoverage,
  S3DataEventSelection,
  advancedEventSelectors,
  checkSelection,
  coverageOf,
} from './selectors';

/**
 * Why the CloudWatch Logs role trusts CloudTrail without source conditions,
 * recorded in the role's metadata.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-required-policy-for-cloudwatch-logs.html
 */
export const CLOUDTRAIL_LOGS_ROLE_REASON =
  'CloudTrail does not send aws:SourceArn or aws:SourceAccount when it assumes its CloudWatch Logs role ' +
  '(CloudTrail User Guide: confused deputy prevention is not applicable to this role); only principals of ' +
  'this account allowed iam:PassRole on it can attach it to a trail, and it can write only to this log group';

/** The bucket the trail delivers to; its access logs are Security Hub CloudTrail.7 / CIS 3.4. */
export type TrailBucketSettings = DeliveryBucketSettings;

/** Delivery of the trail's events to CloudWatch Logs, for metric filters and alarms. */
export interface CloudWatchLogsDelivery {
  /** @default '/aws/cloudtrail/<trailName>' */
  readonly logGroupName?: string;
  /**
   * Days events are kept; one of the values CloudWatch Logs accepts.
   * @default 365
   */
  readonly retentionDays?: number;
}

export interface S3DataEventsTrailProps {
  readonly trailName: string;
  readonly bucket: TrailBucketSettings;
  /** Key prefix of log files in the bucket, ending in `/`. @default - none */
  readonly s3KeyPrefix?: string;
  /**
   * The key that encrypts log files (and the trail bucket): an S3DataKey, whose
   * policy then lets CloudTrail use it for this trail only (aws:SourceArn), or a
   * key ARN whose policy you manage.
   * @default - a new S3DataKey
   */
  readonly key?: S3DataKey | string;
  /**
   * S3 object-level events to record.
   * @default { buckets: 'ALL', readWrite: 'ALL' }
   */
  readonly dataEvents?: S3DataEventSelection | OptOut;
  /**
   * Management (control-plane) events, reads and writes. EventBridge rules on
   * S3 configuration changes and the CIS 4.8 alarm need them.
   * @default true
   */
  readonly managementEvents?: true | OptOut;
  /** @default true - the trail records every region */
  readonly multiRegion?: true | OptOut;
  /**
   * Digest files that prove log files were not changed or deleted.
   * @default true
   * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html
   */
  readonly logFileValidation?: true | OptOut;
  /**
   * Also deliver events to a KMS-encrypted CloudWatch Logs log group.
   * @default - no CloudWatch Logs delivery
   */
  readonly cloudWatchLogs?: CloudWatchLogsDelivery;
  readonly tags?: Record<string, string>;
}

/**
 * A CloudTrail trail for S3 data events: multi-region, management events on,
 * log file validation on, KMS-encrypted with a key that only this trail may use,
 * delivering to a {@link SecureBucket} whose policy lets only this trail write,
 * optionally to CloudWatch Logs too. By default it records object-level reads
 * and writes of every current and future bucket: Security Hub S3.22 / S3.23,
 * CIS 3.8 / 3.9. The trail claims those controls only when that is true.
 */
export class S3DataEventsTrail extends Construct {
  public readonly trail: Cloudtrail;
  public readonly bucket: SecureBucket;
  /** The key this trail created, when no key was given. */
  public readonly key?: S3DataKey;
  public readonly kmsKeyArn: string;
  /** `arn:<partition>:cloudtrail:<region>:<account>:trail/<name>`, built from the name (known before the trail exists). */
  public readonly trailArn: string;
  public readonly trailName: string;
  public readonly logGroup?: CloudwatchLogGroup;
  /** The log group name, known at synth time when the trail name is. */
  public readonly logGroupName?: string;
  public readonly logGroupKey?: ServiceKey;
  public readonly logsRole?: ServiceRole;
  public readonly coverage: DataEventCoverage;
  public readonly controls: readonly ControlId[];
  public readonly optOuts: readonly OptOutRecord[];

  constructor(scope: Construct, id: string, props: S3DataEventsTrailProps) {
    super(scope, id);
    const env = AwsEnvironment.of(this);
    const v = new PropsValidator(this);
    const optOuts = new OptOuts(v);

    v.rule('trailName', props.trailName, trailNameRule);
    v.rule('s3KeyPrefix', props.s3KeyPrefix, logPrefixRule);
    checkKeyChoice(v, 'key', props.key);
    const dataEvents = optOuts.keep('dataEvents', props.dataEvents, ['cloudtrail-s3-data-events'])
      ? ((props.dataEvents as S3DataEventSelection | undefined) ?? {})
      : undefined;
    if (dataEvents) checkSelection(v, 'dataEvents', dataEvents);
    const management = optOuts.keep('managementEvents', props.managementEvents);
    const multiRegion = optOuts.keep('multiRegion', props.multiRegion, ['cloudtrail-s3-data-events']);
    const validation = optOuts.keep('logFileValidation', props.logFileValidation);
    v.check(
      management || dataEvents !== undefined,
      'managementEvents',
      props.managementEvents,
      'and dataEvents are both off: the trail would record nothing',
    );
    const bucketLogged = optOuts.keep('bucket.accessLogs', props.bucket.accessLogs, [
      'cloudtrail-bucket-access-logging',
    ]);
    const cwl = props.cloudWatchLogs;
    const logGroupName = cwl ? (cwl.logGroupName ?? `/aws/cloudtrail/${props.trailName}`) : undefined;
    if (cwl) {
      v.rule('cloudWatchLogs.logGroupName', cwl.logGroupName, logGroupNameRule);
      v.rule('cloudWatchLogs.retentionDays', cwl.retentionDays, logRetentionRule);
    }
    const tags = mergeTags(v, 'tags', props.tags);
    v.throwIfAny();

    this.trailName = props.trailName;
    this.trailArn = `arn:${env.partition}:cloudtrail:${env.region}:${env.accountId}:trail/${props.trailName}`;
    this.coverage = coverageOf(dataEvents);
    this.logGroupName = logGroupName;

    // The key: CloudTrail may use it for this trail only.
    const chosen = keyOrNew(this, 'Key', props.key, {
      alias: isToken(props.trailName) ? undefined : `alias/cloudtrail/${props.trailName}`,
      description: `Encrypts the log files of the CloudTrail trail ${props.trailName}`,
      tags: props.tags,
    });
    const key = chosen.key;
    this.key = chosen.created;
    this.kmsKeyArn = chosen.arn;
    if (isS3DataKey(key)) {
      // kms:Decrypt is needed as well when the bucket uses S3 Bucket Keys.
      key.grantService({
        service: 'cloudtrail.amazonaws.com',
        actions: ['kms:GenerateDataKey*', 'kms:DescribeKey', 'kms:Decrypt'],
        sourceArns: [this.trailArn],
      });
    }

    this.bucket = createDeliveryBucket(this, 'Bucket', props.bucket, key, props.tags);
    // CloudTrail checks the bucket ACL and writes under AWSLogs/<account>/, for this trail only.
    this.bucket.addPolicyTemplates('S3DataEventsTrail', (arn) =>
      allowCloudTrailDelivery(arn, {
        trailArns: [this.trailArn],
        accountIds: [env.accountId],
        prefix: props.s3KeyPrefix,
      }),
    );

    if (cwl) {
      const logGroupArn = `arn:${env.partition}:logs:${env.region}:${env.accountId}:log-group:${logGroupName}`;
      this.logGroupKey = new ServiceKey(this, 'LogGroupKey', {
        description: `Encrypts the CloudWatch Logs log group ${logGroupName} of the trail ${props.trailName}`,
        alias: isToken(props.trailName) ? undefined : `alias/cloudtrail/${props.trailName}/logs`,
        tags: props.tags,
      });
      this.logGroupKey.grantService({
        service: cloudWatchLogsPrincipal(env.region),
        conditions: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': logGroupArn } },
      });
      this.logGroup = new CloudwatchLogGroup(this, 'LogGroup', {
        name: logGroupName,
        retentionInDays: cwl.retentionDays ?? 365,
        kmsKeyId: this.logGroupKey.keyArn,
        tags,
      });
      this.logsRole = new ServiceRole(this, 'LogsRole', {
        service: 'cloudtrail.amazonaws.com',
        description: `Lets the trail ${props.trailName} write its events to ${logGroupName}`,
        // CloudTrail assumes this role without aws:SourceArn or aws:SourceAccount: with those
        // conditions CreateTrail is refused (InvalidCloudWatchLogsRoleArnException). What keeps
        // the role to this trail is iam:PassRole (same account only) and its one-log-group policy.
        sourceConditions: { enabled: false, reason: CLOUDTRAIL_LOGS_ROLE_REASON },
        statements: [
          {
            Sid: 'WriteTrailEvents',
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: `${logGroupArn}:log-stream:*`,
          },
        ],
        tags: props.tags,
      });
    }

    const controls: ControlId[] = [];
    if (multiRegion && this.coverage.allBuckets && this.coverage.reads && this.coverage.writes) {
      controls.push('cloudtrail-s3-data-events');
    }
    if (bucketLogged) controls.push('cloudtrail-bucket-access-logging');
    this.controls = controls;
    this.optOuts = optOuts.records;

    this.trail = new Cloudtrail(this, 'Trail', {
      name: props.trailName,
      s3BucketName: this.bucket.bucketName,
      s3KeyPrefix: props.s3KeyPrefix?.replace(/\/$/, '') || undefined,
      kmsKeyId: this.kmsKeyArn,
      enableLogging: true,
      isMultiRegionTrail: multiRegion,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: validation,
      advancedEventSelector: advancedEventSelectors(env.partition, management, dataEvents),
      cloudWatchLogsGroupArn: this.logGroup ? `${this.logGroup.arn}:*` : undefined,
      cloudWatchLogsRoleArn: this.logsRole?.roleArn,
      tags,
      // The trail checks at creation that it may write to the bucket and use the key.
      dependsOn: [
        this.bucket.policy,
        ...(isS3DataKey(key) ? [key.key] : []),
        ...(this.logsRole ? [this.logsRole.policy] : []),
      ],
    });
    recordSecurity(this.trail, { module: 'S3DataEventsTrail', controls, optOuts: optOuts.records });
  }
}
