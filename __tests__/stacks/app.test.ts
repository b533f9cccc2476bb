/**
 * The default app, synthesized through buildApp with the embedded default
 * configuration: every bucket policy it produces is literal JSON, uses only
 * existing actions and keys, and passes the simulation.
 */
import { TerraformStack, Testing } from 'cdktf';
import type { PolicyDocument } from '../../modules/core';
import { SecureBucket } from '../../modules/secure-bucket';
import { DEFAULT_CONFIG, buildApp, parseConfig } from '../../stacks';
import { TfJson, resolveTokens } from '../helpers';
import { ALLOW_ALL_S3, Decision, SimulationRequest, simulate, simulationRuns } from '../support/simulate';
import { vocabularyProblems } from '../support/vocabulary';

const config = parseConfig(DEFAULT_CONFIG, 'embedded default configuration');
const ACCOUNT = config.environment.accountId!;
const showcase = config.policyShowcase!;
const network = config.privateNetwork!;
const resilience = config.resilience!;
const READERS_ACCESS_POINT = `arn:aws:s3:${config.environment.region}:${ACCOUNT}:accesspoint/${resilience.accessPoint!.name}`;
const role = (name: string, account = ACCOUNT) => `arn:aws:iam::${account}:role/${name}`;

interface SynthesizedPolicy {
  readonly stack: string;
  readonly bucketName: string;
  readonly policy: PolicyDocument;
  readonly raw: string;
  /** Terraform references in the policy (ids of resources created with it), each replaced by a stand-in. */
  readonly references: readonly string[];
}

/** Stand-ins for the ids of the private network's S3 endpoints, which exist only after apply. */
const PRIVATE_GATEWAY = 'vpce-0a1b2c3d4e5f60001';
const PRIVATE_INTERFACE = 'vpce-0a1b2c3d4e5f60002';

function standIn(reference: string): string {
  if (/^\$\{aws_vpc_endpoint\.[\w-]*S3Gateway[\w-]*\.id\}$/.test(reference)) return PRIVATE_GATEWAY;
  if (/^\$\{aws_vpc_endpoint\.[\w-]*Interface-s3[\w-]*\.id\}$/.test(reference)) return PRIVATE_INTERFACE;
  throw new Error(`no stand-in for ${reference}`);
}

/**
 * The document of a bucket policy that refers to resources of its stack: read
 * from the bucket, its references replaced by stand-ins.
 */
function documentWithReferences(stack: TerraformStack, bucketName: string) {
  const bucket = stack.node.findAll().find((c) => c instanceof SecureBucket && c.bucketName === bucketName);
  if (!(bucket instanceof SecureBucket)) throw new Error(`${stack.node.id}: no SecureBucket ${bucketName}`);
  const text = JSON.stringify(resolveTokens(bucket, bucket.policyDocument));
  const references = [...new Set(text.match(/\$\{[^}]+\}/g) ?? [])];
  const replaced = references.reduce((t, r) => t.split(r).join(standIn(r)), text);
  return { policy: JSON.parse(replaced) as PolicyDocument, references };
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
      const bucketName = String(buckets[ref[1]].bucket);
      const literal = !raw.includes('${');
      return {
        stack: stack.node.id,
        bucketName,
        raw,
        ...(literal
          ? { policy: JSON.parse(raw) as PolicyDocument, references: [] }
          : documentWithReferences(stack as TerraformStack, bucketName)),
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
  network.bucket.name,
]);

const malware = config.malwareProtection!;
/** Buckets readable only once scanned clean, with the verdict tag of a clean object. */
const GATED = new Map<string, Record<string, string>>([
  [malware.managed!.bucketName, { 's3:ExistingObjectTag/GuardDutyMalwareScanStatus': 'NO_THREATS_FOUND' }],
  [malware.clamav!.bucketName, { 's3:ExistingObjectTag/scan-status': 'CLEAN' }],
]);
const BREAK_GLASS = malware.exemptPrincipalArns[0];
/** Where infected objects are moved: readable by break-glass only, so every other read is denied outright. */
const QUARANTINE = malware.clamav!.quarantineBucketName!;

/** Requests every bucket of the default app must answer alike (outsiders: denied outright where restricted). */
const universal = (bucketName: string): AppCase[] => {
  const quarantine = bucketName === QUARANTINE;
  const outsider: Decision =
    RESTRICTED.has(bucketName) || quarantine ? 'ExplicitlyDenied' : 'ImplicitlyDenied';
  // On a gated bucket, these reads are of an object scanned clean.
  const clean = GATED.has(bucketName) ? { context: GATED.get(bucketName)! } : {};
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
      request: { principal: 'anonymous', ...clean },
    },
    {
      bucketName,
      what: 'an admin of another account',
      expect: outsider,
      request: { principal: role('admin', '444455556666'), ...clean },
      identity: 'admin',
    },
    {
      bucketName,
      what: 'the deployer over TLS 1.2 from anywhere',
      expect: quarantine ? 'ExplicitlyDenied' : 'Allowed',
      request: { principal: DEPLOYER, tlsVersion: '1.2', ...clean },
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
  {
    bucketName: network.bucket.name,
    what: 'an app through the private S3 gateway endpoint',
    expect: 'Allowed',
    request: { principal: APP, sourceVpce: PRIVATE_GATEWAY, sourceIp: '198.51.100.10' },
  },
  {
    bucketName: network.bucket.name,
    what: 'an app uploading through the private S3 interface endpoint',
    expect: 'Allowed',
    request: {
      principal: APP,
      action: 's3:PutObject',
      sourceVpce: PRIVATE_INTERFACE,
      sourceIp: '198.51.100.10',
    },
  },
  {
    bucketName: network.bucket.name,
    what: 'an app through an endpoint of another VPC',
    expect: 'ExplicitlyDenied',
    request: { principal: APP, ...VIA_ENDPOINT },
  },
  {
    bucketName: network.bucket.name,
    what: 'an app from the internet',
    expect: 'ExplicitlyDenied',
    request: { principal: APP },
  },
  {
    bucketName: network.bucket.name,
    what: 'the break-glass role from the internet',
    expect: 'Allowed',
    request: { principal: network.exemptPrincipalArns[0] },
  },
  {
    bucketName: resilience.bucket.name,
    what: 'an admin role of the account',
    expect: 'Allowed',
    request: { principal: APP },
  },
  {
    bucketName: resilience.replica.name,
    what: 'an admin role of the account writes a replica',
    expect: 'ExplicitlyDenied',
    request: { principal: APP, action: 's3:ReplicateObject' },
  },
  {
    bucketName: resilience.replica.name,
    what: 'the replication role writes a replica',
    expect: 'Allowed',
    request: { principal: role(`s3-replication-${resilience.bucket.name}`), action: 's3:ReplicateObject' },
  },
  {
    bucketName: resilience.bucket.name,
    what: 'a role of another account through an access point of this account',
    expect: 'ImplicitlyDenied',
    request: {
      principal: role('reader', '444455556666'),
      context: { 's3:DataAccessPointAccount': ACCOUNT, 's3:DataAccessPointArn': READERS_ACCESS_POINT },
    },
    identity: 'admin',
  },
  {
    bucketName: resilience.bucket.name,
    what: 'an admin role of the account through an access point the app did not create',
    expect: 'ImplicitlyDenied',
    request: {
      principal: APP,
      context: {
        's3:DataAccessPointAccount': ACCOUNT,
        's3:DataAccessPointArn': `arn:aws:s3:${config.environment.region}:${ACCOUNT}:accesspoint/rogue`,
      },
    },
    identity: 'none',
  },
  {
    bucketName: resilience.bucket.name,
    what: 'a role of the account with no IAM policy, through the readers access point',
    expect: 'Allowed',
    request: {
      principal: resilience.accessPoint!.readerArns[0],
      context: { 's3:DataAccessPointAccount': ACCOUNT, 's3:DataAccessPointArn': READERS_ACCESS_POINT },
    },
    identity: 'none',
  },
  ...[...GATED].flatMap(([bucketName, cleanTag]): AppCase[] => {
    const [key] = Object.keys(cleanTag);
    return [
      {
        bucketName,
        what: 'an admin reads an unscanned object',
        expect: 'ExplicitlyDenied',
        request: { principal: APP },
      },
      {
        bucketName,
        what: 'an admin reads an object whose scan found malware',
        expect: 'ExplicitlyDenied',
        request: {
          principal: APP,
          context: { [key]: key.endsWith('scan-status') ? 'INFECTED' : 'THREATS_FOUND' },
        },
      },
      {
        bucketName,
        what: 'break-glass reads an infected object',
        expect: 'Allowed',
        request: { principal: BREAK_GLASS, context: { [key]: 'INFECTED' } },
      },
      {
        bucketName,
        what: 'an admin uploads an object tagged with the scan verdict',
        expect: 'ExplicitlyDenied',
        request: {
          principal: APP,
          action: 's3:PutObject',
          context: { 's3:RequestObjectTagKeys': [key.replace('s3:ExistingObjectTag/', '')] },
        },
      },
    ];
  }),
  {
    bucketName: QUARANTINE,
    what: 'break-glass reads a quarantined object',
    expect: 'Allowed',
    request: { principal: BREAK_GLASS, context: { 's3:ExistingObjectTag/scan-status': 'INFECTED' } },
  },
  {
    bucketName: QUARANTINE,
    what: 'an admin uploads into quarantine',
    expect: 'ExplicitlyDenied',
    request: { principal: APP, action: 's3:PutObject' },
  },
  ...config.secureData!.buckets.map((b): AppCase => ({
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
      new Set([
        'secure-data',
        'policy-showcase',
        'account-baseline',
        'private-network',
        'resilient-data',
        'data-classification',
        'malware-protection',
      ]),
    );
    expect(policies.map((p) => p.bucketName)).toEqual(
      expect.arrayContaining([
        showcase.logBucket.name,
        showcase.sourceIp.bucketName,
        showcase.principals.bucketName,
        showcase.vpcEndpoint.bucketName,
        showcase.vpc.bucketName,
        config.secureData!.logBucket.name,
        ...config.secureData!.buckets.map((b) => b.name),
        network.logBucket.name,
        network.bucket.name,
        resilience.logBucket.name,
        resilience.bucket.name,
        resilience.replicaLogBucket.name,
        resilience.replica.name,
        config.dataClassification!.results.bucketName,
        config.dataClassification!.accessLogBucket.name,
      ]),
    );
  });

  it.each(policies.map((p) => [p.bucketName, p] as const))(
    '%s: literal JSON (but the ids of endpoints created with it) with known actions and keys',
    async (_n, p) => {
      if (p.bucketName === network.bucket.name) {
        expect(p.references).toEqual([
          expect.stringMatching(/^\$\{aws_vpc_endpoint\.Network_Endpoints_S3Gateway_\w+\.id\}$/),
          expect.stringMatching(/^\$\{aws_vpc_endpoint\.Network_Endpoints_Interface-s3_\w+\.id\}$/),
        ]);
      } else {
        expect(p.raw).not.toContain('${');
      }
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
