import { Cloudtrail } from '@cdktf/provider-aws/lib/cloudtrail';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import {
  CLOUDTRAIL_LOGS_ROLE_REASON,
  S3DataEventsTrail,
  S3DataEventsTrailProps,
  advancedEventSelectors,
} from '../../../modules/cloudtrail-data-events';
import { AccessLogBucket } from '../../../modules/secure-bucket';
import { ACCOUNT, expectError, policyOf, resourceOf, synth, testStack } from '../../helpers';
import { simulate } from '../../support/simulate';

const TRAIL_ARN = `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/main`;

function build(props: Partial<S3DataEventsTrailProps> = {}) {
  const stack = testStack();
  const logs = new AccessLogBucket(stack, 'logs', { bucketName: 'acme-logs-111122223333' });
  const trail = new S3DataEventsTrail(stack, 'trail', {
    trailName: 'main',
    bucket: { bucketName: 'acme-trail-111122223333', accessLogs: { bucket: logs }, retentionDays: 365 },
    cloudWatchLogs: { retentionDays: 90 },
    ...props,
  });
  return { trail, ...synth(stack) };
}

describe('S3DataEventsTrail', () => {
  const { trail, text, json, snapshot } = build();
  const record = (resourceOf(json, 'aws_cloudtrail')['//'] as Record<string, unknown>)['s3-security'];

  it('matches the snapshot', () => {
    expect(snapshot).toMatchSnapshot();
  });

  it('is multi-region, validated, encrypted and records management events and S3 data events of all buckets', () => {
    expect(text).toHaveResourceWithProperties(Cloudtrail, {
      name: 'main',
      s3_bucket_name: 'acme-trail-111122223333',
      is_multi_region_trail: true,
      include_global_service_events: true,
      enable_log_file_validation: true,
      enable_logging: true,
      advanced_event_selector: [
        { name: 'Management events', field_selector: [{ field: 'eventCategory', equals: ['Management'] }] },
        {
          name: 'S3 object reads and writes, all buckets',
          field_selector: [
            { field: 'eventCategory', equals: ['Data'] },
            { field: 'resources.type', equals: ['AWS::S3::Object'] },
          ],
        },
      ],
    });
    expect(String(resourceOf(json, 'aws_cloudtrail').kms_key_id)).toMatch(
      /^\$\{aws_kms_key\.trail_Key_.*\.arn\}$/,
    );
  });

  it('claims S3.22/S3.23 and CloudTrail.7 when it covers all buckets and its bucket is logged', () => {
    expect(trail.controls).toEqual(['cloudtrail-s3-data-events', 'cloudtrail-bucket-access-logging']);
    expect(record).toEqual({
      module: 'S3DataEventsTrail',
      controls: ['cloudtrail-bucket-access-logging', 'cloudtrail-s3-data-events'],
      optOuts: [],
    });
  });

  it('lets CloudTrail use the key for this trail only', () => {
    const key = policyOf(resourceOf(json, 'aws_kms_key', 'trail/Key/Key'));
    const st = key.Statement.find((s) => s.Sid === 'AllowCloudTrailEncryption')!;
    expect(st.Action).toEqual(['kms:GenerateDataKey*', 'kms:DescribeKey', 'kms:Decrypt']);
    expect(st.Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': ACCOUNT },
      ArnLike: { 'aws:SourceArn': [TRAIL_ARN] },
    });
  });

  it('delivers to a fully secure bucket that logs to the access log bucket', () => {
    expect(resourceOf(json, 'aws_s3_bucket_logging', 'trail/Bucket/AccessLogging')).toMatchObject({
      target_bucket: 'acme-logs-111122223333',
      target_prefix: 'acme-trail-111122223333/',
    });
    expect(
      resourceOf(json, 'aws_s3_bucket_public_access_block', 'trail/Bucket/PublicAccessBlock'),
    ).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(resourceOf(json, 'aws_s3_bucket_lifecycle_configuration', 'trail/Bucket/Lifecycle').rule).toEqual(
      expect.arrayContaining([expect.objectContaining({ expiration: [{ days: 365 }] })]),
    );
  });

  it('delivers to CloudWatch Logs: encrypted group with retention, role for this trail, ARN ending in :*', () => {
    expect(text).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: '/aws/cloudtrail/main',
      retention_in_days: 90,
    });
    expect(String(resourceOf(json, 'aws_cloudtrail').cloud_watch_logs_group_arn)).toMatch(/\.arn\}:\*$/);
    expect(trail.logsRole!.trustPolicy.Statement[0]).toEqual({
      Sid: 'TrustedService',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 'sts:AssumeRole',
    });
    expect(trail.logsRole!.policyDocument.Statement).toEqual([
      {
        Sid: 'WriteTrailEvents',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/cloudtrail/main:log-stream:*`,
      },
    ]);
    const logKey = policyOf(resourceOf(json, 'aws_kms_key', 'trail/LogGroupKey/Key'));
    expect(logKey.Statement.find((s) => s.Sid === 'AllowCloudWatchLogsEncryption')).toMatchObject({
      Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
      Condition: {
        ArnEquals: {
          'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/cloudtrail/main`,
        },
      },
    });
  });

  it('lets CloudTrail assume the logs role as it does, without source keys, and no other service', async () => {
    const trust = String(resourceOf(json, 'aws_iam_role', 'trail/LogsRole/Role').assume_role_policy);
    const role = `arn:aws:iam::${ACCOUNT}:role/trail-logs`;
    const assume = (principal: string) =>
      simulate({ resourcePolicy: trust }, { principal, action: 'sts:AssumeRole', resource: role });
    // CloudTrail sends neither aws:SourceArn nor aws:SourceAccount for this role.
    expect(await assume('cloudtrail.amazonaws.com')).toBe('Allowed');
    expect(await assume('ssm.amazonaws.com')).toBe('ImplicitlyDenied');
    expect(await assume(`arn:aws:iam::${ACCOUNT}:role/admin`)).toBe('ImplicitlyDenied');
  });

  it('records why the logs role trusts CloudTrail without source conditions', () => {
    const role = resourceOf(json, 'aws_iam_role', 'trail/LogsRole/Role');
    expect((role['//'] as Record<string, unknown>)['s3-security']).toEqual({
      module: 'ServiceRole',
      controls: [],
      optOuts: [{ setting: 'sourceConditions', controls: [], reason: CLOUDTRAIL_LOGS_ROLE_REASON }],
    });
  });

  it('waits for the bucket policy, the key and the logs role before creating the trail', () => {
    const deps = resourceOf(json, 'aws_cloudtrail').depends_on as string[];
    expect(deps.some((d) => d.startsWith('aws_s3_bucket_policy.trail_Bucket_Policy'))).toBe(true);
    expect(deps.some((d) => d.startsWith('aws_kms_key.trail_Key'))).toBe(true);
    expect(deps.some((d) => d.startsWith('aws_iam_role_policy.trail_LogsRole_Policy'))).toBe(true);
  });

  it('does not claim S3.22/S3.23 with exclusions, a bucket list, one direction, or one region', () => {
    const excluded = build({ dataEvents: { exclude: [{ bucketName: 'acme-noisy-111122223333' }] } });
    expect(excluded.trail.controls).not.toContain('cloudtrail-s3-data-events');
    expect(
      (
        resourceOf(excluded.json, 'aws_cloudtrail').advanced_event_selector as { field_selector: unknown[] }[]
      )[1].field_selector,
    ).toContainEqual({ field: 'resources.ARN', not_starts_with: ['arn:aws:s3:::acme-noisy-111122223333/'] });
    expect(
      build({ dataEvents: { buckets: [{ bucketName: 'acme-a-111122223333' }] } }).trail.controls,
    ).not.toContain('cloudtrail-s3-data-events');
    expect(build({ dataEvents: { readWrite: 'WRITE_ONLY' } }).trail.controls).not.toContain(
      'cloudtrail-s3-data-events',
    );
    const single = build({ multiRegion: { enabled: false, reason: 'single-region sandbox account' } });
    expect(single.trail.controls).not.toContain('cloudtrail-s3-data-events');
    expect((resourceOf(single.json, 'aws_cloudtrail')['//'] as any)['s3-security'].optOuts).toEqual([
      {
        setting: 'multiRegion',
        controls: ['cloudtrail-s3-data-events'],
        reason: 'single-region sandbox account',
      },
    ]);
  });

  it('records nothing about CloudTrail.7 when the trail bucket is not logged', () => {
    const { trail: t } = build({
      bucket: {
        bucketName: 'acme-trail-111122223333',
        accessLogs: { enabled: false, reason: 'logged by an organization trail bucket' },
      },
    });
    expect(t.controls).toEqual(['cloudtrail-s3-data-events']);
  });

  it.each<[Partial<S3DataEventsTrailProps>, string]>([
    [{ trailName: 'ab' }, 'trailName "ab" is not a valid trail name: 3 to 128 characters'],
    [{ trailName: 'my trail' }, 'trailName "my trail" is not a valid trail name: only letters, digits'],
    [
      { trailName: 'a--b' },
      'trailName "a--b" is not a valid trail name: ".", "_" and "-" must not be adjacent',
    ],
    [{ s3KeyPrefix: 'trail' }, 's3KeyPrefix "trail" is not a valid log prefix'],
    [{ key: 'alias/foo' }, 'key "alias/foo" is not a KMS key ARN'],
    [
      { cloudWatchLogs: { retentionDays: 10 } },
      'cloudWatchLogs.retentionDays 10 is not a retention CloudWatch Logs accepts',
    ],
    [
      { cloudWatchLogs: { logGroupName: 'bad name' } },
      'cloudWatchLogs.logGroupName "bad name" is not a valid log group name',
    ],
    [
      { dataEvents: { readWrite: 'WRITE' as never } },
      'dataEvents.readWrite "WRITE" must be ALL, READ_ONLY or WRITE_ONLY',
    ],
    [{ dataEvents: { buckets: [] } }, "dataEvents.buckets [] must be 'ALL' or a non-empty list of buckets"],
    [
      { dataEvents: { buckets: [{ bucketName: 'Bad_Name' }] } },
      'dataEvents.buckets[0].bucketName "Bad_Name" is not a valid S3 bucket name',
    ],
    [
      {
        dataEvents: {
          buckets: [{ bucketName: 'acme-a-111122223333' }],
          exclude: [{ bucketName: 'acme-b-111122223333' }],
        },
      },
      'dataEvents.exclude [{"bucketName":"acme-b-111122223333"}] applies only to buckets: \'ALL\'',
    ],
    [
      { dataEvents: { exclude: [{ bucketName: 'acme-b-111122223333', prefix: '/tmp' }] } },
      'dataEvents.exclude[0].prefix "/tmp" must not begin with "/"',
    ],
    [
      {
        managementEvents: { enabled: false, reason: 'data events only here' },
        dataEvents: { enabled: false, reason: 'management only here' },
      },
      'managementEvents {"enabled":false,"reason":"data events only here"} and dataEvents are both off',
    ],
    [
      { logFileValidation: { enabled: false, reason: 'no' } },
      'logFileValidation.reason "no" must explain the accepted risk',
    ],
  ])('rejects %j', (props, message) => {
    expectError(() => build(props), `test/trail: ${message}`);
  });
});

describe('advancedEventSelectors', () => {
  it('selects chosen buckets and prefixes, writes only', () => {
    expect(
      advancedEventSelectors('aws-us-gov', false, {
        buckets: [{ bucketName: 'b-2' }, { bucketName: 'b-1', prefix: 'reports/' }],
        readWrite: 'WRITE_ONLY',
      }),
    ).toEqual([
      {
        name: 'S3 object writes, selected buckets',
        fieldSelector: [
          { field: 'eventCategory', equalTo: ['Data'] },
          { field: 'resources.type', equalTo: ['AWS::S3::Object'] },
          { field: 'readOnly', equalTo: ['false'] },
          {
            field: 'resources.ARN',
            startsWith: ['arn:aws-us-gov:s3:::b-1/reports/', 'arn:aws-us-gov:s3:::b-2/'],
          },
        ],
      },
    ]);
  });
});
