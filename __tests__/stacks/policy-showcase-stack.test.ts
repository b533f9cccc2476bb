import { App, Testing } from 'cdktf';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3SecurityValidationError } from '../../modules/core';
import {
  AppConfigInput,
  ConfigError,
  DEFAULT_CONFIG,
  PolicyShowcaseStack,
  buildApp,
  parseConfig,
} from '../../stacks';
import { expectError, policyOf, resourceOf, resourcesOf, synth } from '../helpers';

const config = parseConfig(DEFAULT_CONFIG, 'test');
const showcase = config.policyShowcase!;

function showcaseStack(overrides: Partial<typeof showcase> = {}): PolicyShowcaseStack {
  return new PolicyShowcaseStack(Testing.app(), 'policy-showcase', {
    environment: config.environment,
    policyShowcase: { ...showcase, ...overrides },
  });
}

describe('PolicyShowcaseStack', () => {
  const stack = showcaseStack();
  const { json, text, snapshot } = synth(stack);
  const policy = (id: string) => policyOf(resourceOf(json, 'aws_s3_bucket_policy', `/${id}/Policy`));

  it('matches the snapshot', () => {
    expect(snapshot).toMatchSnapshot();
  });

  it('applies one seed restriction per bucket, after the secure defaults, as literal JSON', () => {
    expect(policy('ip-restricted').Statement.map((s) => s.Sid)).toEqual([
      'DenyInsecureTransport',
      'DenyOutdatedTls',
      'DenyOutsideSourceIps',
    ]);
    expect(policy('principal-restricted').Statement.map((s) => s.Sid)).toEqual([
      'DenyInsecureTransport',
      'DenyOutdatedTls',
      'DenyUnlistedPrincipals',
      'AllowListedPrincipalsBucket',
      'AllowListedPrincipalsObjects',
      'DenyUnexpectedEncryption',
      'DenySseCUploads',
    ]);
    expect(policy('vpce-restricted').Statement[2].Condition).toMatchObject({
      StringNotEquals: { 'aws:SourceVpce': 'vpce-0a1b2c3d4e5f67890' },
    });
    expect(policy('vpc-restricted').Statement[2].Condition).toMatchObject({
      StringNotEquals: { 'aws:SourceVpc': 'vpc-0a1b2c3d4e5f67890' },
    });
  });

  it('exempts the break-glass and deployer roles from every restriction', () => {
    for (const id of ['ip-restricted', 'principal-restricted', 'vpce-restricted', 'vpc-restricted']) {
      const restriction = policy(id).Statement[2];
      const exempt = restriction.Condition?.ArnNotLike?.['aws:PrincipalArn'];
      expect(exempt).toEqual(expect.arrayContaining(showcase.exemptPrincipalArns));
    }
  });

  it('keeps every bucket fully secure: SecureBucket with access logs, one key, one policy each', () => {
    expect(Object.keys(resourcesOf(json, 'aws_s3_bucket'))).toHaveLength(5);
    expect(Object.keys(resourcesOf(json, 'aws_s3_bucket_policy'))).toHaveLength(5);
    expect(Object.keys(resourcesOf(json, 'aws_s3_bucket_logging'))).toHaveLength(4);
    expect(Object.keys(resourcesOf(json, 'aws_kms_key'))).toHaveLength(1);
    expect(text).toHaveResourceWithProperties(S3BucketPolicy, {
      depends_on: expect.arrayContaining([expect.stringMatching(/^aws_s3_bucket_public_access_block\./)]),
    });
    for (const b of Object.values(stack.buckets)) expect(b.optOuts).toEqual([]);
  });

  it('reports bad configuration under the bucket path, naming template, parameter and value', () => {
    expectError(
      () => showcaseStack({ vpc: { ...showcase.vpc, vpcIds: ['vpc-main'] } }),
      'policy-showcase/vpc-restricted: restrictToVpcs: vpcIds[0] "vpc-main" is not a VPC id',
    );
    expectError(
      () => showcaseStack({ sourceIp: { ...showcase.sourceIp, cidrs: ['0.0.0.0/0'] } }),
      'policy-showcase/ip-restricted: restrictToSourceIps: cidrs[0] "0.0.0.0/0" matches every address',
    );
    let error: unknown;
    try {
      showcaseStack({ principals: { ...showcase.principals, principalArns: ['data-processor'] } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(S3SecurityValidationError);
  });
});

describe('policyShowcase configuration', () => {
  const { policyShowcase: _omitted, ...withoutShowcase } = DEFAULT_CONFIG;
  const stackIds = (app: App) => app.node.children.map((c) => c.node.id);

  it('is optional: without it the app has no showcase stack', () => {
    const app = buildApp(Testing.app(), parseConfig(withoutShowcase, 'test'));
    expect(stackIds(app)).toContain('secure-data');
    expect(stackIds(app)).not.toContain('policy-showcase');
  });

  it('is in the embedded default, enabled', () => {
    const app: App = buildApp(Testing.app(), config);
    expect(stackIds(app).slice(0, 2)).toEqual(['secure-data', 'policy-showcase']);
  });

  it('can be turned off', () => {
    const off = { ...DEFAULT_CONFIG, policyShowcase: { ...DEFAULT_CONFIG.policyShowcase!, enabled: false } };
    const app = buildApp(Testing.app(), parseConfig(off, 'test'));
    expect(stackIds(app)).not.toContain('policy-showcase');
    expect(stackIds(app)).toContain('secure-data');
  });

  it.each<[string, AppConfigInput, string]>([
    [
      'an empty CIDR list',
      { ...DEFAULT_CONFIG, policyShowcase: { ...showcase, sourceIp: { ...showcase.sourceIp, cidrs: [] } } },
      'test: policyShowcase.sourceIp.cidrs: must list at least one CIDR block',
    ],
    [
      'a stack name already used',
      { ...DEFAULT_CONFIG, policyShowcase: { ...showcase, stackName: 'secure-data' } },
      'test: policyShowcase.stackName: must differ from secureData.stackName',
    ],
    [
      'an unknown key',
      { ...DEFAULT_CONFIG, policyShowcase: { ...showcase, ipRanges: [] } as unknown as typeof showcase },
      'test: policyShowcase: Unrecognized key',
    ],
  ])('rejects %s', (_what, input, message) => {
    expectError(() => parseConfig(input, 'test'), message);
    expect(() => parseConfig(input, 'test')).toThrow(ConfigError);
  });
});
