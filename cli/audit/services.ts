/**
 * Reads the regional account services the S3 controls judge: AWS Config
 * (recorders, their status, delivery channels, rules), Macie (the session's
 * status) and GuardDuty Malware Protection plans. One call set per region.
 */
import {
  ConfigServiceClient,
  DescribeConfigRulesCommand,
  DescribeConfigurationRecorderStatusCommand,
  DescribeConfigurationRecordersCommand,
  DescribeDeliveryChannelsCommand,
} from '@aws-sdk/client-config-service';
import {
  GetMalwareProtectionPlanCommand,
  GuardDutyClient,
  ListMalwareProtectionPlansCommand,
} from '@aws-sdk/client-guardduty';
import { GetMacieSessionCommand, Macie2Client } from '@aws-sdk/client-macie2';
import {
  AbsentEvidence,
  AccountPosture,
  ConfigRecorderPosture,
  MaciePosture,
  MalwareScannerPosture,
  Maybe,
  unknown,
} from '../../controls/posture';
import { GUARDDUTY_VERDICT_TAG } from '../readers/malware-scanners';
import type { AuditContext } from './context';
import { listAll, unreadable } from './read';

type ConfigRule = AccountPosture['configRules'][number];

export interface RegionalServices {
  readonly configRecorders: ConfigRecorderPosture[];
  readonly configRules: ConfigRule[];
  readonly macie: MaciePosture[];
  readonly malwareScanners: MalwareScannerPosture[];
  /** Where the region has no Config recorder, or Macie is not enabled. */
  readonly absentIn: { configRecorders: AbsentEvidence[]; macie: AbsentEvidence[] };
}

const none = (): RegionalServices => ({
  configRecorders: [],
  configRules: [],
  macie: [],
  malwareScanners: [],
  absentIn: { configRecorders: [], macie: [] },
});

const arnIn = (ctx: AuditContext, service: string, region: string, resource: string) =>
  `arn:${ctx.partition}:${service}:${region}:${ctx.accountId}:${resource}`;

async function readConfig(ctx: AuditContext, region: string, out: RegionalServices): Promise<void> {
  const client = ctx.client(ConfigServiceClient, region);
  const [recorders, statuses, channels, rules] = await Promise.all([
    ctx.call('config:DescribeConfigurationRecorders', () =>
      client.send(new DescribeConfigurationRecordersCommand({})),
    ),
    ctx.call('config:DescribeConfigurationRecorderStatus', () =>
      client.send(new DescribeConfigurationRecorderStatusCommand({})),
    ),
    ctx.call('config:DescribeDeliveryChannels', () => client.send(new DescribeDeliveryChannelsCommand({}))),
    listAll(
      ctx,
      'config:DescribeConfigRules',
      (NextToken) => client.send(new DescribeConfigRulesCommand({ NextToken })),
      (p) => p.ConfigRules,
      (p) => p.NextToken,
    ),
  ]);
  const anyRecorder = arnIn(ctx, 'config', region, 'configuration-recorder');
  if (recorders.kind !== 'ok') {
    const why = unreadable(`the Config recorders of ${region}`, recorders);
    out.configRecorders.push({
      address: `${anyRecorder}/*`,
      name: why,
      allSupported: why,
      includeGlobalResourceTypes: why,
      enabled: why,
      deliveryChannel: why,
      location: { address: `${anyRecorder}/*` },
    });
  } else if ((recorders.value.ConfigurationRecorders ?? []).length === 0) {
    out.absentIn.configRecorders.push({ region, location: { address: anyRecorder } });
  }
  const deliveryChannel: Maybe<boolean> =
    channels.kind === 'ok'
      ? (channels.value.DeliveryChannels ?? []).length > 0
      : unreadable(`the Config delivery channels of ${region}`, channels);
  for (const r of recorders.kind === 'ok' ? (recorders.value.ConfigurationRecorders ?? []) : []) {
    const name = r.name ?? 'default';
    const address = r.arn ?? `${anyRecorder}/${name}`;
    const group = r.recordingGroup;
    const status =
      statuses.kind === 'ok'
        ? statuses.value.ConfigurationRecordersStatus?.find((s) => s.name === name)
        : undefined;
    out.configRecorders.push({
      address,
      name,
      allSupported: group ? group.allSupported === true : true,
      includeGlobalResourceTypes: group?.includeGlobalResourceTypes === true,
      enabled:
        statuses.kind === 'ok'
          ? status?.recording === true
          : unreadable(`the status of Config recorder ${name} in ${region}`, statuses),
      deliveryChannel,
      location: { address },
    });
  }
  if (rules.kind !== 'ok') {
    out.configRules.push({
      identifier: unreadable(`the Config rules of ${region}`, rules),
      location: { address: arnIn(ctx, 'config', region, 'config-rule/*') },
    });
  } else {
    for (const rule of rules.value) {
      const address =
        rule.ConfigRuleArn ?? arnIn(ctx, 'config', region, `config-rule/${rule.ConfigRuleName}`);
      out.configRules.push({
        identifier: rule.Source?.SourceIdentifier ?? unknown(`${address} has no source identifier`),
        location: { address },
      });
    }
  }
}

/**
 * Macie answers GetMacieSession with AccessDeniedException "Macie is not
 * enabled" when it is off in the region: that is absence, not a missing
 * permission, so it is told apart by its message.
 */
export function isMacieOff(e: unknown): boolean {
  const err = e as { name?: string; message?: string };
  return (
    (err?.name === 'AccessDeniedException' && /macie is not enabled/i.test(err.message ?? '')) ||
    err?.name === 'ResourceNotFoundException'
  );
}

async function readMacie(ctx: AuditContext, region: string, out: RegionalServices): Promise<void> {
  const client = ctx.client(Macie2Client, region);
  const address = arnIn(ctx, 'macie2', region, 'session');
  const session = await ctx.call('macie2:GetMacieSession', async () => {
    try {
      return await client.send(new GetMacieSessionCommand({}));
    } catch (e) {
      if (isMacieOff(e)) return undefined;
      throw e;
    }
  });
  if (session.kind === 'ok' && session.value === undefined) {
    out.absentIn.macie.push({ region, location: { address } });
    return;
  }
  out.macie.push({
    address,
    status:
      session.kind === 'ok'
        ? (session.value?.status ?? unknown(`the Macie session of ${region} has no status`))
        : unreadable(`the Macie session of ${region}`, session),
    location: { address },
  });
}

async function readMalwarePlans(ctx: AuditContext, region: string, out: RegionalServices): Promise<void> {
  const client = ctx.client(GuardDutyClient, region);
  const listed = await listAll(
    ctx,
    'guardduty:ListMalwareProtectionPlans',
    (NextToken) => client.send(new ListMalwareProtectionPlansCommand({ NextToken })),
    (p) => p.MalwareProtectionPlans,
    (p) => p.NextToken,
  );
  if (listed.kind !== 'ok') {
    const address = arnIn(ctx, 'guardduty', region, 'malware-protection-plan/*');
    const why = unreadable(`the GuardDuty Malware Protection plans of ${region}`, listed);
    out.malwareScanners.push({
      address,
      engine: 'guardduty',
      bucketNames: why,
      verdictTag: GUARDDUTY_VERDICT_TAG,
      tagging: why,
      location: { address },
    });
    return;
  }
  const plans = await Promise.all(
    listed.value.map(async ({ MalwareProtectionPlanId: id }) => ({
      id,
      plan: await ctx.call(
        'guardduty:GetMalwareProtectionPlan',
        () => client.send(new GetMalwareProtectionPlanCommand({ MalwareProtectionPlanId: id })),
        ['ResourceNotFoundException'],
      ),
    })),
  );
  for (const { id, plan } of plans) {
    const fallback = arnIn(ctx, 'guardduty', region, `malware-protection-plan/${id}`);
    if (plan.kind === 'not-configured') {
      ctx.warn(`malware protection plan ${fallback} was deleted while the audit ran`);
      continue;
    }
    if (plan.kind !== 'ok') {
      const why = unreadable(`malware protection plan ${fallback}`, plan);
      out.malwareScanners.push({
        address: fallback,
        engine: 'guardduty',
        bucketNames: why,
        verdictTag: GUARDDUTY_VERDICT_TAG,
        tagging: why,
        location: { address: fallback },
      });
      continue;
    }
    const address = plan.value.Arn ?? fallback;
    const bucket = plan.value.ProtectedResource?.S3Bucket?.BucketName;
    out.malwareScanners.push({
      address,
      engine: 'guardduty',
      bucketNames: bucket ? [bucket] : unknown(`${address} names no bucket`),
      verdictTag: GUARDDUTY_VERDICT_TAG,
      tagging: plan.value.Actions?.Tagging?.Status === 'ENABLED',
      location: { address },
    });
  }
}

/** Config, Macie and GuardDuty Malware Protection in every audited region. */
export async function readRegionalServices(ctx: AuditContext): Promise<RegionalServices> {
  const out = none();
  const perRegion = await Promise.all(
    ctx.regions.map(async (region) => {
      const mine = none();
      await Promise.all([
        readConfig(ctx, region, mine),
        readMacie(ctx, region, mine),
        readMalwarePlans(ctx, region, mine),
      ]);
      return mine;
    }),
  );
  // Regions in the order given, whatever order their calls ended in.
  for (const r of perRegion) {
    out.configRecorders.push(...r.configRecorders);
    out.configRules.push(...r.configRules);
    out.macie.push(...r.macie);
    out.malwareScanners.push(...r.malwareScanners);
    out.absentIn.configRecorders.push(...r.absentIn.configRecorders);
    out.absentIn.macie.push(...r.absentIn.macie);
  }
  return out;
}
