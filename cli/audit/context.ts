/**
 * The contract between the audit's parts: the run (clients, concurrency,
 * error handling) and the readers that turn AWS responses into the posture
 * model the review's judges already read.
 */
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { AuditAction } from '../../controls/audit-permissions';

/** How one AWS call ended, already classified for the judges. */
export type Outcome<T> =
  | { readonly kind: 'ok'; readonly value: T }
  /** The API's "not configured" error (NoSuchBucketPolicy, NoSuchTagSet...): the setting is absent. */
  | { readonly kind: 'not-configured'; readonly code: string }
  /** AccessDenied: the controls that needed it are `unknown`, naming the missing permission. */
  | { readonly kind: 'denied'; readonly permission: AuditAction }
  /** The bucket was deleted while the audit ran (NoSuchBucket): a warning, not a finding. */
  | { readonly kind: 'gone' }
  /** Anything else, after the SDK's retries: `unknown` with this message. */
  | { readonly kind: 'failed'; readonly message: string };

/** An SDK v3 client class: `new S3Client(config)`. */
export type ClientClass<C> = new (config: Record<string, unknown>) => C;

export interface AuditContext {
  /** The audited account. */
  readonly accountId: string;
  /** The partition of its ARNs (`aws`, `aws-us-gov`, `aws-cn`). */
  readonly partition: string;
  /** Regions whose account-level settings are read (trails, recorders, Macie, GuardDuty, access points). */
  readonly regions: readonly string[];
  /**
   * The client of that class for that region, created once and shared:
   * credentials, endpoint (path-style S3, no host prefix when an endpoint is
   * given), adaptive retries.
   */
  client<C>(Client: ClientClass<C>, region: string): C;
  /**
   * Runs one AWS call within the run's concurrency bound and classifies how
   * it ended. `notConfigured` lists the error codes that mean "absent".
   * Never rejects.
   */
  call<T>(
    permission: AuditAction,
    run: () => Promise<T>,
    notConfigured?: readonly string[],
  ): Promise<Outcome<T>>;
  /** A warning for the report (a bucket deleted mid-run, a region that could not be read). */
  warn(message: string): void;
}

/** Credentials for one audited account: the caller's own, or an assumed role's. */
export type AuditCredentials = AwsCredentialIdentity | AwsCredentialIdentityProvider;
