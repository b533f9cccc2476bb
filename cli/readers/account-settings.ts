/**
 * Reads the account-level resources a review judges: account Block Public
 * Access, access points, CloudTrail trails, AWS Config, Macie, and CloudWatch
 * metric filters and alarms.
 */
import {
  AccessPointPosture,
  AccountPosture,
  ConfigRecorderPosture,
  DataEventSelectorPosture,
  Maybe,
  TrailPosture,
  isUnknown,
  unknown,
} from '../../controls/posture';
import { READ_WRITE_TYPES, enumerated } from '../../controls/enumerations';
import { publicAccessFlags } from './bucket-settings';
import { readMalwareScanners } from './malware-scanners';
import { RawResource, block, blocks, bool, inside, str, strList } from './raw';

type Values = Readonly<Record<string, unknown>>;

const ALL_BUCKETS = /^arn:[a-z-]+:s3(:::)?$/;

/** One data resource of a classic event selector, as the S3 controls see it. */
export function classicDataResource(
  readWrite: Maybe<string>,
  type: Maybe<string | undefined>,
  values: Maybe<readonly string[]>,
): DataEventSelectorPosture {
  return {
    s3Objects: isUnknown(type) ? type : type === 'AWS::S3::Object',
    allBuckets: isUnknown(values) ? values : values.some((v) => ALL_BUCKETS.test(v)),
    readEvents: isUnknown(readWrite) ? readWrite : readWrite === 'All' || readWrite === 'ReadOnly',
    writeEvents: isUnknown(readWrite) ? readWrite : readWrite === 'All' || readWrite === 'WriteOnly',
  };
}

/** The field selectors of an advanced event selector that the S3 controls read. */
export interface AdvancedSelectorFields {
  /** `equals` of the eventCategory, resources.type and readOnly fields, when given. */
  readonly category?: readonly string[];
  readonly type?: readonly string[];
  readonly readOnly?: readonly string[];
  /** The resources.ARN field, when given: its `starts_with`, and whether it uses another operator. */
  readonly arn?: { readonly startsWith: Maybe<readonly string[]>; readonly otherOperators: boolean };
  /** An eventName field narrows the selector to some events. */
  readonly selectsNames: boolean;
}

/** One advanced event selector, as the S3 controls see it. */
export function advancedSelector(f: AdvancedSelectorFields): DataEventSelectorPosture {
  let allBuckets: Maybe<boolean> = true;
  if (f.arn) {
    const starts = f.arn.startsWith;
    allBuckets = isUnknown(starts)
      ? starts
      : !f.arn.otherOperators && starts.length > 0 && starts.every((v) => ALL_BUCKETS.test(v));
  }
  return {
    s3Objects: f.category?.includes('Data') === true && f.type?.includes('AWS::S3::Object') === true,
    allBuckets,
    readEvents: !f.selectsNames && (f.readOnly === undefined || f.readOnly.includes('true')),
    writeEvents: !f.selectsNames && (f.readOnly === undefined || f.readOnly.includes('false')),
  };
}

function classicSelectors(t: RawResource): Maybe<DataEventSelectorPosture[]> {
  const selectors = blocks(t.values, 'event_selector', t.type);
  if (isUnknown(selectors)) return selectors;
  const out: DataEventSelectorPosture[] = [];
  for (const s of selectors) {
    const given = str(s, 'read_write_type', `${t.type}.event_selector`) ?? 'All';
    const rw = isUnknown(given)
      ? given
      : enumerated(given, READ_WRITE_TYPES, `${t.type}.event_selector.read_write_type`);
    const resources = blocks(s, 'data_resource', `${t.type}.event_selector`);
    if (isUnknown(resources)) return resources;
    for (const d of resources) {
      out.push(
        classicDataResource(rw, str(d, 'type', 'data_resource'), strList(d, 'values', 'data_resource')),
      );
    }
  }
  return out;
}

function advancedSelectors(t: RawResource): Maybe<DataEventSelectorPosture[]> {
  const selectors = blocks(t.values, 'advanced_event_selector', t.type);
  if (isUnknown(selectors)) return selectors;
  const out: DataEventSelectorPosture[] = [];
  for (const s of selectors) {
    const fields = blocks(s, 'field_selector', `${t.type}.advanced_event_selector`);
    if (isUnknown(fields)) return fields;
    const byName = new Map<string, Values>();
    for (const f of fields) {
      const name = str(f, 'field', 'field_selector');
      if (isUnknown(name)) return name;
      if (name) byName.set(name, f);
    }
    const equals = (field: string): Maybe<string[] | undefined> => {
      const f = byName.get(field);
      return f ? strList(f, 'equals', `field_selector ${field}`) : undefined;
    };
    const category = equals('eventCategory');
    const type = equals('resources.type');
    const readOnly = equals('readOnly');
    const pending = [category, type, readOnly].find(isUnknown);
    if (pending) {
      out.push({ s3Objects: pending, allBuckets: pending, readEvents: pending, writeEvents: pending });
      continue;
    }
    const arn = byName.get('resources.ARN');
    out.push(
      advancedSelector({
        category: category as string[] | undefined,
        type: type as string[] | undefined,
        readOnly: readOnly as string[] | undefined,
        arn: arn && {
          startsWith: strList(arn, 'starts_with', 'field_selector resources.ARN'),
          otherOperators: ['equals', 'ends_with', 'not_equals', 'not_starts_with', 'not_ends_with'].some(
            (k) => arn[k] !== undefined && arn[k] !== null && !(Array.isArray(arn[k]) && arn[k].length === 0),
          ),
        },
        selectsNames: byName.has('eventName'),
      }),
    );
  }
  return out;
}

function trail(t: RawResource, bucketAddress: string | undefined): TrailPosture {
  const classic = classicSelectors(t);
  const advanced = advancedSelectors(t);
  const selectors = isUnknown(classic) ? classic : isUnknown(advanced) ? advanced : [...classic, ...advanced];
  return {
    address: t.address,
    name: str(t.values, 'name', t.type) ?? unknown(`${t.address} has no name`),
    multiRegion: bool(t.values, 'is_multi_region_trail', t.type) ?? false,
    logging: bool(t.values, 'enable_logging', t.type) ?? true,
    bucketName: str(t.values, 's3_bucket_name', t.type),
    bucketAddress,
    selectors,
    location: t.location,
  };
}

function accessPoint(r: RawResource): AccessPointPosture {
  if (r.type === 'aws_s3_access_point') {
    const pab = block(r.values, 'public_access_block_configuration', r.type);
    return {
      address: r.address,
      kind: 'access-point',
      name: str(r.values, 'name', r.type) ?? unknown('unnamed access point'),
      publicAccessBlock: inside(pab, (p) =>
        publicAccessFlags(p, `${r.type}.public_access_block_configuration`, true),
      ),
      location: r.location,
    };
  }
  const details = block(r.values, 'details', r.type);
  const pab = inside(details, (d) => block(d, 'public_access_block', `${r.type}.details`));
  return {
    address: r.address,
    kind: 'multi-region-access-point',
    name: inside(details, (d) => str(d, 'name', `${r.type}.details`)) ?? unknown(`${r.address} has no name`),
    publicAccessBlock: inside(pab, (p) =>
      publicAccessFlags(p, `${r.type}.details.public_access_block`, true),
    ),
    location: r.location,
  };
}

/**
 * Builds the account posture. `bucketAddressOf` resolves a trail's bucket
 * reference to a bucket posture address.
 */
export function readAccount(
  resources: readonly RawResource[],
  accountIds: readonly string[],
  bucketAddressOf: (r: RawResource, attr: string) => string | undefined,
): AccountPosture {
  const of = (type: string) => resources.filter((r) => r.mode === 'managed' && r.type === type);
  const statuses = of('aws_config_configuration_recorder_status');
  const channels = of('aws_config_delivery_channel');
  const recorders = of('aws_config_configuration_recorder').map((r): ConfigRecorderPosture => {
    const group = block(r.values, 'recording_group', r.type);
    const label = `${r.type}.recording_group`;
    const name = str(r.values, 'name', r.type) ?? 'default';
    const mine = statuses.filter(
      (s) =>
        s.scope === r.scope &&
        (s.refs('name').includes(r.localAddress) || (typeof name === 'string' && s.values.name === name)),
    );
    const enabledValues = mine.map((s) => bool(s.values, 'is_enabled', s.type));
    const enabled: Maybe<boolean | undefined> = enabledValues.includes(true)
      ? true
      : (enabledValues.find(isUnknown) ?? (mine.length > 0 ? false : undefined));
    return {
      address: r.address,
      name,
      allSupported: isUnknown(group) ? group : group ? (bool(group, 'all_supported', label) ?? true) : true,
      includeGlobalResourceTypes: isUnknown(group)
        ? group
        : group
          ? (bool(group, 'include_global_resource_types', label) ?? false)
          : false,
      enabled,
      deliveryChannel: channels.some((c) => c.scope === r.scope),
      location: r.location,
    };
  });
  const declaredAccount = of('aws_s3_account_public_access_block')
    .map((r) => str(r.values, 'account_id', r.type))
    .find((a): a is string => typeof a === 'string');
  return {
    accountId: accountIds[0] ?? declaredAccount,
    publicAccessBlocks: of('aws_s3_account_public_access_block').map((r) => ({
      ...publicAccessFlags(r.values, r.type, false),
      location: r.location,
    })),
    accessPoints: [...of('aws_s3_access_point'), ...of('aws_s3control_multi_region_access_point')].map(
      accessPoint,
    ),
    trails: of('aws_cloudtrail').map((t) => trail(t, bucketAddressOf(t, 's3_bucket_name'))),
    configRecorders: recorders,
    configRules: of('aws_config_config_rule').map((r) => {
      const source = block(r.values, 'source', r.type);
      const id = inside(source, (s) => str(s, 'source_identifier', `${r.type}.source`));
      return { identifier: id ?? unknown(`${r.address} has no source_identifier`), location: r.location };
    }),
    macie: of('aws_macie2_account').map((r) => ({
      address: r.address,
      status: str(r.values, 'status', r.type) ?? 'ENABLED',
      location: r.location,
    })),
    macieJobs: of('aws_macie2_classification_job').map((r) => ({
      address: r.address,
      jobType: str(r.values, 'job_type', r.type),
      status: str(r.values, 'job_status', r.type),
      location: r.location,
    })),
    macieExports: of('aws_macie2_classification_export_configuration').map((r) => {
      const destination = block(r.values, 's3_destination', r.type);
      return {
        address: r.address,
        // A key named by an expression (the key created beside it) is still a key: only absence fails.
        kmsKeyArn: inside(destination, (d) =>
          typeof d.kms_key_arn === 'string' && d.kms_key_arn !== '' ? d.kms_key_arn : undefined,
        ),
        location: r.location,
      };
    }),
    metricFilters: of('aws_cloudwatch_log_metric_filter').map((r) => {
      const mt = block(r.values, 'metric_transformation', r.type);
      const label = `${r.type}.metric_transformation`;
      return {
        address: r.address,
        pattern: str(r.values, 'pattern', r.type) ?? '',
        metricName: inside(mt, (m) => str(m, 'name', label)),
        metricNamespace: inside(mt, (m) => str(m, 'namespace', label)),
        location: r.location,
      };
    }),
    metricAlarms: of('aws_cloudwatch_metric_alarm').map((r) => ({
      address: r.address,
      metricName: str(r.values, 'metric_name', r.type),
      namespace: str(r.values, 'namespace', r.type),
      location: r.location,
    })),
    malwareScanners: readMalwareScanners(resources, bucketAddressOf),
  };
}
