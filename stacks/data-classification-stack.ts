import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import type { ControlId } from '../controls/catalog';
import {
  ClassificationJob,
  CustomDataIdentifier,
  DiscoveryResultsExport,
  FindingsFilter,
  MacieAccount,
  macieEventAlerts,
} from '../modules/macie';
import { AccessLogBucket } from '../modules/secure-bucket';
import { SecurityAlerts } from '../modules/security-alerts';
import { BaseStack, BaseStackProps } from './base';
import type { DataClassificationConfig } from './data-classification-config';

export interface DataClassificationStackProps extends BaseStackProps {
  readonly dataClassification: DataClassificationConfig;
}

/**
 * The seed's "Data Classification and DLP" package, per account and region:
 * Amazon Macie enabled, custom data identifiers, discovery jobs, findings
 * filters, the encrypted repository of discovery results, and e-mail alerts
 * on the findings that matter, through a KMS-encrypted SNS topic.
 */
export class DataClassificationStack extends BaseStack {
  public readonly macie: MacieAccount;
  public readonly identifiers: Record<string, CustomDataIdentifier> = {};
  public readonly jobs: Record<string, ClassificationJob> = {};
  public readonly filters: Record<string, FindingsFilter> = {};
  public readonly accessLogs: AccessLogBucket;
  public readonly results: DiscoveryResultsExport;
  public readonly alerts: SecurityAlerts;

  constructor(scope: Construct, id: string, props: DataClassificationStackProps) {
    super(scope, id, props);
    const c = props.dataClassification;

    this.macie = new MacieAccount(this, 'Macie', {
      findingPublishingFrequency: c.findingPublishingFrequency,
      organization: c.organization,
    });
    for (const i of c.customDataIdentifiers) {
      this.identifiers[i.id] = new CustomDataIdentifier(this, `Identifier-${i.id}`, {
        macie: this.macie,
        name: i.name,
        description: i.description,
        regex: i.regex,
        keywords: i.keywords,
        ignoreWords: i.ignoreWords,
        maximumMatchDistance: i.maximumMatchDistance,
        tags: c.tags,
      });
    }
    for (const j of c.jobs) {
      this.jobs[j.id] = new ClassificationJob(this, `Job-${j.id}`, {
        macie: this.macie,
        name: j.name,
        version: j.version,
        description: j.description,
        schedule: j.schedule,
        buckets: j.buckets,
        bucketTags: j.bucketTags,
        samplingPercentage: j.samplingPercentage,
        objects: j.objects,
        customDataIdentifiers: j.customDataIdentifiers.map((ref) => this.identifiers[ref]),
        initialRun: j.initialRun,
        tags: c.tags,
      });
    }
    for (const f of c.findingsFilters) {
      this.filters[f.id] = new FindingsFilter(this, `Filter-${f.id}`, {
        macie: this.macie,
        name: f.name,
        description: f.description,
        action: f.action,
        position: f.position,
        criteria: f.criteria,
        tags: c.tags,
      });
    }

    this.accessLogs = new AccessLogBucket(this, 'AccessLogs', {
      bucketName: c.accessLogBucket.name,
      retentionDays: c.accessLogBucket.retentionDays,
      tags: c.tags,
    });
    this.results = new DiscoveryResultsExport(this, 'Results', {
      macie: this.macie,
      bucket: {
        bucketName: c.results.bucketName,
        accessLogs: { bucket: this.accessLogs },
        retentionDays: c.results.retentionDays,
      },
      keyPrefix: c.results.keyPrefix,
      tags: c.tags,
    });

    this.alerts = new SecurityAlerts(this, 'Alerts', {
      topicName: 's3-security-data-alerts',
      emails: c.alertEmails,
      apiCallAlerts: false,
      eventAlerts: macieEventAlerts(
        this,
        c.alerts.map((a) => ({
          id: a.id,
          description: a.description,
          minimumSeverity: a.minimumSeverity,
          findingTypes: a.findingTypes,
          bucketNames: a.bucketNames,
          bucketTag: a.bucketTag,
          customDataIdentifierNames: a.customDataIdentifiers?.map((ref) => this.identifiers[ref].name),
        })),
        { prop: 'dataClassification.alerts' },
      ),
      tags: c.tags,
    });

    new TerraformOutput(this, 'results_bucket', { value: this.results.bucket.bucketName });
    new TerraformOutput(this, 'alerts_topic_arn', { value: this.alerts.topicArn });
    new TerraformOutput(this, 'job_names', { value: Object.values(this.jobs).map((j) => j.jobName) });
  }

  /** The controls this stack deploys, from the modules' own records. */
  public get controls(): ControlId[] {
    const all: ControlId[] = [
      ...this.macie.controls,
      ...Object.values(this.jobs).flatMap((j) => j.controls),
      ...this.results.controls,
    ];
    return [...new Set(all)].sort();
  }
}
