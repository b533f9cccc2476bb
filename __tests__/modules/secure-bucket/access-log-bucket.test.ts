import { MAX_LISTED_LOG_SOURCES } from '../../../modules/bucket-policy';
import {
  AccessLogBucket,
  LOG_BUCKET_ENCRYPTION_REASON,
  LOG_BUCKET_SELF_LOGGING_REASON,
  SecureBucket,
} from '../../../modules/secure-bucket';
import { ACCOUNT, policyOf, resourceOf, resourcesOf, synth, testStack } from '../../helpers';

const LOGS = 'acme-logs-111122223333';

describe('AccessLogBucket', () => {
  const stack = testStack();
  const logs = new AccessLogBucket(stack, 'logs', { bucketName: LOGS, retentionDays: 400 });
  new SecureBucket(stack, 'a', { bucketName: 'acme-a-111122223333', accessLogs: { bucket: logs } });
  new SecureBucket(stack, 'b', {
    bucketName: 'acme-b-111122223333',
    accessLogs: { bucket: logs, prefix: 'custom/b/' },
  });
  const { json, snapshot } = synth(stack);
  const policy = policyOf(resourceOf(json, 'aws_s3_bucket_policy', 'logs/Bucket/Policy'));

  it('matches the snapshot', () => {
    expect(snapshot).toMatchSnapshot();
  });

  it('lets the logging service write each source under its prefix, for this account and these sources only', () => {
    const delivery = policy.Statement.find((s) => s.Sid === 'AllowServerAccessLogDelivery');
    expect(delivery).toEqual({
      Sid: 'AllowServerAccessLogDelivery',
      Effect: 'Allow',
      Principal: { Service: 'logging.s3.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: [`arn:aws:s3:::${LOGS}/acme-a-111122223333/*`, `arn:aws:s3:::${LOGS}/custom/b/*`],
      Condition: {
        StringEquals: { 'aws:SourceAccount': ACCOUNT },
        ArnLike: {
          'aws:SourceArn': ['arn:aws:s3:::acme-a-111122223333', 'arn:aws:s3:::acme-b-111122223333'],
        },
      },
    });
    expect(policy.Statement.map((s) => s.Sid)).toEqual([
      'DenyInsecureTransport',
      'DenyOutdatedTls',
      'AllowServerAccessLogDelivery',
    ]);
  });

  it('encrypts with SSE-S3, the only default encryption S3 supports on a log destination, and creates no key', () => {
    expect(
      resourceOf(json, 'aws_s3_bucket_server_side_encryption_configuration', 'logs/Bucket/Encryption').rule,
    ).toEqual([
      {
        apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' },
        blocked_encryption_types: ['SSE-C'],
      },
    ]);
    expect(
      Object.values(resourcesOf(json, 'aws_kms_key')).filter((k) => JSON.stringify(k).includes('logs/')),
    ).toEqual([]);
  });

  it('refuses an encryption setting', () => {
    expect(
      () =>
        new AccessLogBucket(testStack(), 'logs', {
          bucketName: LOGS,
          encryption: { type: 'SSE_KMS' },
        } as never),
    ).toThrow(/test\/logs: encryption .* is not allowed: S3 supports only SSE-S3 default encryption/);
  });

  it('keeps logs for the retention, drops old versions, has no Object Lock, uses no ACL grant', () => {
    const rules = resourceOf(json, 'aws_s3_bucket_lifecycle_configuration', 'logs/Bucket/Lifecycle')
      .rule as Record<string, unknown>[];
    expect(rules.find((r) => r.id === 'current-versions')).toMatchObject({ expiration: [{ days: 400 }] });
    expect(rules.find((r) => r.id === 'noncurrent-versions')).toMatchObject({
      noncurrent_version_expiration: [{ noncurrent_days: 30 }],
    });
    expect(resourcesOf(json, 'aws_s3_bucket_object_lock_configuration')).toEqual({});
    expect(resourceOf(json, 'aws_s3_bucket', 'logs/Bucket/Bucket').object_lock_enabled).toBeUndefined();
    for (const logging of Object.values(resourcesOf(json, 'aws_s3_bucket_logging')))
      expect(logging.target_grant).toBeUndefined();
    expect(
      resourceOf(json, 'aws_s3_bucket_ownership_controls', 'logs/Bucket/OwnershipControls').rule,
    ).toEqual({
      object_ownership: 'BucketOwnerEnforced',
    });
  });

  it('records that it does not log itself and uses SSE-S3, with the reasons', () => {
    const meta = (
      resourceOf(json, 'aws_s3_bucket', 'logs/Bucket/Bucket')['//'] as Record<string, { optOuts: unknown }>
    )['s3-security'];
    expect(meta.optOuts).toEqual([
      { setting: 'encryption', controls: ['s3-kms-encryption'], reason: LOG_BUCKET_ENCRYPTION_REASON },
      { setting: 'accessLogs', controls: ['s3-access-logging'], reason: LOG_BUCKET_SELF_LOGGING_REASON },
    ]);
  });

  it(`names the account only when more than ${MAX_LISTED_LOG_SOURCES} sources log into it (policy size)`, () => {
    const s = testStack();
    const target = new AccessLogBucket(s, 'logs', { bucketName: LOGS });
    for (let i = 0; i <= MAX_LISTED_LOG_SOURCES; i++) {
      new SecureBucket(s, `b${i}`, { bucketName: `acme-b${i}-111122223333`, accessLogs: { bucket: target } });
    }
    const delivery = target.bucket.policyDocument.Statement.find(
      (st) => st.Sid === 'AllowServerAccessLogDelivery',
    )!;
    expect(delivery.Resource).toBe(`arn:aws:s3:::${LOGS}/*`);
    expect(delivery.Condition).toEqual({ StringEquals: { 'aws:SourceAccount': ACCOUNT } });
  });

  it('grants nothing while no source logs into it', () => {
    const s = testStack();
    const target = new AccessLogBucket(s, 'logs', { bucketName: LOGS });
    expect(target.bucket.policyDocument.Statement.map((st) => st.Sid)).toEqual([
      'DenyInsecureTransport',
      'DenyOutdatedTls',
    ]);
  });
});
