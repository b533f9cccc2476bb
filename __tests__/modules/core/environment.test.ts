import { App, TerraformStack, Testing } from 'cdktf';
import { AwsEnvironment } from '../../../modules/core';
import { expectError } from '../../helpers';

describe('AwsEnvironment', () => {
  const stack = () => new TerraformStack(Testing.app() as App, 'test');

  it('gives literals when configured, deriving the partition from the region', () => {
    const s = stack();
    const env = AwsEnvironment.configure(s, { accountId: '111122223333', region: 'cn-north-1' });
    expect(env.accountId).toBe('111122223333');
    expect(env.partition).toBe('aws-cn');
    expect(env.bucketArn('b')).toBe('arn:aws-cn:s3:::b');
    expect(env.accountRootArn).toBe('arn:aws-cn:iam::111122223333:root');
    expect(AwsEnvironment.of(s)).toBe(env);
  });

  it('creates data sources lazily when not configured', () => {
    const s = stack();
    const env = AwsEnvironment.of(s);
    expect(JSON.parse(Testing.synth(s)).data).toBeUndefined();
    void env.accountId;
    expect(Object.keys(JSON.parse(Testing.synth(s)).data)).toEqual(['aws_caller_identity']);
  });

  it('is configured once', () => {
    const s = stack();
    AwsEnvironment.configure(s, {});
    expectError(() => AwsEnvironment.configure(s, {}), 'test: the AWS environment is already configured');
  });

  it.each([
    [{ accountId: '123' }, /accountId "123" is not an AWS account id/],
    [{ region: 'Europe' }, /region "Europe" is not an AWS region code/],
    [{ partition: 'aws-mars' }, /partition "aws-mars" is not an AWS partition/],
  ])('rejects %j', (props, message) => {
    expectError(() => AwsEnvironment.configure(stack(), props), message);
  });
});
