/**
 * Amazon Macie's documented values and limits, checked at synth so a bad value
 * fails with a clear message instead of at apply time.
 * @see https://docs.aws.amazon.com/macie/latest/APIReference/custom-data-identifiers.html
 * @see https://docs.aws.amazon.com/macie/latest/APIReference/jobs.html
 * @see https://docs.aws.amazon.com/macie/latest/user/findings-types.html
 */
import { PropsValidator } from '../core';

/** How often Macie publishes updates of existing findings to EventBridge (new findings go out at once). */
export const FINDING_PUBLISHING_FREQUENCIES = ['FIFTEEN_MINUTES', 'ONE_HOUR', 'SIX_HOURS'] as const;
export type FindingPublishingFrequency = (typeof FINDING_PUBLISHING_FREQUENCIES)[number];

/** The limits of a custom data identifier (CreateCustomDataIdentifier). */
export const CUSTOM_DATA_IDENTIFIER_LIMITS = {
  nameLength: 128,
  descriptionLength: 512,
  regexLength: 512,
  keywords: { max: 50, minLength: 3, maxLength: 90 },
  ignoreWords: { max: 10, minLength: 4, maxLength: 90 },
  maximumMatchDistance: { min: 1, max: 300, default: 50 },
} as const;

/** The limits of a classification job (CreateClassificationJob, and the provider's own checks). */
export const JOB_LIMITS = { nameLength: 500, descriptionLength: 200 } as const;

export const WEEKDAYS = [
  'MONDAY',
  'TUESDAY',
  'WEDNESDAY',
  'THURSDAY',
  'FRIDAY',
  'SATURDAY',
  'SUNDAY',
] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** The finding types Macie documents: policy findings about buckets, sensitive data findings about objects. */
export const POLICY_FINDING_TYPES = [
  'Policy:IAMUser/S3BlockPublicAccessDisabled',
  'Policy:IAMUser/S3BucketEncryptionDisabled',
  'Policy:IAMUser/S3BucketPublic',
  'Policy:IAMUser/S3BucketReplicatedExternally',
  'Policy:IAMUser/S3BucketSharedExternally',
  'Policy:IAMUser/S3BucketSharedWithCloudFront',
] as const;
export const SENSITIVE_DATA_FINDING_TYPES = [
  'SensitiveData:S3Object/Credentials',
  'SensitiveData:S3Object/CustomIdentifier',
  'SensitiveData:S3Object/Financial',
  'SensitiveData:S3Object/Multiple',
  'SensitiveData:S3Object/Personal',
] as const;
export const FINDING_TYPES = [...POLICY_FINDING_TYPES, ...SENSITIVE_DATA_FINDING_TYPES] as const;
export type FindingType = (typeof FINDING_TYPES)[number];

/** Severities as findings describe them (`severity.description`), least to most severe. */
export const SEVERITIES = ['Low', 'Medium', 'High'] as const;
export type FindingSeverity = (typeof SEVERITIES)[number];

/**
 * The finding fields a findings filter of this project may name: a subset of
 * the fields Macie documents for filter criteria (common fields, affected
 * resource fields and sensitive data fields), enough to suppress known noise
 * or to name a saved view.
 * @see https://docs.aws.amazon.com/macie/latest/user/findings-filter-fields.html
 */
export const FILTER_FIELDS = [
  'accountId',
  'archived',
  'category',
  'classificationDetails.jobId',
  'classificationDetails.originType',
  'classificationDetails.result.customDataIdentifiers.detections.arn',
  'classificationDetails.result.customDataIdentifiers.detections.name',
  'classificationDetails.result.mimeType',
  'classificationDetails.result.sensitiveData.category',
  'classificationDetails.result.sensitiveData.detections.type',
  'classificationDetails.result.sensitiveData.totalCount',
  'count',
  'createdAt',
  'id',
  'region',
  'resourcesAffected.s3Bucket.allowsUnencryptedObjectUploads',
  'resourcesAffected.s3Bucket.defaultServerSideEncryption.encryptionType',
  'resourcesAffected.s3Bucket.defaultServerSideEncryption.kmsMasterKeyId',
  'resourcesAffected.s3Bucket.name',
  'resourcesAffected.s3Bucket.publicAccess.effectivePermission',
  'resourcesAffected.s3Bucket.tags.key',
  'resourcesAffected.s3Bucket.tags.value',
  'resourcesAffected.s3Object.extension',
  'resourcesAffected.s3Object.key',
  'resourcesAffected.s3Object.storageClass',
  'resourcesAffected.s3Object.tags.key',
  'resourcesAffected.s3Object.tags.value',
  'sample',
  'severity.description',
  'type',
  'updatedAt',
] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];

/** Fields whose values are numbers or dates (epoch milliseconds): the only ones gt/gte/lt/lte apply to. */
export const RANGE_FILTER_FIELDS: readonly FilterField[] = [
  'classificationDetails.result.sensitiveData.totalCount',
  'count',
  'createdAt',
  'updatedAt',
];

/** Length in characters as Macie counts them (UTF-8 characters, not UTF-16 units). */
export function characters(text: string): number {
  return [...text].length;
}

/** Checks a text's length in characters: `min` to `max`. */
export function checkLength(
  v: PropsValidator,
  prop: string,
  value: unknown,
  min: number,
  max: number,
): boolean {
  if (value === undefined) return true;
  return v.check(
    typeof value === 'string' && characters(value) >= min && characters(value) <= max,
    prop,
    value,
    `must be ${min} to ${max} characters long`,
  );
}

/** Checks a list of words: at most `max` entries, each `minLength` to `maxLength` characters, no repeats. */
export function checkWords(
  v: PropsValidator,
  prop: string,
  words: readonly string[] | undefined,
  limits: { readonly max: number; readonly minLength: number; readonly maxLength: number },
): void {
  if (words === undefined) return;
  if (!Array.isArray(words)) {
    v.fail(prop, words, 'must be a list of texts');
    return;
  }
  v.check(
    words.length >= 1 && words.length <= limits.max,
    prop,
    words.length,
    `must list 1 to ${limits.max} entries`,
  );
  words.forEach((w, i) => checkLength(v, `${prop}[${i}]`, w, limits.minLength, limits.maxLength));
  v.check(new Set(words).size === words.length, prop, words, 'repeats an entry');
}
