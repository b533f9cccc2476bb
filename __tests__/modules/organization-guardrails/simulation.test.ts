/**
 * Proof by simulation: the synthesized service control policy denies each
 * guarded action to an administrator of a member account and spares the
 * break-glass role; the resource control policy denies S3 requests without
 * TLS or from outside the organization, whatever the bucket policy grants.
 */
import type { PolicyDocument } from '../../../modules/core';
import { OrganizationGuardrails } from '../../../modules/organization-guardrails';
import { resourcesOf, synth, testStack } from '../../helpers';
import { Decision, SimulationRequest, simulate } from '../../support/simulate';
import { vocabularyProblems } from '../../support/vocabulary';

const MEMBER = '444455556666';
const ORG = 'o-a1b2c3d4e5';
const ADMIN = `arn:aws:iam::${MEMBER}:role/admin`;
const BREAK_GLASS = `arn:aws:iam::${MEMBER}:role/break-glass`;
const BREAK_GLASS_SESSION = `arn:aws:sts::${MEMBER}:assumed-role/break-glass/incident-42`;
const TRAIL = `arn:aws:cloudtrail:eu-west-1:${MEMBER}:trail/organization`;
const RECORDER = `arn:aws:config:eu-west-1:${MEMBER}:configuration-recorder/default/a1b2c3d4`;
const PROTECTED = 'arn:aws:s3:::acme-prod-data';
const MACIE_JOB = `arn:aws:macie2:eu-west-1:${MEMBER}:classification-job/3ce05dbb7ec5505def334104bf160bf5`;
const UNPROTECTED = 'arn:aws:s3:::acme-dev-data';

const allowAll: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'AllowAll', Effect: 'Allow', Action: '*', Resource: '*' }],
};

function synthesizedPolicies() {
  const stack = testStack();
  new OrganizationGuardrails(stack, 'guardrails', {
    targetIds: ['ou-a1b2-c3d4e5f6'],
    breakGlassPrincipalArns: ['arn:aws:iam::*:role/break-glass'],
    protectedBuckets: ['acme-prod-*'],
    auditLogs: { bucketNames: ['acme-cloudtrail-*'] },
    resourceControlPolicies: { organizationId: ORG },
  });
  const policies = Object.values(resourcesOf(synth(stack).json, 'aws_organizations_policy'));
  const content = (type: string) => String(policies.find((p) => p.type === type)!.content);
  return { scp: content('SERVICE_CONTROL_POLICY'), rcp: content('RESOURCE_CONTROL_POLICY') };
}

const { scp, rcp } = synthesizedPolicies();

describe('the synthesized guardrail policies', () => {
  it('use only actions and condition keys that exist', async () => {
    expect(await vocabularyProblems(scp)).toEqual([]);
    expect(await vocabularyProblems(rcp)).toEqual([]);
  });
});

interface ScpCase {
  readonly what: string;
  readonly action: string;
  readonly resource: string;
  readonly context?: SimulationRequest['context'];
  /** True when the guardrails deny it to an ordinary administrator. */
  readonly guarded: boolean;
}

const upload = (what: string, context: SimulationRequest['context'], guarded: boolean): ScpCase => ({
  what,
  action: 's3:PutObject',
  resource: `${UNPROTECTED}/reports/q1.csv`,
  context,
  guarded,
});

const SCP_CASES: ScpCase[] = [
  {
    what: 'change the account Block Public Access',
    action: 's3:PutAccountPublicAccessBlock',
    resource: '*',
    guarded: true,
  },
  { what: 'stop the trail', action: 'cloudtrail:StopLogging', resource: TRAIL, guarded: true },
  { what: 'delete the trail', action: 'cloudtrail:DeleteTrail', resource: TRAIL, guarded: true },
  { what: 'reconfigure the trail', action: 'cloudtrail:UpdateTrail', resource: TRAIL, guarded: true },
  { what: 'drop data events', action: 'cloudtrail:PutEventSelectors', resource: TRAIL, guarded: true },
  { what: 'create a trail', action: 'cloudtrail:CreateTrail', resource: TRAIL, guarded: false },
  {
    what: 'stop the Config recorder',
    action: 'config:StopConfigurationRecorder',
    resource: RECORDER,
    guarded: true,
  },
  {
    what: 'delete the Config recorder',
    action: 'config:DeleteConfigurationRecorder',
    resource: RECORDER,
    guarded: true,
  },
  {
    what: 'delete the delivery channel',
    action: 'config:DeleteDeliveryChannel',
    resource: '*',
    guarded: true,
  },
  {
    what: 'start the Config recorder',
    action: 'config:StartConfigurationRecorder',
    resource: RECORDER,
    guarded: false,
  },
  { what: 'disable Macie', action: 'macie2:DisableMacie', resource: '*', guarded: true },
  { what: 'pause Macie', action: 'macie2:UpdateMacieSession', resource: '*', guarded: true },
  {
    what: 'leave the Macie administrator',
    action: 'macie2:DisassociateFromAdministratorAccount',
    resource: '*',
    guarded: true,
  },
  {
    what: 'leave the Macie master (old API)',
    action: 'macie2:DisassociateFromMasterAccount',
    resource: '*',
    guarded: true,
  },
  // What the data-classification stack does stays open: the guardrail only keeps Macie from being switched off.
  { what: 'enable Macie', action: 'macie2:EnableMacie', resource: '*', guarded: false },
  {
    what: 'create a discovery job',
    action: 'macie2:CreateClassificationJob',
    resource: MACIE_JOB,
    guarded: false,
  },
  {
    what: 'cancel a discovery job (Terraform replaces a job)',
    action: 'macie2:UpdateClassificationJob',
    resource: MACIE_JOB,
    guarded: false,
  },
  {
    what: 'create a custom data identifier',
    action: 'macie2:CreateCustomDataIdentifier',
    resource: `arn:aws:macie2:eu-west-1:${MEMBER}:custom-data-identifier/0a1b2c3d`,
    guarded: false,
  },
  {
    what: 'create a findings filter',
    action: 'macie2:CreateFindingsFilter',
    resource: `arn:aws:macie2:eu-west-1:${MEMBER}:findings-filter/0a1b2c3d`,
    guarded: false,
  },
  {
    what: 'export discovery results',
    action: 'macie2:PutClassificationExportConfiguration',
    resource: '*',
    guarded: false,
  },
  {
    what: 'remove encryption of a protected bucket',
    action: 's3:PutEncryptionConfiguration',
    resource: PROTECTED,
    guarded: true,
  },
  {
    what: 'remove Block Public Access of a protected bucket',
    action: 's3:PutBucketPublicAccessBlock',
    resource: PROTECTED,
    guarded: true,
  },
  {
    what: 'change encryption of another bucket',
    action: 's3:PutEncryptionConfiguration',
    resource: UNPROTECTED,
    guarded: false,
  },
  upload('upload asking for SSE-S3', { 's3:x-amz-server-side-encryption': 'AES256' }, true),
  upload(
    'upload with a customer-provided key (SSE-C)',
    { 's3:x-amz-server-side-encryption-customer-algorithm': 'AES256' },
    true,
  ),
  upload('upload asking for SSE-KMS', { 's3:x-amz-server-side-encryption': 'aws:kms' }, false),
  upload('upload asking for DSSE-KMS', { 's3:x-amz-server-side-encryption': 'aws:kms:dsse' }, false),
  upload('upload relying on the bucket default encryption', undefined, false),
  { what: 'read an object', action: 's3:GetObject', resource: `${PROTECTED}/reports/q1.csv`, guarded: false },
];

const FULL_AWS_ACCESS: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'FullAWSAccess', Effect: 'Allow', Action: '*', Resource: '*' }],
};

const underScp = (principal: string, c: ScpCase) =>
  simulate(
    { identityPolicies: [allowAll], serviceControlPolicies: [[FULL_AWS_ACCESS], [FULL_AWS_ACCESS, scp]] },
    {
      principal,
      action: c.action,
      resource: c.resource,
      resourceAccount: MEMBER,
      principalOrgId: ORG,
      context: c.context,
    },
  );

describe(`the service control policy (${SCP_CASES.length} actions)`, () => {
  it.each(SCP_CASES.map((c) => [c.what, c] as const))('%s', async (_what, c) => {
    const expected: Decision = c.guarded ? 'ExplicitlyDenied' : 'Allowed';
    expect(await underScp(ADMIN, c)).toBe(expected);
    expect(await underScp(BREAK_GLASS, c)).toBe('Allowed');
    expect(await underScp(BREAK_GLASS_SESSION, c)).toBe('Allowed');
  });

  it('denies nothing without the guardrail policy (the denies come from it)', async () => {
    for (const c of SCP_CASES.filter((x) => x.guarded)) {
      const decision = await simulate(
        { identityPolicies: [allowAll], serviceControlPolicies: [[FULL_AWS_ACCESS]] },
        {
          principal: ADMIN,
          action: c.action,
          resource: c.resource,
          resourceAccount: MEMBER,
          context: c.context,
        },
      );
      expect([c.what, decision]).toEqual([c.what, 'Allowed']);
    }
  });
});

const OBJECT = `${PROTECTED}/reports/q1.csv`;
const OWN_APP = `arn:aws:iam::${MEMBER}:role/app`;
const ORG_MEMBER = 'arn:aws:iam::555566667777:role/analytics';
const PARTNER = 'arn:aws:iam::999988887777:role/partner';

/** A bucket policy that grants reads to the org member, the partner and (wrongly) everyone. */
const generousBucketPolicy: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'ReadForPartners',
      Effect: 'Allow',
      Principal: { AWS: [ORG_MEMBER, PARTNER] },
      Action: 's3:GetObject',
      Resource: `${PROTECTED}/*`,
    },
    {
      Sid: 'PublicRead',
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: `${PROTECTED}/*`,
    },
    {
      Sid: 'LogDelivery',
      Effect: 'Allow',
      Principal: { Service: 'logging.s3.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `${PROTECTED}/*`,
    },
  ],
};

interface RcpCase {
  readonly what: string;
  readonly request: Partial<SimulationRequest> & { principal: string };
  readonly withRcp: Decision;
  readonly withoutRcp: Decision;
}

const RCP_CASES: RcpCase[] = [
  {
    what: 'an app of the account over HTTPS',
    request: { principal: OWN_APP, principalOrgId: ORG },
    withRcp: 'Allowed',
    withoutRcp: 'Allowed',
  },
  {
    what: 'an app of the account over HTTP',
    request: { principal: OWN_APP, principalOrgId: ORG, secureTransport: false },
    withRcp: 'ExplicitlyDenied',
    withoutRcp: 'Allowed',
  },
  {
    what: 'a role of another account of the organization',
    request: { principal: ORG_MEMBER, principalOrgId: ORG },
    withRcp: 'Allowed',
    withoutRcp: 'Allowed',
  },
  {
    what: 'a partner outside the organization',
    request: { principal: PARTNER },
    withRcp: 'ExplicitlyDenied',
    withoutRcp: 'Allowed',
  },
  {
    what: 'an anonymous reader',
    request: { principal: 'anonymous' },
    withRcp: 'ExplicitlyDenied',
    withoutRcp: 'Allowed',
  },
  {
    what: 'S3 log delivery (an AWS service principal)',
    request: { principal: 'logging.s3.amazonaws.com', action: 's3:PutObject', sourceAccount: MEMBER },
    withRcp: 'Allowed',
    withoutRcp: 'Allowed',
  },
];

describe(`the resource control policy (${RCP_CASES.length} requests)`, () => {
  it.each(RCP_CASES.map((c) => [c.what, c] as const))('%s', async (_what, c) => {
    const request: SimulationRequest = {
      action: 's3:GetObject',
      resource: OBJECT,
      resourceAccount: MEMBER,
      ...c.request,
    };
    // Cross-account reads need the caller's own IAM policy too; anonymous and service principals have none.
    const identityPolicies = c.request.principal.startsWith('arn:') ? [allowAll] : [];
    const base = { resourcePolicy: generousBucketPolicy, identityPolicies };
    expect(await simulate({ ...base, resourceControlPolicies: [[rcp]] }, request)).toBe(c.withRcp);
    expect(await simulate(base, request)).toBe(c.withoutRcp);
  });
});
