import { Construct } from 'constructs';
import {
  Macie2ClassificationJob,
  Macie2ClassificationJobS3JobDefinition,
} from '@cdktf/provider-aws/lib/macie2-classification-job';
import type { ControlId } from '../../controls/catalog';
import {
  OptOut,
  OptOutRecord,
  OptOuts,
  PropsValidator,
  bucketNameRule,
  integerBetween,
  mergeTags,
  recordSecurity,
  tagKeyRule,
  tagValueRule,
} from '../core';
import type { MacieAccount } from './account';
import type { CustomDataIdentifier } from './custom-data-identifier';
import { JOB_LIMITS, WEEKDAYS, Weekday, checkLength } from './limits';

/** When a job runs: once, or on a schedule (each scheduled run looks at objects new or changed since the last). */
export type JobSchedule =
  | { readonly frequency: 'ONE_TIME' }
  | { readonly frequency: 'DAILY' }
  | { readonly frequency: 'WEEKLY'; readonly dayOfWeek: Weekday }
  | { readonly frequency: 'MONTHLY'; readonly dayOfMonth: number };

/** Which objects of the buckets a job analyzes; criteria combine with AND. */
export interface ObjectCriteria {
  /** Only objects with one of these file name extensions (without the dot). @default - any */
  readonly includeExtensions?: readonly string[];
  /**
   * Never objects with one of these extensions. Macie joins exclusions with
   * AND, so give this or `excludeTag`, not both. @default - none excluded
   */
  readonly excludeExtensions?: readonly string[];
  /** Only objects whose key starts with this text. @default - any key */
  readonly keyPrefix?: string;
  /** Only objects smaller than this many bytes. @default - any size */
  readonly maxSizeBytes?: number;
  /** Only objects last modified after this moment (ISO 8601, UTC: `2026-01-01T00:00:00Z`). @default - any time */
  readonly modifiedAfter?: string;
  /** Never objects that carry this tag. Give this or `excludeExtensions`. @default - none excluded */
  readonly excludeTag?: { readonly key: string; readonly value: string };
}

export interface ClassificationJobProps {
  readonly macie: MacieAccount;
  /** The job's name; Macie's job is named `<name>-v<version>`. */
  readonly name: string;
  /**
   * The generation of the job. Macie cannot change a job after it is created:
   * Terraform replaces it on any change of its definition. Raise the version
   * with each change, so the new job gets a new name and is created before the
   * old one is cancelled (`create_before_destroy`). See help/macie.md.
   * @default 1
   */
  readonly version?: number;
  /** @default - none */
  readonly description?: string;
  readonly schedule: JobSchedule;
  /** Names of this account's buckets to analyze. Give these or `bucketTags`. */
  readonly buckets?: readonly string[];
  /**
   * Analyze every bucket of the account that carries all of these tags, now
   * and at each scheduled run (buckets tagged later are included). Give these or `buckets`.
   */
  readonly bucketTags?: Readonly<Record<string, string>>;
  /**
   * Percentage of eligible objects analyzed, chosen at random (1 to 100). Lower
   * costs less and still finds data that is spread through a bucket.
   * @default 100
   */
  readonly samplingPercentage?: number;
  /** @default - every object */
  readonly objects?: ObjectCriteria;
  /** Custom data identifiers the job uses besides Macie's managed ones. @default [] */
  readonly customDataIdentifiers?: readonly CustomDataIdentifier[];
  /**
   * For a scheduled job: analyze all existing objects at once, before the
   * first scheduled run (otherwise only objects created or changed later).
   * @default true
   */
  readonly initialRun?: true | OptOut;
  readonly tags?: Record<string, string>;
}

/**
 * A Macie sensitive data discovery job over named buckets or buckets with
 * given tags, once or on a schedule, with sampling and object criteria.
 * Macie jobs are immutable: the construct names them `<name>-v<version>` and
 * creates a replacement before cancelling the old job. A completed one-time
 * job cannot be cancelled, so Terraform cannot destroy it: remove it from the
 * state instead (help/macie.md explains the lifecycle).
 */
export class ClassificationJob extends Construct {
  public readonly job: Macie2ClassificationJob;
  /** The job name Macie shows: `<name>-v<version>`. */
  public readonly jobName: string;
  public readonly controls: readonly ControlId[];
  public readonly optOuts: readonly OptOutRecord[];

  constructor(scope: Construct, id: string, props: ClassificationJobProps) {
    super(scope, id);
    const v = new PropsValidator(this);
    const optOuts = new OptOuts(v);
    const version = props.version ?? 1;
    v.rule('version', version, integerBetween(1, 9999));
    const suffix = `-v${version}`;
    v.check(typeof props.name === 'string', 'name', props.name, 'is required');
    checkLength(v, 'name', props.name, 1, JOB_LIMITS.nameLength - suffix.length);
    checkLength(v, 'description', props.description, 1, JOB_LIMITS.descriptionLength);
    const schedule = checkSchedule(v, props.schedule);
    v.check(
      (props.buckets === undefined) !== (props.bucketTags === undefined),
      'buckets',
      props.buckets,
      'and bucketTags: give exactly one of them (a list of buckets, or the tags that select buckets)',
    );
    if (props.buckets !== undefined) {
      v.check(props.buckets.length > 0, 'buckets', props.buckets, 'must list at least one bucket');
      props.buckets.forEach((b, i) => v.rule(`buckets[${i}]`, b, bucketNameRule));
    }
    if (props.bucketTags !== undefined) checkTags(v, 'bucketTags', props.bucketTags);
    v.rule('samplingPercentage', props.samplingPercentage, integerBetween(1, 100));
    checkObjects(v, props.objects);
    const initialRun = optOuts.keep('initialRun', props.initialRun);
    v.check(
      schedule !== 'ONE_TIME' || props.initialRun === undefined,
      'initialRun',
      props.initialRun,
      'applies to scheduled jobs only (a one-time job analyzes every eligible object)',
    );
    const tags = mergeTags(v, 'tags', props.tags, { 's3-security:job-version': String(version) });
    v.throwIfAny();

    this.jobName = `${props.name}${suffix}`;
    this.optOuts = optOuts.records;
    this.controls = ['macie-discovery'];
    const s = props.schedule;
    this.job = new Macie2ClassificationJob(this, 'Job', {
      name: this.jobName,
      description: props.description,
      jobType: schedule === 'ONE_TIME' ? 'ONE_TIME' : 'SCHEDULED',
      initialRun: schedule === 'ONE_TIME' ? undefined : initialRun,
      scheduleFrequency:
        s.frequency === 'DAILY'
          ? { dailySchedule: true }
          : s.frequency === 'WEEKLY'
            ? { weeklySchedule: s.dayOfWeek }
            : s.frequency === 'MONTHLY'
              ? { monthlySchedule: s.dayOfMonth }
              : undefined,
      samplingPercentage: props.samplingPercentage ?? 100,
      customDataIdentifierIds: props.customDataIdentifiers?.length
        ? props.customDataIdentifiers.map((c) => c.identifierId)
        : undefined,
      s3JobDefinition: jobDefinition(props.macie.accountId, props),
      tags,
      lifecycle: { createBeforeDestroy: true },
      dependsOn: [props.macie.account],
    });
    recordSecurity(this.job, { module: 'ClassificationJob', controls: this.controls, optOuts: this.optOuts });
  }
}

function checkSchedule(v: PropsValidator, s: JobSchedule | undefined): JobSchedule['frequency'] | undefined {
  const frequencies = ['ONE_TIME', 'DAILY', 'WEEKLY', 'MONTHLY'];
  if (!s || !frequencies.includes(s.frequency)) {
    v.fail('schedule.frequency', s?.frequency, `must be one of ${frequencies.join(', ')}`);
    return undefined;
  }
  if (s.frequency === 'WEEKLY')
    v.check(
      WEEKDAYS.includes(s.dayOfWeek),
      'schedule.dayOfWeek',
      s.dayOfWeek,
      `must be one of ${WEEKDAYS.join(', ')}`,
    );
  if (s.frequency === 'MONTHLY') {
    // Macie runs a monthly job on the last day of shorter months.
    v.rule('schedule.dayOfMonth', s.dayOfMonth, integerBetween(1, 31));
    v.check(s.dayOfMonth !== undefined, 'schedule.dayOfMonth', s.dayOfMonth, 'is required for MONTHLY');
  }
  return s.frequency;
}

function checkTags(v: PropsValidator, prop: string, tags: Readonly<Record<string, string>>): void {
  const entries = Object.entries(tags);
  v.check(entries.length > 0, prop, tags, 'must name at least one tag');
  for (const [key, value] of entries) {
    v.rule(`${prop} key`, key, tagKeyRule);
    v.rule(`${prop}[${JSON.stringify(key)}]`, value, tagValueRule);
  }
}

function checkObjects(v: PropsValidator, o: ObjectCriteria | undefined): void {
  if (!o) return;
  for (const prop of ['includeExtensions', 'excludeExtensions'] as const) {
    const list = o[prop];
    if (list === undefined) continue;
    v.check(list.length > 0, `objects.${prop}`, list, 'must list at least one extension (or be left out)');
    list.forEach((e, i) =>
      v.check(
        /^[A-Za-z0-9]{1,32}$/.test(e),
        `objects.${prop}[${i}]`,
        e,
        'is not a file name extension: letters and digits only, without the dot',
      ),
    );
  }
  if (o.keyPrefix !== undefined)
    v.check(
      typeof o.keyPrefix === 'string' && o.keyPrefix.length > 0 && o.keyPrefix.length <= 1024,
      'objects.keyPrefix',
      o.keyPrefix,
      'must be 1 to 1024 characters long',
    );
  v.rule('objects.maxSizeBytes', o.maxSizeBytes, integerBetween(1, Number.MAX_SAFE_INTEGER));
  if (o.modifiedAfter !== undefined)
    v.check(
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(o.modifiedAfter) &&
        !Number.isNaN(Date.parse(o.modifiedAfter)),
      'objects.modifiedAfter',
      o.modifiedAfter,
      'must be an ISO 8601 time in UTC, such as 2026-01-01T00:00:00Z',
    );
  if (o.excludeTag !== undefined) {
    v.rule('objects.excludeTag.key', o.excludeTag.key, tagKeyRule);
    v.rule('objects.excludeTag.value', o.excludeTag.value, tagValueRule);
    v.check(
      o.excludeExtensions === undefined,
      'objects.excludeTag',
      o.excludeTag,
      'and excludeExtensions cannot both be given: Macie skips only objects that meet every exclusion (AND)',
    );
  }
}

function jobDefinition(
  accountId: string,
  props: ClassificationJobProps,
): Macie2ClassificationJobS3JobDefinition {
  const o = props.objects ?? {};
  const term = (key: string, comparator: string, values: readonly string[]) => ({
    simpleScopeTerm: { key, comparator, values: [...values] },
  });
  const includes = [
    ...(o.includeExtensions ? [term('OBJECT_EXTENSION', 'EQ', o.includeExtensions)] : []),
    ...(o.keyPrefix ? [term('OBJECT_KEY', 'STARTS_WITH', [o.keyPrefix])] : []),
    ...(o.maxSizeBytes ? [term('OBJECT_SIZE', 'LT', [String(o.maxSizeBytes)])] : []),
    ...(o.modifiedAfter ? [term('OBJECT_LAST_MODIFIED_DATE', 'GT', [o.modifiedAfter])] : []),
  ];
  const excludes = [
    ...(o.excludeExtensions ? [term('OBJECT_EXTENSION', 'EQ', o.excludeExtensions)] : []),
    ...(o.excludeTag
      ? [
          {
            tagScopeTerm: {
              key: 'TAG',
              comparator: 'EQ',
              target: 'S3_OBJECT',
              tagValues: [{ key: o.excludeTag.key, value: o.excludeTag.value }],
            },
          },
        ]
      : []),
  ];
  const scoping =
    includes.length || excludes.length
      ? {
          includes: includes.length ? { and: includes } : undefined,
          excludes: excludes.length ? { and: excludes } : undefined,
        }
      : undefined;
  return {
    bucketDefinitions: props.buckets ? [{ accountId, buckets: [...props.buckets] }] : undefined,
    bucketCriteria: props.bucketTags
      ? {
          includes: {
            // One criterion per tag: a bucket must carry all of them.
            and: Object.entries(props.bucketTags).map(([key, value]) => ({
              tagCriterion: { comparator: 'EQ', tagValues: [{ key, value }] },
            })),
          },
        }
      : undefined,
    scoping,
  };
}
