import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { CIS_S3_CHANGE_FILTER_PATTERN, SecurityAlerts } from '../../../modules/security-alerts';
import { ACCOUNT, expectError, policyOf, resourceOf, resourcesOf, synth, testStack } from '../../helpers';
import { matchesPattern } from '../../support/event-patterns';
import { configComplianceChangeEvent, s3ApiCallEvent } from '../../support/sample-events';

const EVENT_ALERT = {
  id: 'Custom',
  name: 's3-security-custom',
  description: 'A custom alert',
  pattern: { source: ['aws.macie'] },
  message: { inputPaths: { type: '$.detail.type' }, template: '"Finding <type>"' },
};
const MANY_PATHS = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`p${i}`, `$.detail.f${i}`]));

function build(props: Partial<ConstructorParameters<typeof SecurityAlerts>[2]> = {}) {
  const stack = testStack();
  const alerts = new SecurityAlerts(stack, 'alerts', {
    emails: ['security-alerts@example.com', 'oncall@example.org'],
    complianceRuleNames: ['s3-bucket-ssl-requests-only'],
    trailLogGroupName: '/aws/cloudtrail/main',
    ...props,
  });
  return { alerts, ...synth(stack) };
}

describe('SecurityAlerts', () => {
  const { text, json, snapshot } = build();
  const rules = resourcesOf(json, 'aws_cloudwatch_event_rule');
  const topicRef = `\${aws_sns_topic.${Object.keys(resourcesOf(json, 'aws_sns_topic'))[0]}.arn}`;
  const keyRef = `\${aws_kms_key.${Object.keys(resourcesOf(json, 'aws_kms_key'))[0]}.arn}`;
  const patternOf = (name: string) =>
    JSON.parse(Object.values(rules).find((r) => r.name === name)!.event_pattern as string);

  it('matches the snapshot', () => {
    expect(snapshot).toMatchSnapshot();
  });

  it('encrypts the topic with its own key and subscribes every address by e-mail', () => {
    expect(text).toHaveResourceWithProperties(SnsTopic, {
      name: 's3-security-alerts',
      kms_master_key_id: keyRef,
    });
    expect(text).toHaveResourceWithProperties(SnsTopicSubscription, {
      protocol: 'email',
      endpoint: 'oncall@example.org',
    });
    expect(Object.keys(resourcesOf(json, 'aws_sns_topic_subscription'))).toHaveLength(2);
  });

  it('synthesizes rules whose patterns fire on the documented events and not on others', () => {
    const bucket = patternOf('s3-security-s3-bucket-changes');
    const account = patternOf('s3-security-s3-account-changes');
    const compliance = patternOf('s3-security-s3-noncompliant');
    expect(matchesPattern(s3ApiCallEvent('DeleteBucketPublicAccessBlock'), bucket)).toBe(true);
    expect(matchesPattern(s3ApiCallEvent('PutAccountPublicAccessBlock'), account)).toBe(true);
    expect(matchesPattern(s3ApiCallEvent('GetBucketAcl'), bucket)).toBe(false);
    expect(
      matchesPattern(configComplianceChangeEvent('s3-bucket-ssl-requests-only', 'NON_COMPLIANT'), compliance),
    ).toBe(true);
    expect(
      matchesPattern(configComplianceChangeEvent('s3-bucket-ssl-requests-only', 'COMPLIANT'), compliance),
    ).toBe(false);
  });

  it('sends every rule to the topic with a readable message', () => {
    const targets = Object.values(resourcesOf(json, 'aws_cloudwatch_event_target'));
    expect(targets).toHaveLength(3);
    for (const t of targets) {
      expect(t.arn).toBe(topicRef);
      expect((t.input_transformer as { input_template: string }).input_template).toMatch(/^".*<account>.*"$/);
    }
  });

  it('uses in each message only fields its events carry (account-level changes name no bucket)', () => {
    const byRule = Object.values(resourcesOf(json, 'aws_cloudwatch_event_target'));
    const account = byRule.find((t) => String(t.rule).includes('AccountChanges'))!;
    const transformer = account.input_transformer as {
      input_paths: Record<string, string>;
      input_template: string;
    };
    expect(transformer.input_template).not.toContain('<bucket>');
    expect(Object.values(transformer.input_paths)).not.toContain('$.detail.requestParameters.bucketName');
    for (const t of byRule) {
      const tr = t.input_transformer as { input_paths: Record<string, string>; input_template: string };
      // Every placeholder of the template has an input path, and every input path is used.
      const used = [...tr.input_template.matchAll(/<(\w+)>/g)].map((m) => m[1]).sort();
      expect(used).toEqual(Object.keys(tr.input_paths).sort());
    }
  });

  it('adds the CIS 4.8 metric filter and an alarm at Sum >= 1 over 300 seconds', () => {
    expect(resourceOf(json, 'aws_cloudwatch_log_metric_filter')).toMatchObject({
      log_group_name: '/aws/cloudtrail/main',
      pattern: CIS_S3_CHANGE_FILTER_PATTERN,
    });
    expect(text).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      statistic: 'Sum',
      period: 300,
      threshold: 1,
      evaluation_periods: 1,
      comparison_operator: 'GreaterThanOrEqualToThreshold',
      alarm_actions: [topicRef],
    });
  });

  it("lets only this account's rules and alarm publish, and only over TLS", () => {
    const policy = policyOf(resourceOf(json, 'aws_sns_topic_policy'));
    const bySid = Object.fromEntries(policy.Statement.map((s) => [s.Sid, s]));
    expect(bySid.AllowEventBridgeRules).toMatchObject({
      Principal: { Service: 'events.amazonaws.com' },
      Action: 'sns:Publish',
      Condition: {
        StringEquals: { 'aws:SourceAccount': ACCOUNT },
        ArnLike: {
          'aws:SourceArn': [
            `arn:aws:events:eu-west-1:${ACCOUNT}:rule/s3-security-s3-bucket-changes`,
            `arn:aws:events:eu-west-1:${ACCOUNT}:rule/s3-security-s3-account-changes`,
            `arn:aws:events:eu-west-1:${ACCOUNT}:rule/s3-security-s3-noncompliant`,
          ],
        },
      },
    });
    expect(bySid.AllowCloudWatchAlarms.Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': ACCOUNT },
      ArnLike: {
        'aws:SourceArn': `arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm:s3-security-s3-bucket-config-changes`,
      },
    });
    expect(bySid.DenyInsecureTransport).toMatchObject({ Effect: 'Deny', Principal: '*' });
  });

  it('lets EventBridge and CloudWatch use the topic key', () => {
    const key = policyOf(resourceOf(json, 'aws_kms_key'));
    const services = key.Statement.flatMap((s) =>
      typeof s.Principal === 'object' && s.Principal.Service ? [s.Principal.Service] : [],
    );
    expect(services).toEqual(['cloudwatch.amazonaws.com', 'events.amazonaws.com']);
    // As SNS documents it for AWS services publishing to an encrypted topic: no source condition, recorded.
    expect(key.Statement.filter((s) => s.Condition !== undefined).map((s) => s.Sid)).toEqual([
      'AccountAdministersKeyGrantsForAwsResources',
      'AccountUsesKeyThroughServices',
    ]);
    expect(
      (resourceOf(json, 'aws_kms_key')['//'] as Record<string, { optOuts: { setting: string }[] }>)[
        's3-security'
      ].optOuts.map((o) => o.setting),
    ).toEqual([
      'grantService(cloudwatch.amazonaws.com).sourceAccount',
      'grantService(events.amazonaws.com).sourceAccount',
    ]);
  });

  it('claims CIS 4.8 (s3-change-alerting) only with the metric filter', () => {
    expect(build().alerts.controls).toEqual(['s3-change-alerting']);
    expect(build({ trailLogGroupName: undefined }).alerts.controls).toEqual([]);
  });

  it.each([
    [{ emails: [] }, 'emails [] must list at least one address'],
    [{ emails: ['Ops <ops@example.com>'] }, 'emails[0] "Ops <ops@example.com>" is not an e-mail address'],
    [{ emails: ['ops@localhost'] }, 'emails[0] "ops@localhost" is not an e-mail address'],
    [
      { emails: ['a@example.com', 'a@example.com'] },
      'emails ["a@example.com","a@example.com"] lists an address twice',
    ],
    [{ topicName: 'alerts topic' }, 'topicName "alerts topic" is not a valid SNS topic name'],
    [{ trailLogGroupName: 'log group?' }, 'trailLogGroupName "log group?" is not a valid log group name'],
    [{ metricNamespace: 'AWS/S3' }, 'metricNamespace "AWS/S3" is not a custom metric namespace'],
    [
      { complianceRuleNames: ['bad name'] },
      'complianceRuleNames[0] "bad name" is not a valid AWS Config rule name',
    ],
    [
      { apiCallAlerts: false, complianceRuleNames: [], trailLogGroupName: undefined },
      'apiCallAlerts false is false and none of complianceRuleNames, trailLogGroupName or eventAlerts is given',
    ],
    [
      { eventAlerts: [{ ...EVENT_ALERT, name: 'bad name' }] },
      'eventAlerts[0].name "bad name" is not a valid EventBridge rule name',
    ],
    [
      { eventAlerts: [{ ...EVENT_ALERT, id: 'bad-id' }] },
      'eventAlerts[0].id "bad-id" must be a construct id',
    ],
    [
      { eventAlerts: [{ ...EVENT_ALERT, message: { inputPaths: {}, template: '"<who> did it"' } }] },
      'eventAlerts[0].message.template "\\"<who> did it\\"" uses placeholders without an input path: who',
    ],
    [{ eventAlerts: [EVENT_ALERT, EVENT_ALERT] }, 'eventAlerts ["Custom","Custom"] repeats a rule id'],
    [
      { eventAlerts: [{ ...EVENT_ALERT, message: { inputPaths: MANY_PATHS, template: '"x"' } }] },
      'eventAlerts[0].message.inputPaths 101 must name at most 100 paths',
    ],
  ])('rejects %j', (props, message) => {
    expectError(() => build(props as never), `test/alerts: ${message}`);
  });

  it('adds the rules of other modules, and lets only them publish with the rest', () => {
    const { json } = build({
      apiCallAlerts: false,
      complianceRuleNames: [],
      trailLogGroupName: undefined,
      eventAlerts: [EVENT_ALERT],
    });
    const rule = resourceOf(json, 'aws_cloudwatch_event_rule');
    expect(rule).toMatchObject({ name: 's3-security-custom', event_pattern: '{"source":["aws.macie"]}' });
    expect(resourceOf(json, 'aws_cloudwatch_event_target').input_transformer).toEqual({
      input_paths: { type: '$.detail.type' },
      input_template: '"Finding <type>"',
    });
    const publish = policyOf(resourceOf(json, 'aws_sns_topic_policy')).Statement.find(
      (st) => st.Sid === 'AllowEventBridgeRules',
    )!;
    expect(publish.Condition!.ArnLike).toEqual({
      'aws:SourceArn': `arn:aws:events:eu-west-1:${ACCOUNT}:rule/s3-security-custom`,
    });
  });
});
