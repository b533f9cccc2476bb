import { TerraformStack } from 'cdktf';
import { OptOut, S3SecurityValidationError } from '../../../modules/core';
import { AccessLogBucket, SecureBucket, SecureBucketProps } from '../../../modules/secure-bucket';
import { ACCOUNT, expectError, testStack } from '../../helpers';

const GOOD: SecureBucketProps = {
  bucketName: 'acme-data-111122223333',
  accessLogs: { bucket: 'acme-logs-111122223333' },
};
const why = (reason: string): OptOut => ({ enabled: false, reason });
const OK_REASON = 'a reason long enough to explain the risk';

/** Each bad input, the prop it names and the rule it breaks: all must fail synthesis with that message. */
const CASES: [string, Partial<SecureBucketProps> | Record<string, unknown>, RegExp][] = [
  [
    'upper case and underscore',
    { bucketName: 'My_Bucket' },
    /bucketName "My_Bucket" is not a valid S3 bucket name: only lowercase/,
  ],
  ['too short', { bucketName: 'ab' }, /bucketName "ab" is not a valid S3 bucket name: it must be 3 to 63/],
  ['too long', { bucketName: 'a'.repeat(64) }, /it must be 3 to 63 characters long \(it has 64\)/],
  ['leading hyphen', { bucketName: '-data' }, /must begin and end with a letter or digit/],
  ['IP address form', { bucketName: '10.0.0.1' }, /must not be formatted as an IP address/],
  ['xn-- prefix', { bucketName: 'xn--data' }, /the prefix "xn--" is reserved/],
  ['-s3alias suffix', { bucketName: 'data-s3alias' }, /the suffix "-s3alias" is reserved/],
  ['dotted name', { bucketName: 'acme.data' }, /dots break TLS certificate validation/],
  ['missing name', { bucketName: undefined }, /bucketName undefined is required/],
  [
    'key id instead of ARN',
    { encryption: { key: '1234abcd-12ab-34cd-56ef-1234567890ab' } },
    /encryption.key "1234abcd-.*" is not a KMS key ARN/,
  ],
  [
    'key ARN with a short account',
    { encryption: { key: 'arn:aws:kms:eu-west-1:1234:key/abcd' } },
    /encryption.key .* is not a KMS key ARN/,
  ],
  [
    'SSE-S3 without a reason',
    { encryption: { type: 'SSE_S3', reason: '' } },
    /encryption.reason "" must explain the accepted risk/,
  ],
  [
    'unknown encryption type',
    { encryption: { type: 'SSE_C' } },
    /encryption.type "SSE_C" must be SSE_KMS, DSSE_KMS or SSE_S3/,
  ],
  [
    'bucket key opt-out with a thin reason',
    { encryption: { bucketKey: why('cost') } },
    /encryption.bucketKey.reason "cost" must explain/,
  ],
  [
    'versioning opt-out with a thin reason',
    { versioning: why('n/a') },
    /versioning.reason "n\/a" must explain the accepted risk in at least 10 characters/,
  ],
  [
    'Object Lock without versioning',
    { versioning: why(OK_REASON), objectLock: { mode: 'GOVERNANCE', days: 1 } },
    /objectLock .* needs versioning/,
  ],
  [
    'Object Lock with days and years',
    { objectLock: { mode: 'GOVERNANCE', days: 1, years: 1 } },
    /objectLock .* needs exactly one of days and years/,
  ],
  ['Object Lock with neither', { objectLock: { mode: 'GOVERNANCE' } }, /needs exactly one of days and years/],
  [
    'Object Lock days 0',
    { objectLock: { mode: 'GOVERNANCE', days: 0 } },
    /objectLock.days 0 must be a whole number from 1 to 36500/,
  ],
  [
    'Object Lock years 101',
    { objectLock: { mode: 'COMPLIANCE', years: 101 } },
    /objectLock.years 101 must be a whole number from 1 to 100/,
  ],
  [
    'Object Lock fractional days',
    { objectLock: { mode: 'COMPLIANCE', days: 1.5 } },
    /objectLock.days 1.5 must be a whole number/,
  ],
  [
    'Object Lock unknown mode',
    { objectLock: { mode: 'LEGAL_HOLD', days: 1 } },
    /objectLock.mode "LEGAL_HOLD" must be GOVERNANCE or COMPLIANCE/,
  ],
  [
    'minimum TLS without TLS enforcement',
    { enforceTls: why(OK_REASON), minimumTlsVersion: 1.2 },
    /minimumTlsVersion 1.2 needs enforceTls/,
  ],
  ['minimum TLS 1.1', { minimumTlsVersion: 1.1 }, /minimumTlsVersion 1.1 must be one of 1.2, 1.3/],
  [
    'MFA delete without a serial',
    { versioning: { mfaDelete: { tokenCode: '123456' } }, lifecycle: why(OK_REASON) },
    /versioning.mfaDelete.serialNumber undefined is required/,
  ],
  [
    'MFA delete with a bad serial',
    {
      versioning: { mfaDelete: { serialNumber: 'my phone', tokenCode: '123456' } },
      lifecycle: why(OK_REASON),
    },
    /versioning.mfaDelete.serialNumber "my phone" is not an MFA device serial/,
  ],
  [
    'MFA delete with a 5-digit code',
    {
      versioning: {
        mfaDelete: {
          serialNumber: `arn:aws:iam::${ACCOUNT}:mfa/root-account-mfa-device`,
          tokenCode: '12345',
        },
      },
      lifecycle: why(OK_REASON),
    },
    /versioning.mfaDelete.tokenCode "12345" is not a six-digit MFA code/,
  ],
  [
    'lifecycle with MFA delete',
    {
      versioning: {
        mfaDelete: {
          serialNumber: `arn:aws:iam::${ACCOUNT}:mfa/root-account-mfa-device`,
          tokenCode: '123456',
        },
      },
    },
    /lifecycle .* cannot be used with versioning.mfaDelete/,
  ],
  [
    'abort multipart after 0 days',
    { lifecycle: { abortIncompleteMultipartUploadDays: 0 } },
    /lifecycle.abortIncompleteMultipartUploadDays 0 must be a whole number from 1 to 3650/,
  ],
  [
    'STANDARD_IA before 30 days',
    { lifecycle: { transitions: [{ days: 10, storageClass: 'STANDARD_IA' }] } },
    /lifecycle.transitions\[0\].days 10 must be at least 30 for STANDARD_IA/,
  ],
  [
    'unknown storage class',
    { lifecycle: { transitions: [{ days: 40, storageClass: 'COLD' }] } },
    /lifecycle.transitions\[0\].storageClass "COLD" must be one of/,
  ],
  [
    'transition after expiration',
    { lifecycle: { transitions: [{ days: 90, storageClass: 'GLACIER' }], expirationDays: 60 } },
    /days 90 must be less than the expiration \(60 days\)/,
  ],
  [
    'noncurrent expiry without versioning',
    { versioning: why(OK_REASON), lifecycle: { noncurrentVersionExpiration: { days: 30 } } },
    /lifecycle.noncurrentVersionExpiration .* needs versioning/,
  ],
  [
    'newer noncurrent versions 0',
    { lifecycle: { noncurrentVersionExpiration: { days: 30, newerNoncurrentVersions: 0 } } },
    /newerNoncurrentVersions 0 must be a whole number from 1 to 100/,
  ],
  [
    'access logs missing',
    { accessLogs: undefined },
    /accessLogs undefined is required: give \{ bucket, prefix \} or \{ enabled: false, reason \}/,
  ],
  [
    'log prefix with a leading slash',
    { accessLogs: { bucket: 'acme-logs-111122223333', prefix: '/data/' } },
    /accessLogs.prefix "\/data\/" is not a valid log prefix: it must not begin with "\/"/,
  ],
  [
    'log prefix without a trailing slash',
    { accessLogs: { bucket: 'acme-logs-111122223333', prefix: 'data' } },
    /accessLogs.prefix "data" is not a valid log prefix: end it with "\/"/,
  ],
  [
    'logging into itself',
    { accessLogs: { bucket: 'acme-data-111122223333' } },
    /accessLogs.bucket "acme-data-111122223333" is this bucket itself/,
  ],
  [
    'log target with a bad name',
    { accessLogs: { bucket: 'Logs!' } },
    /accessLogs.bucket "Logs!" is not a valid S3 bucket name/,
  ],
  [
    'a public access flag off without a reason',
    { blockPublicAccess: { blockPublicPolicy: false } },
    /blockPublicAccess.reason undefined must explain the accepted risk/,
  ],
  [
    'a reason with all flags on',
    { blockPublicAccess: { reason: OK_REASON } },
    /blockPublicAccess.reason .* is only allowed when a setting is false/,
  ],
  [
    'ACLs enabled without a reason',
    { objectOwnership: { mode: 'ObjectWriter', reason: '' } },
    /objectOwnership.reason "" must explain/,
  ],
  [
    'unknown object ownership',
    { objectOwnership: 'Everyone' },
    /objectOwnership "Everyone" must be "BucketOwnerEnforced" or/,
  ],
  [
    'reserved tag key',
    { tags: { 'aws:team': 'x' } },
    /tags key "aws:team" is not a valid tag key: the aws: prefix is reserved/,
  ],
  [
    'tag value with braces',
    { tags: { team: '{data}' } },
    /tags\["team"\] "\{data\}" is not a valid tag value/,
  ],
  [
    'too many tags',
    { tags: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`t${i}`, 'x'])) },
    /tags 51 tags in all must be at most 50/,
  ],
  [
    'EventBridge opt-out with a thin reason',
    { eventBridge: why('noisy') },
    /eventBridge.reason "noisy" must explain/,
  ],
  [
    'destroy protection opt-out with a thin reason',
    { preventDestroy: why('tests') },
    /preventDestroy.reason "tests" must explain/,
  ],
];

describe('SecureBucket validation', () => {
  it.each(CASES)('%s', (_name, props, message) => {
    const stack = testStack();
    expectError(
      () => new SecureBucket(stack, 'data', { ...GOOD, ...(props as Partial<SecureBucketProps>) }),
      'test/data: ',
      message,
    );
  });

  it(`covers at least 25 distinct bad inputs (${CASES.length})`, () => {
    const key = (props: object) => JSON.stringify(props, (_k, v) => (v === undefined ? '(undefined)' : v));
    expect(new Set(CASES.map(([, props]) => key(props))).size).toBe(CASES.length);
    expect(CASES.length).toBeGreaterThanOrEqual(25);
  });

  it('reports every problem of one bucket at once, one per line, as an S3SecurityValidationError', () => {
    const stack = testStack();
    let error: unknown;
    try {
      new SecureBucket(stack, 'data', {
        ...GOOD,
        bucketName: 'Bad_Name',
        minimumTlsVersion: 1.1 as 1.2,
        versioning: why('no'),
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(S3SecurityValidationError);
    expect((error as S3SecurityValidationError).problems).toHaveLength(3);
    expect((error as Error).message.split('\n')).toHaveLength(3);
  });

  it('refuses a policy statement that would replace a mandatory deny', () => {
    const bucket = new SecureBucket(testStack(), 'data', GOOD);
    expectError(
      () =>
        bucket.addPolicyStatements({
          Sid: 'DenyInsecureTransport',
          Effect: 'Allow',
          Principal: '*',
          Action: 's3:GetObject',
          Resource: `${bucket.bucketArn}/*`,
        }),
      /statement Sid "DenyInsecureTransport" from addPolicyStatements would replace a mandatory statement of SecureBucket/,
    );
    expect(bucket.policyDocument.Statement.map((s) => s.Sid)).toEqual([
      'DenyInsecureTransport',
      'DenyOutdatedTls',
    ]);
  });

  it("refuses a policy statement about another bucket's resources", () => {
    const bucket = new SecureBucket(testStack(), 'data', GOOD);
    expectError(
      () =>
        bucket.addPolicyStatements({
          Sid: 'Other',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::someone-else/*',
        }),
      /Resource "arn:aws:s3:::someone-else\/\*" is not this bucket \(arn:aws:s3:::acme-data-111122223333\) or its objects/,
    );
  });

  it('fails synthesis when the policy outgrows 20 KB', () => {
    const stack = testStack();
    const bucket = new SecureBucket(stack, 'data', GOOD);
    bucket.addPolicyStatements(
      ...Array.from({ length: 150 }, (_, i) => ({
        Sid: `Reader${i}`,
        Effect: 'Allow' as const,
        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/a-reasonably-long-role-name-for-reader-${i}` },
        Action: 's3:GetObject',
        Resource: `${bucket.bucketArn}/*`,
      })),
    );
    expectError(
      () => stack.toTerraform(),
      /test\/data: the bucket policy is \d+ characters, over the AWS limit of 20480/,
    );
  });
});

describe('AccessLogBucket validation', () => {
  const make = (stack: TerraformStack, props: Record<string, unknown>) =>
    new AccessLogBucket(stack, 'logs', { bucketName: 'acme-logs-111122223333', ...props });

  it('refuses Object Lock (S3 cannot deliver logs into a bucket with default retention)', () => {
    expectError(
      () => make(testStack(), { objectLock: { mode: 'GOVERNANCE', days: 1 } }),
      /test\/logs: objectLock .* is not allowed: S3 cannot deliver server access logs/,
    );
  });

  it('refuses a log target of its own', () => {
    expectError(() => make(testStack(), { accessLogs: { bucket: 'x-y-z' } }), /accessLogs .* is not allowed/);
  });

  it('refuses a retention of 0 days', () => {
    expectError(
      () => make(testStack(), { retentionDays: 0 }),
      /retentionDays 0 must be a whole number from 1 to 36500/,
    );
  });

  it('refuses two sources with nested prefixes', () => {
    const stack = testStack();
    const logs = make(stack, {});
    new SecureBucket(stack, 'a', {
      bucketName: 'acme-a-111122223333',
      accessLogs: { bucket: logs, prefix: 'data/' },
    });
    expectError(
      () =>
        new SecureBucket(stack, 'b', {
          bucketName: 'acme-b-111122223333',
          accessLogs: { bucket: logs, prefix: 'data/b/' },
        }),
      /test\/b: accessLogs.prefix "data\/b\/" overlaps the prefix "data\/" of test\/a/,
    );
  });

  it('refuses a prefix that contains an earlier one or repeats it, and accepts siblings', () => {
    const stack = testStack();
    const logs = make(stack, {});
    const source = (id: string, prefix: string) =>
      new SecureBucket(stack, id, {
        bucketName: `acme-${id}-111122223333`,
        accessLogs: { bucket: logs, prefix },
      });
    source('a', 'data/a/');
    source('c', 'data/c/');
    expect(() => source('b', 'data/b/')).not.toThrow();
    expectError(
      () => source('d', 'data/'),
      /test\/d: accessLogs.prefix "data\/" overlaps the prefix "data\/a\/" of test\/a/,
    );
    expectError(
      () => source('e', 'data/c/'),
      /test\/e: accessLogs.prefix "data\/c\/" overlaps the prefix "data\/c\/" of test\/c/,
    );
    expectError(() => source('f', 'data/b/x/'), /overlaps the prefix "data\/b\/" of test\/b/);
  });

  it('refuses a log bucket in another region', () => {
    const stack = testStack();
    const other = testStack({ accountId: ACCOUNT, region: 'us-east-1' });
    const logs = make(other, {});
    expectError(
      () => new SecureBucket(stack, 'data', { ...GOOD, accessLogs: { bucket: logs } }),
      /accessLogs.bucket "test\/logs" is in us-east-1, this bucket in eu-west-1: server access logs go only to a bucket in the same region/,
    );
  });
});
