/**
 * Reads a live account's account-level posture: S3 Block Public Access of the
 * account and of its access points (regional and multi-region), CloudTrail, AWS Config, Macie and GuardDuty
 * Malware Protection, in every audited region, into the model the review's
 * judges read. Each AWS call goes through `ctx.call` with the IAM action it
 * needs, so a denied call makes only what it would have shown unknown.
 */
import {
  GetAccessPointCommand,
  GetPublicAccessBlockCommand,
  ListAccessPointsCommand,
  ListMultiRegionAccessPointsCommand,
  S3ControlClient,
} from '@aws-sdk/client-s3-control';
import {
  AccessPointPosture,
  AccountEvidence,
  AccountPosture,
  PublicAccessBlockPosture,
  unknown,
} from '../../controls/posture';
import type { AuditContext } from './context';
import { listAll, publicAccessFlagsOf, unknownFlags, unreadable } from './read';
import { readRegionalServices } from './services';
import { readTrails } from './trails';

/** What the audit does not read, and so judges as unknown. */
export const UNREAD_EVIDENCE: AccountEvidence['unread'] = {
  macieJobs:
    'the audit does not read Macie classification jobs or automated sensitive data discovery; check them in the Macie console',
  macieExports: 'the audit does not read the Macie discovery results export configuration',
  metricFilters: 'the audit does not read CloudWatch Logs metric filters and alarms',
  metricAlarms: 'the audit does not read CloudWatch Logs metric filters and alarms',
  malwareScanners:
    'the audit reads GuardDuty Malware Protection plans, not the EventBridge rule of a ClamAV scanner of this project',
};

/** The account's S3 Block Public Access; none when the account has no configuration. */
async function readAccountPublicAccessBlock(ctx: AuditContext): Promise<PublicAccessBlockPosture[]> {
  const address = `arn:${ctx.partition}:s3::${ctx.accountId}:account-public-access-block`;
  const outcome = await ctx.call(
    's3:GetAccountPublicAccessBlock',
    () =>
      ctx
        .client(S3ControlClient, ctx.regions[0] ?? 'us-east-1')
        .send(new GetPublicAccessBlockCommand({ AccountId: ctx.accountId })),
    ['NoSuchPublicAccessBlockConfiguration'],
  );
  if (outcome.kind === 'not-configured') return [];
  const flags =
    outcome.kind === 'ok'
      ? publicAccessFlagsOf(outcome.value.PublicAccessBlockConfiguration ?? {})
      : unknownFlags(unreadable("the account's S3 Block Public Access", outcome));
  return [{ ...flags, location: { address } }];
}

/** The access points of one region, each with its own Block Public Access. */
async function readAccessPoints(ctx: AuditContext, region: string): Promise<AccessPointPosture[]> {
  const client = ctx.client(S3ControlClient, region);
  const listed = await listAll(
    ctx,
    's3:ListAccessPoints',
    (NextToken) => client.send(new ListAccessPointsCommand({ AccountId: ctx.accountId, NextToken })),
    (p) => p.AccessPointList,
    (p) => p.NextToken,
  );
  if (listed.kind !== 'ok') {
    const address = `arn:${ctx.partition}:s3:${region}:${ctx.accountId}:accesspoint/*`;
    const why = unreadable(`the access points of ${region}`, listed);
    return [{ address, kind: 'access-point', name: why, publicAccessBlock: why, location: { address } }];
  }
  const read = await Promise.all(
    listed.value.map(async (ap): Promise<AccessPointPosture | undefined> => {
      const name = ap.Name ?? '';
      const address =
        ap.AccessPointArn ?? `arn:${ctx.partition}:s3:${region}:${ctx.accountId}:accesspoint/${name}`;
      const got = await ctx.call(
        's3:GetAccessPoint',
        () => client.send(new GetAccessPointCommand({ AccountId: ctx.accountId, Name: name })),
        ['NoSuchAccessPoint'],
      );
      if (got.kind === 'not-configured') {
        ctx.warn(`access point ${address} was deleted while the audit ran`);
        return undefined;
      }
      const pab = got.kind === 'ok' ? got.value.PublicAccessBlockConfiguration : undefined;
      return {
        address,
        kind: 'access-point',
        name,
        publicAccessBlock:
          got.kind !== 'ok'
            ? unreadable(`access point ${address}`, got)
            : pab
              ? publicAccessFlagsOf(pab)
              : unknown(`GetAccessPoint returned no Block Public Access settings for ${address}`),
        location: { address },
      };
    }),
  );
  return read.filter((a): a is AccessPointPosture => a !== undefined);
}

/** Multi-Region Access Points are managed through US West (Oregon) only, whatever the audited regions. */
const MULTI_REGION_CONTROL_REGION = 'us-west-2';

/** The account's Multi-Region Access Points; their listing carries each one's Block Public Access. */
async function readMultiRegionAccessPoints(ctx: AuditContext): Promise<AccessPointPosture[]> {
  const client = ctx.client(S3ControlClient, MULTI_REGION_CONTROL_REGION);
  const listed = await listAll(
    ctx,
    's3:ListMultiRegionAccessPoints',
    (NextToken) =>
      client.send(new ListMultiRegionAccessPointsCommand({ AccountId: ctx.accountId, NextToken })),
    (p) => p.AccessPoints,
    (p) => p.NextToken,
  );
  if (listed.kind !== 'ok') {
    const address = `arn:${ctx.partition}:s3::${ctx.accountId}:accesspoint/*`;
    const why = unreadable('the multi-region access points', listed);
    return [
      {
        address,
        kind: 'multi-region-access-point',
        name: why,
        publicAccessBlock: why,
        location: { address },
      },
    ];
  }
  return listed.value.map((m) => {
    const address = `arn:${ctx.partition}:s3::${ctx.accountId}:accesspoint/${m.Alias ?? m.Name}`;
    return {
      address,
      kind: 'multi-region-access-point',
      name: m.Name ?? address,
      publicAccessBlock: m.PublicAccessBlock
        ? publicAccessFlagsOf(m.PublicAccessBlock)
        : unknown(`ListMultiRegionAccessPoints returned no Block Public Access settings for ${address}`),
      location: { address },
    };
  });
}

/** The account posture of the audited account, across `ctx.regions`. */
export async function readAccountPosture(ctx: AuditContext): Promise<AccountPosture> {
  const [publicAccessBlocks, accessPoints, multiRegion, trails, services] = await Promise.all([
    readAccountPublicAccessBlock(ctx),
    Promise.all(ctx.regions.map((r) => readAccessPoints(ctx, r))),
    readMultiRegionAccessPoints(ctx),
    readTrails(ctx),
    readRegionalServices(ctx),
  ]);
  return {
    evidence: {
      scope: `account ${ctx.accountId} (${ctx.regions.join(', ')})`,
      unread: UNREAD_EVIDENCE,
      absentIn: services.absentIn,
    },
    accountId: ctx.accountId,
    publicAccessBlocks,
    accessPoints: [...accessPoints.flat(), ...multiRegion],
    trails,
    configRecorders: services.configRecorders,
    configRules: services.configRules,
    macie: services.macie,
    macieJobs: [],
    macieExports: [],
    metricFilters: [],
    metricAlarms: [],
    malwareScanners: services.malwareScanners,
  };
}
