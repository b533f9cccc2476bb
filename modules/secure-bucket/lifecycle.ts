import type { S3BucketLifecycleConfigurationRule } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import type { LifecycleSettings } from './props';

/** Lifecycle rules for the settings; each applies to the whole bucket (`filter {}`). */
export function lifecycleRules(lc: LifecycleSettings): S3BucketLifecycleConfigurationRule[] {
  const rules: S3BucketLifecycleConfigurationRule[] = [
    {
      id: 'abort-incomplete-multipart-uploads',
      status: 'Enabled',
      filter: [{}],
      abortIncompleteMultipartUpload: [{ daysAfterInitiation: lc.abortIncompleteMultipartUploadDays ?? 7 }],
    },
  ];
  const nve = lc.noncurrentVersionExpiration;
  const nvt = lc.noncurrentVersionTransitions ?? [];
  if (nve || nvt.length > 0) {
    rules.push({
      id: 'noncurrent-versions',
      status: 'Enabled',
      filter: [{}],
      noncurrentVersionExpiration: nve
        ? [{ noncurrentDays: nve.days, newerNoncurrentVersions: nve.newerNoncurrentVersions }]
        : undefined,
      noncurrentVersionTransition: nvt.length
        ? nvt.map((t) => ({ noncurrentDays: t.days, storageClass: t.storageClass }))
        : undefined,
      // Once the last noncurrent version is gone, remove the delete marker left behind.
      expiration: nve && lc.expirationDays === undefined ? [{ expiredObjectDeleteMarker: true }] : undefined,
    });
  }
  const tr = lc.transitions ?? [];
  if (tr.length > 0 || lc.expirationDays !== undefined) {
    rules.push({
      id: 'current-versions',
      status: 'Enabled',
      filter: [{}],
      transition: tr.length ? tr.map((t) => ({ days: t.days, storageClass: t.storageClass })) : undefined,
      expiration: lc.expirationDays !== undefined ? [{ days: lc.expirationDays }] : undefined,
    });
  }
  return rules;
}
