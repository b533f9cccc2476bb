/**
 * The default app, synthesized through buildApp with the embedded default
 * configuration: every bucket policy it produces is literal JSON, uses only
 * existing actions and keys, and passes the simulation.
 */
import { TerraformStack, Testing } from 'cdktf';
import type { PolicyDocument } from '../../modules/core';
import { DEFAULT_CONFIG, buildApp, parseConfig } from '../../stacks';
import { TfJson } from '../helpers';
import { ALLOW_ALL_S3, Decision, SimulationRequest, simulate, simulationRuns } from '../support/simulate';
import { vocabularyProblems } from '../support/vocabulary';

const config = parseConfig(DEFAULT_CONFIG, 'embedded default configuration');
const ACCOUNT = config.environment.accountId!;
const showcase = config.policyShowcase!;
const role = (name: string, account = ACCOUNT) => `arn:aws:iam::${account}:role/${name}`;

interface SynthesizedPolicy {
  readonly stack: string;
  readonly bucketName: string;
  readonly policy: PolicyDocument;
  readonly raw: string;
}

/** Every bucket policy of every stack of the default app, with the name of its bucket. */
function defaultAppPolicies(): SynthesizedPolicy[] {
  const app = buildApp(Testing.app(), config);
  return app.node.children.flatMap((stack) => {
    const json = (stack as TerraformStack).toTerraform() as TfJson;
    const buckets = json.resource?.aws_s3_bucket ?? {};
    return Object.values(json.resource?.aws_s3_bucket_policy ?? {}).map((p) => {
      const ref = /^\$\{aws_s3_bucket\.([^.]+)\.bucket\}$/.exec(String(p.bucket));
      if (!ref) throw new Error(`${stack.node.id}: a bucket policy refers to ${String(p.bucket)}`);
      const raw = String(p.policy);
      return {
        stack: stack.node.id,
        bucketName: String(buckets[ref[1]].bucket),
        policy: JSON.parse(raw) as PolicyDocument,
        raw,
      };
    });
  });
}

const policies = defaultAppPolicies();
const byName = (name: string) => {
  const found = policies.find((p) => p.bucketName === name);
  if (!found) throw new Error(`no policy for ${name}`);
  return found;
};

interface AppCase {
  readonly bucketName: string;
  readonly what: string;
  readonly expect: Decision;
  readonly request: Partial<SimulationRequest>;
  readonly identity?: 'admin' | 'none';
}

const DEPLOYER = showcase.exemptPrincipalArns.find((a) => a.endsWith('/terraform-deployer'))!;

/** Buckets whose policy restricts where requests come from or who makes them. */
const RESTRICTED = new Set([
  showcase.sourceIp.bucketName,
  showcase.principals.bucketName,
  showcase.vpcEndpoint.bucketName,
  showcase.vpc.bucketName,
]);

/** Requests every bucket of the default app must answer alike (outsiders: denied outright where restricted). */
const universal = (bucketName: string): AppCase[] => {
  const outsider: Decision = RESTRICTED.has(bucketName) ? 'ExplicitlyDenied' : 'ImplicitlyDenied';
  return [
    { bucketName, what: 'HTTP', expect: 'ExplicitlyDenied', request: { secureTransport: false } },
    {
      bucketName,
      what: 'upload over TLS 1.1',
      expect: 'ExplicitlyDenied',
      request: { action: 's3:PutObject', tlsVersion: '1.1' },
    },
    {
      bucketName,
      what: 'anonymous over HTTPS',
      expect: outsider,
      request: { principal: 'anonymous' },
    },
    {
      bucketName,
      what: 'an admin of another account',
      expect: outsider,
      request: { principal: role('admin', '444455556666') },
      identity: 'admin',
    },
    {
      bucketName,
      what: 'the deployer over TLS 1.2 from anywhere',
      expect: 'Allowed',
      request: { principal: DEPLOYER, tlsVersion: '1.2' },
    },
    {
      bucketName,
      what: 'the deployer reads the bucket policy',
      expect: 'Allowed',
      request: { principal: DEPLOYER, action: 's3:GetBucketPolicy' },
    },
  ];
};

const VIA_ENDPOINT = {
  sourceVpce: showcase.vpcEndpoint.endpointIds[0],
  sourceVpc: 'vpc-0fedcba9876543210',
  sourceIp: '10.0.1.5',
};
const IN_VPC = {
  sourceVpce: 'vpce-0fedcba9876543210',
  sourceVpc: showcase.vpc.vpcIds[0],
  sourceIp: '10.0.1.5',
};
const APP = role('app');
const LISTED = showcase.principals.principalArns[0];

const specific: AppCase[] = [
  {
    bucketName: showcase.sourceIp.bucketName,
    what: 'an app from 203.0.113.10',
    expect: 'Allowed',
    request: { principal: APP, sourceIp: '203.0.113.10' },
  },
  {
    bucketName: showcase.sourceIp.bucketName,
    what: 'an app from 2001:db8::10',
    expect: 'Allowed',
    request: { principal: APP, sourceIp: '2001:db8::10' },
  },
  {
    bucketName: showcase.sourceIp.bucketName,
    what: 'an app from 198.51.100.7',
    expect: 'ExplicitlyDenied',
    request: { principal: APP },
  },
  {
    bucketName: showcase.principals.bucketName,
    what: 'the listed role without an IAM policy',
    expect: 'Allowed',
    request: { principal: LISTED },
    identity: 'none',
  },
  {
    bucketName: showcase.principals.bucketName,
    what: 'the listed role uploads with SSE-S3',
    expect: 'ExplicitlyDenied',
    request: {
      principal: LISTED,
      action: 's3:PutObject',
      context: { 's3:x-amz-server-side-encryption': 'AES256' },
    },
  },
  {
    bucketName: showcase.principals.bucketName,
    what: 'an unlisted admin role',
    expect: 'ExplicitlyDenied',
    request: { principal: APP },
  },
  {
    bucketName: showcase.vpcEndpoint.bucketName,
    what: 'an app through the endpoint',
    expect: 'Allowed',
    request: { principal: APP, ...VIA_ENDPOINT },
  },
  {
    bucketName: showcase.vpcEndpoint.bucketName,
    what: 'an app from the internet',
    expect: 'ExplicitlyDenied',
    request: { principal: APP },
  },
  {
    bucketName: showcase.vpc.bucketName,
    what: 'an app from the VPC',
    expect: 'Allowed',
    request: { principal: APP, ...IN_VPC },
  },
  {
    bucketName: showcase.vpc.bucketName,
    what: 'an app from the internet',
    expect: 'ExplicitlyDenied',
    request: { principal: APP },
  },
  ...config.secureData.buckets.map((b): AppCase => ({
    bucketName: b.name,
    what: 'an admin role of the account',
    expect: 'Allowed',
    request: { principal: APP },
  })),
];

const CASES: AppCase[] = [...policies.flatMap((p) => universal(p.bucketName)), ...specific];

describe(`the default app's bucket policies (${policies.length} policies, ${CASES.length} request cases)`, () => {
  it('covers every bucket of every stack', () => {
    expect(new Set(policies.map((p) => p.stack))).toEqual(
      new Set(['secure-data', 'policy-showcase', 'account-baseline']),
    );
    expect(policies.map((p) => p.bucketName)).toEqual(
      expect.arrayContaining([
        showcase.logBucket.name,
        showcase.sourceIp.bucketName,
        showcase.principals.bucketName,
        showcase.vpcEndpoint.bucketName,
        showcase.vpc.bucketName,
        config.secureData.logBucket.name,
        ...config.secureData.buckets.map((b) => b.name),
      ]),
    );
  });

  it.each(policies.map((p) => [p.bucketName, p] as const))(
    '%s: literal JSON with known actions and keys',
    async (_n, p) => {
      expect(p.raw).not.toContain('${');
      expect(await vocabularyProblems(p.policy)).toEqual([]);
    },
  );

  it.each(CASES.map((c) => [`${c.bucketName}: ${c.what} -> ${c.expect}`, c] as const))(
    '%s',
    async (_title, c) => {
      const principal = c.request.principal ?? APP;
      const ownIam = principal.split(':')[4] === ACCOUNT;
      const identity =
        c.identity ?? (ownIam || c.request.principal?.includes('444455556666') ? 'admin' : 'none');
      const action = c.request.action ?? 's3:GetObject';
      const arn = `arn:aws:s3:::${c.bucketName}`;
      const resource = action.includes('Bucket') ? arn : `${arn}/data/report.csv`;
      const decision = await simulate(
        {
          resourcePolicy: byName(c.bucketName).policy,
          identityPolicies: identity === 'admin' ? [ALLOW_ALL_S3] : [],
        },
        { ...c.request, principal, action, resource, resourceAccount: ACCOUNT },
      );
      expect(decision).toBe(c.expect);
    },
  );

  it(`ran ${CASES.length} request cases`, () => {
    expect(simulationRuns()).toBe(CASES.length);
    process.stdout.write(
      `default app simulation: ${simulationRuns()} request cases over ${policies.length} bucket policies\n`,
    );
  });
});
