import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, TerraformStack, TerraformVariable } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { review } from '../../../cli/review';
import {
  allowCloudTrailDelivery,
  allowConfigDelivery,
  allowVendedLogDelivery,
  grantReadWrite,
  restrictToOrganization,
  restrictToPrincipals,
  restrictToVpcEndpoints,
} from '../../../modules/bucket-policy';
import { AwsEnvironment, PolicyStatement, S3SecurityValidationError } from '../../../modules/core';
import { AccessLogBucket, SecureBucket, SecureBucketProps } from '../../../modules/secure-bucket';
import { ACCOUNT, REGION, expectError, policyOf, resourceOf, synth, testStack } from '../../helpers';

const NAME = 'guarded-data-111122223333';
const ARN = `arn:aws:s3:::${NAME}`;
const OTHER = '444455556666';
const REASON = 'a reason long enough to record';
const POLICY_CONTROLS = [
  's3-no-public-read-write',
  's3-no-wildcard-principal',
  's3-no-cross-account-sensitive-actions',
  's3-vpc-endpoint-restriction',
] as const;

function bucketIn(stack: TerraformStack, props: Partial<SecureBucketProps> = {}, id = 'data'): SecureBucket {
  return new SecureBucket(stack, id, {
    bucketName: id === 'data' ? NAME : `guarded-${id}-111122223333`,
    accessLogs: { bucket: 'guarded-logs-111122223333' },
    ...props,
  });
}

const allow = (sid: string, s: Partial<PolicyStatement>): PolicyStatement => ({
  Sid: sid,
  Effect: 'Allow',
  Principal: '*',
  Action: 's3:GetObject',
  Resource: `${ARN}/*`,
  ...s,
});

const PUBLIC = 'without a condition that restricts it to known accounts, organizations, VPCs, VPC endpoints';
const SENSITIVE = 'another account could replace the policy, the ACLs or the encryption';

describe('SecureBucket policy guardrails: statements that would make the bucket public', () => {
  it.each<[string, PolicyStatement, string]>([
    ['Principal "*" reading objects', allow('PublicRead', {}), 'it would grant public read'],
    [
      'Principal { AWS: "*" } writing objects',
      allow('PublicWrite', { Principal: { AWS: '*' }, Action: 's3:PutObject' }),
      'it would grant public write',
    ],
    [
      'Principal "*" with every action',
      allow('PublicAll', { Action: 's3:*', Resource: [ARN, `${ARN}/*`] }),
      'public read and write',
    ],
    [
      'a NotPrincipal Allow',
      {
        Sid: 'AllButOne',
        Effect: 'Allow',
        NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT}:role/x` },
        Action: 's3:GetObject',
        Resource: `${ARN}/*`,
      },
      'allows every principal but those in NotPrincipal',
    ],
    [
      'a restriction that applies only if the key exists (IfExists)',
      allow('IfExists', { Condition: { StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-0a1b2c3d' } } }),
      'it would grant public read',
    ],
    [
      'a wildcard organization id',
      allow('AnyOrg', { Condition: { StringLike: { 'aws:PrincipalOrgID': 'o-*' } } }),
      'it would grant public read',
    ],
    [
      'every IPv4 address',
      allow('AnyIp', { Condition: { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } } }),
      'it would grant public read',
    ],
    [
      'a condition on a key that names nobody (aws:SecureTransport)',
      allow('TlsOnly', { Condition: { Bool: { 'aws:SecureTransport': 'true' } } }),
      'it would grant public read',
    ],
  ])('refuses %s', (_what, statement, detail) => {
    const bucket = bucketIn(testStack());
    expectError(
      () => bucket.addPolicyStatements(statement),
      `test/data: bucket policy, statement "${statement.Sid}" `,
      PUBLIC,
      detail,
      'set blockPublicStatements: { enabled: false, reason }',
    );
  });

  it.each<[string, PolicyStatement]>([
    [
      'an organization',
      allow('OrgRead', { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }),
    ],
    [
      'a VPC endpoint',
      allow('VpceRead', { Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-0a1b2c3d' } } }),
    ],
    ['a VPC', allow('VpcRead', { Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-0a1b2c3d' } } })],
    [
      'an account',
      allow('AccountRead', { Condition: { StringEquals: { 'aws:PrincipalAccount': ACCOUNT } } }),
    ],
    [
      'a source ARN',
      allow('SourceArnRead', {
        Condition: { ArnEquals: { 'aws:SourceArn': `arn:aws:cloudfront::${ACCOUNT}:distribution/E1` } },
      }),
    ],
    ['an IP range', allow('IpRead', { Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } })],
    ['a named role', allow('RoleRead', { Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/reader` } })],
    [
      'a service principal with aws:SourceAccount',
      allow('ServiceWrite', {
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Action: 's3:PutObject',
        Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
      }),
    ],
  ])('accepts Principal "*" restricted to %s', (_what, statement) => {
    const stack = testStack();
    bucketIn(stack).addPolicyStatements(statement);
    const policy = policyOf(resourceOf(synth(stack).json, 'aws_s3_bucket_policy', 'data/Policy'));
    expect(policy.Statement.map((s) => s.Sid)).toContain(statement.Sid);
  });

  it('accepts the delivery templates of CloudTrail, AWS Config, vended logs and server access logs', () => {
    const stack = testStack();
    const logs = new AccessLogBucket(stack, 'logs', { bucketName: 'guarded-logs-111122223333' });
    const bucket = bucketIn(stack, { accessLogs: { bucket: logs } });
    bucket.addPolicyTemplates('test', (arn) => [
      ...allowCloudTrailDelivery(arn, { trailArns: [`arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/main`] }),
      ...allowConfigDelivery(arn, { accountIds: [ACCOUNT] }),
      ...allowVendedLogDelivery(arn, { accountIds: [ACCOUNT], prefix: 'flow/' }),
    ]);
    const { json } = synth(stack);
    expect(policyOf(resourceOf(json, 'aws_s3_bucket_policy', 'data/Policy')).Statement).toHaveLength(9);
    expect(
      policyOf(resourceOf(json, 'aws_s3_bucket_policy', 'logs/Bucket/Policy')).Statement[2],
    ).toMatchObject({
      Sid: 'AllowServerAccessLogDelivery',
      Principal: { Service: 'logging.s3.amazonaws.com' },
    });
  });

  it('checks statements from every way in: props, mandatory statements and templates', () => {
    const stack = testStack();
    expectError(
      () => bucketIn(stack, { policyStatements: [allow('FromProps', {})] }),
      'test/data: bucket policy, statement "FromProps" allows Principal "*"',
    );
    const bucket = bucketIn(stack, {}, 'other');
    expectError(
      () =>
        bucket.addMandatoryPolicyStatements(
          'Stack',
          allow('Mandatory', { Resource: 'arn:aws:s3:::guarded-other-111122223333/*' }),
        ),
      'test/other: bucket policy, statement "Mandatory" allows Principal "*"',
    );
    expectError(
      () => bucket.addPolicyTemplates('Stack', (arn) => allow('Template', { Resource: `${arn}/*` })),
      'test/other: bucket policy, statement "Template" allows Principal "*"',
    );
  });

  it('checks statements produced at synth time by another module', () => {
    const stack = testStack();
    const bucket = bucketIn(stack);
    bucket.addDeferredPolicyStatements('Later', () => [allow('Deferred', {})]);
    let error: unknown;
    try {
      synth(stack);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(S3SecurityValidationError);
    expect((error as Error).message).toContain(
      'test/data: bucket policy, statement "Deferred" allows Principal "*"',
    );
  });

  it('reports every problem of a statement with the other rules of the policy, at once', () => {
    const bucket = bucketIn(testStack());
    let error: unknown;
    try {
      bucket.addPolicyStatements(
        allow('DenyInsecureTransport', { Action: 's3:*', Resource: [ARN, `${ARN}/*`] }),
      );
    } catch (e) {
      error = e;
    }
    const problems = (error as S3SecurityValidationError).problems;
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/would replace a mandatory statement of SecureBucket/);
    expect(problems[1]).toMatch(/allows Principal "\*" without a condition/);
    expect(problems[2]).toMatch(/grants s3:DeleteBucketPolicy, .* to any account/);
  });

  it('accepts a public statement when the bucket opts out, and records what that leaves unmet', () => {
    const stack = testStack();
    const bucket = bucketIn(stack, {
      blockPublicAccess: { enabled: false, reason: 'public website assets, reviewed by security' },
      blockPublicStatements: { enabled: false, reason: 'public website assets, reviewed by security' },
    });
    bucket.addPolicyStatements(allow('PublicRead', {}));
    const { json } = synth(stack);
    const record = (resourceOf(json, 'aws_s3_bucket', 'data/Bucket')['//'] as Record<string, any>)[
      's3-security'
    ];
    expect(record.optOuts).toContainEqual({
      setting: 'blockPublicStatements',
      controls: ['s3-no-public-read-write', 's3-no-wildcard-principal'],
      reason: 'public website assets, reviewed by security',
    });
    expect(record.controls).not.toContain('s3-no-public-read-write');
    expect(record.controls).not.toContain('s3-no-wildcard-principal');
    expect(record.controls).toContain('s3-no-cross-account-sensitive-actions');
  });
});

describe('SecureBucket policy guardrails: sensitive actions for other accounts (Security Hub S3.6)', () => {
  const role = (account: string) => `arn:aws:iam::${account}:role/partner`;

  it.each<[string, PolicyStatement, string]>([
    [
      'PutBucketPolicy for a role of another account',
      allow('PolicyForPartner', {
        Principal: { AWS: role(OTHER) },
        Action: 's3:PutBucketPolicy',
        Resource: ARN,
      }),
      `grants s3:PutBucketPolicy to account ${OTHER}`,
    ],
    [
      'every S3 action for another account by id',
      allow('AllForPartner', { Principal: { AWS: OTHER }, Action: 's3:*', Resource: [ARN, `${ARN}/*`] }),
      `grants s3:DeleteBucketPolicy, s3:PutBucketAcl, s3:PutBucketPolicy, s3:PutEncryptionConfiguration, s3:PutObjectAcl to account ${OTHER}`,
    ],
    [
      'a wildcard that covers some of them',
      allow('PutForPartner', {
        Principal: { AWS: role(OTHER) },
        Action: 's3:Put*',
        Resource: [ARN, `${ARN}/*`],
      }),
      `grants s3:PutBucketAcl, s3:PutBucketPolicy, s3:PutEncryptionConfiguration, s3:PutObjectAcl to account ${OTHER}`,
    ],
    [
      'a NotAction that leaves them in',
      {
        Sid: 'AllButReads',
        Effect: 'Allow',
        Principal: { AWS: role(OTHER) },
        NotAction: 's3:Get*',
        Resource: [ARN, `${ARN}/*`],
      },
      `grants s3:DeleteBucketPolicy, s3:PutBucketAcl, s3:PutBucketPolicy, s3:PutEncryptionConfiguration, s3:PutObjectAcl to account ${OTHER}`,
    ],
    [
      'PutObjectAcl for anyone inside a VPC endpoint',
      allow('AclInVpc', {
        Action: 's3:PutObjectAcl',
        Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-0a1b2c3d' } },
      }),
      'grants s3:PutObjectAcl to any account',
    ],
  ])('refuses %s', (_what, statement, detail) => {
    const bucket = bucketIn(testStack());
    expectError(
      () => bucket.addPolicyStatements(statement),
      `test/data: bucket policy, statement "${statement.Sid}" ${detail}`,
      SENSITIVE,
      'set blockCrossAccountSensitiveActions: { enabled: false, reason }',
    );
  });

  it.each<[string, PolicyStatement]>([
    [
      'the sensitive actions for a role of this account',
      allow('OwnAdmin', { Principal: { AWS: role(ACCOUNT) }, Action: 's3:PutBucketPolicy', Resource: ARN }),
    ],
    [
      'the sensitive actions for anyone pinned to this account',
      allow('PinnedAdmin', {
        Action: 's3:PutBucketAcl',
        Resource: ARN,
        Condition: { StringEquals: { 'aws:PrincipalAccount': ACCOUNT } },
      }),
    ],
    ['a Deny of them for another account', { ...allow('DenyPartner', { Action: 's3:*' }), Effect: 'Deny' }],
  ])('accepts %s', (_what, statement) => {
    const stack = testStack();
    bucketIn(stack).addPolicyStatements(statement);
    expect(
      policyOf(resourceOf(synth(stack).json, 'aws_s3_bucket_policy', 'data/Policy')).Statement,
    ).toHaveLength(3);
  });

  it('accepts read and write grants to another account', () => {
    const stack = testStack();
    bucketIn(stack).addPolicyStatements(...grantReadWrite(ARN, { principals: [OTHER] }));
    expect(
      policyOf(resourceOf(synth(stack).json, 'aws_s3_bucket_policy', 'data/Policy')).Statement,
    ).toHaveLength(4);
  });

  it('leaves a principal known only at apply to the review, and does not claim the control', () => {
    const stack = testStack();
    const partner = new TerraformVariable(stack, 'partner', { type: 'string' }).stringValue;
    const bucket = bucketIn(stack);
    bucket.addPolicyStatements(
      allow('Later', { Principal: { AWS: partner }, Action: 's3:PutBucketPolicy', Resource: ARN }),
    );
    expect(bucket.controls).not.toContain('s3-no-cross-account-sensitive-actions');
    expect(bucket.controls).toContain('s3-no-public-read-write');
  });

  it('accepts such a grant when the bucket opts out, and records it', () => {
    const bucket = bucketIn(testStack(), {
      blockCrossAccountSensitiveActions: { enabled: false, reason: REASON },
    });
    bucket.addPolicyStatements(
      allow('PolicyForPartner', {
        Principal: { AWS: role(OTHER) },
        Action: 's3:PutBucketPolicy',
        Resource: ARN,
      }),
    );
    expect(bucket.optOuts).toContainEqual({
      setting: 'blockCrossAccountSensitiveActions',
      controls: ['s3-no-cross-account-sensitive-actions'],
      reason: REASON,
    });
    expect(bucket.controls).not.toContain('s3-no-cross-account-sensitive-actions');
  });

  it.each(['blockPublicStatements', 'blockCrossAccountSensitiveActions'])(
    'refuses a %s opt-out without a real reason',
    (setting) => {
      expectError(
        () => bucketIn(testStack(), { [setting]: { enabled: false, reason: 'tmp' } }),
        `test/data: ${setting}.reason "tmp" must explain the accepted risk`,
      );
    },
  );
});

describe('the policy controls a SecureBucket claims, against the review', () => {
  /** Buckets whose policies meet, or miss, each policy control; claims are compared with the review's verdicts. */
  async function claimsAndVerdicts() {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'guardrails-')) });
    const s = new TerraformStack(app, 'claims');
    new AwsProvider(s, 'aws', { region: REGION });
    AwsEnvironment.configure(s, { accountId: ACCOUNT, region: REGION });
    const make = (id: string, props: Partial<SecureBucketProps> = {}) => bucketIn(s, props, id);
    const buckets: Record<string, SecureBucket> = {
      plain: make('plain'),
      vpce: make('vpce'),
      org: make('org'),
      principals: make('principals'),
      network: make('network'),
      everything: make('everything'),
      partner: make('partner', { blockCrossAccountSensitiveActions: { enabled: false, reason: REASON } }),
      public: make('public', {
        blockPublicAccess: { enabled: false, reason: REASON },
        blockPublicStatements: { enabled: false, reason: REASON },
      }),
    };
    buckets.vpce.addPolicyTemplates('t', (arn) =>
      restrictToVpcEndpoints(arn, { endpointIds: ['vpce-0a1b2c3d'] }),
    );
    buckets.org.addPolicyTemplates('t', (arn) =>
      restrictToOrganization(arn, { organizationId: 'o-a1b2c3d4e5' }),
    );
    buckets.principals.addPolicyTemplates('t', (arn) =>
      restrictToPrincipals(arn, { principalArns: [`arn:aws:iam::${ACCOUNT}:role/app`] }),
    );
    const arnOf = (b: SecureBucket) => b.bucketArn;
    buckets.network.addPolicyStatements(
      allow('VpceRead', {
        Resource: `${arnOf(buckets.network)}/*`,
        Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-0a1b2c3d' } },
      }),
    );
    buckets.everything.addPolicyStatements(
      allow('AllForRole', {
        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/app` },
        Action: 's3:*',
        Resource: `${arnOf(buckets.everything)}/*`,
      }),
    );
    buckets.partner.addPolicyStatements(
      allow('PolicyForPartner', {
        Principal: { AWS: `arn:aws:iam::${OTHER}:role/p` },
        Action: 's3:PutBucketPolicy',
        Resource: arnOf(buckets.partner),
      }),
    );
    buckets.public.addPolicyStatements(allow('PublicRead', { Resource: `${arnOf(buckets.public)}/*` }));
    app.synth();
    const result = await review({ inputs: [app.outdir], profile: 'all', accountId: ACCOUNT });
    const verdict = (b: SecureBucket, control: string) =>
      result.findings.find((f) => f.control === control && f.subject.name === b.bucketName)?.status;
    return { buckets, verdict };
  }

  it('claims a policy control only where the review passes it', async () => {
    const { buckets, verdict } = await claimsAndVerdicts();
    const table = Object.fromEntries(
      Object.entries(buckets).map(([id, b]) => [
        id,
        Object.fromEntries(POLICY_CONTROLS.map((c) => [c, [b.controls.includes(c), verdict(b, c)]])),
      ]),
    );
    for (const [id, row] of Object.entries(table)) {
      for (const [control, [claimed, status]] of Object.entries(row)) {
        if (claimed) expect([id, control, status]).toEqual([id, control, 'pass']);
      }
    }
    expect(table.plain['s3-vpc-endpoint-restriction']).toEqual([false, 'fail']);
    expect(table.vpce['s3-vpc-endpoint-restriction']).toEqual([true, 'pass']);
    expect(table.network['s3-no-wildcard-principal']).toEqual([false, 'fail']);
    expect(table.network['s3-no-public-read-write']).toEqual([true, 'pass']);
    expect(table.everything['s3-no-wildcard-principal']).toEqual([false, 'fail']);
    expect(table.partner['s3-no-cross-account-sensitive-actions']).toEqual([false, 'accepted']);
    expect(table.public['s3-no-public-read-write']).toEqual([false, 'accepted']);
    for (const id of ['plain', 'vpce', 'org', 'principals'])
      for (const c of POLICY_CONTROLS.slice(0, 3))
        expect([id, c, table[id][c]]).toEqual([id, c, [true, 'pass']]);
  });
});
