import { Lazy } from 'cdktf';
import { Construct } from 'constructs';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import {
  AwsEnvironment,
  KEY_POLICY,
  OptOut,
  OptOutRecord,
  PolicyComposer,
  PolicyConditions,
  PolicyStatement,
  PropsValidator,
  checkReason,
  iamPrincipalArnRule,
  integerBetween,
  isOptOut,
  isToken,
  kmsAliasRule,
  mergeTags,
  recordSecurity,
} from '../core';

/** What a known AWS service needs from a key that encrypts what it writes. */
interface ServiceProfile {
  readonly sid: string;
  readonly actions: readonly string[];
  /**
   * For services whose key use AWS documents scoping by encryption context
   * rather than by `aws:SourceAccount`: the context key that names the
   * resource (an ARN, which names the account). A grant must condition on it
   * with ArnLike or ArnEquals, and gets no `aws:SourceAccount` condition.
   */
  readonly contextKey?: string;
}

/**
 * Known service principals and the least set of key actions each needs.
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-services.html
 */
export const KNOWN_SERVICES: Readonly<Record<string, ServiceProfile>> = {
  'logging.s3.amazonaws.com': { sid: 'AllowS3ServerAccessLogDelivery', actions: ['kms:GenerateDataKey'] },
  'cloudtrail.amazonaws.com': {
    sid: 'AllowCloudTrailEncryption',
    actions: ['kms:GenerateDataKey*', 'kms:DescribeKey'],
  },
  'config.amazonaws.com': { sid: 'AllowConfigDelivery', actions: ['kms:Decrypt', 'kms:GenerateDataKey'] },
  'delivery.logs.amazonaws.com': {
    sid: 'AllowLogDelivery',
    actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
  },
  'macie.amazonaws.com': { sid: 'AllowMacieExport', actions: ['kms:GenerateDataKey', 'kms:Encrypt'] },
  'events.amazonaws.com': {
    sid: 'AllowEventBridgePublish',
    actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
  },
  'cloudwatch.amazonaws.com': {
    sid: 'AllowCloudWatchAlarmPublish',
    actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
  },
  'sns.amazonaws.com': { sid: 'AllowSnsDelivery', actions: ['kms:GenerateDataKey*', 'kms:Decrypt'] },
};

/**
 * Known services whose principal names a region (`logs.<region>.amazonaws.com`).
 * CloudWatch Logs uses the key of a log group with its own principal, for
 * writes and for every read; each use carries the log group ARN as the
 * encryption context `aws:logs:arn`.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
 */
export const KNOWN_REGIONAL_SERVICES: readonly {
  readonly pattern: RegExp;
  readonly profile: ServiceProfile;
}[] = [
  {
    // The region may be a Terraform token (a stack without a literal region).
    pattern: /^logs\.[^/\s]+\.amazonaws\.com(\.cn)?$/,
    profile: {
      sid: 'AllowCloudWatchLogsEncryption',
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      contextKey: 'kms:EncryptionContext:aws:logs:arn',
    },
  },
];

/** The profile of a known service principal, regional ones included. */
export function knownService(service: string): ServiceProfile | undefined {
  return KNOWN_SERVICES[service] ?? KNOWN_REGIONAL_SERVICES.find((r) => r.pattern.test(service))?.profile;
}

/** The CloudWatch Logs service principal of a region (commercial and GovCloud partitions). */
export function cloudWatchLogsPrincipal(region: string): string {
  return `logs.${region}.amazonaws.com`;
}

/** Administrative key actions: manage the key, never use it on data. */
export const KEY_ADMIN_ACTIONS = [
  'kms:CancelKeyDeletion',
  'kms:Create*',
  'kms:Delete*',
  'kms:Describe*',
  'kms:Disable*',
  'kms:Enable*',
  'kms:Get*',
  'kms:List*',
  'kms:Put*',
  'kms:Revoke*',
  'kms:RotateKeyOnDemand',
  'kms:ScheduleKeyDeletion',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:Update*',
];

/** Cryptographic actions S3 performs with a key on behalf of a caller. */
export const KEY_USE_ACTIONS = [
  'kms:Decrypt',
  'kms:DescribeKey',
  'kms:Encrypt',
  'kms:GenerateDataKey*',
  'kms:ReEncrypt*',
];

/** Lets an AWS service principal use the key, only for this account (and, when given, only for the named resources). */
export interface ServiceGrant {
  /** The service principal, such as `logging.s3.amazonaws.com`. */
  readonly service: string;
  /**
   * Key actions the service may perform.
   * @default - the least set known for the service (see KNOWN_SERVICES); required for other services
   */
  readonly actions?: readonly string[];
  /**
   * ARNs (or ArnLike patterns) of the resources the service acts for (`aws:SourceArn`).
   * @default - any resource of this account (`aws:SourceAccount` only)
   */
  readonly sourceArns?: readonly string[];
  /** Further conditions, merged into the statement (for example an encryption context). */
  readonly conditions?: PolicyConditions;
}

export interface S3DataKeyProps {
  /**
   * Alias of the key, `alias/<name>`.
   * @default - no alias
   */
  readonly alias?: string;
  /** @default 'Encrypts Amazon S3 data (managed by cdktf-s3-security)' */
  readonly description?: string;
  /**
   * Days the key waits in PendingDeletion before it is destroyed (7 to 30).
   * A long window is the last chance to undo a mistaken deletion of every object encrypted with it.
   * @default 30
   */
  readonly deletionWindowInDays?: number;
  /** Service principals that may use the key. More can be added with {@link S3DataKey.grantService}. */
  readonly serviceGrants?: readonly ServiceGrant[];
  /**
   * IAM principals that administer the key (not use it). The account root always
   * administers, so IAM policies can delegate administration.
   * @default []
   */
  readonly administratorArns?: readonly string[];
  /**
   * IAM principals that may use the key directly, outside S3 (for example a
   * client that encrypts before upload). Principals of the account can always use
   * it through S3 when their IAM policy allows.
   * @default []
   */
  readonly userArns?: readonly string[];
  /**
   * Terraform's `prevent_destroy`: a `terraform destroy` or a change that replaces
   * the key fails instead of scheduling the deletion of every object's key.
   * @default true
   */
  readonly preventDestroy?: true | OptOut;
  /** Tags for the key. */
  readonly tags?: Record<string, string>;
}

/**
 * A customer managed KMS key for S3 data: rotation on, a 30-day deletion window,
 * and a least-privilege key policy. The account administers the key; principals
 * of the account use it only through S3 in this region (kms:ViaService); named
 * services use it only for this account (aws:SourceAccount, aws:SourceArn).
 */
export class S3DataKey extends Construct {
  public readonly key: KmsKey;
  public readonly alias?: KmsAlias;
  /** Accepted risks of this key. */
  public readonly optOuts: readonly OptOutRecord[];
  private readonly policy: PolicyComposer;
  private readonly grants = new Map<string, ServiceGrant>();
  private readonly env: AwsEnvironment;

  constructor(scope: Construct, id: string, props: S3DataKeyProps = {}) {
    super(scope, id);
    this.env = AwsEnvironment.of(this);
    const v = new PropsValidator(this);
    v.rule('alias', props.alias, kmsAliasRule);
    v.rule('deletionWindowInDays', props.deletionWindowInDays, integerBetween(7, 30));
    (props.administratorArns ?? []).forEach((arn, i) =>
      v.rule(`administratorArns[${i}]`, arn, iamPrincipalArnRule),
    );
    (props.userArns ?? []).forEach((arn, i) => v.rule(`userArns[${i}]`, arn, iamPrincipalArnRule));
    const optOuts: OptOutRecord[] = [];
    if (isOptOut(props.preventDestroy)) {
      checkReason(v, 'preventDestroy.reason', props.preventDestroy.reason);
      optOuts.push({ setting: 'preventDestroy', controls: [], reason: props.preventDestroy.reason });
    }
    const tags = mergeTags(v, 'tags', props.tags);
    (props.serviceGrants ?? []).forEach((g, i) => this.checkGrant(v, `serviceGrants[${i}]`, g));
    v.throwIfAny();
    this.optOuts = optOuts;

    this.policy = new PolicyComposer(this, KEY_POLICY);
    this.policy.addMandatory('S3DataKey', ...this.baseStatements(props));
    (props.serviceGrants ?? []).forEach((g) => this.mergeGrant(g));

    this.key = new KmsKey(this, 'Key', {
      description: props.description ?? 'Encrypts Amazon S3 data (managed by cdktf-s3-security)',
      enableKeyRotation: true,
      deletionWindowInDays: props.deletionWindowInDays ?? 30,
      bypassPolicyLockoutSafetyCheck: false,
      policy: Lazy.stringValue({ produce: () => this.renderPolicy() }),
      tags,
      lifecycle: { preventDestroy: !isOptOut(props.preventDestroy) },
    });
    recordSecurity(this.key, { module: 'S3DataKey', controls: [], optOuts });
    if (props.alias) {
      this.alias = new KmsAlias(this, 'Alias', { name: props.alias, targetKeyId: this.key.keyId });
    }
  }

  /** The key ARN, for `kms_master_key_id` and IAM policies. */
  public get keyArn(): string {
    return this.key.arn;
  }

  /**
   * Lets a service principal use the key for this account. Grants to the same
   * service merge (their source ARNs are combined).
   */
  public grantService(grant: ServiceGrant): void {
    const v = new PropsValidator(this);
    this.checkGrant(v, `grantService(${JSON.stringify(grant.service)})`, grant);
    v.throwIfAny();
    this.mergeGrant(grant);
  }

  /** The statements of the key policy, for tests and reviews. */
  public get policyStatements(): PolicyStatement[] {
    return [...this.policy.statements, ...this.grantStatements()];
  }

  private checkGrant(v: PropsValidator, prop: string, grant: ServiceGrant): void {
    v.check(
      isToken(grant.service) || /^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(grant.service),
      `${prop}.service`,
      grant.service,
      'is not an AWS service principal (expected a name like logging.s3.amazonaws.com)',
    );
    const known = knownService(grant.service);
    v.check(
      grant.actions !== undefined || known !== undefined,
      `${prop}.actions`,
      grant.actions,
      `must list the key actions for ${grant.service}, which has no known least-privilege set`,
    );
    (grant.actions ?? []).forEach((a, i) =>
      v.check(/^kms:[A-Za-z*]+$/.test(a), `${prop}.actions[${i}]`, a, 'is not a KMS action (kms:<Action>)'),
    );
    v.check(
      grant.sourceArns === undefined || grant.sourceArns.length > 0,
      `${prop}.sourceArns`,
      grant.sourceArns,
      'must not be empty (omit it to allow any resource of this account)',
    );
    if (known?.contextKey) {
      const key = known.contextKey;
      v.check(
        grant.sourceArns === undefined,
        `${prop}.sourceArns`,
        grant.sourceArns,
        `is not used by ${grant.service}: name its resources with the ${key} condition`,
      );
      const values = grant.conditions?.ArnLike?.[key] ?? grant.conditions?.ArnEquals?.[key];
      v.check(
        values !== undefined,
        `${prop}.conditions`,
        grant.conditions,
        `must limit ${grant.service} to named resources with ArnLike or ArnEquals on ${key}`,
      );
    }
  }

  private mergeGrant(grant: ServiceGrant): void {
    const prev = this.grants.get(grant.service);
    if (!prev) {
      this.grants.set(grant.service, grant);
      return;
    }
    const union = (a?: readonly string[], b?: readonly string[]) => [
      ...new Set([...(a ?? []), ...(b ?? [])]),
    ];
    this.grants.set(grant.service, {
      service: grant.service,
      actions: prev.actions || grant.actions ? union(prev.actions, grant.actions) : undefined,
      // An unrestricted grant (no sourceArns) covers a restricted one.
      sourceArns: prev.sourceArns && grant.sourceArns ? union(prev.sourceArns, grant.sourceArns) : undefined,
      conditions: mergeConditions(prev.conditions, grant.conditions),
    });
  }

  private baseStatements(props: S3DataKeyProps): PolicyStatement[] {
    const root = this.env.accountRootArn;
    const statements: PolicyStatement[] = [
      {
        Sid: 'AccountAdministersKey',
        Effect: 'Allow',
        Principal: { AWS: root },
        Action: KEY_ADMIN_ACTIONS,
        Resource: '*',
      },
      {
        Sid: 'AccountUsesKeyThroughS3',
        Effect: 'Allow',
        Principal: { AWS: root },
        Action: KEY_USE_ACTIONS,
        Resource: '*',
        Condition: {
          StringEquals: {
            'kms:ViaService': `s3.${this.env.region}.amazonaws.com`,
            'kms:CallerAccount': this.env.accountId,
          },
        },
      },
    ];
    if (props.administratorArns?.length) {
      statements.push({
        Sid: 'NamedAdministrators',
        Effect: 'Allow',
        Principal: { AWS: [...props.administratorArns] },
        Action: KEY_ADMIN_ACTIONS,
        Resource: '*',
      });
    }
    if (props.userArns?.length) {
      statements.push({
        Sid: 'NamedUsers',
        Effect: 'Allow',
        Principal: { AWS: [...props.userArns] },
        Action: KEY_USE_ACTIONS,
        Resource: '*',
      });
    }
    return statements;
  }

  private grantStatements(): PolicyStatement[] {
    return [...this.grants.values()]
      .sort((a, b) => a.service.localeCompare(b.service))
      .map((g) => {
        const known = knownService(g.service);
        const condition: PolicyConditions = known?.contextKey
          ? { ...(g.conditions ?? {}) }
          : {
              ...(g.conditions ?? {}),
              StringEquals: {
                ...(g.conditions?.StringEquals ?? {}),
                'aws:SourceAccount': this.env.accountId,
              },
            };
        if (g.sourceArns) {
          condition.ArnLike = { ...(g.conditions?.ArnLike ?? {}), 'aws:SourceArn': [...g.sourceArns] };
        }
        return {
          Sid: known?.sid ?? `Allow${g.service.split('.')[0].replace(/[^A-Za-z0-9]/g, '')}Service`,
          Effect: 'Allow' as const,
          Principal: { Service: g.service },
          Action: [...(g.actions ?? known!.actions)],
          Resource: '*',
          Condition: condition,
        };
      });
  }

  private renderPolicy(): string {
    const composer = new PolicyComposer(this, KEY_POLICY);
    composer.addMandatory('S3DataKey', ...this.policy.statements);
    composer.addStatements('grantService', ...this.grantStatements());
    return composer.render();
  }
}

/** Two condition blocks as one; values of the same operator and key are combined (any of them matches). */
function mergeConditions(a: PolicyConditions = {}, b: PolicyConditions = {}): PolicyConditions {
  const out: Record<string, Record<string, string | readonly string[] | boolean | number>> = {};
  for (const block of [a, b]) {
    for (const [operator, keys] of Object.entries(block)) {
      const merged = { ...(out[operator] ?? {}) };
      for (const [key, value] of Object.entries(keys)) {
        const prev = merged[key];
        merged[key] =
          prev === undefined || prev === value
            ? value
            : [...new Set([...asValues(prev), ...asValues(value)])];
      }
      out[operator] = merged;
    }
  }
  return out;
}

function asValues(value: string | readonly string[] | boolean | number): string[] {
  return Array.isArray(value) ? [...(value as string[])] : [String(value)];
}

/** True for a construct that is an {@link S3DataKey} (used to accept a key or an ARN). */
export function isS3DataKey(value: unknown): value is S3DataKey {
  return value instanceof S3DataKey;
}

export * from './service-key';
export * from './key-choice';
