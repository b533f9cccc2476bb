/**
 * Reads CloudTrail trails from a live account: every trail seen from the
 * audited regions (a multi-region or organization trail is seen from every
 * region, and read once), whether it logs, and its data event selectors.
 */
import {
  AdvancedEventSelector,
  CloudTrailClient,
  DescribeTrailsCommand,
  EventSelector,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  Trail,
} from '@aws-sdk/client-cloudtrail';
import { READ_WRITE_TYPES, enumerated } from '../../controls/enumerations';
import { DataEventSelectorPosture, Maybe, TrailPosture } from '../../controls/posture';
import { advancedSelector, classicDataResource } from '../readers/account-settings';
import type { AuditContext } from './context';
import { unreadable } from './read';

/** Deleted between DescribeTrails and the next call. */
const TRAIL_GONE = ['TrailNotFoundException'];

const nonEmpty = (v: readonly string[] | undefined) => v !== undefined && v.length > 0;

/** The data event selectors of a trail, classic and advanced, as the S3 controls see them. */
export function selectorsOf(
  classic: readonly EventSelector[] | undefined,
  advanced: readonly AdvancedEventSelector[] | undefined,
): DataEventSelectorPosture[] {
  const out: DataEventSelectorPosture[] = [];
  for (const s of classic ?? []) {
    const rw = enumerated(s.ReadWriteType ?? 'All', READ_WRITE_TYPES, 'the event selector ReadWriteType');
    for (const d of s.DataResources ?? []) out.push(classicDataResource(rw, d.Type, d.Values ?? []));
  }
  for (const s of advanced ?? []) {
    const byName = new Map((s.FieldSelectors ?? []).map((f) => [f.Field ?? '', f]));
    const arn = byName.get('resources.ARN');
    out.push(
      advancedSelector({
        category: byName.get('eventCategory')?.Equals,
        type: byName.get('resources.type')?.Equals,
        readOnly: byName.get('readOnly')?.Equals,
        arn: arn && {
          startsWith: arn.StartsWith ?? [],
          otherOperators: [arn.Equals, arn.EndsWith, arn.NotEquals, arn.NotStartsWith, arn.NotEndsWith].some(
            nonEmpty,
          ),
        },
        selectsNames: byName.has('eventName'),
      }),
    );
  }
  return out;
}

/** A trail's status and selectors, read in its home region. Undefined when it was deleted meanwhile. */
async function readTrail(ctx: AuditContext, t: Trail, seenFrom: string): Promise<TrailPosture | undefined> {
  const arn = t.TrailARN ?? t.Name ?? 'an unnamed trail';
  const client = ctx.client(CloudTrailClient, t.HomeRegion ?? seenFrom);
  const [status, selectors] = await Promise.all([
    ctx.call(
      'cloudtrail:GetTrailStatus',
      () => client.send(new GetTrailStatusCommand({ Name: arn })),
      TRAIL_GONE,
    ),
    ctx.call(
      'cloudtrail:GetEventSelectors',
      () => client.send(new GetEventSelectorsCommand({ TrailName: arn })),
      TRAIL_GONE,
    ),
  ]);
  if (status.kind === 'not-configured' || selectors.kind === 'not-configured') {
    ctx.warn(`trail ${arn} was deleted while the audit ran`);
    return undefined;
  }
  const logging: Maybe<boolean> =
    status.kind === 'ok' ? status.value.IsLogging === true : unreadable(`the status of trail ${arn}`, status);
  return {
    address: arn,
    name: t.Name ?? arn,
    multiRegion: t.IsMultiRegionTrail === true,
    logging,
    bucketName: t.S3BucketName,
    selectors:
      selectors.kind === 'ok'
        ? selectorsOf(selectors.value.EventSelectors, selectors.value.AdvancedEventSelectors)
        : unreadable(`the event selectors of trail ${arn}`, selectors),
    location: { address: arn },
  };
}

/** Every trail the audited regions see, once each; a region whose trails cannot be listed gives an unknown trail there. */
export async function readTrails(ctx: AuditContext): Promise<TrailPosture[]> {
  const listed = await Promise.all(
    ctx.regions.map(async (region) => ({
      region,
      outcome: await ctx.call('cloudtrail:DescribeTrails', () =>
        ctx.client(CloudTrailClient, region).send(new DescribeTrailsCommand({ includeShadowTrails: true })),
      ),
    })),
  );
  const unique = new Map<string, { trail: Trail; region: string }>();
  const unlisted: TrailPosture[] = [];
  for (const { region, outcome } of listed) {
    if (outcome.kind !== 'ok') {
      const address = `arn:${ctx.partition}:cloudtrail:${region}:${ctx.accountId}:trail/*`;
      const why = unreadable(`the trails of ${region}`, outcome);
      unlisted.push({
        address,
        name: why,
        multiRegion: why,
        logging: why,
        bucketName: why,
        selectors: why,
        location: { address },
      });
      continue;
    }
    for (const trail of outcome.value.trailList ?? []) {
      const key = trail.TrailARN ?? `${region}/${trail.Name}`;
      if (!unique.has(key)) unique.set(key, { trail, region });
    }
  }
  const read = await Promise.all(
    [...unique.values()].map(({ trail, region }) => readTrail(ctx, trail, region)),
  );
  return [...read.filter((t): t is TrailPosture => t !== undefined), ...unlisted];
}
