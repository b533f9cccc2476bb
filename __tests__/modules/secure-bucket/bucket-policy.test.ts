import { TerraformStack } from 'cdktf';
import {
  denyInsecureTransport,
  grantRead,
  grantReadWrite,
  restrictToSourceIps,
  restrictToVpcEndpoints,
} from '../../../modules/bucket-policy';
import { AccessLogBucket, SecureBucket, SecureBucketProps } from '../../../modules/secure-bucket';
import { ACCOUNT, expectError, policyOf, resourceOf, synth, testStack } from '../../helpers';

const NAME = 'acme-data-111122223333';
const ARN = `arn:aws:s3:::${NAME}`;
const ENDPOINT = 'vpce-0a1b2c3d4e5f67890';

function bucketIn(stack: TerraformStack, props: Partial<SecureBucketProps> = {}): SecureBucket {
  const logs = new AccessLogBucket(stack, 'logs', { bucketName: 'acme-logs-111122223333' });
  return new SecureBucket(stack, 'data', { bucketName: NAME, accessLogs: { bucket: logs }, ...props });
}

describe('SecureBucket with policy templates', () => {
  it('composes mandatory denies, template restrictions and user statements into one literal policy', () => {
    const stack = testStack();
    const bucket = bucketIn(stack);
    bucket.addMandatoryPolicyStatements(
      'DataStack',
      restrictToVpcEndpoints(ARN, { endpointIds: [ENDPOINT] }),
    );
    bucket.addPolicyStatements(...grantRead(ARN, { principals: ['444455556666'] }));
    const { json } = synth(stack);
    const policies = Object.values(json.resource?.aws_s3_bucket_policy ?? {});
    expect(policies.filter((p) => p.bucket === '${aws_s3_bucket.data_Bucket_0E3E39A6.bucket}')).toHaveLength(
      1,
    );
    const policy = policyOf(resourceOf(json, 'aws_s3_bucket_policy', 'data/Policy'));
    expect(policy.Statement.map((s) => s.Sid)).toEqual([
      'DenyInsecureTransport',
      'DenyOutdatedTls',
      'DenyOutsideVpcEndpoints',
      'GrantReadBucket',
      'GrantReadObjects',
    ]);
  });

  it('refuses a user statement that would replace a template restriction, naming who added it', () => {
    const bucket = bucketIn(testStack());
    bucket.addMandatoryPolicyStatements(
      'DataStack',
      restrictToVpcEndpoints(ARN, { endpointIds: [ENDPOINT] }),
    );
    expectError(
      () =>
        bucket.addPolicyStatements({
          ...restrictToVpcEndpoints(ARN, { endpointIds: [ENDPOINT] }),
          Effect: 'Allow',
        }),
      'test/data: bucket policy, statement Sid "DenyOutsideVpcEndpoints" from addPolicyStatements would replace a mandatory statement of DataStack',
    );
  });

  it('refuses two templates with the same Sid', () => {
    const bucket = bucketIn(testStack());
    bucket.addPolicyStatements(...grantRead(ARN, { principals: ['444455556666'] }));
    expectError(
      () => bucket.addPolicyStatements(...grantRead(ARN, { principals: ['777788889999'] })),
      'statement Sid "GrantReadBucket" from addPolicyStatements is already used by addPolicyStatements; Sids must be unique',
    );
  });

  it("refuses a template built for another bucket's ARN", () => {
    const bucket = bucketIn(testStack());
    expectError(
      () =>
        bucket.addMandatoryPolicyStatements('DataStack', denyInsecureTransport('arn:aws:s3:::other-bucket')),
      'test/data: bucket policy, statement "DenyInsecureTransport": Resource "arn:aws:s3:::other-bucket" is not this bucket',
    );
  });

  it('refuses cross-account writes while objects would belong to the writer', () => {
    const bucket = bucketIn(testStack(), {
      objectOwnership: { mode: 'ObjectWriter', reason: 'legacy uploader sets canned ACLs per object' },
    });
    expectError(
      () => bucket.addPolicyStatements(...grantReadWrite(ARN, { principals: ['444455556666'] })),
      'test/data: bucket policy, statement "GrantReadWriteObjects" lets another account write objects while object ownership is ObjectWriter',
    );
    // Reads by another account and writes by this account stay possible.
    bucket.addPolicyStatements(...grantRead(ARN, { principals: ['444455556666'] }));
    bucket.addPolicyStatements(
      ...grantReadWrite(ARN, { principals: [`arn:aws:iam::${ACCOUNT}:role/app`], sid: 'AppWrite' }),
    );
    expect(bucket.policyDocument.Statement).toHaveLength(6);
  });

  it('accepts cross-account writes with ownership enforced (the default)', () => {
    const bucket = bucketIn(testStack());
    bucket.addPolicyStatements(...grantReadWrite(ARN, { principals: ['444455556666'] }));
    expect(bucket.objectOwnership).toBe('BucketOwnerEnforced');
    expect(bucket.policyDocument.Statement.map((s) => s.Sid)).toContain('GrantReadWriteObjects');
  });

  it('stops synthesis with a clear error when the policy passes 20 KB', () => {
    const stack = testStack();
    const bucket = bucketIn(stack);
    const cidrs = Array.from({ length: 1500 }, (_, i) => `10.${Math.floor(i / 256)}.${i % 256}.0/24`);
    bucket.addMandatoryPolicyStatements('DataStack', restrictToSourceIps(ARN, { cidrs }));
    expectError(
      () => synth(stack),
      /test\/data: the bucket policy is \d+ characters, over the AWS limit of 20480/,
    );
  });

  it('renders with jsonencode when the partition is only known at apply time', () => {
    const stack = testStack('unknown');
    const bucket = bucketIn(stack);
    bucket.addMandatoryPolicyStatements(
      'DataStack',
      restrictToVpcEndpoints(bucket.bucketArn, { endpointIds: [ENDPOINT] }),
    );
    const policy = resourceOf(synth(stack).json, 'aws_s3_bucket_policy', 'data/Policy').policy as string;
    expect(policy.startsWith('${jsonencode(')).toBe(true);
    expect(policy).toContain('DenyOutsideVpcEndpoints');
  });
});
