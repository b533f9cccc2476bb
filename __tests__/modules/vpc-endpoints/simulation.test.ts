/**
 * Proof by simulation: requests through the endpoints, evaluated with the
 * synthesized endpoint policies. The S3 endpoints reach the trusted buckets
 * only (data cannot leave for a bucket of another account), and, with a
 * principal perimeter, only trusted principals get through any endpoint.
 */
import type { PolicyDocument } from '../../../modules/core';
import { VpcEndpoints, VpcEndpointsProps } from '../../../modules/vpc-endpoints';
import { ACCOUNT, policyOf, resourceOf, synth, testStack } from '../../helpers';
import { Decision, SimulationRequest, simulate } from '../../support/simulate';
import { vocabularyProblems } from '../../support/vocabulary';

const ORG = 'o-a1b2c3d4e5';
const ORG_ACCOUNT = '555566667777';
const OTHER_ACCOUNT = '999988887777';
const REPO_BUCKET = 'arn:aws:s3:::al2023-repos-eu-west-1-de612dc2';
const APP = `arn:aws:iam::${ACCOUNT}:role/app`;
const OUTSIDER = 'arn:aws:iam::999988887777:role/intruder';
const ORG_PRINCIPAL = `arn:aws:iam::${ORG_ACCOUNT}:role/analytics`;
const ENDPOINT = {
  sourceVpce: 'vpce-0a1b2c3d4e5f60001',
  sourceVpc: 'vpc-0a1b2c3d4e5f67890',
  sourceIp: '10.20.0.15',
};

const allowAll: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'AllowAll', Effect: 'Allow', Action: '*', Resource: '*' }],
};

/** The synthesized policies of the S3 gateway and STS interface endpoints. */
function endpointPolicies(policy: VpcEndpointsProps['policy']) {
  const stack = testStack();
  new VpcEndpoints(stack, 'endpoints', {
    vpcId: 'vpc-0a1b2c3d4e5f67890',
    routeTableIds: ['rtb-0a1b2c3d'],
    subnetIds: ['subnet-0a1b2c3d'],
    interfaceServices: ['sts'],
    policy,
  });
  const { json } = synth(stack);
  const sts = resourceOf(json, 'aws_vpc_endpoint', '/Interface-sts');
  return {
    s3: policyOf(resourceOf(json, 'aws_vpc_endpoint', '/S3Gateway')),
    sts: sts.policy === undefined ? undefined : policyOf(sts),
  };
}

const byDefault = endpointPolicies(undefined);
const perimeter = endpointPolicies({
  bucketOrganizationId: ORG,
  bucketArns: [REPO_BUCKET],
  principalArns: [APP],
  principalOrganizationId: ORG,
});

/** A bucket policy that lets anyone read: the endpoint policy alone must stop what it should. */
const openBucket = (bucketArn: string): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'Open', Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: [bucketArn, `${bucketArn}/*`] },
  ],
});

interface S3Case {
  readonly what: string;
  readonly principal: string;
  readonly bucketArn: string;
  readonly bucketAccount: string;
  readonly context?: SimulationRequest['context'];
  readonly principalOrgId?: string;
  readonly expect: Decision;
}

async function throughS3Endpoint(policy: PolicyDocument | undefined, c: S3Case): Promise<Decision> {
  return simulate(
    {
      identityPolicies: [allowAll],
      resourcePolicy: openBucket(c.bucketArn),
      vpcEndpointPolicies: policy ? [policy] : [],
    },
    {
      ...ENDPOINT,
      principal: c.principal,
      principalOrgId: c.principalOrgId,
      action: 's3:PutObject',
      resource: `${c.bucketArn}/exports/data.csv`,
      resourceAccount: c.bucketAccount,
      context: c.context,
    },
  );
}

const OWN_BUCKET = 'arn:aws:s3:::acme-data-111122223333';
const ORG_BUCKET = 'arn:aws:s3:::acme-shared-555566667777';
const FOREIGN_BUCKET = 'arn:aws:s3:::attacker-drop-zone';

const DEFAULT_CASES: S3Case[] = [
  {
    what: 'an app writes to a bucket of the account',
    principal: APP,
    bucketArn: OWN_BUCKET,
    bucketAccount: ACCOUNT,
    expect: 'Allowed',
  },
  {
    what: 'an app writes to a bucket of another account (exfiltration)',
    principal: APP,
    bucketArn: FOREIGN_BUCKET,
    bucketAccount: OTHER_ACCOUNT,
    expect: 'ImplicitlyDenied',
  },
  {
    what: 'an app writes to a bucket of the organization, not trusted by default',
    principal: APP,
    bucketArn: ORG_BUCKET,
    bucketAccount: ORG_ACCOUNT,
    context: { 'aws:ResourceOrgID': ORG },
    expect: 'ImplicitlyDenied',
  },
];

const PERIMETER_CASES: S3Case[] = [
  {
    what: 'the trusted app writes to a bucket of the account',
    principal: APP,
    bucketArn: OWN_BUCKET,
    bucketAccount: ACCOUNT,
    expect: 'Allowed',
  },
  {
    what: 'the trusted app writes to a bucket of the organization',
    principal: APP,
    bucketArn: ORG_BUCKET,
    bucketAccount: ORG_ACCOUNT,
    context: { 'aws:ResourceOrgID': ORG },
    expect: 'Allowed',
  },
  {
    what: 'the trusted app reaches the listed package repository bucket',
    principal: APP,
    bucketArn: REPO_BUCKET,
    bucketAccount: OTHER_ACCOUNT,
    context: { 'aws:ResourceOrgID': 'o-zzzzzzzzzz' },
    expect: 'Allowed',
  },
  {
    what: 'the trusted app writes to a bucket outside the organization',
    principal: APP,
    bucketArn: FOREIGN_BUCKET,
    bucketAccount: OTHER_ACCOUNT,
    context: { 'aws:ResourceOrgID': 'o-zzzzzzzzzz' },
    expect: 'ImplicitlyDenied',
  },
  {
    what: 'a principal of the organization writes to a bucket of the account',
    principal: ORG_PRINCIPAL,
    principalOrgId: ORG,
    bucketArn: OWN_BUCKET,
    bucketAccount: ACCOUNT,
    expect: 'Allowed',
  },
  {
    what: 'an outsider with its own credentials writes to a bucket of the account',
    principal: OUTSIDER,
    principalOrgId: 'o-zzzzzzzzzz',
    bucketArn: OWN_BUCKET,
    bucketAccount: ACCOUNT,
    expect: 'ExplicitlyDenied',
  },
];

describe('S3 endpoint policies', () => {
  it('use only actions and condition keys that exist', async () => {
    for (const policy of [byDefault.s3, perimeter.s3, perimeter.sts!]) {
      expect(await vocabularyProblems(policy)).toEqual([]);
    }
  });

  it.each(DEFAULT_CASES.map((c) => [c.what, c] as const))('by default: %s', async (_w, c) => {
    expect(await throughS3Endpoint(byDefault.s3, c)).toBe(c.expect);
  });

  it.each(PERIMETER_CASES.map((c) => [c.what, c] as const))('with a perimeter: %s', async (_w, c) => {
    expect(await throughS3Endpoint(perimeter.s3, c)).toBe(c.expect);
  });

  it('owes every denial to the endpoint policy (without it, each request is allowed)', async () => {
    for (const c of [...DEFAULT_CASES, ...PERIMETER_CASES].filter((x) => x.expect !== 'Allowed')) {
      expect([c.what, await throughS3Endpoint(undefined, c)]).toEqual([c.what, 'Allowed']);
    }
  });
});

describe('STS endpoint policy', () => {
  const ROLE = `arn:aws:iam::${ACCOUNT}:role/worker`;
  const trust = (principal: string): PolicyDocument => ({
    Version: '2012-10-17',
    Statement: [{ Sid: 'Trust', Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }],
  });
  const assume = (principal: string, principalOrgId?: string) =>
    simulate(
      {
        identityPolicies: [allowAll],
        resourcePolicy: trust(principal),
        vpcEndpointPolicies: [perimeter.sts!],
      },
      { ...ENDPOINT, principal, principalOrgId, action: 'sts:AssumeRole', resource: ROLE },
    );

  it('keeps the AWS default (no policy) when no principal is trusted by name', () => {
    expect(byDefault.sts).toBeUndefined();
  });

  it('lets trusted principals through and stops the others', async () => {
    expect(await assume(APP)).toBe('Allowed');
    expect(await assume(ORG_PRINCIPAL, ORG)).toBe('Allowed');
    expect(await assume(OUTSIDER, 'o-zzzzzzzzzz')).toBe('ExplicitlyDenied');
  });
});
