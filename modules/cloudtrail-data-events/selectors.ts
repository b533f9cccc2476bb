import type { CloudtrailAdvancedEventSelector } from '@cdktf/provider-aws/lib/cloudtrail';
import { PropsValidator, bucketNameRule, isToken } from '../core';

/** Which S3 object operations are recorded. */
export type ReadWriteType = 'ALL' | 'READ_ONLY' | 'WRITE_ONLY';

/** A bucket, or a key prefix within it, whose object-level events are recorded. */
export interface DataEventTarget {
  readonly bucketName: string;
  /** Key prefix within the bucket. @default '' - the whole bucket */
  readonly prefix?: string;
}

/** Which S3 data events the trail records. */
export interface S3DataEventSelection {
  /**
   * `'ALL'` records object-level events of every current and future bucket of
   * the account (what Security Hub S3.22 / S3.23 and CIS 3.8 / 3.9 ask for);
   * a list records only the named buckets or prefixes.
   * @default 'ALL'
   */
  readonly buckets?: 'ALL' | readonly DataEventTarget[];
  /** @default 'ALL' - reads and writes */
  readonly readWrite?: ReadWriteType;
  /**
   * Buckets or prefixes left out of an `'ALL'` selection (for example a
   * high-volume bucket whose cost is not worth it). Any exclusion means the
   * trail no longer covers all buckets, and the module stops claiming S3.22/S3.23.
   * @default []
   */
  readonly exclude?: readonly DataEventTarget[];
}

/** CloudTrail accepts at most 500 values across all conditions of all advanced selectors of a trail. */
export const MAX_SELECTOR_VALUES = 500;

/** How far the selection reaches, for the controls the trail may claim. */
export interface DataEventCoverage {
  readonly allBuckets: boolean;
  readonly reads: boolean;
  readonly writes: boolean;
}

/** The ARN prefix of a bucket or a key prefix: `arn:<partition>:s3:::<bucket>/<prefix>`. */
export function objectArnPrefix(partition: string, target: DataEventTarget): string {
  return `arn:${partition}:s3:::${target.bucketName}/${target.prefix ?? ''}`;
}

/** Validates a selection; problems go to `v` under `prop`. */
export function checkSelection(v: PropsValidator, prop: string, selection: S3DataEventSelection): void {
  const { buckets = 'ALL', readWrite = 'ALL', exclude = [] } = selection;
  v.check(
    ['ALL', 'READ_ONLY', 'WRITE_ONLY'].includes(readWrite),
    `${prop}.readWrite`,
    readWrite,
    'must be ALL, READ_ONLY or WRITE_ONLY',
  );
  const checkTargets = (name: string, targets: readonly DataEventTarget[]) =>
    targets.forEach((t, i) => {
      v.rule(`${prop}.${name}[${i}].bucketName`, t.bucketName, bucketNameRule);
      if (t.prefix !== undefined && !isToken(t.prefix)) {
        v.check(
          !t.prefix.startsWith('/') && t.prefix.length <= 1024,
          `${prop}.${name}[${i}].prefix`,
          t.prefix,
          'must not begin with "/" and must be at most 1024 characters',
        );
      }
    });
  if (buckets !== 'ALL') {
    v.check(
      Array.isArray(buckets) && buckets.length > 0,
      `${prop}.buckets`,
      buckets,
      "must be 'ALL' or a non-empty list of buckets",
    );
    if (Array.isArray(buckets)) checkTargets('buckets', buckets);
    v.check(
      exclude.length === 0,
      `${prop}.exclude`,
      exclude,
      "applies only to buckets: 'ALL' (with a list, record only the buckets and prefixes you want)",
    );
  }
  checkTargets('exclude', exclude);
  const values = (buckets === 'ALL' ? 0 : buckets.length) + exclude.length;
  v.check(
    values <= MAX_SELECTOR_VALUES - 10,
    `${prop}.buckets`,
    values,
    `selects too many buckets and prefixes: CloudTrail accepts at most ${MAX_SELECTOR_VALUES} values in all selectors of a trail`,
  );
}

/** What a selection covers: all buckets only when nothing is excluded and no list was given. */
export function coverageOf(selection: S3DataEventSelection | undefined): DataEventCoverage {
  if (!selection) return { allBuckets: false, reads: false, writes: false };
  const readWrite = selection.readWrite ?? 'ALL';
  return {
    allBuckets: (selection.buckets ?? 'ALL') === 'ALL' && (selection.exclude ?? []).length === 0,
    reads: readWrite !== 'WRITE_ONLY',
    writes: readWrite !== 'READ_ONLY',
  };
}

/**
 * Advanced event selectors: management events (reads and writes) when asked,
 * and one selector for S3 object data events with the chosen scope.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/filtering-data-events.html
 */
export function advancedEventSelectors(
  partition: string,
  management: boolean,
  selection: S3DataEventSelection | undefined,
): CloudtrailAdvancedEventSelector[] {
  const selectors: CloudtrailAdvancedEventSelector[] = [];
  if (management) {
    selectors.push({
      name: 'Management events',
      fieldSelector: [{ field: 'eventCategory', equalTo: ['Management'] }],
    });
  }
  if (selection) {
    const fields: CloudtrailAdvancedEventSelector['fieldSelector'] = [
      { field: 'eventCategory', equalTo: ['Data'] },
      { field: 'resources.type', equalTo: ['AWS::S3::Object'] },
    ];
    const readWrite = selection.readWrite ?? 'ALL';
    if (readWrite !== 'ALL') fields.push({ field: 'readOnly', equalTo: [String(readWrite === 'READ_ONLY')] });
    const buckets = selection.buckets ?? 'ALL';
    if (buckets !== 'ALL') {
      fields.push({
        field: 'resources.ARN',
        startsWith: [...new Set(buckets.map((t) => objectArnPrefix(partition, t)))].sort(),
      });
    } else if ((selection.exclude ?? []).length > 0) {
      fields.push({
        field: 'resources.ARN',
        notStartsWith: [...new Set(selection.exclude!.map((t) => objectArnPrefix(partition, t)))].sort(),
      });
    }
    const scope = buckets === 'ALL' ? 'all buckets' : 'selected buckets';
    const ops = { ALL: 'reads and writes', READ_ONLY: 'reads', WRITE_ONLY: 'writes' }[readWrite];
    selectors.push({ name: `S3 object ${ops}, ${scope}`, fieldSelector: fields });
  }
  return selectors;
}
