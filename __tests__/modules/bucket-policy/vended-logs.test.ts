import { allowVendedLogDelivery } from '../../../modules/bucket-policy';
import { S3DataKey } from '../../../modules/kms';
import { SecureBucket } from '../../../modules/secure-bucket';
import { expectError, testStack } from '../../helpers';

const BUCKET = 'arn:aws:s3:::acme-flow-logs';

describe('allowVendedLogDelivery', () => {
  it('checks the bucket and writes under AWSLogs/<account>/ for the named accounts and regions only', () => {
    const [check, write] = allowVendedLogDelivery(BUCKET, {
      accountIds: ['444455556666', '111122223333'],
      regions: ['eu-west-1'],
      prefix: 'flows/',
    });
    const sources = {
      StringEquals: { 'aws:SourceAccount': ['111122223333', '444455556666'] },
      ArnLike: {
        'aws:SourceArn': ['arn:aws:logs:eu-west-1:111122223333:*', 'arn:aws:logs:eu-west-1:444455556666:*'],
      },
    };
    expect(check).toEqual({
      Sid: 'AWSLogDeliveryAclCheck',
      Effect: 'Allow',
      Principal: { Service: 'delivery.logs.amazonaws.com' },
      Action: ['s3:GetBucketAcl', 's3:ListBucket'],
      Resource: BUCKET,
      Condition: sources,
    });
    expect(write).toEqual({
      Sid: 'AWSLogDeliveryWrite',
      Effect: 'Allow',
      Principal: { Service: 'delivery.logs.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: [`${BUCKET}/flows/AWSLogs/111122223333/*`, `${BUCKET}/flows/AWSLogs/444455556666/*`],
      Condition: {
        ...sources,
        StringEquals: { ...sources.StringEquals, 's3:x-amz-acl': 'bucket-owner-full-control' },
      },
    });
  });

  it('takes any region of the accounts by default, in the bucket partition', () => {
    const [, write] = allowVendedLogDelivery('arn:aws-us-gov:s3:::acme-flow-logs', {
      accountIds: ['111122223333'],
    });
    expect(write.Resource).toBe('arn:aws-us-gov:s3:::acme-flow-logs/AWSLogs/111122223333/*');
    expect(write.Condition?.ArnLike).toEqual({ 'aws:SourceArn': 'arn:aws-us-gov:logs:*:111122223333:*' });
  });

  it.each([
    [
      { accountIds: [] },
      /allowVendedLogDelivery: accountIds \[\] must not be empty: an empty list would let no account deliver/,
    ],
    [{ accountIds: ['1234'] }, /accountIds\[0\] "1234" is not an AWS account id/],
    [
      { accountIds: ['111122223333'], regions: ['Ireland'] },
      /regions\[0\] "Ireland" is not an AWS region code/,
    ],
    [{ accountIds: ['111122223333'], prefix: 'flows' }, /prefix "flows" is not a valid log prefix/],
  ])('rejects %j', (props, message) => {
    expectError(() => allowVendedLogDelivery(BUCKET, props), message);
  });
});

describe('SecureBucket.dataKey', () => {
  it('is the key the bucket created or was given, and nothing for a key given by ARN or SSE-S3', () => {
    const stack = testStack();
    const given = new S3DataKey(stack, 'given');
    const optOut = { enabled: false as const, reason: 'a test bucket without access logs' };
    const created = new SecureBucket(stack, 'a', { bucketName: 'acme-a-1234', accessLogs: optOut });
    const shared = new SecureBucket(stack, 'b', {
      bucketName: 'acme-b-1234',
      accessLogs: optOut,
      encryption: { key: given },
    });
    const byArn = new SecureBucket(stack, 'c', {
      bucketName: 'acme-c-1234',
      accessLogs: optOut,
      encryption: { key: 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' },
    });
    const sseS3 = new SecureBucket(stack, 'd', {
      bucketName: 'acme-d-1234',
      accessLogs: optOut,
      encryption: { type: 'SSE_S3', reason: 'public open data mirror, no confidentiality' },
    });
    expect(created.dataKey).toBe(created.key);
    expect(shared.dataKey).toBe(given);
    expect(byArn.dataKey).toBeUndefined();
    expect(sseS3.dataKey).toBeUndefined();
  });
});
