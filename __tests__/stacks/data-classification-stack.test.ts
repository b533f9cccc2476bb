/**
 * The data-classification stack of the default configuration, synthesized once:
 * Macie with a custom identifier, a tag-scoped weekly job, a findings filter,
 * the encrypted export of discovery results and alerts on findings. The export's
 * bucket and key policies are proven by simulation: Macie of this account may
 * write, for its export configuration and jobs only; Macie acting for another
 * account, or anyone else, may not.
 */
import { App, Testing } from 'cdktf';
import type { PolicyDocument } from '../../modules/core';
import { DataClassificationStack, DEFAULT_CONFIG, parseConfig } from '../../stacks';
import { policyOf, resourceOf, resourcesOf, synth } from '../helpers';
import { matchesPattern } from '../support/event-patterns';
import { macieFindingEvent } from '../support/sample-events';
import { Decision, SimulationRequest, simulate } from '../support/simulate';
import { stackVocabularyProblems } from '../support/vocabulary';

const config = parseConfig(DEFAULT_CONFIG);
const dc = config.dataClassification!;
const stack = new DataClassificationStack(Testing.app() as App, 'data-classification', {
  environment: config.environment,
  tags: config.tags,
  dataClassification: dc,
});
const { json, snapshot } = synth(stack);
const ACCOUNT = config.environment.accountId!;
const OTHER = '444455556666';
const REGION = config.environment.region;
const BUCKET = `arn:aws:s3:::${dc.results.bucketName}`;
const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const EXPORT_SOURCE = `arn:aws:macie2:${REGION}:${ACCOUNT}:export-configuration:3ce05dbb7ec5505def334104bf160bf5`;
const JOB_SOURCE = `arn:aws:macie2:${REGION}:${ACCOUNT}:classification-job/3ce05dbb7ec5505def334104bf160bf5`;

const address = (type: string, r: unknown) =>
  `${type}.${Object.entries(resourcesOf(json, type)).find(([, v]) => v === r)![0]}`;
const resultsPolicy = policyOf(resourceOf(json, 'aws_s3_bucket_policy', 'Results/Bucket/Policy'));
const resultsKey = resourceOf(json, 'aws_kms_key', 'Results/Key/Key');
const keyPolicy = policyOf(resultsKey);

describe('DataClassificationStack (default configuration)', () => {
  it('matches the snapshot', () => {
    expect(snapshot).toMatchSnapshot();
  });

  it('enables Macie, publishing finding updates every 15 minutes', () => {
    expect(resourceOf(json, 'aws_macie2_account')).toMatchObject({
      status: 'ENABLED',
      finding_publishing_frequency: 'FIFTEEN_MINUTES',
    });
    expect(stack.controls).toEqual(['macie-discovery', 'macie-enabled', 'macie-results-exported']);
  });

  it('makes every Macie resource wait for the account', () => {
    const account = address('aws_macie2_account', resourceOf(json, 'aws_macie2_account'));
    for (const type of [
      'aws_macie2_custom_data_identifier',
      'aws_macie2_classification_job',
      'aws_macie2_findings_filter',
      'aws_macie2_classification_export_configuration',
    ])
      expect([type, resourceOf(json, type).depends_on]).toEqual([type, expect.arrayContaining([account])]);
  });

  it('runs the weekly job on the buckets tagged data-classification=confidential, with the custom identifier', () => {
    const job = resourceOf(json, 'aws_macie2_classification_job');
    const identifier = resourceOf(json, 'aws_macie2_custom_data_identifier');
    expect(job).toMatchObject({
      name: 'confidential-weekly-v1',
      job_type: 'SCHEDULED',
      initial_run: true,
      sampling_percentage: 100,
      schedule_frequency: { weekly_schedule: 'MONDAY' },
      lifecycle: { create_before_destroy: true },
      custom_data_identifier_ids: [`\${${address('aws_macie2_custom_data_identifier', identifier)}.id}`],
      s3_job_definition: {
        bucket_criteria: {
          includes: {
            and: [
              {
                tag_criterion: {
                  comparator: 'EQ',
                  tag_values: [{ key: 'data-classification', value: 'confidential' }],
                },
              },
            ],
          },
        },
      },
    });
    expect(identifier).toMatchObject({
      name: 'employee-id',
      regex: 'EMP-[0-9]{6}',
      maximum_match_distance: 50,
    });
    // The default secure-data configuration tags a bucket so the job has something to analyze.
    expect(config.secureData!.buckets.some((b) => b.tags?.['data-classification'] === 'confidential')).toBe(
      true,
    );
  });

  it('archives only the accepted CloudFront-origin findings', () => {
    expect(resourceOf(json, 'aws_macie2_findings_filter')).toMatchObject({
      action: 'ARCHIVE',
      finding_criteria: {
        criterion: [
          { field: 'type', eq: ['Policy:IAMUser/S3BucketSharedWithCloudFront'] },
          { field: 'resourcesAffected.s3Bucket.tags.key', eq: ['cloudfront-origin'] },
        ],
      },
    });
  });

  it('exports discovery results with the key, after the bucket policy and the key exist', () => {
    const exported = resourceOf(json, 'aws_macie2_classification_export_configuration');
    expect(exported.s3_destination).toEqual({
      bucket_name: dc.results.bucketName,
      kms_key_arn: `\${${address('aws_kms_key', resultsKey)}.arn}`,
    });
    expect(exported.depends_on).toEqual(
      expect.arrayContaining([
        address('aws_s3_bucket_policy', resourceOf(json, 'aws_s3_bucket_policy', 'Results/Bucket/Policy')),
        address('aws_kms_key', resultsKey),
      ]),
    );
    expect(resultsKey).toMatchObject({ enable_key_rotation: true });
  });

  it('grants Macie the key and the bucket exactly as the Macie User Guide asks, for this account only', () => {
    const source = {
      StringEquals: { 'aws:SourceAccount': ACCOUNT },
      ArnLike: {
        'aws:SourceArn': [
          `arn:aws:macie2:${REGION}:${ACCOUNT}:export-configuration:*`,
          `arn:aws:macie2:${REGION}:${ACCOUNT}:classification-job/*`,
        ],
      },
    };
    expect(keyPolicy.Statement.find((s) => s.Sid === 'AllowMacieExport')).toEqual({
      Sid: 'AllowMacieExport',
      Effect: 'Allow',
      Principal: { Service: 'macie.amazonaws.com' },
      Action: ['kms:GenerateDataKey', 'kms:Encrypt'],
      Resource: '*',
      Condition: source,
    });
    expect(resultsPolicy.Statement.filter((s) => s.Sid.startsWith('AllowMacie'))).toEqual([
      {
        Sid: 'AllowMacieGetBucketLocation',
        Effect: 'Allow',
        Principal: { Service: 'macie.amazonaws.com' },
        Action: 's3:GetBucketLocation',
        Resource: BUCKET,
        Condition: source,
      },
      {
        Sid: 'AllowMacieDiscoveryResults',
        Effect: 'Allow',
        Principal: { Service: 'macie.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `${BUCKET}/*`,
        Condition: source,
      },
    ]);
  });

  it('sends high-severity findings and employee-number findings to the encrypted topic', () => {
    const rules = Object.values(resourcesOf(json, 'aws_cloudwatch_event_rule'));
    const byName = Object.fromEntries(rules.map((r) => [r.name, JSON.parse(r.event_pattern as string)]));
    expect(Object.keys(byName).sort()).toEqual([
      's3-security-macie-employee-ids',
      's3-security-macie-high-severity',
    ]);
    const high = byName['s3-security-macie-high-severity'];
    expect(matchesPattern(macieFindingEvent({ severity: 'High' }), high)).toBe(true);
    expect(matchesPattern(macieFindingEvent({ severity: 'Medium' }), high)).toBe(false);
    const ids = byName['s3-security-macie-employee-ids'];
    expect(
      matchesPattern(macieFindingEvent({ severity: 'Low', customDataIdentifiers: ['employee-id'] }), ids),
    ).toBe(true);
    expect(matchesPattern(macieFindingEvent({ severity: 'Low' }), ids)).toBe(false);
    const topic = resourceOf(json, 'aws_sns_topic');
    expect(topic.kms_master_key_id).toMatch(/^\$\{aws_kms_key\.Alerts_Key_.*\.arn\}$/);
    for (const t of Object.values(resourcesOf(json, 'aws_cloudwatch_event_target')))
      expect(t.arn).toBe(`\${${address('aws_sns_topic', topic)}.arn}`);
    const publish = policyOf(resourceOf(json, 'aws_sns_topic_policy')).Statement.find(
      (s) => s.Sid === 'AllowEventBridgeRules',
    )!;
    expect(publish.Condition!.ArnLike).toEqual({
      'aws:SourceArn': [
        `arn:aws:events:${REGION}:${ACCOUNT}:rule/s3-security-macie-high-severity`,
        `arn:aws:events:${REGION}:${ACCOUNT}:rule/s3-security-macie-employee-ids`,
      ],
    });
  });
});

interface Case {
  readonly what: string;
  readonly policy: PolicyDocument;
  readonly request: SimulationRequest;
  readonly expect: Decision;
}

const macie = { principal: 'macie.amazonaws.com', sourceAccount: ACCOUNT, sourceArn: EXPORT_SOURCE };
const result = `${BUCKET}/AWSLogs/${ACCOUNT}/Macie/${REGION}/3ce05dbb7ec5505def334104bf160bf5/${ACCOUNT}/x.jsonl.gz`;
const put = { action: 's3:PutObject', resource: result, resourceAccount: ACCOUNT };
const location = { action: 's3:GetBucketLocation', resource: BUCKET, resourceAccount: ACCOUNT };
const encrypt = { action: 'kms:GenerateDataKey', resource: KEY };

const CASES: Case[] = [
  {
    what: 'Macie writes a result for the export configuration',
    policy: resultsPolicy,
    expect: 'Allowed',
    request: { ...macie, ...put },
  },
  {
    what: 'Macie writes a result for a job',
    policy: resultsPolicy,
    expect: 'Allowed',
    request: { ...macie, sourceArn: JOB_SOURCE, ...put },
  },
  {
    what: 'Macie finds the bucket region',
    policy: resultsPolicy,
    expect: 'Allowed',
    request: { ...macie, ...location },
  },
  {
    what: "another account's Macie writes (its own source account and job)",
    policy: resultsPolicy,
    expect: 'ImplicitlyDenied',
    request: {
      ...macie,
      sourceAccount: OTHER,
      sourceArn: `arn:aws:macie2:${REGION}:${OTHER}:classification-job/3ce05dbb7ec5505def334104bf160bf5`,
      ...put,
    },
  },
  {
    what: "Macie writes for another account's job, claiming this account",
    policy: resultsPolicy,
    expect: 'ImplicitlyDenied',
    request: { ...macie, sourceArn: `arn:aws:macie2:${REGION}:${OTHER}:classification-job/x`, ...put },
  },
  {
    what: "Macie names this account's job but acts for another account",
    policy: resultsPolicy,
    expect: 'ImplicitlyDenied',
    request: { ...macie, sourceAccount: OTHER, sourceArn: JOB_SOURCE, ...put },
  },
  {
    what: 'Macie writes for a job of this account in another region',
    policy: resultsPolicy,
    expect: 'ImplicitlyDenied',
    request: { ...macie, sourceArn: `arn:aws:macie2:us-east-1:${ACCOUNT}:classification-job/x`, ...put },
  },
  {
    what: 'Macie writes for a resource that is neither the export nor a job',
    policy: resultsPolicy,
    expect: 'ImplicitlyDenied',
    request: { ...macie, sourceArn: `arn:aws:macie2:${REGION}:${ACCOUNT}:custom-data-identifier/x`, ...put },
  },
  {
    what: 'Macie writes over HTTP',
    policy: resultsPolicy,
    expect: 'ExplicitlyDenied',
    request: { ...macie, ...put, secureTransport: false },
  },
  {
    what: 'Macie reads a result back',
    policy: resultsPolicy,
    expect: 'ImplicitlyDenied',
    request: { ...macie, action: 's3:GetObject', resource: result, resourceAccount: ACCOUNT },
  },
  {
    what: 'another service writes',
    policy: resultsPolicy,
    expect: 'ImplicitlyDenied',
    request: {
      principal: 'logging.s3.amazonaws.com',
      sourceAccount: ACCOUNT,
      sourceArn: EXPORT_SOURCE,
      ...put,
    },
  },
  {
    what: 'an anonymous caller writes',
    policy: resultsPolicy,
    expect: 'ImplicitlyDenied',
    request: { principal: 'anonymous', ...put },
  },
  {
    what: 'Macie encrypts a result for the export',
    policy: keyPolicy,
    expect: 'Allowed',
    request: { ...macie, ...encrypt },
  },
  {
    what: 'Macie encrypts for a job',
    policy: keyPolicy,
    expect: 'Allowed',
    request: { ...macie, sourceArn: JOB_SOURCE, action: 'kms:Encrypt', resource: KEY },
  },
  {
    what: "another account's Macie encrypts with the key",
    policy: keyPolicy,
    expect: 'ImplicitlyDenied',
    request: {
      ...macie,
      sourceAccount: OTHER,
      sourceArn: `arn:aws:macie2:${REGION}:${OTHER}:export-configuration:x`,
      ...encrypt,
    },
  },
  {
    what: 'Macie decrypts with the key',
    policy: keyPolicy,
    expect: 'ImplicitlyDenied',
    request: { ...macie, action: 'kms:Decrypt', resource: KEY },
  },
];

describe(`discovery results export policies (${CASES.length} requests)`, () => {
  it.each(CASES.map((c) => [c.what, c] as const))('%s', async (_what, c) => {
    expect(await simulate({ resourcePolicy: c.policy }, c.request)).toBe(c.expect);
  });

  it('uses only existing actions and condition keys in every policy the stack writes', async () => {
    expect(await stackVocabularyProblems(json)).toEqual([]);
  });
});
