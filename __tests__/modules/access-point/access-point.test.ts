import { AwsPlacement, PolicyStatement, S3SecurityValidationError } from '../../../modules/core';
import {
  SecureAccessPoint,
  SecureAccessPointProps,
  SecureMultiRegionAccessPoint,
} from '../../../modules/access-point';
import { AccessLogBucket, SecureBucket } from '../../../modules/secure-bucket';
import { ACCOUNT, REGION, expectError, policyOf, resourceOf, synth, testStack } from '../../helpers';
import { simulate, simulateDetailed } from '../../support/simulate';

const NAME = 'acme-readers';
const AP_ARN = `arn:aws:s3:${REGION}:${ACCOUNT}:accesspoint/${NAME}`;
const BUCKET = 'acme-data-111122223333';
const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`;
const READER = `arn:aws:iam::${ACCOUNT}:role/reader`;
const VPC = 'vpc-0a1b2c3d4e5f67890';

function build() {
  const stack = testStack();
  const logs = new AccessLogBucket(stack, 'logs', { bucketName: 'acme-logs-111122223333' });
  const bucket = new SecureBucket(stack, 'data', { bucketName: BUCKET, accessLogs: { bucket: logs } });
  const ap = new SecureAccessPoint(stack, 'readers', {
    bucket,
    name: NAME,
    vpcId: VPC,
    delegateFromBucket: true,
    policyStatements: [
      {
        Sid: 'ReaderReads',
        Effect: 'Allow',
        Principal: { AWS: READER },
        Action: ['s3:GetObject', 's3:ListBucket'],
        Resource: [AP_ARN, `${AP_ARN}/object/*`],
      },
    ],
  });
  const site = new AwsPlacement(stack, 'replica-site', { region: 'eu-central-1' });
  const siteLogs = new AccessLogBucket(site, 'logs', { bucketName: 'acme-logs-fra-111122223333' });
  const replica = new SecureBucket(site, 'replica', {
    bucketName: 'acme-replica-111122223333',
    accessLogs: { bucket: siteLogs },
  });
  new SecureMultiRegionAccessPoint(stack, 'global', { name: 'acme-global', buckets: [bucket, replica] });
  return { stack, bucket, ap, ...synth(stack) };
}

const built = build();
const accessPoint = resourceOf(built.json, 'aws_s3_access_point');
const bucketPolicy = policyOf(resourceOf(built.json, 'aws_s3_bucket_policy', 'data/Policy'));
const apPolicy = policyOf(accessPoint);

describe('SecureAccessPoint', () => {
  it('matches the snapshot', () => {
    expect(built.snapshot).toMatchSnapshot();
  });

  it('blocks all public access, accepts requests from its VPC only and records the control', () => {
    expect(accessPoint).toMatchObject({
      name: NAME,
      bucket: expect.stringContaining('aws_s3_bucket.data_Bucket'),
      bucket_account_id: ACCOUNT,
      public_access_block_configuration: {
        block_public_acls: true,
        ignore_public_acls: true,
        block_public_policy: true,
        restrict_public_buckets: true,
      },
      vpc_configuration: { vpc_id: VPC },
    });
    expect((accessPoint['//'] as Record<string, unknown>)['s3-security']).toEqual({
      module: 'SecureAccessPoint',
      controls: ['s3-access-point-public-access-block'],
      optOuts: [],
    });
    expect(built.ap.accessPointArn).toBe(AP_ARN);
  });

  it('delegates from the bucket to its own access points only, for principals of the account and data actions', () => {
    const delegation = bucketPolicy.Statement.find((s) => s.Sid === 'DelegateToOwnAccessPoints');
    expect(delegation?.Condition).toEqual({
      StringEquals: { 's3:DataAccessPointArn': AP_ARN, 'aws:PrincipalAccount': ACCOUNT },
    });
    expect(delegation?.Action).not.toContain('s3:PutBucketPolicy');
    // The delegation is not public, so the bucket keeps its policy controls.
    expect(built.bucket.controls).toEqual(
      expect.arrayContaining(['s3-no-public-read-write', 's3-no-wildcard-principal']),
    );
  });

  /** A request on the bucket through an access point, by a principal with no IAM policy of its own. */
  const throughAp = (principal: string, action: string, accessPoint: string, extra = {}) =>
    simulateDetailed(
      { identityPolicies: [], resourcePolicy: bucketPolicy },
      {
        principal,
        action,
        resource: `${BUCKET_ARN}/a`,
        resourceAccount: ACCOUNT,
        context: { 's3:DataAccessPointAccount': ACCOUNT, 's3:DataAccessPointArn': accessPoint },
        ...extra,
      },
    );

  it('grants through its own access point only: the bucket policy alone decides, every key evaluated', async () => {
    const rogue = `arn:aws:s3:${REGION}:${ACCOUNT}:accesspoint/rogue`;
    const cases = [
      [READER, 's3:GetObject', AP_ARN, 'Allowed'],
      [READER, 's3:DeleteObjectVersion', AP_ARN, 'Allowed'],
      [READER, 's3:GetObject', rogue, 'ImplicitlyDenied'],
      [READER, 's3:DeleteObjectVersion', rogue, 'ImplicitlyDenied'],
      [`arn:aws:iam::${ACCOUNT}:role/ap-admin`, 's3:PutObject', rogue, 'ImplicitlyDenied'],
      ['arn:aws:iam::444455556666:role/reader', 's3:GetObject', AP_ARN, 'ImplicitlyDenied'],
      ['anonymous', 's3:GetObject', AP_ARN, 'ImplicitlyDenied'],
    ] as const;
    for (const [principal, action, accessPoint, expected] of cases) {
      const outcome = await throughAp(principal, action, accessPoint);
      expect([principal, action, accessPoint, outcome]).toEqual([
        principal,
        action,
        accessPoint,
        { decision: expected, ignoredContextKeys: [] },
      ]);
    }
    // The bucket's denies still apply to requests through the access point.
    expect((await throughAp(READER, 's3:GetObject', AP_ARN, { secureTransport: false })).decision).toBe(
      'ExplicitlyDenied',
    );
  });

  it("lets the access point's policy admit its reader only", async () => {
    const viaAp = { 's3:DataAccessPointAccount': ACCOUNT, 's3:DataAccessPointArn': AP_ARN };
    const apRead = (principal: string, action: string) =>
      simulate(
        { identityPolicies: [], resourcePolicy: apPolicy },
        { principal, action, resource: `${AP_ARN}/object/a`, context: viaAp },
      );
    expect(await apRead(READER, 's3:GetObject')).toBe('Allowed');
    expect(await apRead(READER, 's3:PutObject')).toBe('ImplicitlyDenied');
    expect(await apRead(`arn:aws:iam::${ACCOUNT}:role/other`, 's3:GetObject')).toBe('ImplicitlyDenied');
  });

  it('names every access point delegated from one bucket in its one statement', () => {
    const stack = testStack();
    const logs = new AccessLogBucket(stack, 'logs', { bucketName: 'acme-logs-111122223333' });
    const bucket = new SecureBucket(stack, 'data', { bucketName: BUCKET, accessLogs: { bucket: logs } });
    new SecureAccessPoint(stack, 'a', { bucket, name: 'acme-a', delegateFromBucket: true });
    new SecureAccessPoint(stack, 'b', { bucket, name: 'acme-b' });
    new SecureAccessPoint(stack, 'c', { bucket, name: 'acme-c', delegateFromBucket: true });
    const statements = bucket.policyDocument.Statement.filter((s) => s.Sid === 'DelegateToOwnAccessPoints');
    expect(statements.map((s) => s.Condition)).toEqual([
      {
        StringEquals: {
          's3:DataAccessPointArn': [
            `arn:aws:s3:${REGION}:${ACCOUNT}:accesspoint/acme-a`,
            `arn:aws:s3:${REGION}:${ACCOUNT}:accesspoint/acme-c`,
          ],
          'aws:PrincipalAccount': ACCOUNT,
        },
      },
    ]);
  });

  it('does not delegate unless asked', () => {
    const stack = testStack();
    const logs = new AccessLogBucket(stack, 'logs', { bucketName: 'acme-logs-111122223333' });
    const bucket = new SecureBucket(stack, 'data', { bucketName: BUCKET, accessLogs: { bucket: logs } });
    new SecureAccessPoint(stack, 'ap', { bucket, name: NAME });
    const ap = resourceOf(synth(stack).json, 'aws_s3_access_point');
    expect(bucket.policyDocument.Statement.map((s) => s.Sid)).not.toContain('DelegateToOwnAccessPoints');
    expect(ap.policy).toBeUndefined();
    expect(ap.vpc_configuration).toBeUndefined();
  });
});

describe('SecureMultiRegionAccessPoint', () => {
  it('blocks all public access over one bucket per region', () => {
    const mrap = resourceOf(built.json, 'aws_s3control_multi_region_access_point') as {
      details: { name: string; public_access_block: Record<string, boolean>; region: { bucket: string }[] };
    };
    expect(mrap.details.name).toBe('acme-global');
    expect(mrap.details.public_access_block).toEqual({
      block_public_acls: true,
      ignore_public_acls: true,
      block_public_policy: true,
      restrict_public_buckets: true,
    });
    expect(mrap.details.region.map((r) => r.bucket)).toEqual([
      expect.stringContaining('aws_s3_bucket.data_Bucket'),
      expect.stringContaining('aws_s3_bucket.replica-site_replica_Bucket'),
    ]);
  });
});

describe('SecureAccessPoint validation', () => {
  const stack = testStack();
  const logs = new AccessLogBucket(stack, 'logs', { bucketName: 'acme-logs-111122223333' });
  const bucket = new SecureBucket(stack, 'data', { bucketName: BUCKET, accessLogs: { bucket: logs } });
  let n = 0;
  const attempt = (props: Partial<SecureAccessPointProps>) => () =>
    new SecureAccessPoint(stack, `ap${n++}`, { bucket, name: NAME, ...props });
  const allow = (s: Partial<PolicyStatement>): PolicyStatement => ({
    Sid: 'Grant',
    Effect: 'Allow',
    Principal: { AWS: READER },
    Action: 's3:GetObject',
    Resource: `${AP_ARN}/object/*`,
    ...s,
  });

  const CASES: [string, Partial<SecureAccessPointProps>, RegExp][] = [
    ['an upper-case name', { name: 'Readers' }, /name "Readers" is not an access point name/],
    [
      'a name ending in -s3alias',
      { name: 'data-s3alias' },
      /name "data-s3alias" is not an access point name/,
    ],
    ['a bad VPC id', { vpcId: 'vpc-1' }, /vpcId "vpc-1" is not a VPC id/],
    [
      'a public grant',
      { policyStatements: [allow({ Principal: '*' })] },
      /statement "Grant" allows every principal: name principals of account 111122223333/,
    ],
    [
      'another account',
      { policyStatements: [allow({ Principal: { AWS: 'arn:aws:iam::444455556666:root' } })] },
      /allows "arn:aws:iam::444455556666:root", outside account 111122223333/,
    ],
    [
      'a configuration action',
      { policyStatements: [allow({ Action: 's3:PutBucketPolicy' })] },
      /allows "s3:PutBucketPolicy": only the data actions/,
    ],
    [
      'a wildcard action',
      { policyStatements: [allow({ Action: 's3:*' })] },
      /allows "s3:\*": only the data actions/,
    ],
    [
      'another access point',
      {
        policyStatements: [allow({ Resource: `arn:aws:s3:${REGION}:${ACCOUNT}:accesspoint/other/object/*` })],
      },
      /Resource ".*accesspoint\/other\/object\/\*" is not this access point/,
    ],
    [
      'NotAction',
      { policyStatements: [allow({ Action: undefined, NotAction: 's3:DeleteObject' })] },
      /uses NotAction/,
    ],
  ];

  it.each(CASES)('rejects %s', (_what, props, message) => {
    expect(attempt(props)).toThrow(S3SecurityValidationError);
    expectError(attempt(props), message);
  });

  it('rejects an access point outside the scope of its bucket', () => {
    const site = new AwsPlacement(stack, 'elsewhere', { region: 'us-east-1' });
    expectError(
      () => new SecureAccessPoint(site, 'ap', { bucket, name: NAME }),
      'test/elsewhere/ap: bucket "test/data" is in another region or account than this construct',
    );
  });

  it('rejects a Multi-Region Access Point with two buckets in one region', () => {
    const other = new SecureBucket(stack, 'other', {
      bucketName: 'acme-other-111122223333',
      accessLogs: { bucket: logs },
    });
    expectError(
      () =>
        new SecureMultiRegionAccessPoint(stack, 'mrap', { name: 'acme-global', buckets: [bucket, other] }),
      'test/mrap: buckets[1] "test/other" is in eu-west-1 like another bucket: one bucket per region',
    );
  });
});
