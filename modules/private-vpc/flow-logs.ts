import { TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import {
  AwsEnvironment,
  LOG_RETENTION_DAYS,
  PropsValidator,
  ServiceRole,
  isToken,
  logGroupNameRule,
  logPrefixRule,
  logRetentionRule,
  mergeTags,
  recordSecurity,
  s3BucketArnRule,
} from '../core';
import { allowVendedLogDelivery } from '../bucket-policy';
import { KeyChoice, S3DataKey, checkKeyChoice, cloudWatchLogsPrincipal, keyOrNew } from '../kms';
import { SecureBucket } from '../secure-bucket';

/** Flow logs into a CloudWatch Logs group encrypted with a KMS key: the default. */
export interface CloudWatchFlowLogs {
  /** @default 'cloud-watch-logs' */
  readonly destination?: 'cloud-watch-logs';
  /**
   * The key of the log group: an S3DataKey (CloudWatch Logs is granted its use
   * for this log group only) or the ARN of a key whose policy already allows it.
   * @default - a new S3DataKey
   */
  readonly key?: KeyChoice;
  /**
   * Days the records are kept; one of the values CloudWatch Logs accepts.
   * @default 365
   * @see https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
   */
  readonly retentionDays?: (typeof LOG_RETENTION_DAYS)[number];
  /** @default '/vpc-flow-logs/<name>' */
  readonly logGroupName?: string;
  /**
   * Seconds over which flows are aggregated into one record (60 or 600).
   * @default 600
   */
  readonly maxAggregationInterval?: 60 | 600;
}

/**
 * Flow logs into an S3 bucket, written by the log delivery service
 * (`delivery.logs.amazonaws.com`).
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-permissions.html
 */
export interface S3FlowLogs {
  readonly destination: 's3';
  /**
   * The bucket: a SecureBucket (its policy and its S3DataKey are extended so
   * log delivery can write, for this account only), or the ARN of a bucket
   * whose policy (and key) already allow it (see `allowVendedLogDelivery`).
   */
  readonly bucket: SecureBucket | string;
  /**
   * Key prefix of the records, ending in `/`.
   * @default '' (AWS writes under AWSLogs/<account>/vpcflowlogs/)
   */
  readonly prefix?: string;
  /** @default 600 */
  readonly maxAggregationInterval?: 60 | 600;
}

export type FlowLogSettings = CloudWatchFlowLogs | S3FlowLogs;

export interface VpcFlowLogsProps {
  /** The VPC whose traffic (accepted and rejected) is recorded. */
  readonly vpcId: string;
  /** Used in the log group name; letters, digits and `-_.`. */
  readonly name: string;
  /** @default a CloudWatch Logs group encrypted with a new key, kept 365 days */
  readonly settings?: FlowLogSettings;
  readonly tags?: Record<string, string>;
}

/**
 * VPC flow logs of all traffic (Security Hub EC2.6), into a CloudWatch Logs
 * group encrypted with a customer managed key and a retention period, written
 * by a role only the VPC flow logs service of this account can assume; or into
 * an S3 bucket.
 */
export class VpcFlowLogs extends Construct {
  public readonly flowLog: FlowLog;
  public readonly logGroup?: CloudwatchLogGroup;
  public readonly role?: ServiceRole;
  /** The key this construct created, when none was given. */
  public readonly key?: S3DataKey;

  constructor(scope: Construct, id: string, props: VpcFlowLogsProps) {
    super(scope, id);
    const env = AwsEnvironment.of(this);
    const settings = props.settings ?? {};
    const v = new PropsValidator(this);
    v.rule('maxAggregationInterval', settings.maxAggregationInterval, (n: number) =>
      n === 60 || n === 600 ? undefined : 'must be 60 or 600 (seconds)',
    );
    const tags = mergeTags(v, 'tags', props.tags);

    if (settings.destination === 's3') {
      const bucket = settings.bucket;
      if (typeof bucket === 'string') v.rule('bucket', bucket, s3BucketArnRule);
      else if (!(bucket instanceof SecureBucket))
        v.fail('bucket', bucket, 'must be a SecureBucket or an S3 bucket ARN');
      v.rule('prefix', settings.prefix, logPrefixRule);
      v.throwIfAny();
      let waitFor: TerraformResource[] = [];
      if (bucket instanceof SecureBucket) {
        bucket.addPolicyTemplates('VpcFlowLogs', (arn) =>
          allowVendedLogDelivery(arn, {
            accountIds: [env.accountId],
            regions: env.knownRegion ? [env.knownRegion] : undefined,
            prefix: settings.prefix,
          }),
        );
        bucket.dataKey?.grantService({ service: 'delivery.logs.amazonaws.com' });
        waitFor = [bucket.policy];
      }
      const bucketArn = typeof bucket === 'string' ? bucket : bucket.bucketArn;
      this.flowLog = new FlowLog(this, 'FlowLog', {
        vpcId: props.vpcId,
        trafficType: 'ALL',
        logDestinationType: 's3',
        logDestination: `${bucketArn}/${settings.prefix ?? ''}`,
        maxAggregationInterval: settings.maxAggregationInterval ?? 600,
        tags,
        dependsOn: waitFor.length > 0 ? waitFor : undefined,
      });
      recordSecurity(this.flowLog, { module: 'VpcFlowLogs', controls: [], optOuts: [] });
      return;
    }

    const cw = settings as CloudWatchFlowLogs;
    if (cw.destination !== undefined && cw.destination !== 'cloud-watch-logs') {
      v.fail('destination', cw.destination, 'must be "cloud-watch-logs" or "s3"');
    }
    const groupName = cw.logGroupName ?? `/vpc-flow-logs/${props.name}`;
    v.rule('logGroupName', groupName, logGroupNameRule);
    v.rule('retentionDays', cw.retentionDays, logRetentionRule);
    checkKeyChoice(v, 'key', cw.key);
    v.throwIfAny();

    const logGroupArn = `arn:${env.partition}:logs:${env.region}:${env.accountId}:log-group:${groupName}`;
    const {
      key,
      created,
      arn: keyArn,
    } = keyOrNew(this, 'Key', cw.key, {
      description: `Encrypts the VPC flow logs in ${isToken(groupName) ? 'a log group' : groupName}`,
      tags: props.tags,
    });
    this.key = created;
    // The ARN is built, not read from the log group: the group waits for the key, not the other way round.
    if (typeof key !== 'string') {
      key.grantService({
        service: cloudWatchLogsPrincipal(env.region),
        conditions: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': logGroupArn } },
      });
    }

    this.logGroup = new CloudwatchLogGroup(this, 'LogGroup', {
      name: groupName,
      kmsKeyId: keyArn,
      retentionInDays: cw.retentionDays ?? 365,
      tags,
    });
    recordSecurity(this.logGroup, { module: 'VpcFlowLogs', controls: [], optOuts: [] });

    this.role = new ServiceRole(this, 'Role', {
      service: 'vpc-flow-logs.amazonaws.com',
      description: `Delivers VPC flow logs to ${isToken(groupName) ? 'their log group' : groupName}`,
      // The VPC user guide (IAM role for publishing flow logs to CloudWatch Logs) recommends these
      // conditions: the service sends aws:SourceAccount and the flow log ARN as aws:SourceArn.
      sourceArns: [`arn:${env.partition}:ec2:${env.region}:${env.accountId}:vpc-flow-log/*`],
      statements: [
        {
          Sid: 'WriteFlowLogRecords',
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          Resource: [logGroupArn, `${logGroupArn}:*`],
        },
        {
          Sid: 'FindLogGroup',
          Effect: 'Allow',
          Action: 'logs:DescribeLogGroups',
          Resource: `arn:${env.partition}:logs:${env.region}:${env.accountId}:log-group:*`,
        },
      ],
      tags: props.tags,
    });
    this.flowLog = new FlowLog(this, 'FlowLog', {
      vpcId: props.vpcId,
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logDestination: this.logGroup.arn,
      iamRoleArn: this.role.roleArn,
      maxAggregationInterval: cw.maxAggregationInterval ?? 600,
      tags,
      dependsOn: [this.role.policy],
    });
    recordSecurity(this.flowLog, { module: 'VpcFlowLogs', controls: [], optOuts: [] });
  }
}
