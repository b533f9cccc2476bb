import { Construct } from 'constructs';
import {
  ConfigRemediationConfiguration,
  ConfigRemediationConfigurationParameter,
} from '@cdktf/provider-aws/lib/config-remediation-configuration';
import type { ControlId } from '../../controls/catalog';
import type { S3ComplianceRules } from '../config-compliance';
import {
  AwsEnvironment,
  OptOutRecord,
  PropsValidator,
  ServiceRole,
  bucketNameRule,
  checkReason,
  integerBetween,
  logPrefixRule,
  recordSecurity,
} from '../core';
import {
  DEFAULT_REMEDIATION_ROLE_PREFIX,
  RUNBOOK_NAMES,
  RUNBOOKS,
  RunbookDefinition,
  RunbookName,
  isRunbookName,
  optsOutOf,
  remediationRoleName,
  runbookStatement,
  sparingStatement,
} from './runbooks';

/** Retry limits of automatic remediation. */
export interface RetrySettings {
  /** Attempts per resource before Config gives up (1 to 25). @default 5 */
  readonly maximumAttempts?: number;
  /** Seconds between attempts (1 to 2,678,000). @default 60 */
  readonly retrySeconds?: number;
  /** Share of non-compliant resources remediated at once (1 to 100). @default 10 */
  readonly concurrentPercentage?: number;
  /** Share of failed executions that stops the remediation (1 to 100). @default 10 */
  readonly errorPercentage?: number;
}

/**
 * Server access logging by `AWS-ConfigureS3BucketLogging`. That runbook always
 * adds an ACL grant (TargetGrants) to the logging configuration, which S3
 * rejects when the target bucket has ACLs disabled (BucketOwnerEnforced, the
 * default of every bucket this project makes, AccessLogBucket included). It is
 * therefore offered only for a target that still accepts ACLs, and it is
 * manual (run from the Config console) unless `automatic` is set.
 */
export interface AccessLoggingRemediation {
  readonly targetBucketName: string;
  /**
   * The target's object ownership. Must not be BucketOwnerEnforced: say which
   * setting it has, and why ACLs stay enabled there.
   */
  readonly targetObjectOwnership: {
    readonly mode: 'BucketOwnerPreferred' | 'ObjectWriter';
    readonly reason: string;
  };
  /** One prefix for the logs of every remediated bucket. @default '/' (the runbook's default) */
  readonly targetPrefix?: string;
  /** The grant the runbook adds (e-mail grantees are no longer supported by S3). */
  readonly grantee:
    | { readonly type: 'CanonicalUser'; readonly id: string }
    | { readonly type: 'Group'; readonly uri: string };
  /** @default 'READ' */
  readonly permission?: 'FULL_CONTROL' | 'READ' | 'WRITE';
  /** @default false - remediate from the console, bucket by bucket */
  readonly automatic?: boolean;
}

export interface S3AutoRemediationProps {
  /** The rules whose findings are remediated; each runbook's rule must be among them. */
  readonly rules: S3ComplianceRules;
  /**
   * Runbooks to attach.
   * @default ['bucket-public-access-block', 'default-encryption', 'tls-only', 'versioning']
   */
  readonly runbooks?: readonly Exclude<RunbookName, 'access-logging'>[];
  /**
   * Default encryption the remediation sets: SSE-S3 (`AES256`, the runbook's
   * default) or SSE-KMS with the AWS managed key (`aws:kms`); the runbook takes
   * no key id.
   * @default 'AES256'
   */
  readonly sseAlgorithm?: 'AES256' | 'aws:kms';
  /** Access logging remediation, only for a target that accepts ACL grants. @default - none */
  readonly accessLogging?: AccessLoggingRemediation;
  /** @default true - remediate as soon as Config reports NON_COMPLIANT */
  readonly automatic?: boolean;
  readonly retry?: RetrySettings;
  /**
   * Prefix of the IAM role names, which are `<prefix>-<runbook>-<region>`:
   * stable, so that organization guardrails can spare them in every account
   * (`remediationRoleArnPattern`).
   * @default 's3-remediation'
   */
  readonly roleNamePrefix?: string;
  /**
   * Buckets that opted out of a setting a runbook would change, with the
   * settings (as in their `s3-security:opt-out:<setting>` tags). The role of
   * each runbook that changes one of those settings is denied its write
   * actions on the bucket, so remediation cannot undo the recorded decision.
   * AWS Config still reports the bucket NON_COMPLIANT (the reason is in the
   * tag), and its remediation attempts end in AccessDenied.
   * @default [] - no bucket is spared
   */
  readonly optedOutBuckets?: readonly OptedOutBucket[];
  readonly tags?: Record<string, string>;
}

/** A bucket that opted out of settings, named by literal bucket name. */
export interface OptedOutBucket {
  readonly bucketName: string;
  /** The opt-out settings, such as `versioning` (SecureBucket's setting names). */
  readonly settings: readonly string[];
}

/** One attached remediation. */
export interface AttachedRemediation {
  readonly runbook: RunbookDefinition;
  readonly role: ServiceRole;
  readonly configuration: ConfigRemediationConfiguration;
  readonly automatic: boolean;
}

export const DEFAULT_RUNBOOKS: readonly RunbookName[] = [
  'bucket-public-access-block',
  'default-encryption',
  'tls-only',
  'versioning',
];

/**
 * AWS Config remediation of non-compliant buckets by AWS-owned SSM Automation
 * runbooks, automatic with retry limits: one least-privilege role per runbook,
 * trusted by ssm.amazonaws.com for this account's automation executions only.
 * Covers the seed's "Enable S3 Bucket Encryption if not configured" and the
 * monitoring of buckets allowing public access.
 */
export class S3AutoRemediation extends Construct {
  public readonly remediations: readonly AttachedRemediation[];

  constructor(scope: Construct, id: string, props: S3AutoRemediationProps) {
    super(scope, id);
    const env = AwsEnvironment.of(this);
    const v = new PropsValidator(this);
    const names: RunbookName[] = [...(props.runbooks ?? DEFAULT_RUNBOOKS)];
    names.forEach((n, i) =>
      v.check(
        isRunbookName(n) && n !== 'access-logging',
        `runbooks[${i}]`,
        n,
        n === 'access-logging'
          ? 'is configured with accessLogging (its runbook needs a target that accepts ACL grants)'
          : `is not a known runbook: expected one of ${RUNBOOK_NAMES.filter((r) => r !== 'access-logging').join(', ')}`,
      ),
    );
    v.check(new Set(names).size === names.length, 'runbooks', names, 'lists a runbook twice');
    if (props.accessLogging) {
      checkAccessLogging(v, props.accessLogging);
      names.push('access-logging');
    }
    v.check(names.length > 0, 'runbooks', names, 'attach no remediation');
    v.check(
      props.sseAlgorithm === undefined || ['AES256', 'aws:kms'].includes(props.sseAlgorithm),
      'sseAlgorithm',
      props.sseAlgorithm,
      'must be AES256 or aws:kms (AWS-EnableS3BucketEncryption takes no key id)',
    );
    const retry = props.retry ?? {};
    v.rule('retry.maximumAttempts', retry.maximumAttempts, integerBetween(1, 25));
    v.rule('retry.retrySeconds', retry.retrySeconds, integerBetween(1, 2678000));
    v.rule('retry.concurrentPercentage', retry.concurrentPercentage, integerBetween(1, 100));
    v.rule('retry.errorPercentage', retry.errorPercentage, integerBetween(1, 100));
    v.check(
      !props.rules.organization,
      'rules',
      props.rules.node.path,
      'are organization rules: remediation configurations attach to rules of this account only',
    );
    const prefix = props.roleNamePrefix ?? DEFAULT_REMEDIATION_ROLE_PREFIX;
    if (props.roleNamePrefix !== undefined) {
      v.check(
        /^[\w+=,.@-]{1,32}$/.test(props.roleNamePrefix),
        'roleNamePrefix',
        props.roleNamePrefix,
        'must be 1 to 32 letters, digits or + = , . @ _ -',
      );
    }
    const region = env.knownRegion;
    if (region !== undefined) {
      const longest = names.filter(isRunbookName).map((n) => remediationRoleName(n, region, prefix));
      const tooLong = longest.find((n) => n.length > 64);
      v.check(
        tooLong === undefined,
        'roleNamePrefix',
        prefix,
        `makes the role name ${tooLong} longer than the 64 characters IAM accepts: shorten the prefix`,
      );
    }
    const spared = props.optedOutBuckets ?? [];
    spared.forEach((b, i) => {
      v.rule(`optedOutBuckets[${i}].bucketName`, b.bucketName, bucketNameRule);
      v.check(
        Array.isArray(b.settings) && b.settings.length > 0,
        `optedOutBuckets[${i}].settings`,
        b.settings,
        'must name at least one opted-out setting',
      );
    });
    for (const name of names.filter(isRunbookName)) {
      const rule = RUNBOOKS[name].rule;
      v.check(
        props.rules.find(rule) !== undefined,
        `runbooks`,
        name,
        `needs the Config rule ${rule}, which ${props.rules.node.path} does not deploy`,
      );
    }
    v.throwIfAny();

    const automaticDefault = props.automatic ?? true;
    this.remediations = names.map((name) => {
      const runbook = RUNBOOKS[name];
      const rule = props.rules.find(runbook.rule)!;
      const sparing = sparingStatement(
        runbook,
        env.partition,
        spared.filter((b) => optsOutOf(runbook, b.settings)).map((b) => b.bucketName),
      );
      const role = new ServiceRole(this, `${camel(name)}Role`, {
        service: 'ssm.amazonaws.com',
        roleName: remediationRoleName(name, env.region, prefix),
        description: `Runs ${runbook.document} for AWS Config remediation of ${rule.ruleName}`,
        // SSM Automation sends aws:SourceAccount and aws:SourceArn (its automation execution) when it
        // assumes the role: the Systems Manager guide's confused deputy example scopes the trust so.
        sourceArns: [`arn:${env.partition}:ssm:${env.region}:${env.accountId}:automation-execution/*`],
        statements: [runbookStatement(runbook, env.partition), ...(sparing ? [sparing] : [])],
        tags: props.tags,
      });
      const automatic =
        name === 'access-logging' ? (props.accessLogging!.automatic ?? false) : automaticDefault;
      const configuration = new ConfigRemediationConfiguration(this, camel(name), {
        configRuleName: rule.ruleName,
        targetType: 'SSM_DOCUMENT',
        targetId: runbook.document,
        resourceType: 'AWS::S3::Bucket',
        parameter: runbookParameters(runbook, role.roleArn, props),
        automatic,
        maximumAutomaticAttempts: automatic ? (retry.maximumAttempts ?? 5) : undefined,
        retryAttemptSeconds: automatic ? (retry.retrySeconds ?? 60) : undefined,
        executionControls: {
          ssmControls: {
            concurrentExecutionRatePercentage: retry.concurrentPercentage ?? 10,
            errorPercentage: retry.errorPercentage ?? 10,
          },
        },
        dependsOn: [rule.resource, role.policy],
      });
      const optOuts: OptOutRecord[] =
        name === 'access-logging'
          ? [
              {
                setting: 'accessLogging.targetObjectOwnership',
                controls: ['s3-acls-disabled'],
                reason: props.accessLogging!.targetObjectOwnership.reason,
              },
            ]
          : [];
      recordSecurity(configuration, {
        module: 'S3AutoRemediation',
        controls: [...runbook.controls] as ControlId[],
        optOuts,
      });
      return { runbook, role, configuration, automatic };
    });
  }
}

/** The remediation parameters, as the runbook documents them. */
export function runbookParameters(
  runbook: RunbookDefinition,
  roleArn: string,
  props: Pick<S3AutoRemediationProps, 'sseAlgorithm' | 'accessLogging'>,
): ConfigRemediationConfigurationParameter[] {
  const params: ConfigRemediationConfigurationParameter[] = [
    { name: 'AutomationAssumeRole', staticValue: roleArn },
    { name: 'BucketName', resourceValue: 'RESOURCE_ID' },
  ];
  switch (runbook.name) {
    case 'bucket-public-access-block':
      for (const flag of [
        'BlockPublicAcls',
        'IgnorePublicAcls',
        'BlockPublicPolicy',
        'RestrictPublicBuckets',
      ])
        params.push({ name: flag, staticValue: 'true' });
      break;
    case 'default-encryption':
      params.push({ name: 'SSEAlgorithm', staticValue: props.sseAlgorithm ?? 'AES256' });
      break;
    case 'versioning':
      params.push({ name: 'VersioningState', staticValue: 'Enabled' });
      break;
    case 'access-logging': {
      const a = props.accessLogging!;
      params.push(
        { name: 'TargetBucket', staticValue: a.targetBucketName },
        { name: 'TargetPrefix', staticValue: a.targetPrefix ?? '/' },
        { name: 'GrantedPermission', staticValue: a.permission ?? 'READ' },
        { name: 'GranteeType', staticValue: a.grantee.type },
        a.grantee.type === 'CanonicalUser'
          ? { name: 'GranteeId', staticValue: a.grantee.id }
          : { name: 'GranteeUri', staticValue: a.grantee.uri },
      );
      break;
    }
    case 'tls-only':
      break;
  }
  for (const p of params) {
    if (!runbook.parameters[p.name]) {
      throw new Error(`${runbook.document} has no parameter ${p.name}`);
    }
  }
  return params;
}

function checkAccessLogging(v: PropsValidator, a: AccessLoggingRemediation): void {
  v.rule('accessLogging.targetBucketName', a.targetBucketName, bucketNameRule);
  const mode = (a.targetObjectOwnership as { mode?: string } | undefined)?.mode;
  v.check(
    mode === 'BucketOwnerPreferred' || mode === 'ObjectWriter',
    'accessLogging.targetObjectOwnership.mode',
    mode,
    'must be BucketOwnerPreferred or ObjectWriter: AWS-ConfigureS3BucketLogging always adds an ACL grant, which a BucketOwnerEnforced target (ACLs disabled) rejects; use SecureBucket accessLogs for such targets',
  );
  checkReason(v, 'accessLogging.targetObjectOwnership.reason', a.targetObjectOwnership?.reason);
  if (a.targetPrefix !== undefined && a.targetPrefix !== '/')
    v.rule('accessLogging.targetPrefix', a.targetPrefix, logPrefixRule);
  const type = (a.grantee as { type?: string } | undefined)?.type;
  v.check(
    type === 'CanonicalUser' || type === 'Group',
    'accessLogging.grantee.type',
    type,
    'must be CanonicalUser or Group (S3 no longer accepts new e-mail grantees, AmazonCustomerByEmail)',
  );
  if (a.grantee?.type === 'CanonicalUser') {
    v.check(
      /^[0-9a-f]{64}$/.test(a.grantee.id),
      'accessLogging.grantee.id',
      a.grantee.id,
      'is not a canonical user id (64 hexadecimal characters)',
    );
  } else if (a.grantee?.type === 'Group') {
    v.check(
      /^http:\/\/acs\.amazonaws\.com\/groups\/s3\/LogDelivery$/.test(a.grantee.uri),
      'accessLogging.grantee.uri',
      a.grantee.uri,
      'must be http://acs.amazonaws.com/groups/s3/LogDelivery: granting logs to AllUsers or AuthenticatedUsers makes them public',
    );
  }
  v.check(
    a.permission === undefined || ['FULL_CONTROL', 'READ', 'WRITE'].includes(a.permission),
    'accessLogging.permission',
    a.permission,
    'must be FULL_CONTROL, READ or WRITE',
  );
}

function camel(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());
}
