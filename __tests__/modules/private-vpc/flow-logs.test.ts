import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { S3DataKey } from '../../../modules/kms';
import { AccessLogBucket, SecureBucket } from '../../../modules/secure-bucket';
import { VpcFlowLogs, VpcFlowLogsProps } from '../../../modules/private-vpc';
import { ACCOUNT, expectError, policyOf, resourceOf, resourcesOf, synth, testStack } from '../../helpers';
import { simulate } from '../../support/simulate';
import { vocabularyProblems } from '../../support/vocabulary';

const VPC = 'vpc-0a1b2c3d4e5f67890';
const GROUP_ARN = `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/vpc-flow-logs/main`;

function build(settings?: VpcFlowLogsProps['settings'], env?: Parameters<typeof testStack>[0]) {
  const stack = testStack(env);
  const logs = new VpcFlowLogs(stack, 'flow-logs', { vpcId: VPC, name: 'main', settings });
  return { stack, logs, ...synth(stack) };
}

describe('VpcFlowLogs into CloudWatch Logs (default)', () => {
  const { text, json, snapshot, logs } = build();

  it('matches the snapshot', () => {
    expect(snapshot).toMatchSnapshot();
  });

  it('keeps a year of records in a log group encrypted with a new key', () => {
    expect(text).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: '/vpc-flow-logs/main',
      retention_in_days: 365,
      kms_key_id: expect.stringMatching(/^\$\{aws_kms_key\..*\.arn\}$/),
    });
    expect(logs.key).toBeDefined();
  });

  it('lets CloudWatch Logs use the key for this log group only', () => {
    const statement = policyOf(resourceOf(json, 'aws_kms_key')).Statement.find(
      (s) => s.Sid === 'AllowCloudWatchLogsEncryption',
    );
    expect(statement).toMatchObject({
      Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
      Condition: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': GROUP_ARN } },
    });
  });

  it('delivers with a role only the flow logs service of this account can assume', () => {
    const role = resourceOf(json, 'aws_iam_role');
    expect(JSON.parse(role.assume_role_policy as string).Statement).toEqual([
      {
        Sid: 'TrustedService',
        Effect: 'Allow',
        Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: {
          StringEquals: { 'aws:SourceAccount': ACCOUNT },
          ArnLike: { 'aws:SourceArn': `arn:aws:ec2:eu-west-1:${ACCOUNT}:vpc-flow-log/*` },
        },
      },
    ]);
  });

  it('uses only actions and condition keys that exist, in the key policy and the role policy', async () => {
    expect(await vocabularyProblems(policyOf(resourceOf(json, 'aws_kms_key')))).toEqual([]);
    expect(await vocabularyProblems(policyOf(resourceOf(json, 'aws_iam_role_policy')))).toEqual([]);
    expect(await vocabularyProblems(String(resourceOf(json, 'aws_iam_role').assume_role_policy))).toEqual([]);
  });

  it('lets the role write into this log group and nothing else', () => {
    const statements = policyOf(resourceOf(json, 'aws_iam_role_policy')).Statement;
    expect(statements[0]).toEqual({
      Sid: 'WriteFlowLogRecords',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
      Resource: [GROUP_ARN, `${GROUP_ARN}:*`],
    });
    expect(statements[1]).toMatchObject({ Action: 'logs:DescribeLogGroups' });
    expect(statements.flatMap((s) => s.Action)).not.toContain('logs:*');
  });

  it('records all traffic of the VPC, once the role can write', () => {
    expect(text).toHaveResourceWithProperties(FlowLog, {
      vpc_id: VPC,
      traffic_type: 'ALL',
      log_destination_type: 'cloud-watch-logs',
      max_aggregation_interval: 600,
      log_destination: expect.stringMatching(/^\$\{aws_cloudwatch_log_group\..*\.arn\}$/),
      iam_role_arn: expect.stringMatching(/^\$\{aws_iam_role\..*\.arn\}$/),
    });
    expect(resourceOf(json, 'aws_flow_log').depends_on).toEqual([
      expect.stringMatching(/^aws_iam_role_policy\./),
    ]);
  });
});

describe('VpcFlowLogs options', () => {
  it('grants CloudWatch Logs on a given S3DataKey instead of creating one', () => {
    const stack = testStack();
    const key = new S3DataKey(stack, 'shared');
    new VpcFlowLogs(stack, 'flow-logs', {
      vpcId: VPC,
      name: 'main',
      settings: { key, retentionDays: 3653, logGroupName: '/network/flows', maxAggregationInterval: 60 },
    });
    const { json } = synth(stack);
    expect(Object.keys(resourcesOf(json, 'aws_kms_key'))).toHaveLength(1);
    expect(key.policyStatements.find((s) => s.Sid === 'AllowCloudWatchLogsEncryption')?.Condition).toEqual({
      ArnEquals: {
        'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/network/flows`,
      },
    });
    expect(resourceOf(json, 'aws_cloudwatch_log_group')).toMatchObject({
      name: '/network/flows',
      retention_in_days: 3653,
    });
    expect(resourceOf(json, 'aws_flow_log').max_aggregation_interval).toBe(60);
  });

  it('uses a key given by ARN as it is', () => {
    const keyArn = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    const { json, logs } = build({ key: keyArn });
    expect(resourcesOf(json, 'aws_kms_key')).toEqual({});
    expect(logs.key).toBeUndefined();
    expect(resourceOf(json, 'aws_cloudwatch_log_group').kms_key_id).toBe(keyArn);
  });

  it('writes into an S3 bucket without a role or log group', () => {
    const { json } = build({ destination: 's3', bucket: 'arn:aws:s3:::acme-flow-logs', prefix: 'vpc/' });
    expect(resourceOf(json, 'aws_flow_log')).toMatchObject({
      log_destination_type: 's3',
      log_destination: 'arn:aws:s3:::acme-flow-logs/vpc/',
      traffic_type: 'ALL',
    });
    expect(resourcesOf(json, 'aws_iam_role')).toEqual({});
    expect(resourcesOf(json, 'aws_cloudwatch_log_group')).toEqual({});
  });

  it('into a SecureBucket, lets log delivery write for this account and use the bucket key', async () => {
    const stack = testStack();
    const logs = new AccessLogBucket(stack, 'access-logs', { bucketName: 'acme-access-logs-111122223333' });
    const bucket = new SecureBucket(stack, 'flow-bucket', {
      bucketName: 'acme-flow-logs-111122223333',
      accessLogs: { bucket: logs },
    });
    new VpcFlowLogs(stack, 'flow-logs', {
      vpcId: VPC,
      name: 'main',
      settings: { destination: 's3', bucket, prefix: 'vpc/' },
    });
    const { json } = synth(stack);
    const flowLog = resourceOf(json, 'aws_flow_log');
    expect(flowLog).toMatchObject({
      log_destination: 'arn:aws:s3:::acme-flow-logs-111122223333/vpc/',
      depends_on: [expect.stringMatching(/^aws_s3_bucket_policy\.flow-bucket_Policy_/)],
    });
    const policy = policyOf(resourceOf(json, 'aws_s3_bucket_policy', 'flow-bucket/Policy'));
    const write = policy.Statement.find((s) => s.Sid === 'AWSLogDeliveryWrite')!;
    expect(write).toMatchObject({
      Principal: { Service: 'delivery.logs.amazonaws.com' },
      Resource: `arn:aws:s3:::acme-flow-logs-111122223333/vpc/AWSLogs/${ACCOUNT}/*`,
      Condition: {
        StringEquals: { 'aws:SourceAccount': ACCOUNT, 's3:x-amz-acl': 'bucket-owner-full-control' },
        ArnLike: { 'aws:SourceArn': `arn:aws:logs:eu-west-1:${ACCOUNT}:*` },
      },
    });
    expect(bucket.dataKey!.policyStatements.map((s) => s.Sid)).toContain('AllowLogDelivery');
    expect(await vocabularyProblems(policy)).toEqual([]);
    const deliver = (sourceAccount: string, key: string) =>
      simulate(
        { resourcePolicy: policy },
        {
          principal: 'delivery.logs.amazonaws.com',
          action: 's3:PutObject',
          resource: `arn:aws:s3:::acme-flow-logs-111122223333/${key}`,
          resourceAccount: ACCOUNT,
          sourceAccount,
          sourceArn: `arn:aws:logs:eu-west-1:${sourceAccount}:delivery-source:vpc`,
          context: { 's3:x-amz-acl': 'bucket-owner-full-control' },
        },
      );
    expect(await deliver(ACCOUNT, `vpc/AWSLogs/${ACCOUNT}/vpcflowlogs/x.log.gz`)).toBe('Allowed');
    expect(await deliver('999988887777', 'vpc/AWSLogs/999988887777/vpcflowlogs/x.log.gz')).toBe(
      'ImplicitlyDenied',
    );
    expect(await deliver(ACCOUNT, `other/AWSLogs/${ACCOUNT}/x.log.gz`)).toBe('ImplicitlyDenied');
  });

  it('builds the log group ARN from data sources when the environment is unknown', () => {
    const { json } = build(undefined, 'unknown');
    expect(resourceOf(json, 'aws_iam_role_policy').policy).toMatch(
      /^\$\{jsonencode\(.*data\.aws_partition\..*data\.aws_region\..*data\.aws_caller_identity\./s,
    );
  });
});

describe('VpcFlowLogs validation', () => {
  it.each([
    [
      { retentionDays: 10 as 7 },
      /test\/flow-logs: retentionDays 10 is not a retention CloudWatch Logs accepts: one of 1, 3, 5, 7, 14, 30/,
    ],
    [{ maxAggregationInterval: 300 as 60 }, /maxAggregationInterval 300 must be 60 or 600 \(seconds\)/],
    [{ logGroupName: 'flow logs!' }, /logGroupName "flow logs!" is not a valid log group name/],
    [{ key: 'alias/flow' }, /key "alias\/flow" is not a KMS key ARN/],
    [{ key: {} as unknown as string }, /key \{\} must be an S3DataKey or a KMS key ARN/],
    [
      { destination: 'firehose' as 'cloud-watch-logs' },
      /destination "firehose" must be "cloud-watch-logs" or "s3"/,
    ],
    [
      { destination: 's3' as const, bucket: undefined as unknown as string },
      /bucket undefined must be a SecureBucket or an S3 bucket ARN/,
    ],
    [
      { destination: 's3' as const, bucket: 'acme-flow-logs' },
      /bucket "acme-flow-logs" is not an S3 bucket ARN/,
    ],
    [
      { destination: 's3' as const, bucket: 'arn:aws:s3:::acme-flow-logs', prefix: 'vpc' },
      /prefix "vpc" is not a valid log prefix: end it with "\/"/,
    ],
  ])('rejects %j', (settings, message) => {
    expectError(() => build(settings as VpcFlowLogsProps['settings']), message);
  });
});
