/**
 * Verdicts where the review once disagreed with a widely used scanner's own
 * fixtures, and the project was wrong: each case fails if the old verdict
 * comes back.
 */
import { CONTROLS } from '../../controls/catalog';
import { Finding } from '../../controls/results';
import { review } from '../../cli/review';
import { FxResource, Value, blk, json, ref, writeScenario } from '../cli/fixtures/builder';
import { ARN, OWNER, TLS_STATEMENT, policyOf, secureBucket } from '../cli/fixtures/scenarios';

const BUCKET = 'aws_s3_bucket.data';

/** Reviews the resources (Terraform JSON) and returns the finding of each control on the bucket. */
async function verdicts(resources: readonly FxResource[], controls: string[]) {
  const input = writeScenario({ resources, accountIds: [OWNER] }, 'json');
  const result = await review({ inputs: [input], profile: 'all', only: controls });
  const out: Record<string, Finding> = {};
  for (const f of result.findings)
    if (f.subject.id === BUCKET || f.subject.kind !== 'bucket') out[f.control] = f;
  return out;
}

const replace = (type: string, attrs: Record<string, Value>) =>
  secureBucket().map((r) => (r.type === type ? { ...r, attrs: { ...r.attrs, ...attrs } } : r));
const drop = (type: string) => secureBucket().filter((r) => r.type !== type);

describe('undeclared default encryption', () => {
  it('meets default encryption (S3 applies SSE-S3 since January 2023) and still fails the KMS control', async () => {
    const v = await verdicts(drop('aws_s3_bucket_server_side_encryption_configuration'), [
      's3-default-encryption',
      's3-kms-encryption',
    ]);
    expect(v['s3-default-encryption']).toEqual(
      expect.objectContaining({ status: 'pass', message: expect.stringMatching(/SSE-S3.*January 2023/) }),
    );
    expect(v['s3-kms-encryption']).toEqual(
      expect.objectContaining({
        status: 'fail',
        message: expect.stringMatching(/January 2023.*not with a KMS key/),
      }),
    );
  });
});

describe('enumerated values outside the documented list are never a pass', () => {
  const withoutAcl = () => drop('aws_s3_bucket_ownership_controls');
  const cases: [string, FxResource[], string, RegExp][] = [
    [
      'canned ACL "website" on aws_s3_bucket',
      withoutAcl().map((r) =>
        r.type === 'aws_s3_bucket' ? { ...r, attrs: { ...r.attrs, acl: 'website' } } : r,
      ),
      's3-no-public-read-write',
      /canned ACL "website" is not one of private, public-read/,
    ],
    [
      'canned ACL "website" on aws_s3_bucket_acl',
      [
        ...withoutAcl(),
        { type: 'aws_s3_bucket_acl', name: 'data', attrs: { bucket: ref(BUCKET, 'id'), acl: 'website' } },
      ],
      's3-no-public-read-write',
      /canned ACL "website"/,
    ],
    [
      'canned ACL "website" (ACLs disabled)',
      [
        ...withoutAcl(),
        { type: 'aws_s3_bucket_acl', name: 'data', attrs: { bucket: ref(BUCKET, 'id'), acl: 'website' } },
      ],
      's3-acls-disabled',
      /canned ACL "website"/,
    ],
    [
      'sse_algorithm "aws:kms:fake"',
      replace('aws_s3_bucket_server_side_encryption_configuration', {
        rule: blk({ apply_server_side_encryption_by_default: blk({ sse_algorithm: 'aws:kms:fake' }) }),
      }),
      's3-default-encryption',
      /sse_algorithm "aws:kms:fake" is not one of AES256, aws:kms, aws:kms:dsse/,
    ],
    [
      'sse_algorithm "aws:kms:fake" (KMS)',
      replace('aws_s3_bucket_server_side_encryption_configuration', {
        rule: blk({ apply_server_side_encryption_by_default: blk({ sse_algorithm: 'aws:kms:fake' }) }),
      }),
      's3-kms-encryption',
      /sse_algorithm "aws:kms:fake"/,
    ],
    [
      'versioning status "enabled"',
      replace('aws_s3_bucket_versioning', { versioning_configuration: blk({ status: 'enabled' }) }),
      's3-versioning',
      /versioning status "enabled" is not one of Enabled, Suspended, Disabled/,
    ],
    [
      'mfa_delete "yes"',
      replace('aws_s3_bucket_versioning', {
        versioning_configuration: blk({ status: 'Enabled', mfa_delete: 'yes' }),
      }),
      's3-mfa-delete',
      /mfa_delete "yes" is not one of Enabled, Disabled/,
    ],
    [
      'object_ownership "BucketOwnerEnforce"',
      replace('aws_s3_bucket_ownership_controls', { rule: blk({ object_ownership: 'BucketOwnerEnforce' }) }),
      's3-acls-disabled',
      /object_ownership "BucketOwnerEnforce"/,
    ],
    [
      'Object Lock mode "governance"',
      replace('aws_s3_bucket_object_lock_configuration', {
        rule: blk({ default_retention: blk({ mode: 'governance', days: 30 }) }),
      }),
      's3-object-lock',
      /retention mode "governance" is not one of GOVERNANCE, COMPLIANCE/,
    ],
    [
      'lifecycle rule status "enabled"',
      replace('aws_s3_bucket_lifecycle_configuration', { rule: blk({ id: 'r', status: 'enabled' }) }),
      's3-lifecycle',
      /status "enabled" is not one of Enabled, Disabled/,
    ],
  ];

  it.each(cases)('%s', async (_name, resources, control, message) => {
    const f = (await verdicts(resources, [control]))[control];
    expect({ status: f.status, message: f.message }).toEqual({
      status: 'unknown',
      message: expect.stringMatching(message),
    });
  });

  it('an invalid Macie status or trail read_write_type is unknown, not judged', async () => {
    const v = await verdicts(
      [
        ...secureBucket(),
        { type: 'aws_macie2_account', name: 'm', attrs: { status: 'ON' } },
        {
          type: 'aws_cloudtrail',
          name: 't',
          attrs: {
            name: 't',
            s3_bucket_name: 'elsewhere',
            is_multi_region_trail: true,
            event_selector: blk({
              read_write_type: 'Everything',
              data_resource: blk({ type: 'AWS::S3::Object', values: ['arn:aws:s3'] }),
            }),
          },
        },
      ],
      ['macie-enabled', 'cloudtrail-s3-data-events'],
    );
    expect(v['macie-enabled']).toEqual(
      expect.objectContaining({ status: 'unknown', message: expect.stringMatching(/Macie status "ON"/) }),
    );
    expect(v['cloudtrail-s3-data-events']).toEqual(
      expect.objectContaining({
        status: 'unknown',
        message: expect.stringMatching(/read_write_type "Everything"/),
      }),
    );
  });
});

describe('conditions only an AWS service acting for a source can meet restrict the principal', () => {
  const allow = (condition: Record<string, Value>) =>
    secureBucket().map((r) =>
      r.type === 'aws_s3_bucket_policy'
        ? policyOf([
            TLS_STATEMENT,
            {
              Sid: 'ServiceWrite',
              Effect: 'Allow',
              Principal: '*',
              Action: 's3:PutObject',
              Resource: `${ARN}/*`,
              Condition: condition,
            },
          ])
        : r,
    );
  const restricted: [string, Record<string, Value>][] = [
    [
      'aws:SourceArn (ArnLike, one account)',
      { ArnLike: { 'aws:SourceArn': `arn:aws:cloudtrail:*:${OWNER}:trail/*` } },
    ],
    [
      'aws:SourceArn (ArnEquals)',
      { ArnEquals: { 'aws:SourceArn': `arn:aws:cloudtrail:eu-west-1:${OWNER}:trail/t` } },
    ],
    ['aws:SourceAccount', { StringEquals: { 'aws:SourceAccount': OWNER } }],
    ['aws:SourceOrgID', { StringEquals: { 'aws:SourceOrgID': 'o-a1b2c3d4e5' } }],
  ];
  it.each(restricted)('%s: not a wildcard principal, not public', async (_name, condition) => {
    const v = await verdicts(allow(condition), ['s3-no-wildcard-principal', 's3-no-public-read-write']);
    expect(v['s3-no-wildcard-principal'].status).toBe('pass');
    expect(v['s3-no-public-read-write'].status).toBe('pass');
  });

  const open: [string, Record<string, Value>][] = [
    ['aws:SourceVpce', { StringEquals: { 'aws:SourceVpce': 'vpce-0a1b2c3d' } }],
    ['aws:VpceAccount', { StringEquals: { 'aws:VpceAccount': OWNER } }],
    ['aws:SourceIp', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }],
    ['aws:SourceArn of any account', { ArnLike: { 'aws:SourceArn': 'arn:aws:cloudtrail:*:*:trail/*' } }],
    [
      'aws:SourceArn IfExists',
      { ArnLikeIfExists: { 'aws:SourceArn': `arn:aws:cloudtrail:*:${OWNER}:trail/*` } },
    ],
  ];
  it.each(open)('%s: still a wildcard principal', async (_name, condition) => {
    const v = await verdicts(allow(condition), ['s3-no-wildcard-principal']);
    expect(v['s3-no-wildcard-principal']).toEqual(
      expect.objectContaining({
        status: 'fail',
        message: expect.stringMatching(/ServiceWrite allows Principal "\*"/),
      }),
    );
  });
});

describe('an empty literal policy', () => {
  it('is known and empty, not known only at apply', async () => {
    const resources = secureBucket().map((r) =>
      r.type === 'aws_s3_bucket_policy' ? { ...r, attrs: { ...r.attrs, policy: '' } } : r,
    );
    const v = await verdicts(resources, ['s3-tls-only', 's3-no-wildcard-principal']);
    expect(v['s3-tls-only']).toEqual(
      expect.objectContaining({ status: 'fail', message: expect.stringMatching(/no statement denies/) }),
    );
    expect(v['s3-no-wildcard-principal'].status).toBe('pass');
  });
});

describe('every selected control gets a row', () => {
  const inputs: [string, FxResource[]][] = [
    ['an input with no S3 resource at all', [{ type: 'aws_sns_topic', name: 't', attrs: { name: 't' } }]],
    ['buckets only', secureBucket()],
    [
      'account resources only',
      [
        { type: 'aws_macie2_account', name: 'm', attrs: { status: 'ENABLED' } },
        {
          type: 'aws_s3_bucket_policy',
          name: 'p',
          attrs: { bucket: 'elsewhere-bucket', policy: json({ Statement: [] }) },
        },
      ],
    ],
  ];
  it.each(inputs)('%s', async (_name, resources) => {
    for (const wholeAccount of [false, true]) {
      const input = writeScenario({ resources }, 'json');
      const result = await review({ inputs: [input], profile: 'all', wholeAccount });
      const judged = new Set(result.findings.map((f) => f.control));
      expect(CONTROLS.filter((c) => !judged.has(c.id)).map((c) => c.id)).toEqual([]);
      for (const f of result.findings.filter((x) => x.status === 'not-applicable'))
        expect(f.message).toMatch(/in this input|no trail bucket/);
    }
  });
});
