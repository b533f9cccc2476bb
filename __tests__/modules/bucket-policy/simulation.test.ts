/**
 * Proof by simulation: every template is applied to a SecureBucket, the stack
 * is synthesized, and each bucket's synthesized policy is evaluated with
 * @cloud-copilot/iam-simulate for a matrix of requests.
 */
import type { PolicyDocument, PolicyStatement } from '../../../modules/core';
import {
  allowCloudTrailDelivery,
  allowConfigDelivery,
  denyBucketPolicyChanges,
  denyObjectDeletion,
  denySseCUploads,
  denyUnexpectedEncryption,
  denyWrongKmsKey,
  grantRead,
  grantReadWrite,
  restrictToOrganization,
  restrictToOrganizationPaths,
  restrictToPrincipals,
  restrictToSourceIps,
  restrictToVpcEndpoints,
  restrictToVpcs,
} from '../../../modules/bucket-policy';
import { AccessLogBucket, SecureBucket, SecureBucketProps } from '../../../modules/secure-bucket';
import { ACCOUNT, policyOf, resourceOf, synth, testStack } from '../../helpers';
import { simulationRuns } from '../../support/simulate';
import { vocabularyProblems } from '../../support/vocabulary';
import { ACCESS_CASES } from './cases-access';
import { DATA_CASES } from './cases-data';
import { NETWORK_CASES } from './cases-network';
import {
  APP,
  BREAK_GLASS,
  DENIED,
  ENDPOINT,
  KEY,
  ORG,
  PARTNER,
  RequestCase,
  STRANGER,
  SUPPLIER,
  TRAIL,
  VPC,
  arnOf,
  caseTitle,
  nameOf,
  role,
  runCase,
} from './fixtures';

const exempt = { exemptPrincipalArns: [BREAK_GLASS] };

/** One stack, one bucket per template (or family), synthesized once. */
function synthesizePolicies(): Record<string, PolicyDocument> {
  const stack = testStack();
  const logs = new AccessLogBucket(stack, 'logs', { bucketName: nameOf('logs') });
  const ids: string[] = [];
  const bucket = (id: string, props: Partial<SecureBucketProps> = {}) => {
    ids.push(id);
    return new SecureBucket(stack, id, {
      bucketName: nameOf(id),
      accessLogs: { bucket: logs, prefix: `${id}/` },
      ...props,
    });
  };
  const restricted = (id: string, build: (arn: string) => PolicyStatement[], props = {}) =>
    bucket(id, props).addMandatoryPolicyStatements('simulation', ...build(arnOf(id)));

  bucket('tls');
  bucket('tls13', { minimumTlsVersion: 1.3 });
  restricted('ip', (arn) => [
    restrictToSourceIps(arn, { cidrs: ['203.0.113.0/24', '2001:db8::/32'], ...exempt }),
  ]);
  restricted('ip-strict', (arn) => [
    restrictToSourceIps(arn, {
      cidrs: ['203.0.113.0/24'],
      exemptAwsServices: false,
      actions: ['s3:GetObject', 's3:PutObject'],
    }),
  ]);
  restricted('principals', (arn) => restrictToPrincipals(arn, { principalArns: [APP], ...exempt }));
  restricted('principals-read', (arn) =>
    restrictToPrincipals(arn, { principalArns: [role('reader')], access: 'read' }),
  );
  restricted('vpce', (arn) => [restrictToVpcEndpoints(arn, { endpointIds: [ENDPOINT], ...exempt })]);
  restricted('vpc', (arn) => [restrictToVpcs(arn, { vpcIds: [VPC], ...exempt })]);
  restricted('org', (arn) => [
    restrictToOrganization(arn, { organizationId: ORG, ...exempt }),
    ...grantRead(arn, { principals: [PARTNER] }),
  ]);
  restricted('orgpaths', (arn) => [
    restrictToOrganizationPaths(arn, { paths: [`${ORG}/r-ab12/ou-ab12-11111111/*`], ...exempt }),
  ]);
  restricted(
    'encryption',
    (arn) => [
      denyUnexpectedEncryption(arn, { algorithm: 'aws:kms', ...exempt }),
      denyWrongKmsKey(arn, { keyArn: KEY, ...exempt }),
      denySseCUploads(arn, exempt),
    ],
    { encryption: { key: KEY } },
  );
  restricted('strict', (arn) => [
    denyUnexpectedEncryption(arn, { algorithm: 'aws:kms', requireHeader: true }),
  ]);
  restricted('protection', (arn) => [
    denyObjectDeletion(arn, { allowedPrincipalArns: [role('data-admin')], ...exempt }),
    denyBucketPolicyChanges(arn, { allowedPrincipalArns: [role('terraform')], ...exempt }),
  ]);
  bucket('grants').addPolicyStatements(
    ...grantRead(arnOf('grants'), { principals: [PARTNER] }),
    ...grantReadWrite(arnOf('grants'), {
      principals: [role('writer', SUPPLIER)],
      prefix: 'incoming/',
      sid: 'SupplierWrite',
    }),
  );
  restricted('audit', (arn) => [
    ...allowCloudTrailDelivery(arn, { trailArns: [TRAIL], prefix: 'trail/' }),
    ...allowConfigDelivery(arn, { accountIds: [ACCOUNT], regions: ['eu-west-1'], prefix: 'config/' }),
  ]);
  // A user statement that tries to open the bucket to another account from anywhere: the bucket
  // opts out of refusing it at synth, so the simulation shows the template deny still wins.
  restricted('composed', (arn) => [restrictToVpcEndpoints(arn, { endpointIds: [ENDPOINT] })], {
    blockCrossAccountSensitiveActions: {
      enabled: false,
      reason: 'simulation: a broad grant to another account must still lose to the endpoint deny',
    },
  });
  const composed = stack.node.findChild('composed') as SecureBucket;
  composed.addPolicyStatements({
    Sid: 'UserAllowsStranger',
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${STRANGER}:root` },
    Action: 's3:*',
    Resource: [arnOf('composed'), `${arnOf('composed')}/*`],
  });

  const { json } = synth(stack);
  const policies: Record<string, PolicyDocument> = {
    logs: policyOf(resourceOf(json, 'aws_s3_bucket_policy', 'logs/Bucket/Policy')),
  };
  for (const id of ids) policies[id] = policyOf(resourceOf(json, 'aws_s3_bucket_policy', `/${id}/Policy`));
  return policies;
}

const MATRIX: Record<string, RequestCase[]> = { ...NETWORK_CASES, ...ACCESS_CASES, ...DATA_CASES };

/**
 * Denied cases re-run without the statement that should deny them: the
 * decision must change, so the template (not another statement) is what denies.
 */
const ABLATIONS: { sid: string; bucket: string; what: string }[] = [
  { sid: 'DenyOutsideSourceIps', bucket: 'ip', what: 'read from just above the range' },
  { sid: 'DenyOutsideSourceIps', bucket: 'ip', what: 'read from just above the IPv6 range' },
  { sid: 'DenyUnlistedPrincipals', bucket: 'principals', what: 'another role of the account reads' },
  { sid: 'DenyOutsideVpcEndpoints', bucket: 'vpce', what: 'read from the internet' },
  { sid: 'DenyOutsideVpcs', bucket: 'vpc', what: 'read from another VPC' },
  { sid: 'DenyOutsideOrganization', bucket: 'org', what: 'a role of another organization' },
  { sid: 'DenyOutsideOrganizationPaths', bucket: 'orgpaths', what: 'an account in a sibling OU' },
  { sid: 'DenyUnexpectedEncryption', bucket: 'encryption', what: 'upload with SSE-S3' },
  { sid: 'DenyWrongKmsKey', bucket: 'encryption', what: 'upload with SSE-KMS and another key' },
  { sid: 'DenySseCUploads', bucket: 'encryption', what: 'upload with SSE-C' },
  { sid: 'DenyObjectDeletion', bucket: 'protection', what: 'an app role deletes a version' },
  { sid: 'DenyBucketPolicyChanges', bucket: 'protection', what: 'an app role replaces the policy' },
  { sid: 'DenyInsecureTransport', bucket: 'tls', what: 's3:GetObject over HTTP' },
  { sid: 'DenyOutdatedTls', bucket: 'tls', what: 's3:GetObject over TLS 1.1' },
];

const CASES = Object.values(MATRIX).flat();
const TOTAL = CASES.length + ABLATIONS.length;
const policies = synthesizePolicies();

describe(`bucket policy templates, proven by simulation (${TOTAL} request cases)`, () => {
  for (const [template, cases] of Object.entries(MATRIX)) {
    describe(`${template}: ${cases.length} request cases`, () => {
      it.each(cases.map((c) => [caseTitle(c), c] as const))('%s', async (_title, c) => {
        expect(await runCase(c, policies, arnOf)).toBe(c.expect);
      });
    });
  }

  describe(`without the template's statement, its denied request passes: ${ABLATIONS.length} request cases`, () => {
    it.each(ABLATIONS.map((a) => [`${a.bucket} without ${a.sid}: ${a.what}`, a] as const))(
      '%s',
      async (_title, a) => {
        const c = CASES.find((x) => x.bucket === a.bucket && x.what === a.what);
        if (!c) throw new Error(`no case ${a.bucket}: ${a.what}`);
        expect(c.expect).toBe(DENIED);
        const policy = policies[a.bucket];
        const without = { ...policy, Statement: policy.Statement.filter((s) => s.Sid !== a.sid) };
        expect(without.Statement.length).toBe(policy.Statement.length - 1);
        expect(await runCase(c, { [a.bucket]: without }, arnOf)).not.toBe(DENIED);
      },
    );
  });

  it.each(Object.keys(policies))(
    'the %s policy uses only existing actions and condition keys',
    async (id) => {
      expect(await vocabularyProblems(policies[id])).toEqual([]);
    },
  );

  it(`ran ${TOTAL} request cases, at least 150`, () => {
    // Runs after the cases above: each case is exactly one simulation.
    expect(simulationRuns()).toBe(TOTAL);
    expect(TOTAL).toBeGreaterThanOrEqual(150);
    process.stdout.write(`bucket policy simulation: ${simulationRuns()} request cases evaluated\n`);
  });
});
