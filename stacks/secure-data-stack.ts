import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { S3DataKey } from '../modules/kms';
import { AccessLogBucket, BucketEncryption, SecureBucket } from '../modules/secure-bucket';
import { BaseStack, BaseStackProps } from './base';
import type { BucketConfig, SecureDataConfig } from './config';

export interface SecureDataStackProps extends BaseStackProps {
  readonly secureData: SecureDataConfig;
}

/**
 * The seed's "S3 bucket with security configuration" as a deployable package:
 * one customer managed KMS key, one access log bucket, and the configured data
 * buckets, each logging to the log bucket under its own prefix.
 */
export class SecureDataStack extends BaseStack {
  public readonly key: S3DataKey;
  public readonly logBucket: AccessLogBucket;
  public readonly buckets: SecureBucket[];

  constructor(scope: Construct, id: string, props: SecureDataStackProps) {
    super(scope, id, props);
    const { secureData } = props;
    this.key = new S3DataKey(this, 'DataKey', {
      alias: secureData.key.alias,
      deletionWindowInDays: secureData.key.deletionWindowInDays,
      preventDestroy: secureData.key.preventDestroy,
      description: `Encrypts the S3 data of the ${id} stack`,
    });
    this.logBucket = new AccessLogBucket(this, 'AccessLogs', {
      bucketName: secureData.logBucket.name,
      retentionDays: secureData.logBucket.retentionDays,
      preventDestroy: secureData.logBucket.preventDestroy,
    });
    this.buckets = secureData.buckets.map((b) => this.addBucket(b));

    new TerraformOutput(this, 'kms_key_arn', { value: this.key.keyArn, description: 'ARN of the data key' });
    new TerraformOutput(this, 'access_log_bucket', { value: this.logBucket.bucketName });
    new TerraformOutput(this, 'bucket_arns', {
      value: Object.fromEntries(this.buckets.map((b, i) => [secureData.buckets[i].id, b.bucketArn])),
      description: 'ARN of each data bucket, by id',
    });
  }

  private addBucket(b: BucketConfig): SecureBucket {
    return new SecureBucket(this, b.id, {
      bucketName: b.name,
      encryption: this.encryptionOf(b),
      versioning: b.versioning,
      accessLogs:
        b.accessLogs && 'enabled' in b.accessLogs
          ? b.accessLogs
          : { bucket: this.logBucket, prefix: b.accessLogs?.prefix },
      minimumTlsVersion: b.minimumTlsVersion,
      lifecycle: b.lifecycle,
      objectLock: b.objectLock,
      eventBridge: b.eventBridge,
      preventDestroy: b.preventDestroy,
      tags: b.tags,
    });
  }

  private encryptionOf(b: BucketConfig): BucketEncryption {
    const e = b.encryption;
    if (e?.type === 'SSE_S3') return e;
    if (e?.type === 'DSSE_KMS') return { type: 'DSSE_KMS', key: e.keyArn ?? this.key };
    return { type: 'SSE_KMS', key: e?.keyArn ?? this.key, bucketKey: e?.bucketKey };
  }
}
