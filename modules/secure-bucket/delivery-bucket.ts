import { Construct } from 'constructs';
import type { OptOut } from '../core';
import type { S3DataKey } from '../kms';
import type { AccessLogSettings, ObjectLockSettings } from './props';
import { SecureBucket } from './secure-bucket';

/** The bucket an AWS service delivers logs into (CloudTrail, AWS Config), created as a {@link SecureBucket}. */
export interface DeliveryBucketSettings {
  readonly bucketName: string;
  /** Server access logs of the delivery bucket: who read the audit trail is itself worth knowing. */
  readonly accessLogs: AccessLogSettings | OptOut;
  /** Days delivered files are kept before they expire. @default - kept until deleted */
  readonly retentionDays?: number;
  /** WORM protection of delivered files. @default - no Object Lock */
  readonly objectLock?: ObjectLockSettings;
  /** @default true */
  readonly preventDestroy?: true | OptOut;
}

/**
 * A SecureBucket for service deliveries: encrypted with `key`, access-logged as
 * asked, files expiring after `retentionDays` (noncurrent versions after at most
 * 30 days more), incomplete uploads aborted after 7 days.
 */
export function createDeliveryBucket(
  scope: Construct,
  id: string,
  settings: DeliveryBucketSettings,
  key: S3DataKey | string,
  tags?: Record<string, string>,
): SecureBucket {
  const days = settings.retentionDays;
  return new SecureBucket(scope, id, {
    bucketName: settings.bucketName,
    encryption: { key },
    accessLogs: settings.accessLogs,
    objectLock: settings.objectLock,
    lifecycle: {
      abortIncompleteMultipartUploadDays: 7,
      expirationDays: days,
      noncurrentVersionExpiration: days ? { days: Math.min(days, 30) } : undefined,
    },
    preventDestroy: settings.preventDestroy,
    tags,
  });
}
