import { App, Testing } from 'cdktf';
import { AccountBaselineStack } from '../../stacks';
import { DEFAULT_CONFIG, parseConfig } from '../../stacks/config';
import { CIS_S3_CHANGE_FILTER_PATTERN } from '../../modules/security-alerts';
import type { OptedOutBucket } from '../../modules/auto-remediation';
import { AUDIT_KEY_ALIAS } from '../../modules/organization-guardrails';
import { policyOf, resourceOf, resourcesOf, synth } from '../helpers';

function build(
  mutate: (c: ReturnType<typeof parseConfig>) => void = () => undefined,
  optedOutBuckets?: OptedOutBucket[],
) {
  const config = parseConfig(DEFAULT_CONFIG);
  mutate(config);
  const stack = new AccountBaselineStack(Testing.app() as App, 'account-baseline', {
    environment: config.environment,
    backend: config.backend,
    tags: config.tags,
    baseline: config.accountBaseline!,
    optedOutBuckets,
  });
  return { stack, ...synth(stack) };
}

const ACCOUNT = '123456789012';
const recordOf = (r: Record<string, unknown>) =>
  (r['//'] as Record<string, { controls: string[] }>)['s3-security'];

describe('AccountBaselineStack (default configuration)', () => {
  const { stack, json, snapshot } = build();
  const rules = Object.values(resourcesOf(json, 'aws_config_config_rule')).map((r) => r.name as string);
  const remediated = Object.values(resourcesOf(json, 'aws_config_remediation_configuration')).map((r) => [
    r.config_rule_name,
    r.target_id,
    r.automatic,
  ]);

  it('matches the snapshot', () => {
    expect(snapshot).toMatchSnapshot();
  });

  it('S3.1: blocks public access at account level with all four settings', () => {
    const pab = resourceOf(json, 'aws_s3_account_public_access_block');
    expect(pab).toMatchObject({
      account_id: ACCOUNT,
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(recordOf(pab).controls).toEqual(['s3-account-public-access-block']);
    expect(rules).toContain('s3-account-level-public-access-blocks-periodic');
  });

  it('S3.8: every bucket blocks public access; the rule watches all buckets and remediation restores it', () => {
    const pabs = Object.values(resourcesOf(json, 'aws_s3_bucket_public_access_block'));
    expect(pabs).toHaveLength(3);
    for (const p of pabs) {
      expect(p).toMatchObject({
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
    }
    expect(remediated).toContainEqual([
      's3-bucket-level-public-access-prohibited',
      'AWSConfigRemediation-ConfigureS3BucketPublicAccessBlock',
      true,
    ]);
  });

  it('S3.5: every bucket policy denies requests without TLS; the rule and its remediation are in place', () => {
    for (const p of Object.values(resourcesOf(json, 'aws_s3_bucket_policy'))) {
      const deny = policyOf(p).Statement.find((s) => s.Sid === 'DenyInsecureTransport');
      expect(deny).toMatchObject({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    }
    expect(remediated).toContainEqual([
      's3-bucket-ssl-requests-only',
      'AWSConfigRemediation-RestrictBucketSSLRequestsOnly',
      true,
    ]);
  });

  it('S3.9 and CloudTrail.7: the trail and Config buckets log to the access log bucket; the rule watches all', () => {
    const target = 'example-audit-access-logs-123456789012-eu-west-1';
    expect(resourceOf(json, 'aws_s3_bucket_logging', 'Trail/Bucket/AccessLogging')).toMatchObject({
      target_bucket: target,
      target_prefix: 'example-cloudtrail-123456789012-eu-west-1/',
    });
    expect(resourceOf(json, 'aws_s3_bucket_logging', 'Config/Bucket/AccessLogging')).toMatchObject({
      target_bucket: target,
      target_prefix: 'example-config-123456789012-eu-west-1/',
    });
    const logBucket = resourceOf(json, 'aws_s3_bucket', 'AccessLogs/Bucket/Bucket');
    expect((logBucket.tags as Record<string, string>)['s3-security:opt-out:accessLogs']).toMatch(
      /server access log target/,
    );
    expect(rules).toContain('s3-bucket-logging-enabled');
    expect(stack.trail.controls).toContain('cloudtrail-bucket-access-logging');
  });

  it('S3.22 / S3.23 (CIS 3.8 / 3.9): a multi-region trail records reads and writes of all buckets', () => {
    const trail = resourceOf(json, 'aws_cloudtrail');
    expect(trail).toMatchObject({ is_multi_region_trail: true, enable_log_file_validation: true });
    const data = (trail.advanced_event_selector as { field_selector: { field: string }[] }[])[1]
      .field_selector;
    expect(data.map((f) => f.field)).toEqual(['eventCategory', 'resources.type']);
    expect(recordOf(trail).controls).toContain('cloudtrail-s3-data-events');
    expect(rules).toEqual(
      expect.arrayContaining([
        'cloudtrail-all-write-s3-data-event-check',
        'cloudtrail-all-read-s3-data-event-check',
      ]),
    );
  });

  it('Config.1 (CIS 3.3): AWS Config records every supported resource, global ones included, and is on', () => {
    expect(resourceOf(json, 'aws_config_configuration_recorder')).toMatchObject({
      recording_group: { all_supported: true, include_global_resource_types: true },
      role_arn: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
    });
    expect(resourceOf(json, 'aws_config_configuration_recorder_status').is_enabled).toBe(true);
    expect(resourceOf(json, 'aws_config_delivery_channel').s3_bucket_name).toBe(
      'example-config-123456789012-eu-west-1',
    );
  });

  it('CIS 4.8: the S3 change metric filter on the trail log group raises an alarm to the alerts topic', () => {
    const [groupId] = Object.keys(resourcesOf(json, 'aws_cloudwatch_log_group'));
    expect(resourceOf(json, 'aws_cloudwatch_log_group').name).toBe('/aws/cloudtrail/s3-security-trail');
    expect(resourceOf(json, 'aws_cloudwatch_log_metric_filter')).toMatchObject({
      log_group_name: `\${aws_cloudwatch_log_group.${groupId}.name}`,
      pattern: CIS_S3_CHANGE_FILTER_PATTERN,
    });
    expect(String((resourceOf(json, 'aws_cloudwatch_metric_alarm').alarm_actions as string[])[0])).toMatch(
      /^\$\{aws_sns_topic\.Alerts_Topic_/,
    );
    expect(resourceOf(json, 'aws_sns_topic_subscription').endpoint).toBe('security-alerts@example.com');
  });

  it('alerts on NON_COMPLIANT evaluations of every deployed rule', () => {
    const nonCompliant = Object.values(resourcesOf(json, 'aws_cloudwatch_event_rule')).find(
      (r) => r.name === 's3-security-s3-noncompliant',
    )!;
    expect(JSON.parse(nonCompliant.event_pattern as string).detail.configRuleName.sort()).toEqual(
      [...rules].sort(),
    );
  });

  it('keeps every bucket fully secure: KMS (SSE-S3 for the log target), versioning, ACLs disabled, destroy protection', () => {
    for (const b of Object.values(resourcesOf(json, 'aws_s3_bucket'))) {
      expect(b.lifecycle).toEqual({ prevent_destroy: true });
    }
    for (const [id, e] of Object.entries(
      resourcesOf(json, 'aws_s3_bucket_server_side_encryption_configuration'),
    )) {
      // S3 supports only SSE-S3 on the destination of server access logs.
      expect(JSON.stringify(e)).toContain(
        id.startsWith('AccessLogs_') ? '"sse_algorithm":"AES256"' : '"sse_algorithm":"aws:kms"',
      );
    }
    for (const o of Object.values(resourcesOf(json, 'aws_s3_bucket_ownership_controls'))) {
      expect(o.rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
    }
    expect(Object.keys(resourcesOf(json, 'aws_s3_bucket_versioning'))).toHaveLength(3);
  });

  it('encrypts the trail log files and Config history with the AuditKey, the guardrails protect its alias', () => {
    const keyRef = `\${aws_kms_key.${Object.keys(resourcesOf(json, 'aws_kms_key')).find((k) => k.startsWith('AuditKey_'))}.arn}`;
    const sse = (prefix: string) =>
      JSON.stringify(
        Object.entries(resourcesOf(json, 'aws_s3_bucket_server_side_encryption_configuration')).find(([id]) =>
          id.startsWith(prefix),
        )![1].rule,
      );
    expect(sse('Trail_')).toContain(`"kms_master_key_id":"${keyRef}"`);
    expect(sse('Config_')).toContain(`"kms_master_key_id":"${keyRef}"`);
    // The AuditKey does not encrypt server access logs: their target supports SSE-S3 only.
    expect(sse('AccessLogs_')).not.toContain('kms_master_key_id');
    expect(resourceOf(json, 'aws_cloudtrail').kms_key_id).toBe(keyRef);
    const alias = Object.values(resourcesOf(json, 'aws_kms_alias')).find((a) =>
      String(a.target_key_id).includes('AuditKey_'),
    )!;
    expect(alias.name).toBe(AUDIT_KEY_ALIAS);
  });

  it('expires trail logs and access logs after their retention, and keeps Config history', () => {
    const expiration = (prefix: string) =>
      (
        Object.entries(resourcesOf(json, 'aws_s3_bucket_lifecycle_configuration')).find(([id]) =>
          id.startsWith(prefix),
        )![1].rule as { expiration?: { days: number }[] }[]
      ).flatMap((r) => r.expiration ?? []);
    expect(expiration('Trail_')).toEqual([{ days: 365 }]);
    expect(expiration('AccessLogs_')).toEqual([{ days: 365 }]);
    expect(expiration('Config_')).toEqual([]);
  });

  it('lets the configuration exclude buckets public on purpose from the public access rule', () => {
    const { json: j } = build((c) => {
      c.accountBaseline!.config.excludedPublicBuckets = ['example-website-123456789012'];
    });
    const rule = Object.values(resourcesOf(j, 'aws_config_config_rule')).find(
      (r) => r.name === 's3-bucket-level-public-access-prohibited',
    )!;
    expect(JSON.parse(String(rule.input_parameters))).toEqual({
      excludedPublicBuckets: 'example-website-123456789012',
    });
  });

  it('names the remediation roles stably and spares buckets that opted out, its own and those it is given', () => {
    const { json: j } = build(undefined, [
      { bucketName: 'example-scratch-123456789012', settings: ['versioning'] },
    ]);
    const roles = Object.values(resourcesOf(j, 'aws_iam_role')).map((r) => r.name);
    expect(roles).toContain('s3-remediation-bucket-public-access-block-eu-west-1');
    const policyOfRole = (prefix: string) =>
      policyOf(
        Object.entries(resourcesOf(j, 'aws_iam_role_policy')).find(([id]) => id.startsWith(prefix))![1],
      ).Statement.find((st) => st.Sid === 'SpareOptedOutBuckets');
    expect(policyOfRole('Remediation_VersioningRole_')).toEqual({
      Sid: 'SpareOptedOutBuckets',
      Effect: 'Deny',
      Action: ['s3:PutBucketVersioning'],
      Resource: 'arn:aws:s3:::example-scratch-123456789012',
    });
    // Its own access log bucket records SSE-S3 as an opt-out of encryption: the encryption role spares it.
    expect(policyOfRole('Remediation_DefaultEncryptionRole_')).toMatchObject({
      Resource: 'arn:aws:s3:::example-audit-access-logs-123456789012-eu-west-1',
    });
  });

  it('sums up the controls it deploys', () => {
    expect(stack.controls).toEqual([
      'cloudtrail-bucket-access-logging',
      'cloudtrail-s3-data-events',
      'config-enabled',
      's3-account-public-access-block',
      's3-change-alerting',
    ]);
  });

  it('reuses an existing recorder, leaves out remediation or the account block when configured so', () => {
    const { json: j, stack: s } = build((c) => {
      c.accountBaseline!.config = { recorder: 'existing', createServiceLinkedRole: true };
      c.accountBaseline!.remediation = { enabled: false, reason: 'remediated by the central security team' };
      c.accountBaseline!.accountPublicAccessBlock = {
        enabled: false,
        reason: 'managed by an organization policy',
      };
    });
    expect(resourcesOf(j, 'aws_config_configuration_recorder')).toEqual({});
    expect(resourcesOf(j, 'aws_config_remediation_configuration')).toEqual({});
    expect(resourcesOf(j, 'aws_s3_account_public_access_block')).toEqual({});
    expect(Object.keys(resourcesOf(j, 'aws_config_config_rule')).length).toBeGreaterThan(0);
    expect(s.controls).not.toContain('s3-account-public-access-block');
  });
});
