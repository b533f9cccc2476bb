import { OrganizationsPolicy } from '@cdktf/provider-aws/lib/organizations-policy';
import {
  AUDIT_BUCKET_TAMPERING_ACTIONS,
  AUDIT_KEY_TAMPERING_ACTIONS,
  OrganizationGuardrails,
  OrganizationGuardrailsProps,
  REMEDIATION_CONFIGURATION_ACTIONS,
  ROLE_TAKEOVER_ACTIONS,
  policyTargetRule,
} from '../../../modules/organization-guardrails';
import { expectError, resourceOf, resourcesOf, synth, testStack } from '../../helpers';

const BREAK_GLASS = 'arn:aws:iam::*:role/break-glass';
const REMEDIATION = 'arn:aws:iam::*:role/s3-remediation-bucket-public-access-block-*';
const base: OrganizationGuardrailsProps = {
  targetIds: ['ou-a1b2-c3d4e5f6', '444455556666'],
  breakGlassPrincipalArns: [BREAK_GLASS],
  protectedBuckets: ['acme-prod-*'],
  auditLogs: { bucketNames: ['acme-cloudtrail-*'] },
  resourceControlPolicies: { organizationId: 'o-a1b2c3d4e5' },
};

function build(props: Partial<OrganizationGuardrailsProps> = {}) {
  const stack = testStack();
  const guardrails = new OrganizationGuardrails(stack, 'guardrails', { ...base, ...props });
  return { guardrails, ...synth(stack) };
}

const policyOfType = (json: ReturnType<typeof build>['json'], type: string) => {
  const policies = Object.values(resourcesOf(json, 'aws_organizations_policy')).filter(
    (p) => p.type === type,
  );
  expect(policies).toHaveLength(1);
  return { resource: policies[0], document: JSON.parse(policies[0].content as string) };
};

describe('OrganizationGuardrails', () => {
  const { guardrails, text, json, snapshot } = build();
  const scp = policyOfType(json, 'SERVICE_CONTROL_POLICY');
  const rcp = policyOfType(json, 'RESOURCE_CONTROL_POLICY');
  const bySid = Object.fromEntries(
    (scp.document.Statement as { Sid: string }[]).map((s) => [s.Sid, s]),
  ) as Record<string, Record<string, unknown>>;

  it('matches the snapshot', () => {
    expect(snapshot).toMatchSnapshot();
  });

  it('creates one service control policy with every guardrail, each sparing break-glass', () => {
    expect(text).toHaveResourceWithProperties(OrganizationsPolicy, {
      name: 's3-security-guardrails-scp',
      type: 'SERVICE_CONTROL_POLICY',
    });
    expect(Object.keys(bySid)).toEqual([
      'DenyAccountPublicAccessBlockChanges',
      'DenyCloudTrailTampering',
      'DenyConfigRecordingShutdown',
      'DenyMacieShutdown',
      'DenyProtectedBucketPublicAccessBlockChanges',
      'DenyProtectedBucketEncryptionChanges',
      'DenyNonKmsUploadEncryption',
      'DenySseCUploads',
      'DenyGuardedRoleChanges',
      'DenyRemediationRetargeting',
      'DenyAuditBucketTampering',
      'DenyAuditKeyTampering',
      'DenyAuditKeyAliasChanges',
    ]);
    for (const [sid, statement] of Object.entries(bySid)) {
      expect(statement.Effect).toBe('Deny');
      expect(statement.Principal).toBeUndefined();
      // Only the Block Public Access of protected buckets spares the remediation role too.
      expect([sid, (statement.Condition as Record<string, unknown>).ArnNotLike]).toEqual([
        sid,
        {
          'aws:PrincipalArn':
            sid === 'DenyProtectedBucketPublicAccessBlockChanges' ? [BREAK_GLASS, REMEDIATION] : BREAK_GLASS,
        },
      ]);
    }
  });

  it('keeps the spared roles, the remediation configurations and the audit logs out of reach', () => {
    // The lists themselves are checked action by action by the simulation of the shipped configuration.
    expect(bySid.DenyGuardedRoleChanges).toEqual({
      Sid: 'DenyGuardedRoleChanges',
      Effect: 'Deny',
      Action: ROLE_TAKEOVER_ACTIONS,
      Resource: [BREAK_GLASS, REMEDIATION],
      Condition: { ArnNotLike: { 'aws:PrincipalArn': BREAK_GLASS } },
    });
    expect(bySid.DenyRemediationRetargeting).toMatchObject({
      Action: REMEDIATION_CONFIGURATION_ACTIONS,
      Resource: '*',
    });
    expect(bySid.DenyAuditBucketTampering).toMatchObject({
      Action: AUDIT_BUCKET_TAMPERING_ACTIONS,
      Resource: ['arn:aws:s3:::acme-cloudtrail-*', 'arn:aws:s3:::acme-cloudtrail-*/*'],
    });
    expect(bySid.DenyAuditKeyTampering).toMatchObject({
      Action: AUDIT_KEY_TAMPERING_ACTIONS,
      Resource: '*',
      Condition: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/s3-security/audit' } },
    });
    expect(bySid.DenyAuditKeyAliasChanges).toMatchObject({
      Action: ['kms:DeleteAlias', 'kms:UpdateAlias'],
      Resource: 'arn:aws:kms:*:*:alias/s3-security/audit',
    });
  });

  it('denies changes to the account Block Public Access, which also cover deleting it', () => {
    expect(bySid.DenyAccountPublicAccessBlockChanges).toEqual({
      Sid: 'DenyAccountPublicAccessBlockChanges',
      Effect: 'Deny',
      Action: 's3:PutAccountPublicAccessBlock',
      Resource: '*',
      Condition: { ArnNotLike: { 'aws:PrincipalArn': BREAK_GLASS } },
    });
  });

  it('protects the named buckets in the stack partition, one statement per setting', () => {
    expect(bySid.DenyProtectedBucketPublicAccessBlockChanges).toMatchObject({
      Action: 's3:PutBucketPublicAccessBlock',
      Resource: 'arn:aws:s3:::acme-prod-*',
    });
    expect(bySid.DenyProtectedBucketEncryptionChanges).toMatchObject({
      Action: 's3:PutEncryptionConfiguration',
      Resource: 'arn:aws:s3:::acme-prod-*',
    });
  });

  it('denies uploads asking for SSE-S3 or SSE-C, not uploads relying on the bucket default', () => {
    expect(bySid.DenyNonKmsUploadEncryption.Condition).toEqual({
      StringNotEquals: { 's3:x-amz-server-side-encryption': ['aws:kms', 'aws:kms:dsse'] },
      Null: { 's3:x-amz-server-side-encryption': 'false' },
      ArnNotLike: { 'aws:PrincipalArn': BREAK_GLASS },
    });
    expect(bySid.DenySseCUploads.Condition).toMatchObject({
      Null: { 's3:x-amz-server-side-encryption-customer-algorithm': 'false' },
    });
  });

  it('creates the resource control policy for TLS and organization principals', () => {
    expect(rcp.resource.name).toBe('s3-security-guardrails-rcp');
    expect(rcp.document.Statement).toEqual([
      {
        Sid: 'EnforceTlsForS3',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: '*',
        Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } },
      },
      {
        Sid: 'EnforceOrganizationIdentitiesForS3',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: '*',
        Condition: {
          StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' },
          BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
        },
      },
    ]);
    expect(guardrails.resourceControlDocument).toEqual(rcp.document);
  });

  it('attaches both policies to every target', () => {
    const attachments = Object.values(resourcesOf(json, 'aws_organizations_policy_attachment')).map((a) => [
      String(a.policy_id).replace(/^\$\{aws_organizations_policy\.guardrails_(\w+?)_.*$/, '$1'),
      a.target_id,
    ]);
    expect(attachments).toEqual([
      ['ServiceControlPolicy', 'ou-a1b2-c3d4e5f6'],
      ['ServiceControlPolicy', '444455556666'],
      ['ResourceControlPolicy', 'ou-a1b2-c3d4e5f6'],
      ['ResourceControlPolicy', '444455556666'],
    ]);
  });

  it('stays under the 5,120-character limit of AWS Organizations policies', () => {
    expect((scp.resource.content as string).length).toBeLessThanOrEqual(5120);
    expect((rcp.resource.content as string).length).toBeLessThanOrEqual(5120);
  });
});

describe('OrganizationGuardrails options', () => {
  it('drops guardrails opted out, with their reasons recorded', () => {
    const reason = 'Macie is not licensed in this organization yet';
    const { json, guardrails } = build({
      protectMacie: { enabled: false, reason },
      protectedBuckets: undefined,
      resourceControlPolicies: undefined,
    });
    const scp = policyOfType(json, 'SERVICE_CONTROL_POLICY');
    const sids = scp.document.Statement.map((s: { Sid: string }) => s.Sid);
    expect(sids).not.toContain('DenyMacieShutdown');
    expect(sids).not.toContain('DenyProtectedBucketPublicAccessBlockChanges');
    expect(sids).not.toContain('DenyProtectedBucketEncryptionChanges');
    // Without protected buckets, no remediation role is spared, so there is nothing to retarget.
    expect(sids).not.toContain('DenyRemediationRetargeting');
    expect(
      scp.document.Statement.find((st: { Sid: string }) => st.Sid === 'DenyGuardedRoleChanges').Resource,
    ).toBe(BREAK_GLASS);
    expect(guardrails.resourceControlPolicy).toBeUndefined();
    expect(
      (resourceOf(json, 'aws_organizations_policy')['//'] as Record<string, { optOuts: unknown }>)[
        's3-security'
      ].optOuts,
    ).toEqual([{ setting: 'protectMacie', controls: [], reason }]);
    expect(
      (resourceOf(json, 'aws_organizations_policy')['//'] as Record<string, { controls: unknown }>)[
        's3-security'
      ].controls,
    ).toEqual(['cloudtrail-s3-data-events', 'config-enabled', 's3-account-public-access-block']);
  });

  it('records on each policy the controls its statements keep in effect', () => {
    const { json } = build();
    const controlsOf = (type: string) =>
      (policyOfType(json, type).resource['//'] as Record<string, { controls: string[] }>)['s3-security']
        .controls;
    expect(controlsOf('SERVICE_CONTROL_POLICY')).toEqual([
      'cloudtrail-s3-data-events',
      'config-enabled',
      'macie-enabled',
      's3-account-public-access-block',
      's3-bucket-public-access-block',
      's3-default-encryption',
      's3-kms-encryption',
    ]);
    expect(controlsOf('RESOURCE_CONTROL_POLICY')).toEqual(['s3-no-public-read-write', 's3-tls-only']);
  });

  it('without break-glass principals, denies without exemption and records why', () => {
    const reason = 'changes go through the management account pipeline only';
    const { json } = build({ breakGlassPrincipalArns: { enabled: false, reason } });
    const scp = policyOfType(json, 'SERVICE_CONTROL_POLICY');
    expect(scp.document.Statement[0]).toEqual({
      Sid: 'DenyAccountPublicAccessBlockChanges',
      Effect: 'Deny',
      Action: 's3:PutAccountPublicAccessBlock',
      Resource: '*',
    });
  });

  it('stops synthesis when the policy passes 5,120 characters, and says how to fix it', () => {
    const protectedBuckets = Array.from({ length: 120 }, (_, i) => `acme-team-${i}-production-data`);
    expectError(
      () => build({ protectedBuckets }),
      /test\/guardrails: the service control policy is \d+ characters, over the AWS limit of 5120; shorten its lists \(ARN patterns cover many names\) or split it into several policies \(at most 5 per target\)/,
    );
  });

  it('names root, OU and account targets', () => {
    expect(policyTargetRule('r-ab12')).toBeUndefined();
    expect(policyTargetRule('ou-ab12-11111111')).toBeUndefined();
    expect(policyTargetRule('111122223333')).toBeUndefined();
    expect(policyTargetRule('o-a1b2c3d4e5')).toMatch(/is not a policy target/);
  });
});

describe('OrganizationGuardrails validation', () => {
  it.each([
    [{ targetIds: [] }, /test\/guardrails: targetIds \[\] must name at least one root, OU or account/],
    [{ targetIds: ['ou-1'] }, /targetIds\[0\] "ou-1" is not a policy target/],
    [{ targetIds: ['r-ab12', 'r-ab12'] }, /targetIds \["r-ab12","r-ab12"\] lists r-ab12 twice/],
    [
      { breakGlassPrincipalArns: [] },
      /breakGlassPrincipalArns \[\] must name at least one principal \(or opt out with a reason\)/,
    ],
    [
      { breakGlassPrincipalArns: ['break-glass'] },
      /breakGlassPrincipalArns\[0\] "break-glass" is not an IAM principal ARN/,
    ],
    [
      { breakGlassPrincipalArns: ['arn:aws:iam::*:role/*'] },
      /breakGlassPrincipalArns\[0\] "arn:aws:iam::\*:role\/\*" matches every role: the guardrails would apply to nobody/,
    ],
    [
      { breakGlassPrincipalArns: ['arn:aws:iam::111122223333:role/break-glass'] },
      /breakGlassPrincipalArns\[0\] "arn:aws:iam::111122223333:role\/break-glass" can only match the management account 111122223333, where SCPs never apply: in every member account the role would be denied like anyone else; use \* as the account/,
    ],
    [
      {
        managementAccountId: '999988887777',
        breakGlassPrincipalArns: ['arn:aws:iam::*:role/break-glass', 'arn:aws:iam::999988887777:role/ops'],
      },
      /breakGlassPrincipalArns\[1\] "arn:aws:iam::999988887777:role\/ops" can only match the management account 999988887777/,
    ],
    [{ managementAccountId: '9999' }, /managementAccountId "9999" is not/],
    [
      { breakGlassPrincipalArns: ['arn:aws:iam::*:user/admin'] },
      /breakGlassPrincipalArns\[0\] "arn:aws:iam::\*:user\/admin" must be a role ARN .* cannot do for a user's keys, password and groups/,
    ],
    [
      { breakGlassPrincipalArns: ['arn:aws:iam::*:root'] },
      /breakGlassPrincipalArns\[0\] "arn:aws:iam::\*:root" must be a role ARN/,
    ],
    [
      { breakGlassPrincipalArns: ['arn:aws:sts::444455556666:assumed-role/admin/me'] },
      /breakGlassPrincipalArns\[0\] .* must be a role ARN/,
    ],
    [{ remediationRoleArns: ['arn:aws:iam::*:role//*'] }, /remediationRoleArns\[0\] .* matches every role/],
    [
      { auditLogs: undefined },
      /test\/guardrails: auditLogs undefined is required while protectCloudTrail is on: without it, a member-account administrator stops the trail delivering by changing its bucket policy or disabling its key/,
    ],
    [{ auditLogs: { bucketNames: [] } }, /auditLogs.bucketNames \[\] must name at least one bucket/],
    [
      { auditLogs: { bucketNames: ['*'] } },
      /auditLogs.bucketNames\[0\] "\*" is not a bucket name or name pattern/,
    ],
    [
      { auditLogs: { bucketNames: ['acme-trail'], keyAliases: ['alias/aws/s3'] } },
      /auditLogs.keyAliases\[0\] "alias\/aws\/s3" is not a key alias of this account/,
    ],
    [
      { auditLogs: { bucketNames: ['acme-trail'], keyAliases: ['audit'] } },
      /auditLogs.keyAliases\[0\] "audit" is not a key alias of this account/,
    ],
    [{ auditLogs: { enabled: false as const, reason: 'short' } }, /auditLogs.reason "short" must explain/],
    [
      { breakGlassPrincipalArns: { enabled: false as const, reason: 'none' } },
      /breakGlassPrincipalArns.reason "none" must explain/,
    ],
    [
      { protectedBuckets: ['Acme_Prod'] },
      /protectedBuckets\[0\] "Acme_Prod" is not a bucket name or name pattern/,
    ],
    [{ protectedBuckets: ['*'] }, /protectedBuckets\[0\] "\*" is not a bucket name or name pattern/],
    [
      { protectCloudTrail: { enabled: false as const, reason: 'x' } },
      /protectCloudTrail.reason "x" must explain/,
    ],
    [
      { resourceControlPolicies: { organizationId: 'o-1' } },
      /resourceControlPolicies.organizationId "o-1" is not an AWS Organizations id/,
    ],
    [
      {
        resourceControlPolicies: {
          organizationId: 'o-a1b2c3d4e5',
          enforceTls: { enabled: false as const, reason: 'bucket policies enforce TLS already' },
          organizationOnly: { enabled: false as const, reason: 'partners read our buckets directly' },
        },
      },
      /resourceControlPolicies .* turns every resource control off: leave resourceControlPolicies out instead/,
    ],
    [{ name: 'my guardrails' }, /name "my guardrails" must be 1 to 124 letters/],
  ])('rejects %j', (props, message) => {
    expectError(() => build(props as Partial<OrganizationGuardrailsProps>), message);
  });
});
