/**
 * An AuditContext for reader tests: real SDK clients (mocked with
 * aws-sdk-client-mock), the error classification the contract describes, and
 * a record of every call's permission and every warning.
 */
import type { AuditAction } from '../../controls/audit-permissions';
import type { AuditContext, ClientClass, Outcome } from '../../cli/audit/context';

export interface TestAuditContext extends AuditContext {
  /** The permission of every call, in the order the calls started. */
  readonly calls: AuditAction[];
  readonly warnings: string[];
}

const DENIED = ['AccessDenied', 'AccessDeniedException'];

export function testAuditContext(
  options: { accountId?: string; partition?: string; regions?: readonly string[] } = {},
): TestAuditContext {
  const clients = new Map<unknown, Map<string, unknown>>();
  const calls: AuditAction[] = [];
  const warnings: string[] = [];
  return {
    accountId: options.accountId ?? '111122223333',
    partition: options.partition ?? 'aws',
    regions: options.regions ?? ['us-east-1'],
    calls,
    warnings,
    client<C>(Client: ClientClass<C>, region: string): C {
      const byRegion = clients.get(Client) ?? new Map<string, unknown>();
      clients.set(Client, byRegion);
      if (!byRegion.has(region)) {
        byRegion.set(
          region,
          new Client({
            region,
            maxAttempts: 1,
            credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' },
          }),
        );
      }
      return byRegion.get(region) as C;
    },
    async call<T>(
      permission: AuditAction,
      run: () => Promise<T>,
      notConfigured: readonly string[] = [],
    ): Promise<Outcome<T>> {
      calls.push(permission);
      try {
        return { kind: 'ok', value: await run() };
      } catch (e) {
        const name = (e as { name?: string }).name ?? '';
        if (notConfigured.includes(name)) return { kind: 'not-configured', code: name };
        if (DENIED.includes(name)) return { kind: 'denied', permission };
        if (name === 'NoSuchBucket') return { kind: 'gone' };
        return { kind: 'failed', message: (e as Error).message };
      }
    },
    warn(message: string) {
      warnings.push(message);
    },
  };
}

/** An SDK service error as the clients throw it. */
export function awsError(name: string, message = name): Error {
  const e = new Error(message);
  e.name = name;
  return Object.assign(e, { $metadata: {}, $fault: 'client' });
}
