/**
 * The delivery policies of the account baseline, proven by simulation: the
 * trail bucket lets CloudTrail deliver only for this trail, the Config bucket
 * lets AWS Config deliver only for this account, and the alerts topic accepts
 * messages only from this account's rules and alarm. Every other caller is
 * denied. The vocabulary of every policy the stack writes is checked too.
 */
import { App, Testing } from 'cdktf';
import type { PolicyDocument } from '../../modules/core';
import { AccountBaselineStack, DEFAULT_CONFIG, parseConfig } from '../../stacks';
import { policyOf, resourceOf, resourcesOf, synth } from '../helpers';
import { Decision, SimulationRequest, simulate } from '../support/simulate';
import { stackVocabularyProblems } from '../support/vocabulary';

const config = parseConfig(DEFAULT_CONFIG);
const baseline = config.accountBaseline!;
const stack = new AccountBaselineStack(Testing.app() as App, 'account-baseline', {
  environment: config.environment,
  tags: config.tags,
  baseline,
});
const { json } = synth(stack);
const ACCOUNT = config.environment.accountId!;
const OTHER = '444455556666';
const REGION = config.environment.region;
const TRAIL = `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/${baseline.trail.name}`;
const TRAIL_BUCKET = `arn:aws:s3:::${baseline.trail.bucketName}`;
const CONFIG_BUCKET = `arn:aws:s3:::${baseline.config.bucketName}`;
const TOPIC = stack.alerts.topicArn;
const ALARM = `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:s3-security-s3-bucket-config-changes`;
const RULE = `arn:aws:events:${REGION}:${ACCOUNT}:rule/s3-security-s3-noncompliant`;
const OWNER_ACL = { 's3:x-amz-acl': 'bucket-owner-full-control' };

const bucketPolicy = (name: string) =>
  policyOf(
    Object.values(resourcesOf(json, 'aws_s3_bucket_policy')).find((p) =>
      String(p.bucket).includes(name === baseline.trail.bucketName ? 'Trail_Bucket' : 'Config_Bucket'),
    )!,
  );
const trailPolicy = bucketPolicy(baseline.trail.bucketName);
const configPolicy = bucketPolicy(baseline.config.bucketName!);
const topicPolicy = policyOf(resourceOf(json, 'aws_sns_topic_policy'));

interface Case {
  readonly what: string;
  readonly policy: PolicyDocument;
  readonly request: SimulationRequest;
  readonly expect: Decision;
}

const trailLog = `${TRAIL_BUCKET}/AWSLogs/${ACCOUNT}/CloudTrail/${REGION}/2026/05/04/${ACCOUNT}_CloudTrail_${REGION}_x.json.gz`;
const configFile = `${CONFIG_BUCKET}/AWSLogs/${ACCOUNT}/Config/${REGION}/2026/5/4/ConfigHistory/x.json.gz`;
const ct = { principal: 'cloudtrail.amazonaws.com', sourceArn: TRAIL, sourceAccount: ACCOUNT };
const cfg = {
  principal: 'config.amazonaws.com',
  sourceAccount: ACCOUNT,
  sourceArn: `arn:aws:config:${REGION}:${ACCOUNT}:configuration-recorder/default`,
};

const CASES: Case[] = [
  // The trail bucket.
  {
    what: 'CloudTrail checks the ACL for this trail',
    policy: trailPolicy,
    expect: 'Allowed',
    request: { ...ct, action: 's3:GetBucketAcl', resource: TRAIL_BUCKET, resourceAccount: ACCOUNT },
  },
  {
    what: 'CloudTrail writes a log file for this trail',
    policy: trailPolicy,
    expect: 'Allowed',
    request: {
      ...ct,
      action: 's3:PutObject',
      resource: trailLog,
      resourceAccount: ACCOUNT,
      context: OWNER_ACL,
    },
  },
  {
    what: 'CloudTrail writes for another trail of the account',
    policy: trailPolicy,
    expect: 'ImplicitlyDenied',
    request: {
      ...ct,
      sourceArn: `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/other`,
      action: 's3:PutObject',
      resource: trailLog,
      resourceAccount: ACCOUNT,
      context: OWNER_ACL,
    },
  },
  {
    what: "CloudTrail writes for another account's trail",
    policy: trailPolicy,
    expect: 'ImplicitlyDenied',
    request: {
      ...ct,
      sourceArn: `arn:aws:cloudtrail:${REGION}:${OTHER}:trail/${baseline.trail.name}`,
      sourceAccount: OTHER,
      action: 's3:PutObject',
      resource: `${TRAIL_BUCKET}/AWSLogs/${OTHER}/CloudTrail/x.json.gz`,
      resourceAccount: ACCOUNT,
      context: OWNER_ACL,
    },
  },
  {
    what: 'CloudTrail writes outside AWSLogs/<account>/',
    policy: trailPolicy,
    expect: 'ImplicitlyDenied',
    request: {
      ...ct,
      action: 's3:PutObject',
      resource: `${TRAIL_BUCKET}/other/x.json.gz`,
      resourceAccount: ACCOUNT,
      context: OWNER_ACL,
    },
  },
  {
    what: 'CloudTrail writes without the bucket-owner-full-control ACL',
    policy: trailPolicy,
    expect: 'ImplicitlyDenied',
    request: { ...ct, action: 's3:PutObject', resource: trailLog, resourceAccount: ACCOUNT },
  },
  {
    what: 'CloudTrail writes over HTTP',
    policy: trailPolicy,
    expect: 'ExplicitlyDenied',
    request: {
      ...ct,
      action: 's3:PutObject',
      resource: trailLog,
      resourceAccount: ACCOUNT,
      context: OWNER_ACL,
      secureTransport: false,
    },
  },
  {
    what: 'AWS Config writes into the trail bucket',
    policy: trailPolicy,
    expect: 'ImplicitlyDenied',
    request: {
      ...cfg,
      action: 's3:PutObject',
      resource: trailLog,
      resourceAccount: ACCOUNT,
      context: OWNER_ACL,
    },
  },
  {
    what: 'anyone reads a log file',
    policy: trailPolicy,
    expect: 'ImplicitlyDenied',
    request: { principal: 'anonymous', action: 's3:GetObject', resource: trailLog, resourceAccount: ACCOUNT },
  },
  {
    what: 'another account reads a log file',
    policy: trailPolicy,
    expect: 'ImplicitlyDenied',
    request: {
      principal: `arn:aws:iam::${OTHER}:role/admin`,
      action: 's3:GetObject',
      resource: trailLog,
      resourceAccount: ACCOUNT,
    },
  },
  // The Config bucket.
  {
    what: 'AWS Config checks the ACL for this account',
    policy: configPolicy,
    expect: 'Allowed',
    request: { ...cfg, action: 's3:GetBucketAcl', resource: CONFIG_BUCKET, resourceAccount: ACCOUNT },
  },
  {
    what: 'AWS Config checks the bucket exists',
    policy: configPolicy,
    expect: 'Allowed',
    request: { ...cfg, action: 's3:ListBucket', resource: CONFIG_BUCKET, resourceAccount: ACCOUNT },
  },
  {
    what: 'AWS Config delivers history for this account',
    policy: configPolicy,
    expect: 'Allowed',
    request: {
      ...cfg,
      action: 's3:PutObject',
      resource: configFile,
      resourceAccount: ACCOUNT,
      context: OWNER_ACL,
    },
  },
  {
    what: 'AWS Config delivers for another account',
    policy: configPolicy,
    expect: 'ImplicitlyDenied',
    request: {
      ...cfg,
      sourceAccount: OTHER,
      sourceArn: `arn:aws:config:${REGION}:${OTHER}:configuration-recorder/default`,
      action: 's3:PutObject',
      resource: `${CONFIG_BUCKET}/AWSLogs/${OTHER}/Config/x.json.gz`,
      resourceAccount: ACCOUNT,
      context: OWNER_ACL,
    },
  },
  {
    what: 'AWS Config of another region delivers',
    policy: configPolicy,
    expect: 'ImplicitlyDenied',
    request: {
      ...cfg,
      sourceArn: `arn:aws:config:us-east-1:${ACCOUNT}:configuration-recorder/default`,
      action: 's3:PutObject',
      resource: configFile,
      resourceAccount: ACCOUNT,
      context: OWNER_ACL,
    },
  },
  {
    what: 'AWS Config delivers without the owner ACL',
    policy: configPolicy,
    expect: 'ImplicitlyDenied',
    request: { ...cfg, action: 's3:PutObject', resource: configFile, resourceAccount: ACCOUNT },
  },
  {
    what: 'CloudTrail writes into the Config bucket',
    policy: configPolicy,
    expect: 'ImplicitlyDenied',
    request: {
      ...ct,
      action: 's3:PutObject',
      resource: configFile,
      resourceAccount: ACCOUNT,
      context: OWNER_ACL,
    },
  },
  {
    what: 'AWS Config delivers over HTTP',
    policy: configPolicy,
    expect: 'ExplicitlyDenied',
    request: {
      ...cfg,
      action: 's3:PutObject',
      resource: configFile,
      resourceAccount: ACCOUNT,
      context: OWNER_ACL,
      secureTransport: false,
    },
  },
  // The alerts topic.
  {
    what: 'an EventBridge rule of the stack publishes',
    policy: topicPolicy,
    expect: 'Allowed',
    request: {
      principal: 'events.amazonaws.com',
      sourceArn: RULE,
      sourceAccount: ACCOUNT,
      action: 'sns:Publish',
      resource: TOPIC,
    },
  },
  {
    what: 'another EventBridge rule of the account publishes',
    policy: topicPolicy,
    expect: 'ImplicitlyDenied',
    request: {
      principal: 'events.amazonaws.com',
      sourceArn: `arn:aws:events:${REGION}:${ACCOUNT}:rule/other`,
      sourceAccount: ACCOUNT,
      action: 'sns:Publish',
      resource: TOPIC,
    },
  },
  {
    what: "another account's rule of the same name publishes",
    policy: topicPolicy,
    expect: 'ImplicitlyDenied',
    request: {
      principal: 'events.amazonaws.com',
      sourceArn: RULE.replace(ACCOUNT, OTHER),
      sourceAccount: OTHER,
      action: 'sns:Publish',
      resource: TOPIC,
    },
  },
  {
    what: 'the CIS 4.8 alarm publishes',
    policy: topicPolicy,
    expect: 'Allowed',
    request: {
      principal: 'cloudwatch.amazonaws.com',
      sourceArn: ALARM,
      sourceAccount: ACCOUNT,
      action: 'sns:Publish',
      resource: TOPIC,
    },
  },
  {
    what: 'another alarm publishes',
    policy: topicPolicy,
    expect: 'ImplicitlyDenied',
    request: {
      principal: 'cloudwatch.amazonaws.com',
      sourceArn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:other`,
      sourceAccount: ACCOUNT,
      action: 'sns:Publish',
      resource: TOPIC,
    },
  },
  {
    what: 'EventBridge publishes as the alarm service would',
    policy: topicPolicy,
    expect: 'ImplicitlyDenied',
    request: {
      principal: 'events.amazonaws.com',
      sourceArn: ALARM,
      sourceAccount: ACCOUNT,
      action: 'sns:Publish',
      resource: TOPIC,
    },
  },
  {
    what: 'an anonymous caller publishes',
    policy: topicPolicy,
    expect: 'ImplicitlyDenied',
    request: { principal: 'anonymous', action: 'sns:Publish', resource: TOPIC },
  },
  {
    what: 'another account subscribes',
    policy: topicPolicy,
    expect: 'ImplicitlyDenied',
    request: { principal: `arn:aws:iam::${OTHER}:role/admin`, action: 'sns:Subscribe', resource: TOPIC },
  },
  {
    what: 'a rule of the stack publishes over HTTP',
    policy: topicPolicy,
    expect: 'ExplicitlyDenied',
    request: {
      principal: 'events.amazonaws.com',
      sourceArn: RULE,
      sourceAccount: ACCOUNT,
      action: 'sns:Publish',
      resource: TOPIC,
      secureTransport: false,
    },
  },
];

describe(`account baseline delivery policies (${CASES.length} requests)`, () => {
  it.each(CASES.map((c) => [c.what, c] as const))('%s', async (_what, c) => {
    expect(await simulate({ resourcePolicy: c.policy }, c.request)).toBe(c.expect);
  });

  it('uses only existing actions and condition keys in every policy the stack writes', async () => {
    expect(await stackVocabularyProblems(json)).toEqual([]);
  });
});
