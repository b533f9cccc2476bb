import { App, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { OrganizationGuardrailsStack } from '../../stacks';
import { AppConfig, DEFAULT_CONFIG, parseConfig } from '../../stacks/config';
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
          'DenyProtectedBucketSettingChanges',
          'DenyNonKmsUploadEncryption',
          'DenySseCUploads',
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

  it('stops with the construct path and the rule when a value is wrong', () => {
    expectError(
      () => build((c) => (c.organizationGuardrails!.targetIds = ['ou-1'])),
      'organization-guardrails/Guardrails: targetIds[0] "ou-1" is not a policy target',
    );
  });
});
