/**
 * How opt-outs recorded by this project's modules map to controls, for inputs
 * that carry only the bucket tags (`s3-security:opt-out:<setting>` = reason),
 * such as a plan or a live account. The Terraform JSON metadata names the
 * controls itself; tags have room for the reason only.
 */

/** Tag key prefix under which SecureBucket records opt-out reasons. */
export const OPT_OUT_TAG_PREFIX = 's3-security:opt-out:';

/** SecureBucket settings and the controls that turning each off leaves unmet. */
export const SECURE_BUCKET_OPT_OUTS: Readonly<Record<string, readonly string[]>> = {
  blockPublicAccess: ['s3-bucket-public-access-block'],
  objectOwnership: ['s3-acls-disabled'],
  versioning: ['s3-versioning'],
  accessLogs: ['s3-access-logging'],
  enforceTls: ['s3-tls-only', 's3-minimum-tls'],
  minimumTlsVersion: ['s3-minimum-tls'],
  lifecycle: ['s3-lifecycle'],
  eventBridge: ['s3-event-notifications'],
  encryption: ['s3-kms-encryption'],
  'encryption.bucketKey': [],
  blockSseC: [],
  preventDestroy: [],
  blockPublicStatements: ['s3-no-public-read-write', 's3-no-wildcard-principal'],
  blockCrossAccountSensitiveActions: ['s3-no-cross-account-sensitive-actions'],
};

/**
 * Controls left unmet by the opt-out recorded under a tag. The setting of a
 * partial Block Public Access opt-out is `blockPublicAccess.<flag>+<flag>`.
 * Unknown settings map to no control (the reason is still shown).
 */
export function controlsOfOptOutSetting(setting: string): readonly string[] {
  if (Object.prototype.hasOwnProperty.call(SECURE_BUCKET_OPT_OUTS, setting)) {
    return SECURE_BUCKET_OPT_OUTS[setting];
  }
  const root = setting.split('.')[0];
  return root === 'blockPublicAccess' ? SECURE_BUCKET_OPT_OUTS.blockPublicAccess : [];
}

/** Key under a resource's `//` block where the modules write their security record. */
export const METADATA_KEY = 's3-security';
