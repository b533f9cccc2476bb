import { TerraformOutput } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import type { ControlId } from '../controls/catalog';
import { AccountPublicAccessBlock } from '../modules/account-public-access';
import { OptedOutBucket, S3AutoRemediation } from '../modules/auto-remediation';
import { isToken } from '../modules/core';
import { AUDIT_KEY_ALIAS } from '../modules/organization-guardrails/protection';
import { S3DataEventsTrail } from '../modules/cloudtrail-data-events';
import { ConfigRecorder, S3ComplianceRules } from '../modules/config-compliance';
import { S3DataKey } from '../modules/kms';
import { AccessLogBucket, SecureBucket } from '../modules/secure-bucket';
import { SecurityAlerts } from '../modules/security-alerts';
import type { AccountBaselineConfig } from './account-baseline-config';
import { BaseStack, BaseStackProps } from './base';

export interface AccountBaselineStackProps extends BaseStackProps {
  readonly baseline: AccountBaselineConfig;
  /**
   * Buckets of other stacks in the same account that opted out of settings
   * (see `optedOutBucketsOf`): remediation spares them, as it spares this
   * stack's own.
   * @default []
   */
  readonly optedOutBuckets?: readonly OptedOutBucket[];
}

/** The SecureBuckets under the given constructs that opted out of settings, by literal name. */
export function optedOutBucketsOf(scopes: readonly IConstruct[]): OptedOutBucket[] {
  return scopes
    .flatMap((scope) => scope.node.findAll())
    .filter((c): c is SecureBucket => c instanceof SecureBucket)
    .filter((b) => b.optOuts.length > 0 && !isToken(b.bucketName))
    .map((b) => ({ bucketName: b.bucketName, settings: b.optOuts.map((o) => o.setting) }));
}

/**
 * The seed's "S3 Events and Compliance Rules" package, per account and region:
 * account-level Block Public Access, a multi-region trail recording S3 data
 * events of all buckets (with CloudWatch Logs delivery), AWS Config recording
 * all resources with the S3 managed rules and automatic remediation, and
 * e-mail alerts on S3 configuration changes, NON_COMPLIANT evaluations and the
 * CIS 4.8 alarm. The trail and Config buckets log to an access log bucket.
 */
export class AccountBaselineStack extends BaseStack {
  public readonly accountPublicAccessBlock?: AccountPublicAccessBlock;
  public readonly key: S3DataKey;
  public readonly accessLogs: AccessLogBucket;
  public readonly trail: S3DataEventsTrail;
  public readonly recorder?: ConfigRecorder;
  public readonly rules: S3ComplianceRules;
  public readonly remediation?: S3AutoRemediation;
  public readonly alerts: SecurityAlerts;

  constructor(scope: Construct, id: string, props: AccountBaselineStackProps) {
    super(scope, id, props);
    const b = props.baseline;

    if (!b.accountPublicAccessBlock) {
      this.accountPublicAccessBlock = new AccountPublicAccessBlock(this, 'AccountPublicAccessBlock');
    }

    // One key for the audit logs: server access logs, trail log files, Config history.
    this.key = new S3DataKey(this, 'AuditKey', {
      // The alias the organization guardrails protect by default (auditLogs.keyAliases).
      alias: AUDIT_KEY_ALIAS,
      description: `Encrypts the audit logs of the ${id} stack (CloudTrail log files, AWS Config history)`,
      tags: b.tags,
    });
    this.accessLogs = new AccessLogBucket(this, 'AccessLogs', {
      bucketName: b.accessLogBucket.name,
      retentionDays: b.accessLogBucket.retentionDays,
      tags: b.tags,
    });

    this.trail = new S3DataEventsTrail(this, 'Trail', {
      trailName: b.trail.name,
      bucket: {
        bucketName: b.trail.bucketName,
        accessLogs: { bucket: this.accessLogs },
        retentionDays: b.trail.retentionDays,
      },
      key: this.key,
      dataEvents: b.trail.dataEvents,
      cloudWatchLogs: { retentionDays: b.trail.cloudWatchLogsRetentionDays },
      tags: b.tags,
    });

    if (b.config.recorder === 'create') {
      this.recorder = new ConfigRecorder(this, 'Config', {
        bucket: { bucketName: b.config.bucketName!, accessLogs: { bucket: this.accessLogs } },
        key: this.key,
        createServiceLinkedRole: b.config.createServiceLinkedRole,
        tags: b.tags,
      });
    }
    this.rules = new S3ComplianceRules(this, 'S3Rules', {
      recorder: this.recorder ?? 'existing',
      packs: b.config.packs,
      rules: b.config.rules,
      parameters: b.config.excludedPublicBuckets
        ? {
            's3-bucket-level-public-access-prohibited': {
              excludedPublicBuckets: b.config.excludedPublicBuckets,
            },
          }
        : undefined,
      tags: b.tags,
    });
    const r = b.remediation;
    if (!(r && 'enabled' in r)) {
      this.remediation = new S3AutoRemediation(this, 'Remediation', {
        rules: this.rules,
        runbooks: r?.runbooks,
        automatic: r?.automatic,
        sseAlgorithm: r?.sseAlgorithm,
        optedOutBuckets: [...(props.optedOutBuckets ?? []), ...optedOutBucketsOf([this])],
        retry: { maximumAttempts: r?.maximumAttempts, retrySeconds: r?.retrySeconds },
        tags: b.tags,
      });
    }

    this.alerts = new SecurityAlerts(this, 'Alerts', {
      emails: b.alertEmails,
      complianceRuleNames: this.rules.ruleNames,
      // The log group's own name attribute: the metric filter then waits for the group to exist.
      trailLogGroupName: this.trail.logGroup!.name,
      tags: b.tags,
    });

    new TerraformOutput(this, 'trail_arn', {
      value: this.trail.trailArn,
      description: 'ARN of the S3 data events trail',
    });
    new TerraformOutput(this, 'trail_bucket', { value: this.trail.bucket.bucketName });
    new TerraformOutput(this, 'alerts_topic_arn', { value: this.alerts.topicArn });
    new TerraformOutput(this, 'config_rule_names', { value: this.rules.ruleNames });
  }

  /** The controls this stack deploys or monitors, from the modules' own records. */
  public get controls(): ControlId[] {
    const all: ControlId[] = [
      ...(this.accountPublicAccessBlock?.controls ?? []),
      ...this.trail.controls,
      ...(this.recorder?.controls ?? []),
      ...this.alerts.controls,
    ];
    return [...new Set(all)].sort();
  }
}
