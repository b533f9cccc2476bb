import {
  CIS_S3_CHANGE_EVENT_NAMES,
  CIS_S3_CHANGE_FILTER_PATTERN,
  S3_ACCOUNT_CHANGE_EVENTS,
  S3_BUCKET_CHANGE_EVENTS,
  cloudTrailApiCallPattern,
  configComplianceChangePattern,
} from '../../../modules/security-alerts';
import { matchesPattern } from '../../support/event-patterns';
import { matchesLogFilter } from '../../support/log-filter';
import { configComplianceChangeEvent, s3ApiCallEvent } from '../../support/sample-events';

describe('S3 API call pattern', () => {
  const bucketPattern = cloudTrailApiCallPattern(S3_BUCKET_CHANGE_EVENTS);
  const accountPattern = cloudTrailApiCallPattern(S3_ACCOUNT_CHANGE_EVENTS);

  it.each(S3_BUCKET_CHANGE_EVENTS)('fires on %s', (name) => {
    expect(matchesPattern(s3ApiCallEvent(name), bucketPattern)).toBe(true);
  });

  it.each(S3_ACCOUNT_CHANGE_EVENTS)('fires on the account-level %s', (name) => {
    expect(matchesPattern(s3ApiCallEvent(name), accountPattern)).toBe(true);
    expect(matchesPattern(s3ApiCallEvent(name), bucketPattern)).toBe(false);
  });

  it.each(['GetBucketPolicy', 'GetBucketAcl', 'ListBuckets', 'PutObject', 'GetObject', 'CreateBucket'])(
    'stays quiet on %s',
    (name) => {
      expect(matchesPattern(s3ApiCallEvent(name), bucketPattern)).toBe(false);
    },
  );

  it('stays quiet on the same call from another service', () => {
    expect(
      matchesPattern(s3ApiCallEvent('PutBucketPolicy', { source: 'aws.s3control' }), bucketPattern),
    ).toBe(false);
  });
});

describe('Config compliance change pattern', () => {
  const pattern = configComplianceChangePattern(['s3-bucket-ssl-requests-only', 's3-bucket-logging-enabled']);

  it('fires when a watched rule reports NON_COMPLIANT', () => {
    expect(
      matchesPattern(configComplianceChangeEvent('s3-bucket-ssl-requests-only', 'NON_COMPLIANT'), pattern),
    ).toBe(true);
  });

  it.each(['COMPLIANT', 'NOT_APPLICABLE', 'INSUFFICIENT_DATA'] as const)('stays quiet on %s', (c) => {
    expect(matchesPattern(configComplianceChangeEvent('s3-bucket-ssl-requests-only', c), pattern)).toBe(
      false,
    );
  });

  it('stays quiet for rules it does not watch', () => {
    expect(matchesPattern(configComplianceChangeEvent('ec2-imdsv2-check', 'NON_COMPLIANT'), pattern)).toBe(
      false,
    );
  });

  it('stays quiet for CloudTrail events', () => {
    expect(matchesPattern(s3ApiCallEvent('PutBucketPolicy'), pattern)).toBe(false);
  });
});

describe('CIS 4.8 metric filter', () => {
  const record = (eventName: string, eventSource = 's3.amazonaws.com') => ({
    ...s3ApiCallEvent(eventName).detail,
    eventSource,
  });

  it("is the benchmark's pattern, character for character", () => {
    expect(CIS_S3_CHANGE_FILTER_PATTERN).toBe(
      '{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }',
    );
  });

  it.each(CIS_S3_CHANGE_EVENT_NAMES)('counts %s', (name) => {
    expect(matchesLogFilter(record(name), CIS_S3_CHANGE_FILTER_PATTERN)).toBe(true);
  });

  it.each(['GetBucketPolicy', 'PutObject', 'PutBucketEncryption'])('does not count %s', (name) => {
    expect(matchesLogFilter(record(name), CIS_S3_CHANGE_FILTER_PATTERN)).toBe(false);
  });

  it('does not count a same-named call of another service', () => {
    expect(
      matchesLogFilter(record('PutBucketPolicy', 'ec2.amazonaws.com'), CIS_S3_CHANGE_FILTER_PATTERN),
    ).toBe(false);
  });
});
