import { Construct } from 'constructs';
import { Macie2FindingsFilter } from '@cdktf/provider-aws/lib/macie2-findings-filter';
import { PropsValidator, integerBetween, mergeTags } from '../core';
import type { MacieAccount } from './account';
import { FILTER_FIELDS, FilterField, RANGE_FILTER_FIELDS, checkLength } from './limits';

/** One condition on a finding field; conditions of a filter combine with AND. */
export interface FilterCriterion {
  readonly field: FilterField;
  /** Equals one of these values. */
  readonly eq?: readonly string[];
  /** Equals one of these values exactly (case and all). */
  readonly eqExactMatch?: readonly string[];
  /** Equals none of these values. */
  readonly neq?: readonly string[];
  /** Numbers and dates (epoch milliseconds) only. */
  readonly gt?: number;
  readonly gte?: number;
  readonly lt?: number;
  readonly lte?: number;
}

export interface FindingsFilterProps {
  readonly macie: MacieAccount;
  /** 3 to 64 characters. */
  readonly name: string;
  /** @default - none */
  readonly description?: string;
  /**
   * ARCHIVE: suppress matching findings as they arrive (known, accepted noise:
   * they are archived and not published to EventBridge or Security Hub).
   * NOOP: a saved view that changes nothing.
   */
  readonly action: 'ARCHIVE' | 'NOOP';
  /** Order among the filters (1 is applied first). @default - after the existing filters */
  readonly position?: number;
  readonly criteria: readonly FilterCriterion[];
  readonly tags?: Record<string, string>;
}

/**
 * A Macie findings filter with criteria checked at synth against the finding
 * fields Macie documents. An ARCHIVE filter is a suppression rule: use it only
 * for findings you have decided to accept, narrowly (a bucket and a type), since
 * archived findings raise no alert.
 * @see https://docs.aws.amazon.com/macie/latest/user/findings-filter-fields.html
 */
export class FindingsFilter extends Construct {
  public readonly filter: Macie2FindingsFilter;

  constructor(scope: Construct, id: string, props: FindingsFilterProps) {
    super(scope, id);
    const v = new PropsValidator(this);
    v.check(typeof props.name === 'string', 'name', props.name, 'is required');
    checkLength(v, 'name', props.name, 3, 64);
    checkLength(v, 'description', props.description, 1, 512);
    v.check(['ARCHIVE', 'NOOP'].includes(props.action), 'action', props.action, 'must be ARCHIVE or NOOP');
    v.rule('position', props.position, integerBetween(1, 1000));
    const criteria = Array.isArray(props.criteria) ? props.criteria : [];
    v.check(criteria.length > 0, 'criteria', props.criteria, 'must list at least one condition');
    criteria.forEach((c, i) => checkCriterion(v, `criteria[${i}]`, c));
    const fields = criteria.map((c) => c.field);
    v.check(
      new Set(fields).size === fields.length,
      'criteria',
      fields,
      'names a field twice: merge its conditions',
    );
    if (props.action === 'ARCHIVE' && criteria.length > 0) {
      v.check(
        !criteria.every((c) => c.field === 'severity.description' || c.field === 'category'),
        'criteria',
        fields,
        'would archive findings by severity or category alone: name the bucket, type or data that is accepted',
      );
    }
    const tags = mergeTags(v, 'tags', props.tags);
    v.throwIfAny();

    this.filter = new Macie2FindingsFilter(this, 'Filter', {
      name: props.name,
      description: props.description,
      action: props.action,
      position: props.position,
      findingCriteria: {
        criterion: criteria.map((c) => ({
          field: c.field,
          eq: c.eq ? [...c.eq] : undefined,
          eqExactMatch: c.eqExactMatch ? [...c.eqExactMatch] : undefined,
          neq: c.neq ? [...c.neq] : undefined,
          gt: c.gt === undefined ? undefined : String(c.gt),
          gte: c.gte === undefined ? undefined : String(c.gte),
          lt: c.lt === undefined ? undefined : String(c.lt),
          lte: c.lte === undefined ? undefined : String(c.lte),
        })),
      },
      tags,
      dependsOn: [props.macie.account],
    });
  }
}

function checkCriterion(v: PropsValidator, prop: string, c: FilterCriterion): void {
  if (!FILTER_FIELDS.includes(c.field)) {
    v.fail(
      `${prop}.field`,
      c.field,
      `is not a finding field this module filters on (${FILTER_FIELDS.join(', ')})`,
    );
    return;
  }
  const lists = (['eq', 'eqExactMatch', 'neq'] as const).filter((k) => c[k] !== undefined);
  const ranges = (['gt', 'gte', 'lt', 'lte'] as const).filter((k) => c[k] !== undefined);
  v.check(
    lists.length + ranges.length > 0,
    prop,
    c,
    'needs a condition: eq, eqExactMatch, neq, gt, gte, lt or lte',
  );
  for (const k of lists) {
    const values = c[k]!;
    v.check(
      Array.isArray(values) &&
        values.length > 0 &&
        values.every((x) => typeof x === 'string' && x.length > 0),
      `${prop}.${k}`,
      values,
      'must list at least one non-empty value',
    );
  }
  for (const k of ranges) {
    v.check(
      RANGE_FILTER_FIELDS.includes(c.field),
      `${prop}.${k}`,
      c[k],
      `compares numbers and dates only; ${c.field} is neither (use eq or neq)`,
    );
    v.check(Number.isFinite(c[k]) && c[k]! >= 0, `${prop}.${k}`, c[k], 'must be a number of at least 0');
  }
}
