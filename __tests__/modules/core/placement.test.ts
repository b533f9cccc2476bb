import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { AwsEnvironment, AwsPlacement } from '../../../modules/core';
import { ACCOUNT, REGION, resourceOf, synth, testStack } from '../../helpers';

describe('AwsPlacement', () => {
  const stack = testStack();
  const frankfurt = new AwsPlacement(stack, 'fra', { region: 'eu-central-1' });
  const provider = new AwsProvider(stack, 'vault', { alias: 'vault', region: 'us-east-1' });
  const vault = new AwsPlacement(frankfurt, 'vault', { accountId: '444455556666', provider });
  new S3Bucket(stack, 'home', { bucket: 'home-bucket-111122223333' });
  new S3Bucket(frankfurt, 'away', { bucket: 'away-bucket-111122223333' });
  new S3Bucket(vault, 'vaulted', { bucket: 'vault-bucket-444455556666' });
  new IamRole(frankfurt, 'role', { assumeRolePolicy: '{}' });
  const { json } = synth(stack);

  it('gives modules under it its region and account, inheriting what it does not set', () => {
    expect([AwsEnvironment.of(stack).knownRegion, AwsEnvironment.of(stack).knownAccountId]).toEqual([
      REGION,
      ACCOUNT,
    ]);
    expect([AwsEnvironment.of(frankfurt).region, AwsEnvironment.of(frankfurt).accountId]).toEqual([
      'eu-central-1',
      ACCOUNT,
    ]);
    const inner = AwsEnvironment.of(vault.node.findChild('vaulted'));
    expect([inner.region, inner.accountId, inner.partition, inner.isPlaced]).toEqual([
      'eu-central-1',
      '444455556666',
      'aws',
      true,
    ]);
  });

  it('sets the region argument on regional resources, and the provider, but leaves global ones alone', () => {
    expect(resourceOf(json, 'aws_s3_bucket', 'test/home').region).toBeUndefined();
    expect(resourceOf(json, 'aws_s3_bucket', 'fra/away')).toMatchObject({ region: 'eu-central-1' });
    expect(resourceOf(json, 'aws_s3_bucket', 'fra/away').provider).toBeUndefined();
    expect(resourceOf(json, 'aws_s3_bucket', 'vault/vaulted')).toMatchObject({
      region: 'eu-central-1',
      provider: 'aws.vault',
    });
    expect(resourceOf(json, 'aws_iam_role').region).toBeUndefined();
  });
});
