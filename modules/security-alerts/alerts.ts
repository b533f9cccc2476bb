import { Lazy } from 'cdktf';
import { Construct } from 'constructs';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { CloudwatchLogMetricFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-metric-filter';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import type { ControlId } from '../../controls/catalog';
import {
  AwsEnvironment,
  PolicyComposer,
  PolicyDocument,
  PolicyKind,
  PolicyStatement,
  PropsValidator,
  configRuleNameRule,
  emailRule,
  eventRuleNameRule,
  logGroupNameRule,
  mergeTags,
  recordSecurity,
  snsTopicNameRule,
} from '../core';
import { ServiceKey } from '../kms';
import {
  ACCOUNT_CALL_MESSAGE,
  API_CALL_MESSAGE,
  CIS_S3_CHANGE_FILTER_PATTERN,
  COMPLIANCE_MESSAGE,
  EventPattern,
  S3_ACCOUNT_CHANGE_EVENTS,
  S3_BUCKET_CHANGE_EVENTS,
  cloudTrailApiCallPattern,
  configComplianceChangePattern,
} from './patterns';

export const TOPIC_POLICY: PolicyKind = {
  name: 'SNS topic policy',
  maxLength: 30 * 1024,
  principal: 'required',
};

/** Why the topic key's grants to EventBridge and CloudWatch carry no aws:SourceAccount. */
export const UNSCOPED_PUBLISHER_REASON =
  'SNS documents the key grant for AWS services publishing to an encrypted topic without source conditions; the topic policy limits publishing to the rules and alarms of this account';

/** An input transformer that turns an event into one readable line for e-mail. */
export interface AlertMessage {
  /** Names of the template's placeholders and the JSON paths of the event they read. */
  readonly inputPaths: Readonly<Record<string, string>>;
  /** A JSON string (in double quotes) with `<name>` placeholders. */
  readonly template: string;
}

/** An EventBridge rule of another module (Macie findings, say) whose matches are sent to the topic. */
export interface EventAlert {
  /** Construct id of the rule: stable, it is part of the Terraform address. */
  readonly id: string;
  /** The rule name. */
  readonly name: string;
  readonly description: string;
  readonly pattern: EventPattern;
  readonly message: AlertMessage;
}

/** EventBridge allows at most 100 input paths in an input transformer. */
export const MAX_INPUT_PATHS = 100;

export interface SecurityAlertsProps {
  /** @default 's3-security-alerts' */
  readonly topicName?: string;
  /**
   * E-mail addresses subscribed to the topic. Each recipient must confirm the
   * subscription from the message AWS sends; until then nothing is delivered.
   */
  readonly emails: readonly string[];
  /** Prefix of the EventBridge rule and alarm names. @default 's3-security' */
  readonly namePrefix?: string;
  /**
   * Alert on S3 bucket and account configuration changes seen through
   * CloudTrail (needs a trail with management events in this region).
   * @default true
   */
  readonly apiCallAlerts?: boolean;
  /** AWS Config rule names whose NON_COMPLIANT evaluations alert. @default [] */
  readonly complianceRuleNames?: readonly string[];
  /**
   * The CloudWatch Logs log group of a trail: adds the CIS 4.8 metric filter
   * (S3 bucket policy, ACL, CORS, lifecycle, replication changes) and its alarm.
   * Pass the group's `name` attribute (`trail.logGroup.name`) when it is created
   * in the same stack, so the filter waits for the group.
   * @default - no metric filter
   */
  readonly trailLogGroupName?: string;
  /** @default 'CISBenchmark' */
  readonly metricNamespace?: string;
  /** Further EventBridge rules whose matching events alert (rules of other modules). @default [] */
  readonly eventAlerts?: readonly EventAlert[];
  readonly tags?: Record<string, string>;
}

/**
 * Security alerts by e-mail: a KMS-encrypted SNS topic that only this
 * account's EventBridge rules and CloudWatch alarms may publish to, EventBridge
 * rules for S3 control-plane changes (bucket policy, ACL, Block Public Access at
 * bucket and account level, ownership, encryption, replication, Object Lock)
 * and for NON_COMPLIANT evaluations of the S3 Config rules, and the CIS 4.8
 * metric filter and alarm on the trail's log group.
 */
export class SecurityAlerts extends Construct {
  public readonly topic: SnsTopic;
  public readonly topicPolicy: SnsTopicPolicy;
  public readonly key: ServiceKey;
  public readonly topicArn: string;
  /** The EventBridge rules and their patterns, by construct id. */
  public readonly rules: Record<string, { rule: CloudwatchEventRule; pattern: EventPattern; arn: string }> =
    {};
  public readonly metricFilter?: CloudwatchLogMetricFilter;
  public readonly alarm?: CloudwatchMetricAlarm;
  public readonly controls: readonly ControlId[];
  private readonly alarmArns: string[];
  private readonly accountId: string;
  private readonly tags: Record<string, string>;

  constructor(scope: Construct, id: string, props: SecurityAlertsProps) {
    super(scope, id);
    const env = AwsEnvironment.of(this);
    const v = new PropsValidator(this);
    const topicName = props.topicName ?? 's3-security-alerts';
    const prefix = props.namePrefix ?? 's3-security';
    v.rule('topicName', topicName, snsTopicNameRule);
    v.check(
      Array.isArray(props.emails) && props.emails.length > 0,
      'emails',
      props.emails,
      'must list at least one address',
    );
    (props.emails ?? []).forEach((e, i) => v.rule(`emails[${i}]`, e, emailRule));
    v.check(
      new Set(props.emails).size === (props.emails ?? []).length,
      'emails',
      props.emails,
      'lists an address twice',
    );
    v.rule('namePrefix', `${prefix}-s3-account-changes`, eventRuleNameRule);
    v.rule('trailLogGroupName', props.trailLogGroupName, logGroupNameRule);
    if (props.metricNamespace !== undefined) {
      v.check(
        /^[A-Za-z0-9._/#:-]{1,255}$/.test(props.metricNamespace) && !props.metricNamespace.startsWith('AWS/'),
        'metricNamespace',
        props.metricNamespace,
        'is not a custom metric namespace (1 to 255 characters, not beginning with AWS/)',
      );
    }
    (props.complianceRuleNames ?? []).forEach((r, i) =>
      v.rule(`complianceRuleNames[${i}]`, r, configRuleNameRule),
    );
    const eventAlerts = props.eventAlerts ?? [];
    eventAlerts.forEach((a, i) => checkEventAlert(v, `eventAlerts[${i}]`, a));
    for (const key of ['id', 'name'] as const) {
      const values = eventAlerts.map((a) => a[key]);
      v.check(
        new Set(values).size === values.length,
        'eventAlerts',
        values,
        `repeats a rule ${key}: each alert needs its own`,
      );
    }
    const apiCalls = props.apiCallAlerts ?? true;
    const tags = mergeTags(v, 'tags', props.tags);
    v.throwIfAny();
    this.tags = tags;
    this.accountId = env.accountId;

    this.topicArn = `arn:${env.partition}:sns:${env.region}:${env.accountId}:${topicName}`;
    this.key = new ServiceKey(this, 'Key', {
      description: `Encrypts the SNS topic ${topicName}`,
      alias: `alias/sns/${topicName}`,
      viaServices: [`sns.${env.region}.amazonaws.com`],
      tags: props.tags,
    });
    // The grants SNS documents for AWS services that publish to an encrypted topic, without source conditions.
    for (const service of ['events.amazonaws.com', 'cloudwatch.amazonaws.com']) {
      this.key.grantService({
        service,
        sourceAccount: { enabled: false, reason: UNSCOPED_PUBLISHER_REASON },
      });
    }
    this.topic = new SnsTopic(this, 'Topic', {
      name: topicName,
      displayName: 'S3 security alerts',
      kmsMasterKeyId: this.key.keyArn,
      tags,
    });
    (props.emails ?? []).forEach(
      (email, i) =>
        new SnsTopicSubscription(this, `Email${i}`, {
          topicArn: this.topic.arn,
          protocol: 'email',
          endpoint: email,
        }),
    );

    const controls: ControlId[] = [];
    if (apiCalls) {
      this.addRule(env, `${prefix}-s3-bucket-changes`, 'BucketChanges', {
        description:
          'S3 bucket policy, ACL, Block Public Access, ownership, encryption, replication or Object Lock changed',
        pattern: cloudTrailApiCallPattern(S3_BUCKET_CHANGE_EVENTS),
        message: API_CALL_MESSAGE,
        tags,
      });
      this.addRule(env, `${prefix}-s3-account-changes`, 'AccountChanges', {
        description: 'The account-level S3 Block Public Access settings changed',
        pattern: cloudTrailApiCallPattern(S3_ACCOUNT_CHANGE_EVENTS),
        message: ACCOUNT_CALL_MESSAGE,
        tags,
      });
    }
    if (props.complianceRuleNames?.length) {
      this.addRule(env, `${prefix}-s3-noncompliant`, 'NonCompliant', {
        description: 'An S3 AWS Config rule reports a resource NON_COMPLIANT',
        pattern: configComplianceChangePattern(props.complianceRuleNames),
        message: COMPLIANCE_MESSAGE,
        tags,
      });
    }

    for (const a of eventAlerts) {
      this.addRule(env, a.name, a.id, {
        description: a.description,
        pattern: a.pattern,
        message: a.message,
        tags,
      });
    }

    const alarmArns: string[] = [];
    if (props.trailLogGroupName) {
      const namespace = props.metricNamespace ?? 'CISBenchmark';
      const metricName = 'S3BucketConfigChanges';
      this.metricFilter = new CloudwatchLogMetricFilter(this, 'CisS3ChangesFilter', {
        name: `${prefix}-s3-bucket-config-changes`,
        logGroupName: props.trailLogGroupName,
        pattern: CIS_S3_CHANGE_FILTER_PATTERN,
        metricTransformation: { name: metricName, namespace, value: '1', defaultValue: '0' },
      });
      const alarmName = `${prefix}-s3-bucket-config-changes`;
      this.alarm = new CloudwatchMetricAlarm(this, 'CisS3ChangesAlarm', {
        alarmName,
        alarmDescription:
          'CIS AWS Foundations Benchmark 4.8: an S3 bucket policy, ACL, CORS, lifecycle or replication configuration changed',
        namespace,
        metricName,
        statistic: 'Sum',
        period: 300,
        evaluationPeriods: 1,
        threshold: 1,
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
        treatMissingData: 'notBreaching',
        alarmActions: [this.topic.arn],
        tags,
        dependsOn: [this.metricFilter],
      });
      alarmArns.push(`arn:${env.partition}:cloudwatch:${env.region}:${env.accountId}:alarm:${alarmName}`);
      controls.push('s3-change-alerting');
      recordSecurity(this.alarm, { module: 'SecurityAlerts', controls, optOuts: [] });
    }
    this.controls = controls;

    this.alarmArns = alarmArns;
    // Rendered at synth time: other modules may still add alert rules (addEventAlert).
    this.topicPolicy = new SnsTopicPolicy(this, 'TopicPolicy', {
      arn: this.topic.arn,
      policy: Lazy.stringValue({ produce: () => this.topicPolicyComposer().render() }),
    });
  }

  /**
   * Adds an alert after construction (a module that watches a bucket of its
   * own: a malware scanner, say): an EventBridge rule on the default bus whose
   * matches the topic mails as one readable line. The topic policy, written at
   * synth, lets it publish.
   *
   * ```ts
   * alerts.addEventAlert({ id: 'MalwareFound', name: 's3-malware-found', description, pattern, message });
   * ```
   */
  public addEventAlert(alert: EventAlert): void {
    const v = new PropsValidator(this);
    checkEventAlert(v, `addEventAlert(${alert.id})`, alert);
    v.check(
      this.rules[alert.id] === undefined,
      `addEventAlert(${alert.id}).id`,
      alert.id,
      'is already used by another rule of these alerts',
    );
    v.check(
      !Object.values(this.rules).some((r) => r.arn.endsWith(`:rule/${alert.name}`)),
      `addEventAlert(${alert.id}).name`,
      alert.name,
      'is already used by another rule of these alerts',
    );
    v.throwIfAny();
    this.addRule(AwsEnvironment.of(this), alert.name, alert.id, { ...alert, tags: this.tags });
  }

  /** The topic policy document, for tests and reviews. */
  public get topicPolicyDocument(): PolicyDocument {
    return this.topicPolicyComposer().document;
  }

  /** Only this account's rules and alarms may publish; nobody may use the topic without TLS. */
  private topicPolicyComposer(): PolicyComposer {
    const composer = new PolicyComposer(this, TOPIC_POLICY);
    const ruleArns = Object.values(this.rules).map((r) => r.arn);
    // Checked at synth: other modules may add alerts after construction (addEventAlert).
    if (ruleArns.length === 0 && this.alarmArns.length === 0) {
      const v = new PropsValidator(this);
      v.fail(
        'apiCallAlerts',
        false,
        'is false and none of complianceRuleNames, trailLogGroupName or eventAlerts is given, and no alert was added with addEventAlert: nothing would alert',
      );
      v.throwIfAny();
    }
    const statements: PolicyStatement[] = [
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: ['sns:Publish', 'sns:Subscribe'],
        Resource: this.topicArn,
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ];
    if (ruleArns.length)
      statements.push(
        publishStatement(
          'AllowEventBridgeRules',
          'events.amazonaws.com',
          this.topicArn,
          this.accountId,
          ruleArns,
        ),
      );
    if (this.alarmArns.length)
      statements.push(
        publishStatement(
          'AllowCloudWatchAlarms',
          'cloudwatch.amazonaws.com',
          this.topicArn,
          this.accountId,
          this.alarmArns,
        ),
      );
    composer.addMandatory('SecurityAlerts', ...statements);
    return composer;
  }

  private addRule(
    env: AwsEnvironment,
    name: string,
    id: string,
    r: {
      description: string;
      pattern: EventPattern;
      message: AlertMessage;
      tags: Record<string, string>;
    },
  ): void {
    const rule = new CloudwatchEventRule(this, id, {
      name,
      description: r.description,
      eventPattern: JSON.stringify(r.pattern),
      state: 'ENABLED',
      tags: r.tags,
    });
    new CloudwatchEventTarget(this, `${id}Target`, {
      rule: rule.name,
      targetId: 'sns',
      arn: this.topic.arn,
      inputTransformer: { inputPaths: { ...r.message.inputPaths }, inputTemplate: r.message.template },
    });
    recordSecurity(rule, { module: 'SecurityAlerts', controls: [], optOuts: [] });
    this.rules[id] = {
      rule,
      pattern: r.pattern,
      arn: `arn:${env.partition}:events:${env.region}:${env.accountId}:rule/${name}`,
    };
  }
}

/** Checks an alert rule given by another module: its name, description and message. */
function checkEventAlert(v: PropsValidator, prop: string, a: EventAlert): void {
  v.check(
    /^[A-Za-z][A-Za-z0-9]{0,63}$/.test(String(a.id)),
    `${prop}.id`,
    a.id,
    'must be a construct id: a letter, then letters and digits',
  );
  v.rule(`${prop}.name`, a.name, eventRuleNameRule);
  v.check(
    typeof a.description === 'string' && a.description.length <= 512,
    `${prop}.description`,
    a.description,
    'must be a text of at most 512 characters',
  );
  const paths = Object.keys(a.message?.inputPaths ?? {});
  v.check(
    paths.length <= MAX_INPUT_PATHS,
    `${prop}.message.inputPaths`,
    paths.length,
    `must name at most ${MAX_INPUT_PATHS} paths`,
  );
  const placeholders = [...String(a.message?.template).matchAll(/<([A-Za-z0-9_.-]+)>/g)].map((m) => m[1]);
  const unknown = placeholders.filter((p) => !paths.includes(p));
  v.check(
    unknown.length === 0,
    `${prop}.message.template`,
    a.message?.template,
    `uses placeholders without an input path: ${unknown.join(', ')}`,
  );
}

function publishStatement(
  sid: string,
  service: string,
  topicArn: string,
  accountId: string,
  sourceArns: string[],
): PolicyStatement {
  return {
    Sid: sid,
    Effect: 'Allow',
    Principal: { Service: service },
    Action: 'sns:Publish',
    Resource: topicArn,
    Condition: {
      StringEquals: { 'aws:SourceAccount': accountId },
      ArnLike: { 'aws:SourceArn': sourceArns.length === 1 ? sourceArns[0] : sourceArns },
    },
  };
}
