/**
 * The values S3 and the services around it accept for the enumerated settings
 * the judges read. A value outside its list is never judged as if it were a
 * valid one: the judge reports it unknown, naming the value and the list, since
 * AWS rejects it at apply and nothing can be said of the bucket it would leave.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl
 */
import { Maybe, unknown } from './posture';

/** S3 canned ACLs. */
export const CANNED_ACLS = [
  'private',
  'public-read',
  'public-read-write',
  'aws-exec-read',
  'authenticated-read',
  'bucket-owner-read',
  'bucket-owner-full-control',
  'log-delivery-write',
] as const;

/** Default encryption algorithms (ServerSideEncryption). */
export const SSE_ALGORITHMS = ['AES256', 'aws:kms', 'aws:kms:dsse'] as const;

/** Versioning status; `Disabled` is the provider's value for a bucket never versioned. */
export const VERSIONING_STATUSES = ['Enabled', 'Suspended', 'Disabled'] as const;

/** Object ownership settings. */
export const OBJECT_OWNERSHIPS = ['BucketOwnerEnforced', 'BucketOwnerPreferred', 'ObjectWriter'] as const;

/** Object Lock retention modes. */
export const OBJECT_LOCK_MODES = ['GOVERNANCE', 'COMPLIANCE'] as const;

/** Amazon Macie account status. */
export const MACIE_STATUSES = ['ENABLED', 'PAUSED'] as const;

/** ACL grant permissions. */
export const ACL_PERMISSIONS = ['FULL_CONTROL', 'READ', 'WRITE', 'READ_ACP', 'WRITE_ACP'] as const;

/** Status of a lifecycle or replication rule, and of versioning's MFA delete. */
export const RULE_STATUSES = ['Enabled', 'Disabled'] as const;

/** CloudTrail event selector read_write_type. */
export const READ_WRITE_TYPES = ['All', 'ReadOnly', 'WriteOnly'] as const;

/**
 * The value itself when it is one of `allowed`, otherwise an Unknown that
 * names the setting, the value and the accepted values.
 */
export function enumerated<T extends string>(
  value: string,
  allowed: readonly T[],
  setting: string,
): Maybe<T> {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  return unknown(
    `${setting} ${JSON.stringify(value)} is not one of ${allowed.join(', ')} (AWS rejects it at apply, so the setting cannot be judged)`,
  );
}
