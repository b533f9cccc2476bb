import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { AwsEnvironment } from '../../../modules/core';
import { S3DataKey, cloudWatchLogsPrincipal } from '../../../modules/kms';
import { ACCOUNT, expectError, policyOf, resourceOf, synth, testStack } from '../../helpers';

describe('S3DataKey', () => {
  const stack = testStack();
  const key = new S3DataKey(stack, 'key', {
    alias: 'alias/s3/data',
    serviceGrants: [
      {
        service: 'cloudtrail.amazonaws.com',
        sourceArns: [`arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/main`],
      },
    ],
    administratorArns: [`arn:aws:iam::${ACCOUNT}:role/key-admin`],
  });
  key.grantService({ service: 'logging.s3.amazonaws.com' });
  const { text, json, snapshot } = synth(stack);
  const policy = policyOf(resourceOf(json, 'aws_kms_key'));
  const bySid = Object.fromEntries(policy.Statement.map((s) => [s.Sid, s]));

  it('matches the snapshot', () => {
    expect(snapshot).toMatchSnapshot();
  });

  it('rotates, waits 30 days before deletion and is protected from destroy', () => {
    expect(text).toHaveResourceWithProperties(KmsKey, {
      enable_key_rotation: true,
      deletion_window_in_days: 30,
      bypass_policy_lockout_safety_check: false,
      lifecycle: { prevent_destroy: true },
    });
    expect(text).toHaveResourceWithProperties(KmsAlias, { name: 'alias/s3/data' });
  });

  it('lets the account administer but not use the key outside S3', () => {
    expect(bySid.AccountAdministersKey).toMatchObject({
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
    });
    const adminActions = bySid.AccountAdministersKey.Action as string[];
    expect(adminActions).not.toContain('kms:*');
    expect(adminActions.filter((a) => /Decrypt|Encrypt|GenerateDataKey|ReEncrypt/.test(a))).toEqual([]);
    expect(bySid.AccountUsesKeyThroughS3.Condition).toEqual({
      StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com', 'kms:CallerAccount': ACCOUNT },
    });
    expect(bySid.NamedAdministrators.Principal).toEqual({ AWS: [`arn:aws:iam::${ACCOUNT}:role/key-admin`] });
  });

  it('grants services only for this account, and only for the named resources when given', () => {
    expect(bySid.AllowCloudTrailEncryption).toMatchObject({
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: ['kms:GenerateDataKey*', 'kms:DescribeKey'],
      Condition: {
        StringEquals: { 'aws:SourceAccount': ACCOUNT },
        ArnLike: { 'aws:SourceArn': [`arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/main`] },
      },
    });
    expect(bySid.AllowS3ServerAccessLogDelivery).toMatchObject({
      Action: ['kms:GenerateDataKey'],
      Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
    });
    expect(bySid.AllowS3ServerAccessLogDelivery.Condition?.ArnLike).toBeUndefined();
  });

  it('merges grants to the same service, an unrestricted grant winning', () => {
    const s = testStack();
    const k = new S3DataKey(s, 'key', {});
    k.grantService({
      service: 'config.amazonaws.com',
      sourceArns: ['arn:aws:config:eu-west-1:111122223333:*'],
    });
    k.grantService({
      service: 'config.amazonaws.com',
      sourceArns: ['arn:aws:config:us-east-1:111122223333:*'],
    });
    const merged = k.policyStatements.find((st) => st.Sid === 'AllowConfigDelivery')!;
    expect(merged.Condition?.ArnLike).toEqual({
      'aws:SourceArn': ['arn:aws:config:eu-west-1:111122223333:*', 'arn:aws:config:us-east-1:111122223333:*'],
    });
    k.grantService({ service: 'config.amazonaws.com' });
    expect(
      k.policyStatements.find((st) => st.Sid === 'AllowConfigDelivery')!.Condition?.ArnLike,
    ).toBeUndefined();
  });

  it('uses data sources when the account is not known at synth time', () => {
    const s = testStack('unknown');
    new S3DataKey(s, 'key');
    const { json: j } = synth(s);
    expect(resourceOf(j, 'aws_kms_key').policy).toMatch(/^\$\{jsonencode\(.*data\.aws_caller_identity\./s);
  });
});

describe('S3DataKey validation', () => {
  it.each([
    [{ alias: 'data' }, /test\/key: alias "data" is not a KMS alias/],
    [{ alias: 'alias/aws/s3' }, /alias "alias\/aws\/s3" is not a usable KMS alias: alias\/aws\/ is reserved/],
    [{ deletionWindowInDays: 5 }, /deletionWindowInDays 5 must be a whole number from 7 to 30/],
    [{ deletionWindowInDays: 31 }, /deletionWindowInDays 31 must be a whole number from 7 to 30/],
    [{ administratorArns: ['admin'] }, /administratorArns\[0\] "admin" is not an IAM principal ARN/],
    [
      { userArns: ['arn:aws:s3:::bucket'] },
      /userArns\[0\] "arn:aws:s3:::bucket" is not an IAM principal ARN/,
    ],
    [
      { serviceGrants: [{ service: 'logging' }] },
      /serviceGrants\[0\].service "logging" is not an AWS service principal/,
    ],
    [
      { serviceGrants: [{ service: 'glue.amazonaws.com' }] },
      /serviceGrants\[0\].actions undefined must list the key actions for glue.amazonaws.com/,
    ],
    [
      { serviceGrants: [{ service: 'glue.amazonaws.com', actions: ['Decrypt'] }] },
      /serviceGrants\[0\].actions\[0\] "Decrypt" is not a KMS action/,
    ],
    [
      { serviceGrants: [{ service: 'config.amazonaws.com', sourceArns: [] }] },
      /serviceGrants\[0\].sourceArns \[\] must not be empty/,
    ],
    [
      { preventDestroy: { enabled: false, reason: 'test' } },
      /preventDestroy.reason "test" must explain the accepted risk/,
    ],
  ])('rejects %j', (props, message) => {
    expectError(() => new S3DataKey(testStack(), 'key', props as never), message);
  });

  it('grantService validates too', () => {
    const key = new S3DataKey(testStack(), 'key');
    expectError(
      () => key.grantService({ service: 'not a service' }),
      /grantService\("not a service"\).service/,
    );
  });
});

describe('S3DataKey grants to CloudWatch Logs', () => {
  const groupArn = (name: string) => `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:${name}`;
  const logsGrant = (name: string) => ({
    service: cloudWatchLogsPrincipal('eu-west-1'),
    conditions: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': groupArn(name) } },
  });

  it('recognizes the regional principal when the region is only known at apply time', () => {
    const s = testStack('unknown');
    const key = new S3DataKey(s, 'key');
    const region = AwsEnvironment.of(s).region;
    key.grantService({
      service: cloudWatchLogsPrincipal(region),
      conditions: {
        ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${region}:*:log-group:x` },
      },
    });
    const st = key.policyStatements.find((x) => x.Sid === 'AllowCloudWatchLogsEncryption')!;
    expect(Object.keys(st.Condition!)).toEqual(['ArnLike']);
    expect(synth(s).json.resource!.aws_kms_key).toBeDefined();
  });

  it('scopes the grant by the log group encryption context, without aws:SourceAccount', () => {
    const key = new S3DataKey(testStack(), 'key');
    key.grantService(logsGrant('/vpc/flow-logs'));
    const st = key.policyStatements.find((x) => x.Sid === 'AllowCloudWatchLogsEncryption')!;
    expect(st).toEqual({
      Sid: 'AllowCloudWatchLogsEncryption',
      Effect: 'Allow',
      Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
      Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      Resource: '*',
      Condition: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': groupArn('/vpc/flow-logs') } },
    });
  });

  it('combines the log groups of several grants instead of keeping the last one', () => {
    const key = new S3DataKey(testStack(), 'key');
    key.grantService(logsGrant('/vpc/a'));
    key.grantService(logsGrant('/vpc/b'));
    const st = key.policyStatements.find((x) => x.Sid === 'AllowCloudWatchLogsEncryption')!;
    expect(st.Condition).toEqual({
      ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': [groupArn('/vpc/a'), groupArn('/vpc/b')] },
    });
  });

  it.each([
    [
      { service: 'logs.eu-west-1.amazonaws.com' },
      /grantService\("logs.eu-west-1.amazonaws.com"\).conditions undefined must limit logs.eu-west-1.amazonaws.com to named resources with ArnLike or ArnEquals on kms:EncryptionContext:aws:logs:arn/,
    ],
    [
      { ...logsGrant('/x'), sourceArns: [groupArn('/x')] },
      /sourceArns .* is not used by logs.eu-west-1.amazonaws.com: name its resources with the kms:EncryptionContext:aws:logs:arn condition/,
    ],
  ])('refuses a CloudWatch Logs grant that names no log group (%#)', (grant, message) => {
    const key = new S3DataKey(testStack(), 'key');
    expectError(() => key.grantService(grant), message);
  });
});
