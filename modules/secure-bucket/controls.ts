import { declareControls } from '../../controls/declarations';

/**
 * The controls SecureBucket (and AccessLogBucket, built on it) satisfies, and
 * the prop behind each. help/coverage.md is generated from this declaration.
 * The policy controls are claimed in the metadata only when the final policy
 * meets them as the review judges it.
 */
export const SECURE_BUCKET_CONTROLS = declareControls({
  module: 'SecureBucket',
  controls: [
    { control: 's3-bucket-public-access-block', prop: 'blockPublicAccess', byDefault: true },
    { control: 's3-no-public-read-write', prop: 'blockPublicAccess', byDefault: true },
    { control: 's3-no-public-read-write', prop: 'objectOwnership', byDefault: true },
    { control: 's3-no-public-read-write', prop: 'blockPublicStatements', byDefault: true },
    { control: 's3-no-wildcard-principal', prop: 'blockPublicStatements', byDefault: true },
    {
      control: 's3-no-cross-account-sensitive-actions',
      prop: 'blockCrossAccountSensitiveActions',
      byDefault: true,
    },
    { control: 's3-acls-disabled', prop: 'objectOwnership', byDefault: true },
    { control: 's3-default-encryption', prop: 'encryption', byDefault: true },
    { control: 's3-kms-encryption', prop: 'encryption', byDefault: true },
    { control: 's3-versioning', prop: 'versioning', byDefault: true },
    { control: 's3-mfa-delete', prop: 'versioning.mfaDelete', byDefault: false },
    { control: 's3-access-logging', prop: 'accessLogs', byDefault: true },
    { control: 's3-tls-only', prop: 'enforceTls', byDefault: true },
    { control: 's3-minimum-tls', prop: 'minimumTlsVersion', byDefault: true },
    { control: 's3-minimum-tls', prop: 'enforceTls', byDefault: true },
    { control: 's3-lifecycle', prop: 'lifecycle', byDefault: true },
    { control: 's3-object-lock', prop: 'objectLock', byDefault: false },
    { control: 's3-event-notifications', prop: 'eventBridge', byDefault: true },
    {
      control: 's3-vpc-endpoint-restriction',
      prop: 'addPolicyTemplates(restrictToVpcEndpoints)',
      byDefault: false,
    },
    { control: 's3-vpc-endpoint-restriction', prop: 'addPolicyTemplates(restrictToVpcs)', byDefault: false },
    { control: 's3-malware-scan-read-gate', prop: 'requireMalwareScan', byDefault: false },
  ],
});
