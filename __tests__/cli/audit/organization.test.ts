/**
 * Organization mode with mocked Organizations and STS: every page of
 * accounts, only active accounts, the caller's own account with its own
 * credentials, failed assumes and failed audits reported per account, the
 * concurrency bound, renewal of the assumed credentials, and the totals.
 */
import { AccountState, ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { mockClient } from 'aws-sdk-client-mock';
import {
  ASSUMED_ROLE_SECONDS,
  AUDIT_SESSION_NAME,
  AuditTarget,
  auditOrganization,
  mapBounded,
} from '../../../cli/audit/organization';
import { InputError } from '../../../cli/readers/raw';
import { Finding, Status } from '../../../controls/results';
import { awsError, testAuditContext } from '../../support/audit-context';

const CALLER = '111122223333';
const ROLE = 'S3SecurityAudit';
const organizations = mockClient(OrganizationsClient);
const sts = mockClient(STSClient);

const account = (Id: string, State: AccountState = 'ACTIVE', Name = `acct-${Id.slice(0, 3)}`) => ({
  Id,
  Name,
  State,
});
const keys = (id: string, expiresInMs = 15 * 60 * 1000) => ({
  AccessKeyId: `ASIA${id}`,
  SecretAccessKey: `secret-of-${id}`,
  SessionToken: `token-of-${id}`,
  Expiration: new Date(Date.now() + expiresInMs),
});
const finding = (status: Status): Finding => ({
  control: 's3-versioning',
  severity: 'medium',
  status,
  subject: { kind: 'bucket', id: 'arn:aws:s3:::b' },
  message: status,
});
const roleOf = (id: string) => `arn:aws:iam::${id}:role/${ROLE}`;

const resetMocks = () => [organizations, sts].forEach((m) => m.reset());

describe('an organization with a mix of accounts', () => {
  const targets: AuditTarget[] = [];
  let result: Awaited<ReturnType<typeof run>>;
  const run = () =>
    auditOrganization(testAuditContext({ accountId: CALLER }), {
      roleName: ROLE,
      auditAccount: async (target) => {
        targets.push(target);
        if (target.accountId === '555555555555') throw new Error('the endpoint could not be reached');
        return {
          findings: target.accountId === CALLER ? [finding('pass'), finding('fail')] : [finding('unknown')],
        };
      },
    });

  beforeAll(async () => {
    resetMocks();
    organizations
      .on(ListAccountsCommand)
      .resolvesOnce({ Accounts: [account(CALLER), account('222222222222')], NextToken: 'page2' })
      .resolves({
        Accounts: [account('333333333333', 'SUSPENDED'), account('444444444444'), account('555555555555')],
      });
    sts.on(AssumeRoleCommand).resolves({ Credentials: keys('A') });
    sts.on(AssumeRoleCommand, { RoleArn: roleOf('444444444444') }).rejects(awsError('AccessDenied'));
    result = await run();
  });

  it('lists every page and reports every account in the listed order', () => {
    expect(organizations.commandCalls(ListAccountsCommand).map((c) => c.args[0].input)).toEqual([
      { NextToken: undefined },
      { NextToken: 'page2' },
    ]);
    expect(result.accounts.map((a) => [a.accountId, a.audited])).toEqual([
      [CALLER, true],
      ['222222222222', true],
      ['333333333333', false],
      ['444444444444', false],
      ['555555555555', false],
    ]);
  });

  it("audits the caller's account with its own credentials and assumes the role elsewhere", async () => {
    const own = targets.find((t) => t.accountId === CALLER);
    expect(own).toEqual({ accountId: CALLER, name: 'acct-111', credentials: undefined });
    const member = targets.find((t) => t.accountId === '222222222222');
    const credentials = await (member?.credentials as AwsCredentialIdentityProvider)();
    expect(credentials).toMatchObject({ accessKeyId: 'ASIAA', secretAccessKey: 'secret-of-A' });
    expect(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input)).toEqual(
      ['222222222222', '444444444444', '555555555555'].map((id) => ({
        RoleArn: roleOf(id),
        RoleSessionName: AUDIT_SESSION_NAME,
        DurationSeconds: ASSUMED_ROLE_SECONDS,
      })),
    );
    expect(ASSUMED_ROLE_SECONDS).toBe(900);
  });

  it('reports why an account was not audited: not active, role not assumable, audit failed', () => {
    const reasons = result.accounts.flatMap((a) => (a.audited ? [] : [[a.accountId, a.reason]]));
    expect(reasons).toEqual([
      ['333333333333', 'the account is SUSPENDED, not ACTIVE'],
      [
        '444444444444',
        `cannot assume ${roleOf('444444444444')}: access denied (the role is missing, does not trust this account, or this account may not call sts:AssumeRole on it)`,
      ],
      ['555555555555', 'the audit failed: the endpoint could not be reached'],
    ]);
  });

  it('summarizes each account and totals the audited ones', () => {
    const summaries = result.accounts.flatMap((a) => (a.audited ? [[a.accountId, a.summary]] : []));
    expect(summaries).toEqual([
      [CALLER, { fail: 1, unknown: 0, accepted: 0, pass: 1, 'not-applicable': 0 }],
      ['222222222222', { fail: 0, unknown: 1, accepted: 0, pass: 0, 'not-applicable': 0 }],
    ]);
    expect(result.total).toEqual({
      fail: 1,
      unknown: 1,
      accepted: 0,
      pass: 1,
      'not-applicable': 0,
      audited: 2,
      notAudited: 3,
    });
  });

  it('keeps the assumed credentials out of the result', () => {
    expect(JSON.stringify(result)).not.toMatch(/secret-of|token-of|ASIA/);
  });
});

it('audits at most `concurrency` accounts at once', async () => {
  resetMocks();
  const ids = ['2', '3', '4', '5', '6', '7'].map((d) => d.repeat(12));
  organizations.on(ListAccountsCommand).resolves({ Accounts: ids.map((id) => account(id)) });
  sts.on(AssumeRoleCommand).resolves({ Credentials: keys('B') });
  let running = 0;
  let most = 0;
  const result = await auditOrganization(testAuditContext({ accountId: CALLER }), {
    roleName: ROLE,
    concurrency: 2,
    auditAccount: async () => {
      most = Math.max(most, ++running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      return { findings: [] };
    },
  });
  expect(most).toBe(2);
  expect(result.total.audited).toBe(6);
});

it('keeps the order of the items whatever order their work ends in', async () => {
  const delays = [30, 0, 10, 5];
  const out = await mapBounded(delays, 3, async (d) => {
    await new Promise((r) => setTimeout(r, d));
    return d;
  });
  expect(out).toEqual(delays);
});

it('renews assumed credentials shortly before they expire, not before', async () => {
  resetMocks();
  organizations.on(ListAccountsCommand).resolves({ Accounts: [account('222222222222')] });
  sts
    .on(AssumeRoleCommand)
    .resolvesOnce({ Credentials: keys('FIRST', 60 * 1000) })
    .resolvesOnce({ Credentials: keys('SECOND') });
  let provider: AwsCredentialIdentityProvider | undefined;
  await auditOrganization(testAuditContext({ accountId: CALLER }), {
    roleName: ROLE,
    auditAccount: async (target) => {
      provider = target.credentials as AwsCredentialIdentityProvider;
      return { findings: [] };
    },
  });
  const first: AwsCredentialIdentity = await provider!();
  expect(first.accessKeyId).toBe('ASIASECOND');
  const again = await provider!();
  expect(again.accessKeyId).toBe('ASIASECOND');
  expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(2);
});

it('stops with one clear line when the accounts cannot be listed', async () => {
  resetMocks();
  organizations.on(ListAccountsCommand).rejects(awsError('AccessDeniedException'));
  const run = () =>
    auditOrganization(testAuditContext({ accountId: CALLER }), {
      roleName: ROLE,
      auditAccount: async () => ({ findings: [] }),
    });
  await expect(run()).rejects.toThrow(InputError);
  await expect(run()).rejects.toThrow(
    "cannot list the organization's accounts: access denied (run from the management account or a delegated administrator with organizations:ListAccounts)",
  );
  organizations.on(ListAccountsCommand).rejects(awsError('AWSOrganizationsNotInUseException'));
  await expect(run()).rejects.toThrow(
    'this account is not in an organization (AWS Organizations is not in use)',
  );
});
