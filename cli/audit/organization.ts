/**
 * Organization mode: lists the organization's accounts, assumes the audit
 * role in each, and audits the accounts a few at a time. An account that is
 * not active, or whose role cannot be assumed, is reported with the reason;
 * it never stops the others. The caller's own account is audited with the
 * caller's own credentials (the role is usually not deployed there).
 * Assumed credentials live in memory only, for the run.
 */
import { Account, ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { Finding, STATUSES, Status } from '../../controls/results';
import { InputError } from '../readers/raw';
import { summarize } from '../review';
import type { AuditContext, AuditCredentials } from './context';
import { Failure, listAll } from './read';

/** The session name member accounts see in CloudTrail for the audit's calls. */
export const AUDIT_SESSION_NAME = 's3-security-audit';
/** Assumed credentials last 15 minutes (the least STS allows) and are renewed while the audit runs. */
export const ASSUMED_ROLE_SECONDS = 900;
/** Renew assumed credentials this long before they expire. */
const RENEW_BEFORE_MS = 5 * 60 * 1000;
/** Accounts audited at once by default; each account's calls are bounded by its own run as well. */
export const DEFAULT_ACCOUNT_CONCURRENCY = 4;

/** One account to audit. */
export interface AuditTarget {
  readonly accountId: string;
  readonly name?: string;
  /** The assumed role's credentials; undefined for the caller's own account (the caller's credentials). */
  readonly credentials?: AuditCredentials;
}

/** What the audit of one account must give back to be summarized. */
export interface AccountAuditResult {
  readonly findings: readonly Finding[];
}

/** Findings by status. */
export type StatusCounts = Readonly<Record<Status, number>>;

export type OrganizationAccount<R> =
  | {
      readonly accountId: string;
      readonly name?: string;
      readonly audited: true;
      readonly result: R;
      readonly summary: StatusCounts;
    }
  | { readonly accountId: string; readonly name?: string; readonly audited: false; readonly reason: string };

export interface OrganizationAudit<R> {
  /** Every account of the organization, in the order Organizations lists them. */
  readonly accounts: readonly OrganizationAccount<R>[];
  /** Findings by status over the audited accounts, and how many accounts were and were not audited. */
  readonly total: StatusCounts & { readonly audited: number; readonly notAudited: number };
}

export interface OrganizationAuditOptions<R> {
  /** The role to assume in each member account (`--role-name`). */
  readonly roleName: string;
  /** Audits one account; a rejection is reported for that account, not thrown. */
  readonly auditAccount: (target: AuditTarget) => Promise<R>;
  /** Accounts audited at once. */
  readonly concurrency?: number;
}

/** Runs `work` on every item, at most `limit` at once, keeping the items' order. */
export async function mapBounded<T, U>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<U>,
): Promise<U[]> {
  const out = new Array<U>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

function listFailure(failure: Failure): string {
  if (failure.kind === 'denied') {
    return "cannot list the organization's accounts: access denied (run from the management account or a delegated administrator with organizations:ListAccounts)";
  }
  if (failure.kind === 'not-configured')
    return 'this account is not in an organization (AWS Organizations is not in use)';
  return `cannot list the organization's accounts: ${failure.kind === 'failed' ? failure.message : failure.kind}`;
}

function assumeFailure(roleArn: string, failure: Failure): string {
  if (failure.kind === 'denied') {
    return `cannot assume ${roleArn}: access denied (the role is missing, does not trust this account, or this account may not call sts:AssumeRole on it)`;
  }
  return `cannot assume ${roleArn}: ${failure.kind === 'failed' ? failure.message : failure.kind}`;
}

/**
 * Credentials of the role, renewed shortly before they expire; the first set
 * is the one the caller already obtained (so a role that cannot be assumed is
 * found before its account is audited).
 */
function renewing(
  first: AwsCredentialIdentity,
  assume: () => Promise<AwsCredentialIdentity>,
): AwsCredentialIdentityProvider {
  let current = first;
  let renewal: Promise<AwsCredentialIdentity> | undefined;
  return async () => {
    const expires = current.expiration?.getTime();
    if (expires === undefined || expires - Date.now() > RENEW_BEFORE_MS) return current;
    renewal ??= assume().finally(() => (renewal = undefined));
    current = await renewal;
    return current;
  };
}

/** Audits every active account of the organization the caller (`ctx`) belongs to. */
export async function auditOrganization<R extends AccountAuditResult>(
  ctx: AuditContext,
  options: OrganizationAuditOptions<R>,
): Promise<OrganizationAudit<R>> {
  const region = ctx.regions[0] ?? 'us-east-1';
  const listed = await listAll(
    ctx,
    'organizations:ListAccounts',
    (NextToken) => ctx.client(OrganizationsClient, region).send(new ListAccountsCommand({ NextToken })),
    (p) => p.Accounts,
    (p) => p.NextToken,
    ['AWSOrganizationsNotInUseException'],
  );
  if (listed.kind !== 'ok') throw new InputError(listFailure(listed));

  const assume = async (roleArn: string): Promise<AwsCredentialIdentity | string> => {
    const outcome = await ctx.call('sts:AssumeRole', () =>
      ctx.client(STSClient, region).send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: AUDIT_SESSION_NAME,
          DurationSeconds: ASSUMED_ROLE_SECONDS,
        }),
      ),
    );
    if (outcome.kind !== 'ok') return assumeFailure(roleArn, outcome);
    const c = outcome.value.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) return `cannot assume ${roleArn}: STS returned no credentials`;
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration: c.Expiration,
    };
  };

  const auditOne = async (account: Account): Promise<OrganizationAccount<R>> => {
    const accountId = account.Id ?? '';
    const name = account.Name;
    const state = account.State ?? account.Status;
    if (state !== undefined && state !== 'ACTIVE') {
      return { accountId, name, audited: false, reason: `the account is ${state}, not ACTIVE` };
    }
    let credentials: AuditCredentials | undefined;
    if (accountId !== ctx.accountId) {
      const roleArn = `arn:${ctx.partition}:iam::${accountId}:role/${options.roleName}`;
      const first = await assume(roleArn);
      if (typeof first === 'string') return { accountId, name, audited: false, reason: first };
      credentials = renewing(first, async () => {
        const again = await assume(roleArn);
        if (typeof again === 'string') throw new Error(again);
        return again;
      });
    }
    try {
      const result = await options.auditAccount({ accountId, name, credentials });
      return { accountId, name, audited: true, result, summary: summarize(result.findings) };
    } catch (e) {
      return { accountId, name, audited: false, reason: `the audit failed: ${(e as Error).message}` };
    }
  };

  const accounts = await mapBounded(
    listed.value,
    options.concurrency ?? DEFAULT_ACCOUNT_CONCURRENCY,
    auditOne,
  );
  const total = summarize([]);
  for (const a of accounts) if (a.audited) for (const s of STATUSES) total[s] += a.summary[s];
  const audited = accounts.filter((a) => a.audited).length;
  return { accounts, total: { ...total, audited, notAudited: accounts.length - audited } };
}
