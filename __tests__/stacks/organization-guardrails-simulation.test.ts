/**
 * The guardrails as the default app ships them, simulated for the principals
 * they meet in a member account (SCPs never apply to the management account):
 * the break-glass and deployer roles are spared, an administrator cannot take
 * those roles over nor cut off the audit logs at their bucket or key, the
 * public access block remediation role may still turn Block Public Access on
 * for a protected bucket, and the versioning remediation spares a bucket that
 * opted out of versioning. Only AWS services write into the audit buckets.
 */
import { App, TerraformStack, Testing } from 'cdktf';
import type { PolicyDocument } from '../../modules/core';
import { DEFAULT_CONFIG, buildApp, parseConfig } from '../../stacks';
import { TfJson, policyOf, resourcesOf } from '../helpers';
import { Decision, SimulationRequest, simulate } from '../support/simulate';
import { vocabularyProblems } from '../support/vocabulary';

const MEMBER = '444455556666';
const ORG = 'o-a1b2c3d4e5';
const REGION = 'eu-west-1';
const role = (name: string) => `arn:aws:iam::${MEMBER}:role/${name}`;
const ADMIN = role('admin');
const BREAK_GLASS_SESSION = `arn:aws:sts::${MEMBER}:assumed-role/break-glass/incident-42`;
const DEPLOYER = role('terraform-deployer');
const PAB_REMEDIATION = role(`s3-remediation-bucket-public-access-block-${REGION}`);
const ENCRYPTION_REMEDIATION = role(`s3-remediation-default-encryption-${REGION}`);
const GUARDED_ROLES = [role('break-glass'), DEPLOYER, PAB_REMEDIATION];
const OTHER_ROLE = role('app');
/** The member account's buckets, named like the default configuration's. */
const PROTECTED = `arn:aws:s3:::example-documents-${MEMBER}-${REGION}`;
const TRAIL_BUCKET = `arn:aws:s3:::example-cloudtrail-${MEMBER}-${REGION}`;
const CONFIG_BUCKET = `arn:aws:s3:::example-config-${MEMBER}-${REGION}`;
const OTHER_BUCKET = `arn:aws:s3:::team-data-${MEMBER}-${REGION}`;
const SCRATCH = `example-scratch-${MEMBER}-${REGION}`;
const AUDIT_KEY = `arn:aws:kms:${REGION}:${MEMBER}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const OTHER_KEY = `arn:aws:kms:${REGION}:${MEMBER}:key/0987dcba-09fe-87dc-65ba-ab0987654321`;
const AUDIT_ALIAS = `arn:aws:kms:${REGION}:${MEMBER}:alias/s3-security/audit`;
const TRAIL_LOG = `${TRAIL_BUCKET}/AWSLogs/${MEMBER}/CloudTrail/${REGION}/2026/12/03/${MEMBER}_CloudTrail_${REGION}_x.json.gz`;

/** The default configuration, with one more data bucket that opted out of versioning. */
function synthesizeDefaultApp(): Record<string, TfJson> {
  const config = parseConfig(DEFAULT_CONFIG);
  config.secureData!.buckets.push({
    id: 'scratch',
    name: `example-scratch-${config.environment.accountId}-${REGION}`,
    versioning: { enabled: false, reason: 'disposable build cache, rebuilt on demand' },
  });
  const app = buildApp(Testing.app() as App, config);
  const out: Record<string, TfJson> = {};
  for (const stack of app.node.children.filter((c): c is TerraformStack => c instanceof TerraformStack)) {
    out[stack.node.id] = stack.toTerraform() as TfJson;
  }
  return out;
}

const stacks = synthesizeDefaultApp();
const scp = String(
  Object.values(resourcesOf(stacks['organization-guardrails'], 'aws_organizations_policy')).find(
    (p) => p.type === 'SERVICE_CONTROL_POLICY',
  )!.content,
);
/** The inline policy of a remediation role of the account baseline, as synthesized. */
const remediationPolicy = (runbook: string): PolicyDocument =>
  policyOf(
    Object.entries(resourcesOf(stacks['account-baseline'], 'aws_iam_role_policy')).find(([id]) =>
      id.startsWith(`Remediation_${runbook}Role_Policy`),
    )![1],
  );

const FULL_AWS_ACCESS: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'FullAWSAccess', Effect: 'Allow', Action: '*', Resource: '*' }],
};
const ALLOW_ALL: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'AllowAll', Effect: 'Allow', Action: '*', Resource: '*' }],
};

/** A request in the member account, under the organization's FullAWSAccess and the guardrail SCP. */
function inMember(
  principal: string,
  action: string,
  resource: string,
  options: { identity?: PolicyDocument; context?: SimulationRequest['context']; withScp?: boolean } = {},
): Promise<Decision> {
  return simulate(
    {
      // A KMS key needs its key policy too: the default one, which lets the account's IAM policies decide.
      resourcePolicy: resource.includes(':key/') ? KEY_POLICY : undefined,
      identityPolicies: [options.identity ?? ALLOW_ALL],
      serviceControlPolicies:
        options.withScp === false ? [[FULL_AWS_ACCESS]] : [[FULL_AWS_ACCESS], [FULL_AWS_ACCESS, scp]],
    },
    { principal, action, resource, resourceAccount: MEMBER, principalOrgId: ORG, context: options.context },
  );
}

const KEY_POLICY: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'EnableIamPolicies',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${MEMBER}:root` },
      Action: 'kms:*',
      Resource: '*',
    },
  ],
};

const ALIASES = { 'kms:ResourceAliases': ['alias/s3-security/audit'] };

/** One request per guarded action of the shipped SCP, each guardrail statement at least once. */
const GUARDED: { what: string; action: string; resource: string; context?: SimulationRequest['context'] }[] =
  [
    { what: 'turn account Block Public Access off', action: 's3:PutAccountPublicAccessBlock', resource: '*' },
    {
      what: 'stop the trail',
      action: 'cloudtrail:StopLogging',
      resource: `arn:aws:cloudtrail:${REGION}:${MEMBER}:trail/s3-security-trail`,
    },
    { what: 'delete the Config delivery channel', action: 'config:DeleteDeliveryChannel', resource: '*' },
    { what: 'disable Macie', action: 'macie2:DisableMacie', resource: '*' },
    {
      what: 'remove Block Public Access of a protected bucket',
      action: 's3:PutBucketPublicAccessBlock',
      resource: PROTECTED,
    },
    {
      what: 'remove encryption of a protected bucket',
      action: 's3:PutEncryptionConfiguration',
      resource: PROTECTED,
    },
    {
      what: 'upload asking for SSE-S3',
      action: 's3:PutObject',
      resource: `${OTHER_BUCKET}/a.csv`,
      context: { 's3:x-amz-server-side-encryption': 'AES256' },
    },
    {
      what: 'upload with SSE-C',
      action: 's3:PutObject',
      resource: `${OTHER_BUCKET}/a.csv`,
      context: { 's3:x-amz-server-side-encryption-customer-algorithm': 'AES256' },
    },
    {
      what: 'rewrite who may assume the break-glass role',
      action: 'iam:UpdateAssumeRolePolicy',
      resource: role('break-glass'),
    },
    {
      what: 'retarget a remediation',
      action: 'config:PutRemediationConfigurations',
      resource: `arn:aws:config:${REGION}:${MEMBER}:remediation-configuration/a1b2`,
    },
    {
      what: 'retarget a remediation through a conformance pack',
      action: 'config:PutConformancePack',
      resource: `arn:aws:config:${REGION}:${MEMBER}:conformance-pack/mine/conformance-pack-a1b2`,
    },
    {
      what: 'retarget remediations through an organization conformance pack (as delegated administrator)',
      action: 'config:PutOrganizationConformancePack',
      resource: `arn:aws:config:${REGION}:${MEMBER}:organization-conformance-pack/mine-a1b2`,
    },
    { what: 'redirect the Config delivery channel', action: 'config:PutDeliveryChannel', resource: '*' },
    { what: 'replace the trail bucket policy', action: 's3:PutBucketPolicy', resource: TRAIL_BUCKET },
    { what: 'delete a delivered trail log file', action: 's3:DeleteObject', resource: TRAIL_LOG },
    { what: 'disable the audit key', action: 'kms:DisableKey', resource: AUDIT_KEY, context: ALIASES },
    {
      what: 'give the audit key another alias',
      action: 'kms:CreateAlias',
      resource: AUDIT_KEY,
      context: ALIASES,
    },
    { what: 'delete the audit key alias', action: 'kms:DeleteAlias', resource: AUDIT_ALIAS },
  ];

describe('the shipped service control policy', () => {
  it('uses only actions and condition keys that exist, within the 5,120-character limit', async () => {
    expect(await vocabularyProblems(scp)).toEqual([]);
    expect(scp.length).toBeLessThanOrEqual(5120);
  });

  it.each(GUARDED.map((c) => [c.what, c] as const))(
    'a member-account administrator is denied, the break-glass and deployer roles are not: %s',
    async (_what, c) => {
      expect(await inMember(ADMIN, c.action, c.resource, { context: c.context })).toBe('ExplicitlyDenied');
      expect(await inMember(BREAK_GLASS_SESSION, c.action, c.resource, { context: c.context })).toBe(
        'Allowed',
      );
      expect(await inMember(DEPLOYER, c.action, c.resource, { context: c.context })).toBe('Allowed');
      // The deny comes from the guardrails, not from the simulation.
      expect(await inMember(ADMIN, c.action, c.resource, { context: c.context, withScp: false })).toBe(
        'Allowed',
      );
    },
  );
});

const TAKEOVER = [
  'iam:AttachRolePolicy',
  'iam:CreateRole',
  'iam:DeleteRole',
  'iam:DeleteRolePermissionsBoundary',
  'iam:DeleteRolePolicy',
  'iam:DetachRolePolicy',
  'iam:PassRole',
  'iam:PutRolePermissionsBoundary',
  'iam:PutRolePolicy',
  'iam:UpdateAssumeRolePolicy',
];

describe(`taking over a spared role (${TAKEOVER.length} actions x ${GUARDED_ROLES.length} roles)`, () => {
  it.each(TAKEOVER)('%s is denied to a member-account administrator on every spared role', async (action) => {
    for (const target of GUARDED_ROLES) {
      expect([target, await inMember(ADMIN, action, target)]).toEqual([target, 'ExplicitlyDenied']);
    }
    // Ordinary roles of the account stay the administrator's to manage.
    expect(await inMember(ADMIN, action, OTHER_ROLE)).toBe('Allowed');
    // The break-glass role may repair the others.
    expect(await inMember(BREAK_GLASS_SESSION, action, DEPLOYER)).toBe('Allowed');
  });

  it('denies creating a role whose name fits the spared remediation pattern', async () => {
    expect(
      await inMember(ADMIN, 'iam:CreateRole', role('s3-remediation-bucket-public-access-block-mine')),
    ).toBe('ExplicitlyDenied');
  });
});

const AUDIT_BUCKET_ACTIONS = [
  ['s3:PutBucketPolicy', ''],
  ['s3:DeleteBucketPolicy', ''],
  ['s3:PutBucketLogging', ''],
  ['s3:PutLifecycleConfiguration', ''],
  ['s3:PutBucketVersioning', ''],
  ['s3:DeleteObjectVersion', '/AWSLogs/x.json.gz'],
  // A simple DELETE leaves a delete marker; the lifecycle then expires the noncurrent log file.
  ['s3:DeleteObject', '/AWSLogs/x.json.gz'],
  // Writing over a log file (upload, copy, replication) makes the delivered version noncurrent.
  ['s3:PutObject', '/AWSLogs/x.json.gz'],
  ['s3:ReplicateObject', '/AWSLogs/x.json.gz'],
  ['s3:ReplicateDelete', '/AWSLogs/x.json.gz'],
] as const;
const AUDIT_KEY_ACTIONS = [
  'kms:DisableKey',
  'kms:ScheduleKeyDeletion',
  'kms:PutKeyPolicy',
  'kms:DisableKeyRotation',
  // More aliases than the quota per key and kms:ResourceAliases no longer carries them.
  'kms:CreateAlias',
  'kms:UpdateAlias',
];

describe('cutting off the audit logs beside the trail', () => {
  it.each(AUDIT_BUCKET_ACTIONS)(
    '%s is denied on the trail and Config buckets, not on others',
    async (action, key) => {
      expect(await inMember(ADMIN, action, `${TRAIL_BUCKET}${key}`)).toBe('ExplicitlyDenied');
      expect(await inMember(ADMIN, action, `${CONFIG_BUCKET}${key}`)).toBe('ExplicitlyDenied');
      expect(await inMember(ADMIN, action, `${OTHER_BUCKET}${key}`)).toBe('Allowed');
    },
  );

  it.each(AUDIT_KEY_ACTIONS)(
    '%s is denied on the key with the audit alias, not on another key',
    async (action) => {
      expect(await inMember(ADMIN, action, AUDIT_KEY, { context: ALIASES })).toBe('ExplicitlyDenied');
      expect(
        await inMember(ADMIN, action, OTHER_KEY, { context: { 'kms:ResourceAliases': ['alias/team'] } }),
      ).toBe('Allowed');
    },
  );

  it.each(['kms:DeleteAlias', 'kms:UpdateAlias'])('%s is denied on the audit alias', async (action) => {
    expect(await inMember(ADMIN, action, AUDIT_ALIAS)).toBe('ExplicitlyDenied');
    expect(await inMember(ADMIN, action, `arn:aws:kms:${REGION}:${MEMBER}:alias/team`)).toBe('Allowed');
  });
});

describe('the writers of the audit buckets', () => {
  // SCPs limit only the principals of member accounts, not AWS service principals, so the deny of
  // s3:PutObject on the audit buckets leaves delivery alone as long as only services deliver. (The
  // simulator applies SCPs to service principals too, so this rests on the bucket policies: their
  // delivery is simulated in account-baseline-simulation.test.ts.)
  it('every principal the baseline lets write into a bucket is an AWS service principal, none a role of the account', () => {
    const writers = Object.values(resourcesOf(stacks['account-baseline'], 'aws_s3_bucket_policy'))
      .map(policyOf)
      .flatMap((p) => p.Statement)
      .filter((st) => st.Effect === 'Allow' && [st.Action].flat().includes('s3:PutObject'))
      .map((st) => st.Principal);
    expect(writers).toEqual(
      expect.arrayContaining([
        { Service: 'cloudtrail.amazonaws.com' },
        { Service: 'config.amazonaws.com' },
        { Service: 'logging.s3.amazonaws.com' },
      ]),
    );
    for (const principal of writers) {
      expect(Object.keys(principal as object)).toEqual(['Service']);
    }
  });
});

describe('the remediation roles under the guardrails', () => {
  it('the public access block role, with its own policy, may turn Block Public Access on for a protected bucket', async () => {
    const identity = remediationPolicy('BucketPublicAccessBlock');
    expect(await inMember(PAB_REMEDIATION, 's3:PutBucketPublicAccessBlock', PROTECTED, { identity })).toBe(
      'Allowed',
    );
    // Spared for that one action: encryption stays denied (and is not in its policy).
    expect(
      await inMember(PAB_REMEDIATION, 's3:PutEncryptionConfiguration', PROTECTED, { identity: ALLOW_ALL }),
    ).toBe('ExplicitlyDenied');
  });

  it('the encryption role is not spared on protected buckets (their encryption cannot be removed, so it has nothing to do there)', async () => {
    const identity = remediationPolicy('DefaultEncryption');
    expect(
      await inMember(ENCRYPTION_REMEDIATION, 's3:PutEncryptionConfiguration', PROTECTED, { identity }),
    ).toBe('ExplicitlyDenied');
    expect(
      await inMember(ENCRYPTION_REMEDIATION, 's3:PutEncryptionConfiguration', OTHER_BUCKET, { identity }),
    ).toBe('Allowed');
  });

  it('the versioning role spares the bucket that opted out of versioning, and versions the others', async () => {
    const identity = remediationPolicy('Versioning');
    // The baseline deploys to the configuration's account; its buckets carry that account id.
    const account = parseConfig(DEFAULT_CONFIG).environment.accountId!;
    const scratch = `arn:aws:s3:::${SCRATCH.replace(MEMBER, account)}`;
    const documents = `arn:aws:s3:::example-documents-${account}-${REGION}`;
    const request = (resource: string) =>
      simulate(
        { identityPolicies: [identity] },
        {
          principal: `arn:aws:iam::${account}:role/s3-remediation-versioning-${REGION}`,
          action: 's3:PutBucketVersioning',
          resource,
          resourceAccount: account,
        },
      );
    expect(await request(scratch)).toBe('ExplicitlyDenied');
    expect(await request(documents)).toBe('Allowed');
  });
});
