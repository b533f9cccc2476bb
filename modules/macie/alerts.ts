/**
 * Custom alerts on Macie findings: EventBridge patterns over the published
 * "Macie Finding" events, and the messages a person reads in e-mail. Pure data
 * and functions, so tests can match AWS's documented event shape against them;
 * the rules themselves are created by SecurityAlerts (`eventAlerts`).
 * @see https://docs.aws.amazon.com/macie/latest/user/findings-publish-event-schemas.html
 */
import { IConstruct } from 'constructs';
import { PropsValidator, bucketNameRule, eventRuleNameRule, tagKeyRule, tagValueRule } from '../core';
import type { AlertMessage, EventAlert, EventPattern } from '../security-alerts';
import {
  FINDING_TYPES,
  FindingType,
  SENSITIVE_DATA_FINDING_TYPES,
  SEVERITIES,
  FindingSeverity,
} from './limits';

/** What a Macie alert fires on; every given criterion must hold (AND), values of one criterion are alternatives (OR). */
export interface MacieAlertCriteria {
  /** Findings of this severity or higher. @default 'High' */
  readonly minimumSeverity?: FindingSeverity;
  /** Only these finding types. @default - any type */
  readonly findingTypes?: readonly FindingType[];
  /** Only findings about these buckets. @default - any bucket */
  readonly bucketNames?: readonly string[];
  /**
   * Only findings about buckets with this tag. EventBridge matches the key and
   * the value independently among the bucket's tags (see help/macie.md).
   * @default - any bucket
   */
  readonly bucketTag?: { readonly key: string; readonly value: string };
  /** Only sensitive data findings in which one of these custom data identifiers (by name) matched. @default - any */
  readonly customDataIdentifierNames?: readonly string[];
}

export interface MacieAlert extends MacieAlertCriteria {
  /** Construct id of the rule and the end of its name (`<prefix>-macie-<id>`): letters, digits and -. */
  readonly id: string;
  /** @default - a description built from the criteria */
  readonly description?: string;
}

/** The EventBridge pattern of Macie findings that meet the criteria. */
export function macieFindingPattern(c: MacieAlertCriteria): EventPattern {
  const from = SEVERITIES.indexOf(c.minimumSeverity ?? 'High');
  const bucket: Record<string, unknown> = {};
  if (c.bucketNames?.length) bucket.name = [...c.bucketNames];
  if (c.bucketTag) bucket.tags = { key: [c.bucketTag.key], value: [c.bucketTag.value] };
  const detail: Record<string, unknown> = {
    severity: { description: SEVERITIES.slice(from) },
  };
  if (c.findingTypes?.length) detail.type = [...c.findingTypes];
  if (Object.keys(bucket).length) detail.resourcesAffected = { s3Bucket: bucket };
  if (c.customDataIdentifierNames?.length)
    detail.classificationDetails = {
      result: { customDataIdentifiers: { detections: { name: [...c.customDataIdentifierNames] } } },
    };
  return { source: ['aws.macie'], 'detail-type': ['Macie Finding'], detail };
}

const COMMON_PATHS = {
  severity: '$.detail.severity.description',
  type: '$.detail.type',
  title: '$.detail.title',
  bucket: '$.detail.resourcesAffected.s3Bucket.name',
  account: '$.detail.accountId',
  region: '$.detail.region',
  time: '$.detail.updatedAt',
  id: '$.detail.id',
};

/** A finding about an object (sensitive data): names the object. */
export const MACIE_SENSITIVE_DATA_MESSAGE: AlertMessage = {
  inputPaths: { ...COMMON_PATHS, key: '$.detail.resourcesAffected.s3Object.key' },
  template:
    '"Amazon Macie <severity> finding <type>: <title> Object s3://<bucket>/<key> in account <account>, <region>, at <time>. Finding id <id>: open it in the Macie console (Findings) or with aws macie2 get-findings."',
};

/** Any finding (policy findings concern a bucket, not an object). */
export const MACIE_FINDING_MESSAGE: AlertMessage = {
  inputPaths: { ...COMMON_PATHS },
  template:
    '"Amazon Macie <severity> finding <type>: <title> Bucket <bucket> in account <account>, <region>, at <time>. Finding id <id>: open it in the Macie console (Findings) or with aws macie2 get-findings."',
};

/** True when every finding the criteria admit is a sensitive data finding (so it names an object). */
export function aboutObjects(c: MacieAlertCriteria): boolean {
  if (c.customDataIdentifierNames?.length) return true;
  const sensitive: readonly string[] = SENSITIVE_DATA_FINDING_TYPES;
  return (c.findingTypes?.length ?? 0) > 0 && c.findingTypes!.every((t) => sensitive.includes(t));
}

function describe(c: MacieAlertCriteria): string {
  const parts = [`Macie findings of severity ${c.minimumSeverity ?? 'High'} or higher`];
  if (c.findingTypes?.length) parts.push(`of type ${c.findingTypes.join(', ')}`);
  if (c.bucketNames?.length) parts.push(`in ${c.bucketNames.join(', ')}`);
  if (c.bucketTag) parts.push(`in buckets tagged ${c.bucketTag.key}=${c.bucketTag.value}`);
  if (c.customDataIdentifierNames?.length) parts.push(`matched by ${c.customDataIdentifierNames.join(', ')}`);
  const text = parts.join(' ');
  return text.length <= 512 ? text : `${text.slice(0, 509)}...`;
}

/**
 * Validates Macie alerts (messages name `scope` and `prop`) and returns them as
 * SecurityAlerts `eventAlerts`: one rule per alert, named `<prefix>-macie-<id>`.
 */
export function macieEventAlerts(
  scope: IConstruct,
  alerts: readonly MacieAlert[],
  options: { readonly prop?: string; readonly namePrefix?: string } = {},
): EventAlert[] {
  const v = new PropsValidator(scope);
  const prop = options.prop ?? 'alerts';
  const prefix = options.namePrefix ?? 's3-security';
  alerts.forEach((a, i) => {
    const p = `${prop}[${i}]`;
    v.check(
      /^[a-z][a-z0-9-]{0,39}$/.test(String(a.id)),
      `${p}.id`,
      a.id,
      'must be 1 to 40 lowercase letters, digits and -, starting with a letter',
    );
    v.rule(`${p}.id`, `${prefix}-macie-${a.id}`, eventRuleNameRule);
    v.check(
      a.minimumSeverity === undefined || SEVERITIES.includes(a.minimumSeverity),
      `${p}.minimumSeverity`,
      a.minimumSeverity,
      `must be one of ${SEVERITIES.join(', ')}`,
    );
    (a.findingTypes ?? []).forEach((t, j) =>
      v.check(
        FINDING_TYPES.includes(t),
        `${p}.findingTypes[${j}]`,
        t,
        `is not a Macie finding type (${FINDING_TYPES.join(', ')})`,
      ),
    );
    (a.bucketNames ?? []).forEach((b, j) => v.rule(`${p}.bucketNames[${j}]`, b, bucketNameRule));
    if (a.bucketTag) {
      v.rule(`${p}.bucketTag.key`, a.bucketTag.key, tagKeyRule);
      v.rule(`${p}.bucketTag.value`, a.bucketTag.value, tagValueRule);
    }
    (a.customDataIdentifierNames ?? []).forEach((n, j) =>
      v.check(
        typeof n === 'string' && n.length >= 1 && n.length <= 128,
        `${p}.customDataIdentifierNames[${j}]`,
        n,
        'must be a custom data identifier name (1 to 128 characters)',
      ),
    );
    const policyOnly =
      (a.findingTypes?.length ?? 0) > 0 && a.findingTypes!.every((t) => t.startsWith('Policy:'));
    v.check(
      !(policyOnly && a.customDataIdentifierNames?.length),
      `${p}.customDataIdentifierNames`,
      a.customDataIdentifierNames,
      'can never match: only sensitive data findings name custom data identifiers, and findingTypes lists policy findings only',
    );
    if (a.description !== undefined)
      v.check(
        a.description.length >= 1 && a.description.length <= 512,
        `${p}.description`,
        a.description,
        'must be 1 to 512 characters long',
      );
  });
  const ids = alerts.map((a) => a.id);
  v.check(new Set(ids).size === ids.length, prop, ids, 'repeats an alert id');
  v.throwIfAny();
  return alerts.map((a) => ({
    id: `Macie${a.id.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase())}`,
    name: `${prefix}-macie-${a.id}`,
    description: a.description ?? describe(a),
    pattern: macieFindingPattern(a),
    message: aboutObjects(a) ? MACIE_SENSITIVE_DATA_MESSAGE : MACIE_FINDING_MESSAGE,
  }));
}
