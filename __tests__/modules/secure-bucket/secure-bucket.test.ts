import { TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketNotification } from '@cdktf/provider-aws/lib/s3-bucket-notification';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { restrictToVpcEndpoints } from '../../../modules/bucket-policy';
import { S3DataKey } from '../../../modules/kms';
import {
  AccessLogBucket,
  OPT_OUT_TAG_PREFIX,
  SecureBucket,
  SecureBucketProps,
} from '../../../modules/secure-bucket';
import { ACCOUNT, policyOf, resourceOf, resourcesOf, synth, testStack } from '../../helpers';

const NAME = 'acme-data-111122223333';
const LOGS = 'acme-logs-111122223333';

function withBucket(props: Partial<SecureBucketProps> = {}, stack: TerraformStack = testStack()) {
  const logs = new AccessLogBucket(stack, 'logs', { bucketName: LOGS });
  const bucket = new SecureBucket(stack, 'data', {
    bucketName: NAME,
    accessLogs: { bucket: logs },
    ...props,
  });
  return { stack, bucket, logs, ...synth(stack) };
}

describe('SecureBucket defaults', () => {
  const { text, json, bucket, snapshot } = withBucket();

  it('matches the snapshot', () => {
    expect(snapshot).toMatchSnapshot();
  });

  it('blocks all public access and disables ACLs', () => {
    expect(text).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      bucket: '${aws_s3_bucket.data_Bucket_0E3E39A6.bucket}',
      block_public_acls: true,
      ignore_public_acls: true,
      block_public_policy: true,
      restrict_public_buckets: true,
    });
    expect(text).toHaveResourceWithProperties(S3BucketOwnershipControls, {
      rule: { object_ownership: 'BucketOwnerEnforced' },
    });
    expect(resourcesOf(json, 'aws_s3_bucket_acl')).toEqual({});
  });

  it('encrypts with its own KMS key, S3 Bucket Keys on and SSE-C blocked', () => {
    const enc = resourceOf(json, 'aws_s3_bucket_server_side_encryption_configuration', 'data/Encryption');
    expect(enc.rule).toEqual([
      {
        apply_server_side_encryption_by_default: {
          sse_algorithm: 'aws:kms',
          kms_master_key_id: '${aws_kms_key.data_Key_E86847A6.arn}',
        },
        bucket_key_enabled: true,
        blocked_encryption_types: ['SSE-C'],
      },
    ]);
    const key = resourceOf(json, 'aws_kms_key', 'data/Key/Key');
    expect(key).toMatchObject({
      enable_key_rotation: true,
      deletion_window_in_days: 30,
      lifecycle: { prevent_destroy: true },
    });
    expect(bucket.key).toBeDefined();
    expect(bucket.kmsKeyArn).toBeDefined();
  });

  it('enables versioning without MFA delete', () => {
    const versioning = resourceOf(json, 'aws_s3_bucket_versioning', 'data/Versioning');
    expect(versioning.versioning_configuration).toEqual({ status: 'Enabled' });
    expect(versioning.mfa).toBeUndefined();
  });

  it('logs to the access log bucket under its own prefix, after the delivery policy exists', () => {
    const logging = resourceOf(json, 'aws_s3_bucket_logging', 'data/AccessLogging');
    expect(logging).toMatchObject({
      target_bucket: LOGS,
      target_prefix: `${NAME}/`,
      target_object_key_format: { partitioned_prefix: { partition_date_source: 'EventTime' } },
      depends_on: ['aws_s3_bucket_policy.logs_Bucket_Policy_DCAE44AB'],
    });
    expect(logging.target_grant).toBeUndefined();
  });

  it('denies plain HTTP and TLS older than 1.2 on the bucket and its objects', () => {
    const policy = policyOf(resourceOf(json, 'aws_s3_bucket_policy', 'data/Policy'));
    expect(policy.Statement).toEqual([
      {
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${NAME}`, `arn:aws:s3:::${NAME}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
      {
        Sid: 'DenyOutdatedTls',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${NAME}`, `arn:aws:s3:::${NAME}/*`],
        Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } },
      },
    ]);
  });

  it('orders the bucket policy after the public access block and ownership controls', () => {
    const policy = resourceOf(json, 'aws_s3_bucket_policy', 'data/Policy');
    expect(policy.depends_on).toEqual([
      'aws_s3_bucket_public_access_block.data_PublicAccessBlock_34BC4D82',
      'aws_s3_bucket_ownership_controls.data_OwnershipControls_A75DCC9D',
    ]);
  });

  it('aborts incomplete multipart uploads after 7 days', () => {
    const lc = resourceOf(json, 'aws_s3_bucket_lifecycle_configuration', 'data/Lifecycle');
    expect(lc.rule).toEqual([
      {
        id: 'abort-incomplete-multipart-uploads',
        status: 'Enabled',
        filter: [{}],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      },
    ]);
  });

  it('sends events to EventBridge, protects against destroy, never force-destroys', () => {
    expect(text).toHaveResourceWithProperties(S3BucketNotification, { eventbridge: true });
    expect(text).toHaveResourceWithProperties(S3Bucket, {
      bucket: NAME,
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
    expect(resourceOf(json, 'aws_s3_bucket', 'data/Bucket').object_lock_enabled).toBeUndefined();
  });

  it('records the controls it satisfies and no opt-out in the metadata', () => {
    const meta = (resourceOf(json, 'aws_s3_bucket', 'data/Bucket')['//'] as Record<string, unknown>)[
      's3-security'
    ];
    expect(meta).toEqual({
      module: 'SecureBucket',
      controls: [
        's3-access-logging',
        's3-acls-disabled',
        's3-bucket-public-access-block',
        's3-default-encryption',
        's3-event-notifications',
        's3-kms-encryption',
        's3-lifecycle',
        's3-minimum-tls',
        's3-no-cross-account-sensitive-actions',
        's3-no-public-read-write',
        's3-no-wildcard-principal',
        's3-tls-only',
        's3-versioning',
      ],
      optOuts: [],
    });
    expect(bucket.bucketArn).toBe(`arn:aws:s3:::${NAME}`);
  });
});

describe('SecureBucket options', () => {
  it('uses a given KMS key ARN and creates no key', () => {
    const arn = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    const { json, bucket } = withBucket({ encryption: { key: arn } });
    expect(bucket.key).toBeUndefined();
    expect(Object.keys(resourcesOf(json, 'aws_kms_key'))).toHaveLength(0); // the log bucket uses SSE-S3
    const enc = resourceOf(json, 'aws_s3_bucket_server_side_encryption_configuration', 'data/Encryption');
    expect(
      (enc.rule as Record<string, Record<string, string>>[])[0].apply_server_side_encryption_by_default
        .kms_master_key_id,
    ).toBe(arn);
  });

  it('shares an S3DataKey', () => {
    const stack = testStack();
    const key = new S3DataKey(stack, 'shared', { alias: 'alias/shared' });
    const { json } = withBucket({ encryption: { key } }, stack);
    const enc = resourceOf(json, 'aws_s3_bucket_server_side_encryption_configuration', 'data/Encryption');
    expect(JSON.stringify(enc)).toContain('${aws_kms_key.shared_Key_');
  });

  it('DSSE-KMS turns S3 Bucket Keys off (not supported with it)', () => {
    const { json } = withBucket({ encryption: { type: 'DSSE_KMS' } });
    const enc = resourceOf(json, 'aws_s3_bucket_server_side_encryption_configuration', 'data/Encryption');
    expect(enc.rule).toMatchObject([
      {
        apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms:dsse' },
        bucket_key_enabled: false,
      },
    ]);
  });

  it('SSE-S3 is an opt-out: recorded with its reason, in metadata and in a tag', () => {
    const reason = 'public data set, mirrored from an open source; KMS adds cost, no confidentiality';
    const { json, text, bucket } = withBucket({ encryption: { type: 'SSE_S3', reason } });
    expect(text).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
      rule: [
        {
          apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' },
          blocked_encryption_types: ['SSE-C'],
        },
      ],
    });
    expect(bucket.kmsKeyArn).toBeUndefined();
    const b = resourceOf(json, 'aws_s3_bucket', 'data/Bucket');
    const meta = (b['//'] as Record<string, { controls: string[]; optOuts: unknown[] }>)['s3-security'];
    expect(meta.optOuts).toEqual([{ setting: 'encryption', controls: ['s3-kms-encryption'], reason }]);
    expect(meta.controls).toContain('s3-default-encryption');
    expect(meta.controls).not.toContain('s3-kms-encryption');
    expect((b.tags as Record<string, string>)[`${OPT_OUT_TAG_PREFIX}encryption`]).toBe(
      'public data set mirrored from an open source KMS adds cost no confidentiality',
    );
  });

  it('opt-outs remove their resource or statement and keep the reason', () => {
    const why = (s: string) => ({
      enabled: false as const,
      reason: `${s} is not wanted for this scratch bucket`,
    });
    const { json, bucket } = withBucket({
      versioning: why('versioning'),
      enforceTls: why('TLS'),
      minimumTlsVersion: why('minimum TLS'),
      lifecycle: why('lifecycle'),
      eventBridge: why('EventBridge'),
      preventDestroy: why('destroy protection'),
      accessLogs: why('access logging'),
      recordOptOutsAsTags: false,
    });
    for (const type of [
      'aws_s3_bucket_versioning',
      'aws_s3_bucket_lifecycle_configuration',
      'aws_s3_bucket_notification',
      'aws_s3_bucket_logging',
    ]) {
      expect(
        Object.values(resourcesOf(json, type)).filter((r) => JSON.stringify(r).includes('data/')),
      ).toEqual([]);
    }
    expect(bucket.policyDocument.Statement).toEqual([]);
    expect(resourceOf(json, 'aws_s3_bucket', 'data/Bucket').lifecycle).toEqual({ prevent_destroy: false });
    expect(resourceOf(json, 'aws_kms_key', 'data/Key/Key').lifecycle).toEqual({ prevent_destroy: false });
    expect(bucket.optOuts.map((o) => o.setting)).toEqual([
      'versioning',
      'accessLogs',
      'enforceTls',
      'minimumTlsVersion',
      'lifecycle',
      'eventBridge',
      'preventDestroy',
    ]);
    expect(Object.keys(resourceOf(json, 'aws_s3_bucket', 'data/Bucket').tags as object)).toEqual([
      'managed-by',
    ]);
    expect(bucket.controls).not.toContain('s3-tls-only');
  });

  it('a partial Block Public Access needs a reason and is recorded', () => {
    const { text, bucket } = withBucket({
      blockPublicAccess: {
        blockPublicPolicy: false,
        restrictPublicBuckets: false,
        reason: 'serves a public website through a CDN-less legacy path',
      },
    });
    expect(text).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      block_public_acls: true,
      ignore_public_acls: true,
      block_public_policy: false,
      restrict_public_buckets: false,
    });
    expect(bucket.optOuts[0].setting).toBe('blockPublicAccess.blockPublicPolicy+restrictPublicBuckets');
  });

  it('Object Lock is set at creation, after versioning', () => {
    const { json, bucket } = withBucket({ objectLock: { mode: 'COMPLIANCE', years: 7 } });
    expect(resourceOf(json, 'aws_s3_bucket', 'data/Bucket').object_lock_enabled).toBe(true);
    expect(resourceOf(json, 'aws_s3_bucket_object_lock_configuration', 'data/ObjectLock')).toMatchObject({
      rule: { default_retention: { mode: 'COMPLIANCE', years: 7 } },
      depends_on: ['aws_s3_bucket_versioning.data_Versioning_17841D22'],
    });
    expect(bucket.controls).toContain('s3-object-lock');
  });

  it('MFA delete takes the serial and a code from a variable, and needs lifecycle off', () => {
    const stack = testStack();
    const code = new TerraformVariable(stack, 'mfa_code', { type: 'string', sensitive: true });
    const { text, bucket } = withBucket(
      {
        versioning: {
          mfaDelete: {
            serialNumber: `arn:aws:iam::${ACCOUNT}:mfa/root-account-mfa-device`,
            tokenCode: code.stringValue,
          },
        },
        lifecycle: { enabled: false, reason: 'S3 forbids lifecycle rules on buckets with MFA delete' },
      },
      stack,
    );
    expect(text).toHaveResourceWithProperties(S3BucketVersioningA, {
      versioning_configuration: { status: 'Enabled', mfa_delete: 'Enabled' },
      mfa: `arn:aws:iam::${ACCOUNT}:mfa/root-account-mfa-device \${var.mfa_code}`,
    });
    expect(bucket.controls).toContain('s3-mfa-delete');
  });

  it('lifecycle transitions and noncurrent expiry', () => {
    const { json } = withBucket({
      lifecycle: {
        abortIncompleteMultipartUploadDays: 3,
        transitions: [{ days: 30, storageClass: 'STANDARD_IA' }],
        expirationDays: 365,
        noncurrentVersionTransitions: [{ days: 7, storageClass: 'GLACIER_IR' }],
        noncurrentVersionExpiration: { days: 90, newerNoncurrentVersions: 2 },
      },
    });
    const rules = resourceOf(json, 'aws_s3_bucket_lifecycle_configuration', 'data/Lifecycle').rule as Record<
      string,
      unknown
    >[];
    expect(rules.map((r) => r.id)).toEqual([
      'abort-incomplete-multipart-uploads',
      'noncurrent-versions',
      'current-versions',
    ]);
    expect(rules[1]).toMatchObject({
      noncurrent_version_expiration: [{ noncurrent_days: 90, newer_noncurrent_versions: 2 }],
      noncurrent_version_transition: [{ noncurrent_days: 7, storage_class: 'GLACIER_IR' }],
    });
    expect(rules[2]).toMatchObject({
      transition: [{ days: 30, storage_class: 'STANDARD_IA' }],
      expiration: [{ days: 365 }],
    });
  });

  it('minimum TLS 1.3', () => {
    const { bucket } = withBucket({ minimumTlsVersion: 1.3 });
    expect(bucket.policyDocument.Statement[1].Condition).toEqual({
      NumericLessThan: { 's3:TlsVersion': '1.3' },
    });
  });

  it('logs to an existing bucket by name, without touching its policy', () => {
    const stack = testStack();
    const bucket = new SecureBucket(stack, 'data', {
      bucketName: NAME,
      accessLogs: { bucket: 'central-logs-bucket', prefix: 's3/data/' },
    });
    const { text } = synth(stack);
    expect(text).toHaveResourceWithProperties(S3BucketLoggingA, {
      target_bucket: 'central-logs-bucket',
      target_prefix: 's3/data/',
    });
    expect(bucket.controls).toContain('s3-access-logging');
  });

  it('user statements land in the one policy after the mandatory ones', () => {
    const { bucket, json } = withBucket({
      policyStatements: [
        {
          Sid: 'AnalyticsRead',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/analytics` },
          Action: 's3:GetObject',
          Resource: `arn:aws:s3:::${NAME}/reports/*`,
        },
      ],
    });
    expect(bucket.policyDocument.Statement.map((s) => s.Sid)).toEqual([
      'DenyInsecureTransport',
      'DenyOutdatedTls',
      'AnalyticsRead',
    ]);
    expect(Object.keys(resourcesOf(json, 'aws_s3_bucket_policy'))).toHaveLength(2); // this bucket and the log bucket
  });

  it('records controls that policy templates add after construction', () => {
    const stack = testStack();
    const { bucket } = withBucket({}, stack);
    expect(bucket.controls).not.toContain('s3-vpc-endpoint-restriction');
    bucket.addPolicyTemplates('test', (arn) =>
      restrictToVpcEndpoints(arn, { endpointIds: ['vpce-0a1b2c3d4e5f67890'] }),
    );
    expect(bucket.controls).toContain('s3-vpc-endpoint-restriction');
    const { json } = synth(stack);
    const meta = (
      resourceOf(json, 'aws_s3_bucket', 'data/Bucket')['//'] as Record<string, { controls: string[] }>
    )['s3-security'];
    expect(meta.controls).toContain('s3-vpc-endpoint-restriction');
  });

  it('accepts Terraform tokens for names and renders the policy with jsonencode', () => {
    const stack = testStack('unknown');
    const name = new TerraformVariable(stack, 'bucket_name', { type: 'string' });
    const logs = new TerraformVariable(stack, 'log_bucket', { type: 'string' });
    new SecureBucket(stack, 'data', {
      bucketName: name.stringValue,
      accessLogs: { bucket: logs.stringValue },
    });
    const { json } = synth(stack);
    const policy = resourceOf(json, 'aws_s3_bucket_policy', 'data/Policy').policy as string;
    expect(policy).toMatch(/^\$\{jsonencode\(/);
    expect(policy).toContain('arn:${data.aws_partition.S3SecurityAwsEnvironment_partition_');
    expect(policy).toContain('var.bucket_name');
    expect(resourceOf(json, 'aws_s3_bucket', 'data/Bucket').bucket).toBe('${var.bucket_name}');
    expect(Testing.synth(stack)).toHaveDataSource(DataAwsPartition);
  });
});
