import {
  PolicyConditions,
  PolicyStatement,
  PropsValidator,
  isListToken,
  isToken,
  principalArnPatternRule,
  s3BucketArnRule,
  serviceActionRule,
} from '../core';

/**
 * The break-glass escape every deny template offers: principals the deny does
 * not apply to (`ArnNotLike aws:PrincipalArn`), so an administrator or the
 * pipeline that applies this Terraform is never locked out of its own bucket.
 */
export interface BreakGlassOptions {
  /**
   * IAM principals (role, user or root ARNs; `*` and `?` allowed in the name)
   * the deny does not apply to. A role's sessions match the role ARN.
   * @default [] - nobody is exempt
   */
  readonly exemptPrincipalArns?: readonly string[];
}

/** Options of the templates that restrict where requests come from or who makes them. */
export interface RestrictionOptions extends BreakGlassOptions {
  /**
   * Let requests that AWS services make (service principals such as
   * `logging.s3.amazonaws.com`, and services acting with the caller's
   * credentials, `aws:ViaAWSService`) through the restriction. Service
   * principals still need an Allow statement of their own; turning this off
   * breaks log delivery and services such as Athena that read on your behalf.
   * @default true
   * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-viaawsservice
   */
  readonly exemptAwsServices?: boolean;
  /**
   * The S3 actions the restriction covers.
   * @default ['s3:*']
   */
  readonly actions?: readonly string[];
}

/** `[bucketArn, bucketArn/*]`: the bucket and every object in it. */
export function bucketAndObjects(bucketArn: string): string[] {
  return [bucketArn, `${bucketArn}/*`];
}

/** The partition segment of an ARN (a token stays a token). */
export function partitionOf(arn: string): string {
  return arn.split(':')[1];
}

/** A single value as is, several as a list (the compact form IAM shows). */
export function oneOrMany(values: readonly string[]): string | string[] {
  return values.length === 1 ? values[0] : [...values];
}

/** Sorted, without duplicates, so the rendered policy does not change with the order of the input. */
export function uniqueSorted(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

/**
 * Adds the exemptions of a deny to its conditions: the break-glass principals
 * (`ArnNotLike aws:PrincipalArn`, merged with a list already there) and, unless
 * turned off, requests made by AWS services.
 */
export function withExemptions(
  conditions: PolicyConditions,
  exemptPrincipalArns: readonly string[] = [],
  exemptAwsServices = false,
): PolicyConditions {
  const out: Record<string, Record<string, string | readonly string[] | boolean | number>> = {};
  for (const [operator, keys] of Object.entries(conditions)) out[operator] = { ...keys };
  if (exemptPrincipalArns.length > 0) {
    const current = out.ArnNotLike?.['aws:PrincipalArn'];
    const merged = uniqueSorted([
      ...(current === undefined ? [] : typeof current === 'string' ? [current] : (current as string[])),
      ...exemptPrincipalArns,
    ]);
    out.ArnNotLike = { ...(out.ArnNotLike ?? {}), 'aws:PrincipalArn': oneOrMany(merged) };
  }
  if (exemptAwsServices) {
    // IfExists: an anonymous request carries neither key and stays denied.
    out.BoolIfExists = {
      ...(out.BoolIfExists ?? {}),
      'aws:PrincipalIsAWSService': 'false',
      'aws:ViaAWSService': 'false',
    };
  }
  return out;
}

/**
 * Collects the problems of one template's parameters; the message names the
 * template, the parameter, the value and the rule.
 */
export class TemplateValidator extends PropsValidator {
  constructor(template: string) {
    super(template);
  }

  /** The bucket ARN every template starts from. */
  public bucketArn(bucketArn: string): void {
    if (bucketArn === undefined || bucketArn === null) this.fail('bucketArn', bucketArn, 'is required');
    else this.rule('bucketArn', bucketArn, s3BucketArnRule);
  }

  /**
   * A list parameter: required and non-empty (an empty allow-list would deny
   * everyone), each value checked by `rule`. A Terraform list token is accepted.
   */
  public list(
    prop: string,
    values: readonly string[] | undefined,
    rule: (v: string) => string | undefined,
    emptyMeans = 'would deny everyone',
  ): void {
    if (values === undefined || values === null) {
      this.fail(prop, values, 'is required');
      return;
    }
    if (isListToken(values)) return;
    if (!Array.isArray(values)) {
      this.fail(prop, values, 'must be a list');
      return;
    }
    if (values.length === 0) this.fail(prop, values, `must not be empty: an empty list ${emptyMeans}`);
    values.forEach((value, i) => this.rule(`${prop}[${i}]`, value, rule));
    const literal = values.filter((value) => !isToken(value));
    const duplicates = literal.filter((value, i) => literal.indexOf(value) !== i);
    if (duplicates.length > 0) this.fail(prop, values, `lists ${duplicates[0]} twice`);
  }

  /** An optional list: absent is fine, present must hold valid values (empty is allowed). */
  public optionalList(
    prop: string,
    values: readonly string[] | undefined,
    rule: (v: string) => string | undefined,
  ): void {
    if (values === undefined || isListToken(values)) return;
    if (!Array.isArray(values)) {
      this.fail(prop, values, 'must be a list');
      return;
    }
    values.forEach((value, i) => this.rule(`${prop}[${i}]`, value, rule));
  }

  /** The options every restricting deny shares. */
  public restriction(options: RestrictionOptions): void {
    this.breakGlass(options);
    if (options.actions !== undefined)
      this.list('actions', options.actions, serviceActionRule('s3'), 'would cover nothing');
    if (options.exemptAwsServices !== undefined)
      this.check(
        typeof options.exemptAwsServices === 'boolean',
        'exemptAwsServices',
        options.exemptAwsServices,
        'must be true or false',
      );
  }

  public breakGlass(options: BreakGlassOptions): void {
    const exempt = options.exemptPrincipalArns;
    // The exemptions merge with other ArnNotLike values, so the list itself must be literal.
    if (isListToken(exempt))
      this.fail(
        'exemptPrincipalArns',
        exempt,
        'must be a literal list (its elements may be Terraform tokens)',
      );
    else this.optionalList('exemptPrincipalArns', exempt, principalArnPatternRule);
  }
}

/** A Terraform list token as is; a list sorted, without duplicates, and a single value unwrapped. */
export function conditionValues(values: readonly string[]): string | string[] {
  return isListToken(values) ? (values as string[]) : oneOrMany(uniqueSorted(values));
}

/** A deny of the covered actions on the bucket and its objects when `condition` holds, with the exemptions. */
export function restriction(
  sid: string,
  bucketArn: string,
  condition: PolicyConditions,
  options: RestrictionOptions,
): PolicyStatement {
  return {
    Sid: sid,
    Effect: 'Deny',
    Principal: '*',
    Action: options.actions ? oneOrMany(uniqueSorted(options.actions)) : 's3:*',
    Resource: bucketAndObjects(bucketArn),
    Condition: withExemptions(condition, options.exemptPrincipalArns, options.exemptAwsServices ?? true),
  };
}

/** A restriction on one list of values: which template, which parameter, and how the request is compared. */
export interface ListRestriction {
  readonly template: string;
  readonly sid: string;
  /** The parameter that holds the values, for messages. */
  readonly param: string;
  readonly rule: (value: string) => string | undefined;
  /** The negated operator, such as `NotIpAddress` or `StringNotEquals`. */
  readonly operator: string;
  /** The request context key, such as `aws:SourceIp`. */
  readonly key: string;
}

/** Validates the values and the options, then denies requests whose `key` is outside the values. */
export function restrictToList(
  spec: ListRestriction,
  bucketArn: string,
  values: readonly string[],
  options: RestrictionOptions,
): PolicyStatement {
  const v = new TemplateValidator(spec.template);
  v.bucketArn(bucketArn);
  v.list(spec.param, values, spec.rule);
  v.restriction(options);
  v.throwIfAny();
  return restriction(
    spec.sid,
    bucketArn,
    { [spec.operator]: { [spec.key]: conditionValues(values) } },
    options,
  );
}
