import { ConfigConfigurationRecorder } from '@cdktf/provider-aws/lib/config-configuration-recorder';
import { ConfigConfigurationRecorderStatus } from '@cdktf/provider-aws/lib/config-configuration-recorder-status';
import { ConfigDeliveryChannel } from '@cdktf/provider-aws/lib/config-delivery-channel';
import { IamServiceLinkedRole } from '@cdktf/provider-aws/lib/iam-service-linked-role';
import { CONTROLS } from '../../../controls/catalog';
import {
  ConfigRecorder,
  ConfigRecorderProps,
  RULE_PACKS,
  S3ComplianceRules,
  S3ComplianceRulesProps,
  S3_MANAGED_RULES,
  SENSITIVE_BUCKET_ACTIONS,
} from '../../../modules/config-compliance';
import { AccessLogBucket } from '../../../modules/secure-bucket';
import { ACCOUNT, expectError, policyOf, resourceOf, resourcesOf, synth, testStack } from '../../helpers';

function build(
  recorderProps: Partial<ConfigRecorderProps> = {},
  rulesProps: Partial<S3ComplianceRulesProps> = {},
) {
  const stack = testStack();
  const logs = new AccessLogBucket(stack, 'logs', { bucketName: 'acme-logs-111122223333' });
  const recorder = new ConfigRecorder(stack, 'config', {
    bucket: { bucketName: 'acme-config-111122223333', accessLogs: { bucket: logs } },
    ...recorderProps,
  });
  const rules = new S3ComplianceRules(stack, 'rules', { recorder, ...rulesProps });
  return { recorder, rules, ...synth(stack) };
}

describe('ConfigRecorder', () => {
  const { text, json, snapshot } = build();

  it('matches the snapshot', () => {
    expect(snapshot).toMatchSnapshot();
  });

  it('records all supported and global resource types continuously with the service-linked role (Config.1)', () => {
    expect(text).toHaveResourceWithProperties(ConfigConfigurationRecorder, {
      name: 'default',
      role_arn: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
      recording_group: { all_supported: true, include_global_resource_types: true },
      recording_mode: { recording_frequency: 'CONTINUOUS' },
    });
    expect(text).toHaveResourceWithProperties(IamServiceLinkedRole, {
      aws_service_name: 'config.amazonaws.com',
    });
    expect(text).toHaveResourceWithProperties(ConfigConfigurationRecorderStatus, { is_enabled: true });
    expect((resourceOf(json, 'aws_config_configuration_recorder')['//'] as any)['s3-security']).toEqual({
      module: 'ConfigRecorder',
      controls: ['config-enabled'],
      optOuts: [],
    });
  });

  it('delivers daily snapshots to its KMS-encrypted bucket, after the bucket policy exists', () => {
    expect(text).toHaveResourceWithProperties(ConfigDeliveryChannel, {
      s3_bucket_name: 'acme-config-111122223333',
      snapshot_delivery_properties: { delivery_frequency: 'TwentyFour_Hours' },
    });
    const channel = resourceOf(json, 'aws_config_delivery_channel');
    expect(String(channel.s3_kms_key_arn)).toMatch(/^\$\{aws_kms_key\.config_Key_.*\.arn\}$/);
    expect(
      (channel.depends_on as string[]).some((d) => d.startsWith('aws_s3_bucket_policy.config_Bucket_Policy')),
    ).toBe(true);
    const key = policyOf(resourceOf(json, 'aws_kms_key', 'config/Key/Key'));
    expect(key.Statement.find((s) => s.Sid === 'AllowConfigDelivery')).toMatchObject({
      Principal: { Service: 'config.amazonaws.com' },
      Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
    });
    expect(resourceOf(json, 'aws_s3_bucket_logging', 'config/Bucket/AccessLogging').target_bucket).toBe(
      'acme-logs-111122223333',
    );
  });

  it('turns the recorder on only once the delivery channel exists', () => {
    const deps = resourceOf(json, 'aws_config_configuration_recorder_status').depends_on as string[];
    expect(deps).toEqual([expect.stringMatching(/^aws_config_delivery_channel\./)]);
  });

  it('records the global-types opt-out and skips the service-linked role when asked', () => {
    const { json: j } = build({
      includeGlobalResourceTypes: { enabled: false, reason: 'recorded in the home region eu-west-1' },
      createServiceLinkedRole: false,
    });
    expect(resourceOf(j, 'aws_config_configuration_recorder').recording_group).toEqual({
      all_supported: true,
      include_global_resource_types: false,
    });
    expect(resourcesOf(j, 'aws_iam_service_linked_role')).toEqual({});
    // Without global resource types, the review fails config-enabled: the recorder does not claim it.
    expect(resourceOf(j, 'aws_config_configuration_recorder')['//']).toMatchObject({
      's3-security': {
        module: 'ConfigRecorder',
        controls: [],
        optOuts: [
          {
            setting: 'includeGlobalResourceTypes',
            controls: ['config-enabled'],
            reason: 'recorded in the home region eu-west-1',
          },
        ],
      },
    });
  });

  it.each<[Partial<ConfigRecorderProps>, string]>([
    [{ recorderName: 'my recorder' }, 'recorderName "my recorder" is not a valid recorder name'],
    [{ s3KeyPrefix: '/config' }, 's3KeyPrefix "/config" is not a valid log prefix'],
    [{ key: 'not-an-arn' }, 'key "not-an-arn" is not a KMS key ARN'],
    [{ snapshotFrequency: 'Daily' as never }, 'snapshotFrequency "Daily" must be one of One_Hour'],
    [
      { includeGlobalResourceTypes: { enabled: false, reason: 'x' } },
      'includeGlobalResourceTypes.reason "x" must explain',
    ],
    [
      {
        bucket: {
          bucketName: 'acme-config-111122223333',
          accessLogs: { bucket: 'acme-logs-111122223333' },
          objectLock: { mode: 'GOVERNANCE', days: 30 },
        } as never,
      },
      'bucket.objectLock {"mode":"GOVERNANCE","days":30} is not allowed: AWS Config does not support delivery to a bucket with Object Lock enabled',
    ],
  ])('rejects %j', (props, message) => {
    expectError(() => build(props), `test/config: ${message}`);
  });
});

describe('S3ComplianceRules', () => {
  const { rules, json } = build();
  const byName: Record<string, Record<string, unknown>> = Object.fromEntries(
    Object.values(resourcesOf(json, 'aws_config_config_rule')).map((r) => [r.name, r]),
  ) as Record<string, Record<string, unknown>>;

  it('deploys the default packs: public access, access control, encryption, logging, resilience', () => {
    const expected = [
      ...RULE_PACKS['public-access'].rules,
      ...RULE_PACKS['access-control'].rules,
      ...RULE_PACKS.encryption.rules,
      ...RULE_PACKS.logging.rules,
      ...RULE_PACKS.resilience.rules,
    ];
    expect([...rules.ruleNames].sort()).toEqual([...expected].sort());
    expect(rules.controls).toEqual(
      expect.arrayContaining([
        's3-bucket-public-access-block',
        's3-tls-only',
        's3-access-logging',
        'cloudtrail-s3-data-events',
      ]),
    );
  });

  it('writes each rule as AWS documents it: owner AWS, identifier, scope, parameters as strings', () => {
    expect(byName['s3-bucket-level-public-access-prohibited']).toMatchObject({
      source: { owner: 'AWS', source_identifier: 'S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED' },
      scope: { compliance_resource_types: ['AWS::S3::Bucket'] },
    });
    expect(byName['s3-account-level-public-access-blocks-periodic']).toMatchObject({
      maximum_execution_frequency: 'TwentyFour_Hours',
    });
    expect(byName['s3-account-level-public-access-blocks-periodic'].scope).toBeUndefined();
    expect(JSON.parse(byName['s3-bucket-blacklisted-actions-prohibited'].input_parameters as string)).toEqual(
      {
        blacklistedActionPattern: SENSITIVE_BUCKET_ACTIONS.join(','),
      },
    );
    for (const r of Object.values(byName)) {
      expect((r.depends_on as string[])[0]).toMatch(/^aws_config_configuration_recorder_status\./);
    }
  });

  it('adds rules by name with checked parameters', () => {
    const { json: j } = build(
      {},
      {
        packs: ['encryption'],
        rules: ['s3-bucket-default-lock-enabled', 's3-lifecycle-policy-check'],
        parameters: {
          's3-bucket-default-lock-enabled': { mode: 'GOVERNANCE' },
          's3-lifecycle-policy-check': { targetExpirationDays: 395, bucketNames: ['a-bucket', 'b-bucket'] },
        },
        namePrefix: 'acme-',
      },
    );
    const r = Object.fromEntries(
      Object.values(resourcesOf(j, 'aws_config_config_rule')).map((x) => [x.name, x]),
    );
    expect(Object.keys(r).sort()).toEqual([
      'acme-s3-bucket-default-lock-enabled',
      'acme-s3-bucket-server-side-encryption-enabled',
      'acme-s3-bucket-ssl-requests-only',
      'acme-s3-default-encryption-kms',
      'acme-s3-lifecycle-policy-check',
    ]);
    expect(JSON.parse(r['acme-s3-lifecycle-policy-check'].input_parameters as string)).toEqual({
      targetExpirationDays: '395',
      bucketNames: 'a-bucket,b-bucket',
    });
  });

  it('deploys organization rules when asked', () => {
    const { json: j } = build(
      {},
      { packs: ['public-access'], organization: { excludedAccounts: ['444455556666'] } },
    );
    expect(resourcesOf(j, 'aws_config_config_rule')).toEqual({});
    const org = Object.values(resourcesOf(j, 'aws_config_organization_managed_rule'));
    expect(org).toHaveLength(RULE_PACKS['public-access'].rules.length);
    expect(org.find((o) => o.name === 's3-bucket-level-public-access-prohibited')).toMatchObject({
      rule_identifier: 'S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED',
      resource_types_scope: ['AWS::S3::Bucket'],
      excluded_accounts: ['444455556666'],
    });
  });

  it('waits for no recorder when AWS Config already records', () => {
    const stack = testStack();
    new S3ComplianceRules(stack, 'rules', { recorder: 'existing', packs: ['encryption'] });
    for (const r of Object.values(resourcesOf(synth(stack).json, 'aws_config_config_rule'))) {
      expect(r.depends_on).toBeUndefined();
    }
  });

  it('maps every rule to controls of the catalog, and every catalog rule id it names exists', () => {
    const ids = new Set<string>(CONTROLS.map((c) => c.id));
    for (const rule of S3_MANAGED_RULES) {
      for (const c of rule.controls) expect(ids.has(c)).toBe(true);
      const control = CONTROLS.find((c) => c.id === rule.controls[0])!;
      expect((control.configRules as readonly string[]).includes(rule.identifier)).toBe(true);
    }
  });

  it.each<[Partial<S3ComplianceRulesProps>, string]>([
    [{ packs: ['everything' as never] }, 'packs[0] "everything" is not a rule pack'],
    [{ rules: ['s3-bucket-magic' as never] }, 'rules[0] "s3-bucket-magic" is not a known S3 managed rule'],
    [{ packs: [], rules: [] }, 'packs [] and rules select no rule'],
    [{ namePrefix: 'acme rules ' }, 'namePrefix "acme rules " is not a valid AWS Config rule name'],
    [
      { parameters: { 's3-bucket-logging-enabled': { targetBuckett: 'x' } } },
      'parameters["s3-bucket-logging-enabled"].targetBuckett "x" is not a parameter of S3_BUCKET_LOGGING_ENABLED: expected one of targetBucket, targetPrefix',
    ],
    [
      { parameters: { 's3-bucket-ssl-requests-only': { foo: 'x' } } },
      'parameters["s3-bucket-ssl-requests-only"].foo "x" is not a parameter of S3_BUCKET_SSL_REQUESTS_ONLY: it takes none',
    ],
    [
      { parameters: { 's3-bucket-default-lock-enabled': { mode: 'GOVERNANCE' } } },
      'parameters["s3-bucket-default-lock-enabled"] "s3-bucket-default-lock-enabled" sets parameters of a rule that is not deployed',
    ],
    [
      {
        rules: ['s3-bucket-default-lock-enabled'],
        parameters: { 's3-bucket-default-lock-enabled': { mode: 'STRICT' } },
      },
      'parameters["s3-bucket-default-lock-enabled"].mode "STRICT" must be one of GOVERNANCE, COMPLIANCE',
    ],
    [
      {
        rules: ['s3-lifecycle-policy-check'],
        parameters: { 's3-lifecycle-policy-check': { targetExpirationDays: 1.5 } },
      },
      'parameters["s3-lifecycle-policy-check"].targetExpirationDays 1.5 must be a whole number of days',
    ],
    [
      { rules: ['s3-bucket-policy-not-more-permissive'] },
      'parameters["s3-bucket-policy-not-more-permissive"].controlPolicy undefined is required by S3_BUCKET_POLICY_NOT_MORE_PERMISSIVE',
    ],
    [
      { parameters: { 's3-bucket-blacklisted-actions-prohibited': { blacklistedActionPattern: [] } } },
      'parameters["s3-bucket-blacklisted-actions-prohibited"].blacklistedActionPattern [] must not be an empty list',
    ],
    [
      { organization: { excludedAccounts: ['12'] } },
      'organization.excludedAccounts[0] "12" is not an AWS account id',
    ],
  ])('rejects %j', (props, message) => {
    expectError(() => build({}, props), `test/rules: ${message}`);
  });
});
