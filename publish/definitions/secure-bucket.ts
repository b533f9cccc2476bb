import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketNotification } from '@cdktf/provider-aws/lib/s3-bucket-notification';
import type { TerraformResource } from 'cdktf';
import { MANAGED_BY_TAG } from '../../modules/core';
import { SecureBucket } from '../../modules/secure-bucket';
import { defineModule } from '../definition';
import type { ModuleBuilder } from '../definition';
import { expr, hclString } from '../hcl';
import { bucketNameValidations, logPrefixValidations, whenSet } from '../validations';

function only<T>(list: readonly TerraformResource[], type: new (...args: never[]) => T): T {
  const found = list.filter((r): r is TerraformResource & T => r instanceof type);
  if (found.length !== 1) throw new Error(`expected one ${type.name}, found ${found.length}`);
  return found[0];
}

/** The inputs every bucket module shares: the name, the tags. */
export function bucketInputs(m: ModuleBuilder): { bucketName: string } {
  const bucketName = m.string('bucket_name', {
    description:
      'The bucket name: 3 to 63 lowercase letters, digits and hyphens (no dots: they break TLS certificate validation).',
    validations: bucketNameValidations('bucket_name'),
  });
  m.variable('tags', {
    type: 'map(string)',
    description: 'Tags for the bucket and the resources the module creates.',
    default: {},
    nullable: false,
  });
  return { bucketName };
}

/** Tags of the module's resources other than the bucket: the project's tag and `var.tags`. */
export function resourceTags(): string {
  return expr(`merge({${hclString('managed-by')} = ${hclString(MANAGED_BY_TAG['managed-by'])}}, var.tags)`);
}

export default defineModule({
  name: 'secure-bucket',
  construct: 'SecureBucket',
  summary:
    'An S3 bucket with every security setting on by default; each weaker choice is an opt-out input that carries a reason.',
  deploys: [
    '`aws_s3_bucket` with Terraform `prevent_destroy`, tagged with the reason of every opt-out',
    '`aws_s3_bucket_public_access_block` with all four settings on',
    '`aws_s3_bucket_ownership_controls`: `BucketOwnerEnforced` (ACLs disabled)',
    '`aws_kms_key` (rotation on) and default encryption SSE-KMS with S3 Bucket Keys; SSE-C uploads blocked',
    '`aws_s3_bucket_versioning` (Enabled)',
    '`aws_s3_bucket_logging`: server access logs to `access_logs_bucket`, partitioned by event time',
    '`aws_s3_bucket_policy`: denies requests without TLS and TLS older than 1.2',
    '`aws_s3_bucket_lifecycle_configuration`: aborts incomplete multipart uploads after 7 days',
    '`aws_s3_bucket_notification`: all events to Amazon EventBridge',
  ],
  notes: [
    'Destroy protection (`prevent_destroy`) cannot be turned off by an input: Terraform requires it to be a literal. Remove the bucket from the state (`terraform state rm`) to retire it outside Terraform.',
    'The TLS denies, ACLs disabled and KMS encryption have no opt-out input in this module: use the SecureBucket construct when a bucket needs them weaker.',
    'The logging target must let `logging.s3.amazonaws.com` write under the prefix (the access-log-bucket module does).',
  ],
  build(m) {
    const { bucketName } = bucketInputs(m);
    const logsBucket = m.string('access_logs_bucket', {
      description:
        'Name of the bucket that receives the server access logs (in the same region), such as one made by the access-log-bucket module. Required unless access_logs_opt_out is set.',
      default: null,
      validations: whenSet('access_logs_bucket', bucketNameValidations('access_logs_bucket')),
    });
    m.string('access_logs_prefix', {
      description: 'Key prefix of the logs in the target bucket, ending in "/". Null means "<bucket_name>/".',
      default: null,
      validations: whenSet('access_logs_prefix', logPrefixValidations('access_logs_prefix')),
    });
    const blockPublicAccess = m.optOut(
      'blockPublicAccess',
      'Turns the four Block Public Access settings of the bucket off.',
    );
    const versioning = m.optOut(
      'versioning',
      'Leaves versioning off: overwritten and deleted objects cannot be recovered.',
    );
    const accessLogs = m.optOut('accessLogs', 'Leaves server access logging off.');
    const lifecycle = m.optOut(
      'lifecycle',
      'Leaves the lifecycle configuration out: incomplete multipart uploads are kept (and billed).',
    );
    const eventBridge = m.optOut('eventBridge', 'Leaves EventBridge notifications off.');

    // The secure configuration, with the inputs' tokens; the opt-outs are applied below as expressions.
    const b = new SecureBucket(m.scope, 'this', {
      bucketName,
      accessLogs: { bucket: logsBucket, prefix: 'set-below/' },
    });
    b.bucket.addOverride('tags', m.tagsWithOptOuts(MANAGED_BY_TAG, 'tags'));
    b.bucket.addOverride('lifecycle.precondition', [
      {
        condition: expr(`${accessLogs.kept} ? var.access_logs_bucket != null : true`),
        error_message:
          'access_logs_bucket is required: give the name of the log bucket, or set access_logs_opt_out = { reason = "..." }.',
      },
      {
        condition: expr('var.access_logs_bucket == null ? true : var.access_logs_bucket != var.bucket_name'),
        error_message:
          'access_logs_bucket is this bucket itself: logging a bucket into itself writes a log for every log write.',
      },
    ]);
    for (const flag of [
      'block_public_acls',
      'ignore_public_acls',
      'block_public_policy',
      'restrict_public_buckets',
    ]) {
      b.publicAccessBlock.addOverride(flag, expr(blockPublicAccess.kept));
    }
    b.versioning?.addOverride('count', versioning.countWhenKept);
    const logging = only(b.resources, S3BucketLoggingA);
    logging.addOverride('count', accessLogs.countWhenKept);
    logging.addOverride(
      'target_prefix',
      expr('var.access_logs_prefix == null ? "${var.bucket_name}/" : var.access_logs_prefix'),
    );
    only(b.resources, S3BucketLifecycleConfiguration).addOverride('count', lifecycle.countWhenKept);
    only(b.resources, S3BucketNotification).addOverride('count', eventBridge.countWhenKept);
    b.key?.key.addOverride('tags', resourceTags());
    b.key?.key.addOverride('description', 'Encrypts objects of the S3 bucket ${var.bucket_name}');

    m.controls(b.controls);
    m.output('bucket_name', { value: b.bucket.bucket, description: 'The bucket name.' });
    m.output('bucket_arn', { value: b.bucket.arn, description: 'The bucket ARN.' });
    m.output('kms_key_arn', {
      value: b.kmsKeyArn ?? '',
      description: 'ARN of the KMS key that encrypts the objects (grant its use to readers and writers).',
    });
    m.output('bucket_regional_domain_name', {
      value: b.bucket.bucketRegionalDomainName,
      description: 'The regional domain name of the bucket.',
    });
  },
  example: {
    description: 'A bucket whose server access logs go to an existing log bucket.',
    arguments: {
      bucket_name: 'example-data-111122223333',
      access_logs_bucket: 'example-access-logs-111122223333',
      tags: { environment: 'example' },
    },
  },
});
