/**
 * Small pieces every live-account reader needs: why a call gave no value,
 * paginated listings through `ctx.call`, and S3 Block Public Access flags.
 */
import type { AuditAction } from '../../controls/audit-permissions';
import { PublicAccessBlockPosture, unknown, Unknown } from '../../controls/posture';
import type { AuditContext, Outcome } from './context';

/** An outcome that carries no value. */
export type Failure = Exclude<Outcome<unknown>, { kind: 'ok' }>;

/** Why `what` could not be read, for an Unknown the report shows. */
export function unreadable(what: string, outcome: Failure): Unknown {
  switch (outcome.kind) {
    case 'denied':
      return unknown(`${what}: access denied (the audit needs ${outcome.permission})`);
    case 'failed':
      return unknown(`${what} could not be read: ${outcome.message}`);
    case 'gone':
      return unknown(`${what}: deleted while the audit ran`);
    case 'not-configured':
      return unknown(`${what}: not configured (${outcome.code})`);
  }
}

/**
 * Every item of a paginated listing, one `ctx.call` per page. A page that
 * fails fails the listing: a partial list would read as "none of the rest".
 */
export async function listAll<P, I>(
  ctx: AuditContext,
  permission: AuditAction,
  page: (token: string | undefined) => Promise<P>,
  items: (p: P) => readonly I[] | undefined,
  next: (p: P) => string | undefined,
  notConfigured?: readonly string[],
): Promise<Outcome<I[]>> {
  const all: I[] = [];
  let token: string | undefined;
  do {
    const outcome = await ctx.call(permission, () => page(token), notConfigured);
    if (outcome.kind !== 'ok') return outcome;
    all.push(...(items(outcome.value) ?? []));
    token = next(outcome.value);
  } while (token);
  return { kind: 'ok', value: all };
}

/** The four settings as S3 and S3 Control return them; a setting left out is off. */
export interface PublicAccessBlockFlags {
  readonly BlockPublicAcls?: boolean;
  readonly IgnorePublicAcls?: boolean;
  readonly BlockPublicPolicy?: boolean;
  readonly RestrictPublicBuckets?: boolean;
}

export function publicAccessFlagsOf(c: PublicAccessBlockFlags): Omit<PublicAccessBlockPosture, 'location'> {
  return {
    blockPublicAcls: c.BlockPublicAcls === true,
    ignorePublicAcls: c.IgnorePublicAcls === true,
    blockPublicPolicy: c.BlockPublicPolicy === true,
    restrictPublicBuckets: c.RestrictPublicBuckets === true,
  };
}

/** All four settings unknown, for why. */
export function unknownFlags(why: Unknown): Omit<PublicAccessBlockPosture, 'location'> {
  return { blockPublicAcls: why, ignorePublicAcls: why, blockPublicPolicy: why, restrictPublicBuckets: why };
}
