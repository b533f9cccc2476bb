import { App, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { OrganizationGuardrailsStack } from '../../stacks';
import { AppConfig, DEFAULT_CONFIG, parseConfig } from '../../stacks/config';
import { AUDIT_KEY_ALIAS } from '../../modules/organization-guardrails';
import { expectError, resourcesOf, synth } from '../helpers';

function build(mutate: (c: AppConfig) => void = () => undefined) {
  const config = parseConfig(DEFAULT_CONFIG);
  mutate(config);
  const stack = new OrganizationGuardrailsStack(Testing.app() as App, 'organization-guardrails', {
    ...config,
    organizationGuardrails: config.organizationGuardrails!,
  });
  return { stack, ...synth(stack) };
}

const policies = (json: ReturnType<typeof build>['json']) =>
  Object.values(resourcesOf(json, 'aws_organizations_policy')).map((p) => ({
    type: p.type,
    statements: (JSON.parse(String(p.content)).Statement as { Sid: string }[]).map((s) => s.Sid),
  }));

describe('OrganizationGuardrailsStack (default configuration)', () => {
  const { text, json, snapshot } = build();

  it('matches the snapshot', () => {
    expect(snapshot).toMatchSnapshot();
  });

  it('runs in the configured management account', () => {
    expect(text).toHaveProviderWithProperties(AwsProvider, {
      region: 'eu-west-1',
      allowed_account_ids: ['123456789012'],
    });
  });

  it('creates the guardrail SCP and the S3 RCP, attached to the configured OU', () => {
    expect(policies(json)).toEqual([
      {
        type: 'SERVICE_CONTROL_POLICY',
        statements: [
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
        ],
      },
      {
        type: 'RESOURCE_CONTROL_POLICY',
        statements: ['EnforceTlsForS3', 'EnforceOrganizationIdentitiesForS3'],
      },
    ]);
    expect(
      Object.values(resourcesOf(json, 'aws_organizations_policy_attachment')).map((a) => a.target_id),
    ).toEqual(['ou-a1b2-c3d4e5f6', 'ou-a1b2-c3d4e5f6']);
    expect(Object.keys(json.output ?? {}).sort()).toEqual([
      'resource_control_policy_id',
      'service_control_policy_id',
    ]);
  });

  it('leaves account Block Public Access to the account baseline stack (one owner per account)', () => {
    expect(resourcesOf(json, 'aws_s3_account_public_access_block')).toEqual({});
  });
});

describe('OrganizationGuardrailsStack options', () => {
  it('leaves the RCP out when it is not configured', () => {
    const { json } = build((c) => {
      c.organizationGuardrails!.resourceControlPolicies = undefined;
    });
    expect(policies(json).map((p) => p.type)).toEqual(['SERVICE_CONTROL_POLICY']);
    expect(Object.keys(json.output ?? {})).toEqual(['service_control_policy_id']);
  });

  it('protects the account baseline of the same configuration: its audit buckets and key alias', () => {
    const config = parseConfig(DEFAULT_CONFIG);
    const baseline = config.accountBaseline!;
    const patterns = config.organizationGuardrails!.auditLogs as { bucketNames: string[] };
    const matches = (name: string) =>
      patterns.bucketNames.some((p) =>
        new RegExp(`^${p.replace(/[.]/g, '\\.').replace(/\*/g, '.*')}$`).test(name),
      );
    for (const name of [
      baseline.trail.bucketName,
      baseline.config.bucketName!,
      baseline.accessLogBucket.name,
    ]) {
      expect([name, matches(name)]).toEqual([name, true]);
    }
    const { json } = build();
    const scp = JSON.parse(
      String(
        Object.values(resourcesOf(json, 'aws_organizations_policy')).find(
          (p) => p.type === 'SERVICE_CONTROL_POLICY',
        )!.content,
      ),
    ) as { Statement: { Sid: string; Condition?: Record<string, Record<string, unknown>> }[] };
    const keyStatement = scp.Statement.find((st) => st.Sid === 'DenyAuditKeyTampering')!;
    expect(keyStatement.Condition!['ForAnyValue:StringEquals']).toEqual({
      'kms:ResourceAliases': AUDIT_KEY_ALIAS,
    });
  });

  it('refuses a break-glass exemption that only names the management account, and says why', () => {
    expectError(
      () =>
        build((c) => {
          c.organizationGuardrails!.breakGlassPrincipalArns = ['arn:aws:iam::123456789012:role/break-glass'];
        }),
      'organization-guardrails/Guardrails: breakGlassPrincipalArns[0] "arn:aws:iam::123456789012:role/break-glass" can only match the management account 123456789012, where SCPs never apply',
    );
  });

  it('stops with the construct path and the rule when a value is wrong', () => {
    expectError(
      () => build((c) => (c.organizationGuardrails!.targetIds = ['ou-1'])),
      'organization-guardrails/Guardrails: targetIds[0] "ou-1" is not a policy target',
    );
  });
});
