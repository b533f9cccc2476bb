import {
  OptOut,
  OptOutRecord,
  PolicyConditions,
  PolicyStatement,
  PropsValidator,
  checkReason,
  isOptOut,
  servicePrincipalRule,
} from '../core';

/** What a known AWS service needs from a key that encrypts what it writes. */
export interface ServiceProfile {
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
  /**
   * Scope the grant to this account with `aws:SourceAccount`. Turn it off, with
   * the reason, only where the service's documentation gives the grant without
   * source conditions (AWS services publishing to an encrypted SNS topic, whose
   * topic policy restricts the source instead); the opt-out is recorded on the key.
   * @default true
   */
  readonly sourceAccount?: true | OptOut;
}

/**
 * The service grants of a key policy, one statement per service: validated,
 * merged by service (their source ARNs and condition values combine), and
 * rendered with the conditions each service's documentation asks for.
 */
export class ServiceGrants {
  private readonly grants = new Map<string, ServiceGrant>();

  /** Validates a grant; `prop` names it in messages. */
  public static check(v: PropsValidator, prop: string, grant: ServiceGrant): void {
    v.rule(`${prop}.service`, grant.service, servicePrincipalRule);
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
    if (isOptOut(grant.sourceAccount))
      checkReason(v, `${prop}.sourceAccount.reason`, grant.sourceAccount.reason);
    if (known?.contextKey) {
      const key = known.contextKey;
      v.check(
        grant.sourceArns === undefined,
        `${prop}.sourceArns`,
        grant.sourceArns,
        `is not used by ${grant.service}: name its resources with the ${key} condition`,
      );
      v.check(
        grant.sourceAccount === undefined,
        `${prop}.sourceAccount`,
        grant.sourceAccount,
        `is not used by ${grant.service}: its grant is scoped by the ${key} condition`,
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

  /** Adds a grant (already checked); grants to the same service merge. */
  public add(grant: ServiceGrant): void {
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
      // An unrestricted grant (no sourceArns, or no aws:SourceAccount) covers a restricted one.
      sourceArns: prev.sourceArns && grant.sourceArns ? union(prev.sourceArns, grant.sourceArns) : undefined,
      conditions: mergeConditions(prev.conditions, grant.conditions),
      sourceAccount: isOptOut(prev.sourceAccount) ? prev.sourceAccount : grant.sourceAccount,
    });
  }

  /** Grants that leave out `aws:SourceAccount`, with their reasons. */
  public get optOuts(): OptOutRecord[] {
    return this.sorted()
      .filter((g) => isOptOut(g.sourceAccount))
      .map((g) => ({
        setting: `grantService(${g.service}).sourceAccount`,
        controls: [],
        reason: (g.sourceAccount as OptOut).reason,
      }));
  }

  /** One statement per service, sorted by service. */
  public statements(accountId: string): PolicyStatement[] {
    return this.sorted().map((g) => {
      const known = knownService(g.service);
      const scoped = !known?.contextKey && !isOptOut(g.sourceAccount);
      const condition: PolicyConditions = scoped
        ? {
            ...(g.conditions ?? {}),
            StringEquals: { ...(g.conditions?.StringEquals ?? {}), 'aws:SourceAccount': accountId },
          }
        : { ...(g.conditions ?? {}) };
      if (g.sourceArns) {
        condition.ArnLike = { ...(g.conditions?.ArnLike ?? {}), 'aws:SourceArn': [...g.sourceArns] };
      }
      return {
        Sid: known?.sid ?? `Allow${g.service.split('.')[0].replace(/[^A-Za-z0-9]/g, '')}Service`,
        Effect: 'Allow' as const,
        Principal: { Service: g.service },
        Action: [...(g.actions ?? known!.actions)],
        Resource: '*',
        ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
      };
    });
  }

  private sorted(): ServiceGrant[] {
    return [...this.grants.values()].sort((a, b) => a.service.localeCompare(b.service));
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
