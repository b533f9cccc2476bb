/**
 * Judges of the account controls: account Block Public Access, access points,
 * CloudTrail, AWS Config, Macie and change alarms. An input that declares none
 * of a control's resources is reported unknown (another configuration may
 * manage them), or failed when the input claims the whole account. A live
 * account's posture says what its reader covered (`evidence`): what it read
 * and found none of fails, what it did not read is unknown.
 */
import { CIS_S3_CHANGE_EVENT_NAMES } from '../change-events';
import {
  AccountEvidenceKind,
  AccountPosture,
  BucketPosture,
  TrailPosture,
  Unknown,
  isUnknown,
} from '../posture';
import { MACIE_STATUSES, enumerated } from '../enumerations';
import { Judgment, Subject, fail, notApplicable, pass, undecided } from '../results';
import { BUCKET_JUDGES, judgePublicAccessFlags } from './bucket';
import { MALWARE_JUDGES } from './malware';

export interface AccountContext {
  readonly ownerAccount?: string;
  /** The input configures the whole account: account-level resources missing from it fail. */
  readonly wholeAccount: boolean;
  readonly buckets: readonly BucketPosture[];
}

export interface SubjectJudgment {
  readonly subject: Subject;
  readonly judgment: Judgment;
  /** The bucket whose recorded opt-outs apply (trail buckets). */
  readonly bucket?: BucketPosture;
}

export type AccountJudge = (a: AccountPosture, ctx: AccountContext) => SubjectJudgment[];

const ACCOUNT: Subject = { kind: 'account', id: 'account' };

/** What a live account lacks, by evidence kind, for its messages. */
const LIVE_NAMES: Readonly<Record<AccountEvidenceKind, string>> = {
  publicAccessBlocks: 'account-level S3 Block Public Access configuration',
  accessPoints: 'S3 access point',
  trails: 'CloudTrail trail',
  configRecorders: 'AWS Config configuration recorder',
  configRules: 'AWS Config rule',
  macie: 'enabled Macie',
  macieJobs: 'Macie classification job',
  macieExports: 'Macie discovery results export configuration',
  metricFilters: 'CloudWatch metric filter for S3 bucket changes',
  metricAlarms: 'CloudWatch metric alarm',
  malwareScanners: 'malware scanner',
};

function absent(
  what: string,
  kind: AccountEvidenceKind,
  a: AccountPosture,
  ctx: AccountContext,
): SubjectJudgment[] {
  if (a.evidence) {
    const unread = a.evidence.unread[kind];
    const judgment = unread ? undecided(unread) : fail(`no ${LIVE_NAMES[kind]} in ${a.evidence.scope}`);
    return [{ subject: ACCOUNT, judgment }];
  }
  const judgment = ctx.wholeAccount
    ? fail(`no ${what} in this input, which is reviewed as the whole account (--whole-account)`)
    : undecided(
        `no ${what} in this input; if another configuration manages it, review that one too (or audit the account)`,
      );
  return [{ subject: ACCOUNT, judgment }];
}

/** The regions where a live account's reader found none of `kind`: each fails. */
function absentRegions(kind: AccountEvidenceKind, a: AccountPosture): SubjectJudgment[] {
  return (a.evidence?.absentIn[kind] ?? []).map(({ region, location }) => ({
    subject: { kind: 'account', id: location.address, location },
    judgment: fail(`no ${LIVE_NAMES[kind]} in ${region}`, location),
  }));
}

const accountPublicAccessBlock: AccountJudge = (a, ctx) => {
  if (a.publicAccessBlocks.length === 0)
    return absent('aws_s3_account_public_access_block', 'publicAccessBlocks', a, ctx);
  return a.publicAccessBlocks.map((pab) => ({
    subject: { kind: 'account', id: pab.location.address, location: pab.location },
    judgment: judgePublicAccessFlags(pab, pab.location),
  }));
};

const accessPointPublicAccessBlock: AccountJudge = (a, ctx) => {
  if (a.accessPoints.length === 0) {
    if (a.evidence) {
      if (a.evidence.unread.accessPoints) return absent('', 'accessPoints', a, ctx);
      return [{ subject: ACCOUNT, judgment: notApplicable(`no access point in ${a.evidence.scope}`) }];
    }
    return [
      {
        subject: ACCOUNT,
        judgment: notApplicable(
          'no aws_s3_access_point or aws_s3control_multi_region_access_point in this input',
        ),
      },
    ];
  }
  return a.accessPoints.map((ap) => {
    const subject: Subject = {
      kind: 'access-point',
      id: ap.address,
      name: isUnknown(ap.name) ? undefined : ap.name,
      location: ap.location,
    };
    const pab = ap.publicAccessBlock;
    if (isUnknown(pab)) return { subject, judgment: undecided(pab, ap.location) };
    if (pab === undefined) {
      return {
        subject,
        judgment: pass(
          'no public access block given, so AWS turns all four settings on (they cannot change later)',
          ap.location,
        ),
      };
    }
    return { subject, judgment: judgePublicAccessFlags(pab, ap.location) };
  });
};

/** What one trail misses of S3.22 / S3.23, or nothing. */
function trailGaps(t: TrailPosture): { gaps: string[]; pending?: Unknown } {
  const gaps: string[] = [];
  let pending: Unknown | undefined;
  if (isUnknown(t.multiRegion)) pending ??= t.multiRegion;
  else if (!t.multiRegion) gaps.push('is not multi-region');
  if (isUnknown(t.logging)) pending ??= t.logging;
  else if (!t.logging) gaps.push('has logging turned off');
  if (isUnknown(t.selectors)) return { gaps, pending: pending ?? t.selectors };
  let read = false;
  let write = false;
  let perBucket = false;
  for (const s of t.selectors) {
    const fields = [s.s3Objects, s.allBuckets, s.readEvents, s.writeEvents];
    const u = fields.find(isUnknown);
    if (u) {
      pending ??= u;
      continue;
    }
    if (s.s3Objects !== true) continue;
    if (s.allBuckets !== true) {
      perBucket = true;
      continue;
    }
    read ||= s.readEvents === true;
    write ||= s.writeEvents === true;
  }
  if ((!read || !write) && pending) return { gaps, pending };
  if (!read && !write) {
    gaps.push(
      perBucket
        ? 'selects S3 data events for named buckets only (all buckets are needed, arn:aws:s3)'
        : 'records no S3 object data events',
    );
  } else if (!read) gaps.push('records S3 write data events only (S3.23 needs read events)');
  else if (!write) gaps.push('records S3 read data events only (S3.22 needs write events)');
  return { gaps, pending };
}

const cloudTrailDataEvents: AccountJudge = (a, ctx) => {
  if (a.trails.length === 0) return absent('aws_cloudtrail', 'trails', a, ctx);
  let pending: Unknown | undefined;
  const shortfalls: string[] = [];
  for (const t of a.trails) {
    const { gaps, pending: p } = trailGaps(t);
    if (gaps.length === 0 && !p) {
      const subject: Subject = { kind: 'trail', id: t.address, location: t.location };
      return [
        {
          subject,
          judgment: pass(
            'a multi-region trail records S3 read and write data events for all buckets',
            t.location,
          ),
        },
      ];
    }
    if (gaps.length > 0) shortfalls.push(`${t.address} ${gaps.join(', ')}`);
    else pending ??= p;
  }
  const first = a.trails[0];
  const subject: Subject = { kind: 'trail', id: first.address, location: first.location };
  if (pending) return [{ subject, judgment: undecided(pending, first.location) }];
  return [{ subject, judgment: fail(shortfalls.join('; '), first.location) }];
};

const cloudTrailBucketLogging: AccountJudge = (a, ctx) => {
  if (a.trails.length === 0) {
    if ((!ctx.wholeAccount && !a.evidence) || a.evidence?.unread.trails)
      return absent('aws_cloudtrail', 'trails', a, ctx);
    const none = a.evidence ? 'no CloudTrail trail' : 'no aws_cloudtrail';
    return [{ subject: ACCOUNT, judgment: notApplicable(`${none}, so no trail bucket to judge`) }];
  }
  return a.trails.map((t) => {
    const subject: Subject = { kind: 'trail', id: t.address, location: t.location };
    const byAddress = t.bucketAddress ? ctx.buckets.find((b) => b.address === t.bucketAddress) : undefined;
    const name = t.bucketName;
    const bucket =
      byAddress ??
      (typeof name === 'string' ? ctx.buckets.find((b) => !isUnknown(b.name) && b.name === name) : undefined);
    if (!bucket) {
      if (isUnknown(name)) return { subject, judgment: undecided(name, t.location) };
      return {
        subject,
        judgment: undecided(
          name === undefined
            ? 'the trail names no s3_bucket_name'
            : a.evidence
              ? `the trail's bucket ${name} is not among the audited buckets of ${a.evidence.scope}; audit the account that owns it`
              : `the trail's bucket ${name} is not in this input; review the configuration that manages it`,
          t.location,
        ),
      };
    }
    const j = BUCKET_JUDGES['s3-access-logging'](bucket, { ownerAccount: ctx.ownerAccount });
    return { subject, judgment: { ...j, message: `trail bucket ${bucket.address}: ${j.message}` }, bucket };
  });
};

const macieEnabled: AccountJudge = (a, ctx) => {
  const missing = absentRegions('macie', a);
  if (a.macie.length === 0 && missing.length === 0) return absent('aws_macie2_account', 'macie', a, ctx);
  const found = a.macie.map((m): SubjectJudgment => {
    const subject: Subject = { kind: 'account', id: m.address, location: m.location };
    const status = isUnknown(m.status) ? m.status : enumerated(m.status, MACIE_STATUSES, 'the Macie status');
    if (isUnknown(status)) return { subject, judgment: undecided(status, m.location) };
    return {
      subject,
      judgment:
        status === 'ENABLED'
          ? pass('Macie is ENABLED', m.location)
          : fail(`Macie status is ${status}`, m.location),
    };
  });
  return [...found, ...missing];
};

/** Job statuses in which a job no longer analyzes anything. */
const STOPPED_JOB_STATUSES = ['CANCELLED', 'USER_PAUSED', 'PAUSED'];

const macieDiscovery: AccountJudge = (a, ctx) => {
  if (a.macieJobs.length === 0)
    return absent(
      'aws_macie2_classification_job (automated sensitive data discovery, which Terraform cannot show, would also do)',
      'macieJobs',
      a,
      ctx,
    );
  const first = a.macieJobs[0];
  const subject: Subject = { kind: 'account', id: first.address, location: first.location };
  let pending: Unknown | undefined;
  const stopped: string[] = [];
  for (const job of a.macieJobs) {
    if (isUnknown(job.status) || isUnknown(job.jobType)) {
      pending ??= [job.status, job.jobType].find(isUnknown);
      continue;
    }
    if (job.status && STOPPED_JOB_STATUSES.includes(job.status)) {
      stopped.push(`${job.address} is ${job.status}`);
      continue;
    }
    const what =
      job.jobType === 'SCHEDULED'
        ? 'runs on a schedule'
        : 'runs once (objects added later are analyzed only by a scheduled job or automated discovery)';
    return [
      {
        subject: { ...subject, id: job.address, location: job.location },
        judgment: pass(`${job.address} ${what}`, job.location),
      },
    ];
  }
  if (pending) return [{ subject, judgment: undecided(pending, first.location) }];
  return [{ subject, judgment: fail(`no discovery job runs: ${stopped.join(', ')}`, first.location) }];
};

const macieResultsExported: AccountJudge = (a, ctx) => {
  if (a.macieExports.length === 0)
    return absent('aws_macie2_classification_export_configuration', 'macieExports', a, ctx);
  return a.macieExports.map((e) => {
    const subject: Subject = { kind: 'account', id: e.address, location: e.location };
    if (isUnknown(e.kmsKeyArn)) return { subject, judgment: undecided(e.kmsKeyArn, e.location) };
    return {
      subject,
      judgment: e.kmsKeyArn
        ? pass('discovery results are exported, encrypted with a KMS key', e.location)
        : fail('the export names no s3_destination.kms_key_arn', e.location),
    };
  });
};

const configEnabled: AccountJudge = (a, ctx) => {
  const missing = absentRegions('configRecorders', a);
  if (a.configRecorders.length === 0 && missing.length === 0)
    return absent('aws_config_configuration_recorder', 'configRecorders', a, ctx);
  const found = a.configRecorders.map((r): SubjectJudgment => {
    const subject: Subject = { kind: 'account', id: r.address, location: r.location };
    const gaps: string[] = [];
    let pending: Unknown | undefined;
    const need = (v: boolean | undefined | Unknown, gap: string) => {
      if (isUnknown(v)) pending ??= v;
      else if (v !== true) gaps.push(gap);
    };
    need(r.allSupported, 'does not record all supported resource types');
    need(r.includeGlobalResourceTypes, 'does not include global resource types (IAM)');
    need(
      r.enabled,
      a.evidence
        ? 'is not recording (stopped)'
        : 'is not started (no aws_config_configuration_recorder_status with is_enabled = true)',
    );
    need(r.deliveryChannel, a.evidence ? 'has no delivery channel' : 'has no aws_config_delivery_channel');
    if (gaps.length > 0) return { subject, judgment: fail(`the recorder ${gaps.join(', ')}`, r.location) };
    if (pending) return { subject, judgment: undecided(pending, r.location) };
    return { subject, judgment: pass('the recorder records all resources and is started', r.location) };
  });
  return [...found, ...missing];
};

const changeAlerting: AccountJudge = (a, ctx) => {
  const s3Filters = a.metricFilters.filter(
    (f) => isUnknown(f.pattern) || f.pattern.includes('s3.amazonaws.com'),
  );
  if (s3Filters.length === 0)
    return absent('CloudWatch metric filter for S3 bucket changes', 'metricFilters', a, ctx);
  let pending: Unknown | undefined;
  const shortfalls: string[] = [];
  for (const f of s3Filters) {
    if (isUnknown(f.pattern)) {
      pending ??= f.pattern;
      continue;
    }
    const pattern = f.pattern;
    const missing = CIS_S3_CHANGE_EVENT_NAMES.filter((e) => !pattern.includes(e));
    if (missing.length > 0) {
      shortfalls.push(`${f.address} misses ${missing.join(', ')}`);
      continue;
    }
    if (isUnknown(f.metricName) || isUnknown(f.metricNamespace)) {
      pending ??= [f.metricName, f.metricNamespace].find(isUnknown);
      continue;
    }
    const alarm = a.metricAlarms.find(
      (al) => al.metricName === f.metricName && al.namespace === f.metricNamespace,
    );
    const subject: Subject = { kind: 'account', id: f.address, location: f.location };
    if (alarm) return [{ subject, judgment: pass(`${alarm.address} alarms on ${f.metricName}`, f.location) }];
    const pendingAlarm = a.metricAlarms.map((al) => al.metricName).find(isUnknown);
    if (pendingAlarm) pending ??= pendingAlarm;
    else
      shortfalls.push(
        `no aws_cloudwatch_metric_alarm on ${f.metricNamespace}/${f.metricName} of ${f.address}`,
      );
  }
  const first = s3Filters[0];
  const subject: Subject = { kind: 'account', id: first.address, location: first.location };
  if (shortfalls.length > 0) return [{ subject, judgment: fail(shortfalls.join('; '), first.location) }];
  return [{ subject, judgment: undecided(pending ?? 'the metric filter cannot be judged', first.location) }];
};

/** Judges of the account-scope controls, by control id. */
export const ACCOUNT_JUDGES: Readonly<Record<string, AccountJudge>> = {
  ...MALWARE_JUDGES,
  's3-account-public-access-block': accountPublicAccessBlock,
  's3-access-point-public-access-block': accessPointPublicAccessBlock,
  'cloudtrail-s3-data-events': cloudTrailDataEvents,
  'cloudtrail-bucket-access-logging': cloudTrailBucketLogging,
  'macie-enabled': macieEnabled,
  'macie-discovery': macieDiscovery,
  'macie-results-exported': macieResultsExported,
  'config-enabled': configEnabled,
  's3-change-alerting': changeAlerting,
};
