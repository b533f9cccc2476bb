import type { ControlId } from '../../controls/catalog';
import type { ManagedRuleName } from '../config-compliance';
import type { PolicyStatement } from '../core';

/** A runbook parameter as the SSM Automation runbook reference documents it. */
export interface RunbookParameter {
  readonly type: 'String' | 'Boolean';
  readonly required: boolean;
  readonly allowed?: readonly string[];
  readonly default?: string;
}

/** The remediations this module offers, by short name. */
export const RUNBOOK_NAMES = [
  'bucket-public-access-block',
  'default-encryption',
  'tls-only',
  'versioning',
  'access-logging',
] as const;
export type RunbookName = (typeof RUNBOOK_NAMES)[number];

/** An AWS-owned SSM Automation runbook that fixes what one Config rule reports. */
export interface RunbookDefinition {
  readonly name: RunbookName;
  /** The SSM document name (`target_id`). */
  readonly document: string;
  /** The managed rule whose NON_COMPLIANT buckets it fixes. */
  readonly rule: ManagedRuleName;
  readonly controls: readonly ControlId[];
  /** Parameters as documented, including AutomationAssumeRole and BucketName. */
  readonly parameters: Readonly<Record<string, RunbookParameter>>;
  /** The IAM actions the reference lists for AutomationAssumeRole, when it lists them. */
  readonly documentedActions?: readonly string[];
  /** The S3 actions the role gets: the least the document's steps call. */
  readonly grantedActions: readonly string[];
  /** Why documented actions were left out of the role. */
  readonly omitted?: string;
  /**
   * The SecureBucket opt-out settings (`s3-security:opt-out:<setting>`) whose
   * value the runbook would overwrite: buckets that opted out of one, or of a
   * part of one (`blockPublicAccess.blockPublicPolicy+restrictPublicBuckets`),
   * are spared (see `optsOutOf`).
   */
  readonly optOutSettings: readonly string[];
  /** The granted actions that change the bucket (denied on spared buckets). */
  readonly writeActions: readonly string[];
  /** False when automatic remediation cannot work in general (it needs the caller's confirmation of a precondition). */
  readonly automaticByDefault: boolean;
  readonly reference: string;
}

const RUNBOOK_REFERENCE = 'https://docs.aws.amazon.com/systems-manager-automation-runbooks/latest/userguide/';
const ROLE: RunbookParameter = { type: 'String', required: true };
const OPTIONAL_ROLE: RunbookParameter = { type: 'String', required: false };
const BUCKET: RunbookParameter = { type: 'String', required: true };
const FLAG: RunbookParameter = { type: 'Boolean', required: false, default: 'true' };

/**
 * The runbooks, with their parameters as the AWS Systems Manager Automation
 * runbook reference documents them (checked against the reference pages linked
 * in `reference`).
 */
export const RUNBOOKS: Readonly<Record<RunbookName, RunbookDefinition>> = {
  'bucket-public-access-block': {
    name: 'bucket-public-access-block',
    document: 'AWSConfigRemediation-ConfigureS3BucketPublicAccessBlock',
    rule: 's3-bucket-level-public-access-prohibited',
    controls: ['s3-bucket-public-access-block'],
    parameters: {
      AutomationAssumeRole: ROLE,
      BucketName: BUCKET,
      BlockPublicAcls: FLAG,
      IgnorePublicAcls: FLAG,
      BlockPublicPolicy: FLAG,
      RestrictPublicBuckets: FLAG,
    },
    documentedActions: [
      'ssm:StartAutomationExecution',
      'ssm:GetAutomationExecution',
      's3:GetAccountPublicAccessBlock',
      's3:PutAccountPublicAccessBlock',
      's3:GetBucketPublicAccessBlock',
      's3:PutBucketPublicAccessBlock',
    ],
    grantedActions: ['s3:GetBucketPublicAccessBlock', 's3:PutBucketPublicAccessBlock'],
    optOutSettings: ['blockPublicAccess'],
    writeActions: ['s3:PutBucketPublicAccessBlock'],
    omitted:
      "the document's two steps put and read the bucket's public access block only; the account-level actions (which can also turn account Block Public Access off) and starting other automations are not needed",
    automaticByDefault: true,
    reference: `${RUNBOOK_REFERENCE}automation-aws-block-public-s3-bucket.html`,
  },
  'default-encryption': {
    name: 'default-encryption',
    document: 'AWS-EnableS3BucketEncryption',
    rule: 's3-bucket-server-side-encryption-enabled',
    controls: ['s3-default-encryption'],
    parameters: {
      AutomationAssumeRole: OPTIONAL_ROLE,
      BucketName: BUCKET,
      SSEAlgorithm: { type: 'String', required: false, default: 'AES256', allowed: ['AES256', 'aws:kms'] },
    },
    grantedActions: ['s3:PutEncryptionConfiguration'],
    optOutSettings: ['encryption'],
    writeActions: ['s3:PutEncryptionConfiguration'],
    automaticByDefault: true,
    reference: `${RUNBOOK_REFERENCE}automation-aws-enableS3bucketencryption.html`,
  },
  'tls-only': {
    name: 'tls-only',
    document: 'AWSConfigRemediation-RestrictBucketSSLRequestsOnly',
    rule: 's3-bucket-ssl-requests-only',
    controls: ['s3-tls-only'],
    parameters: { AutomationAssumeRole: ROLE, BucketName: BUCKET },
    documentedActions: [
      'ssm:StartAutomationExecution',
      'ssm:GetAutomationExecution',
      's3:DeleteBucketPolicy',
      's3:GetBucketPolicy',
      's3:PutEncryptionConfiguration',
      's3:PutBucketPolicy',
    ],
    grantedActions: ['s3:GetBucketPolicy', 's3:PutBucketPolicy', 's3:DeleteBucketPolicy'],
    optOutSettings: ['enforceTls'],
    writeActions: ['s3:PutBucketPolicy', 's3:DeleteBucketPolicy'],
    omitted:
      "the document's one step reads and rewrites the bucket policy; changing default encryption and starting other automations are not needed",
    automaticByDefault: true,
    reference: `${RUNBOOK_REFERENCE}automation-aws-s3-deny-http.html`,
  },
  versioning: {
    name: 'versioning',
    document: 'AWS-ConfigureS3BucketVersioning',
    rule: 's3-bucket-versioning-enabled',
    controls: ['s3-versioning'],
    parameters: {
      AutomationAssumeRole: OPTIONAL_ROLE,
      BucketName: BUCKET,
      VersioningState: {
        type: 'String',
        required: false,
        default: 'Enabled',
        allowed: ['Enabled', 'Suspended'],
      },
    },
    grantedActions: ['s3:PutBucketVersioning', 's3:GetBucketVersioning'],
    optOutSettings: ['versioning'],
    writeActions: ['s3:PutBucketVersioning'],
    automaticByDefault: true,
    reference: `${RUNBOOK_REFERENCE}automation-aws-configures3bucketversioning.html`,
  },
  'access-logging': {
    name: 'access-logging',
    document: 'AWS-ConfigureS3BucketLogging',
    rule: 's3-bucket-logging-enabled',
    controls: ['s3-access-logging'],
    parameters: {
      AutomationAssumeRole: OPTIONAL_ROLE,
      BucketName: BUCKET,
      GrantedPermission: { type: 'String', required: true, allowed: ['FULL_CONTROL', 'READ', 'WRITE'] },
      GranteeType: {
        type: 'String',
        required: true,
        allowed: ['CanonicalUser', 'AmazonCustomerByEmail', 'Group'],
      },
      GranteeEmailAddress: { type: 'String', required: false },
      GranteeId: { type: 'String', required: false },
      GranteeUri: { type: 'String', required: false },
      TargetBucket: { type: 'String', required: true },
      TargetPrefix: { type: 'String', required: false, default: '/' },
    },
    grantedActions: ['s3:PutBucketLogging', 's3:GetBucketLogging'],
    optOutSettings: ['accessLogs'],
    writeActions: ['s3:PutBucketLogging'],
    // The runbook always sends a TargetGrants ACL grant; buckets with ACLs disabled reject it.
    automaticByDefault: false,
    reference: `${RUNBOOK_REFERENCE}automation-aws-configures3bucketlogging.html`,
  },
};

/**
 * Whether a bucket's recorded opt-out settings include one the runbook would
 * overwrite: the setting itself or a part of it (`<setting>.<part>`, as
 * SecureBucket records a partial Block Public Access or a bucket key opt-out).
 */
export function optsOutOf(definition: RunbookDefinition, settings: readonly string[]): boolean {
  return settings.some((s) => definition.optOutSettings.some((o) => s === o || s.startsWith(`${o}.`)));
}

export function isRunbookName(name: string): name is RunbookName {
  return (RUNBOOK_NAMES as readonly string[]).includes(name);
}

/**
 * The default prefix of the remediation role names. The names are stable
 * (`<prefix>-<runbook>-<region>`) so that organization guardrails can name
 * the roles in every member account.
 */
export const DEFAULT_REMEDIATION_ROLE_PREFIX = 's3-remediation';

/** The name of a runbook's role: `<prefix>-<runbook>-<region>` (regions apart, since IAM is global). */
export function remediationRoleName(
  runbook: RunbookName,
  region: string,
  prefix = DEFAULT_REMEDIATION_ROLE_PREFIX,
): string {
  return `${prefix}-${runbook}-${region}`;
}

/** The ARN pattern of a runbook's role in every account and region, for an SCP exemption. */
export function remediationRoleArnPattern(
  partition: string,
  runbook: RunbookName,
  prefix = DEFAULT_REMEDIATION_ROLE_PREFIX,
): string {
  return `arn:${partition}:iam::*:role/${remediationRoleName(runbook, '*', prefix)}`;
}

/**
 * The statement that spares buckets which opted out of what the runbook
 * changes: a Deny of its write actions on them, so the role cannot undo a
 * recorded decision even if AWS Config reports the bucket NON_COMPLIANT.
 * Undefined when no bucket is spared.
 */
export function sparingStatement(
  definition: RunbookDefinition,
  partition: string,
  sparedBucketNames: readonly string[],
): PolicyStatement | undefined {
  if (sparedBucketNames.length === 0) return undefined;
  const names = [...new Set(sparedBucketNames)].sort();
  return {
    Sid: 'SpareOptedOutBuckets',
    Effect: 'Deny',
    Action: [...definition.writeActions],
    Resource:
      names.length === 1
        ? `arn:${partition}:s3:::${names[0]}`
        : names.map((n) => `arn:${partition}:s3:::${n}`),
  };
}

/** The permissions policy statement of a runbook's role, on any bucket of the account. */
export function runbookStatement(definition: RunbookDefinition, partition: string): PolicyStatement {
  return {
    Sid: 'RunbookActions',
    Effect: 'Allow',
    Action: [...definition.grantedActions],
    Resource: `arn:${partition}:s3:::*`,
  };
}
