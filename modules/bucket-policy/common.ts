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
   * Let requests that AWS services make through the restriction: service
   * principals such as `logging.s3.amazonaws.com` (`aws:PrincipalIsAWSService`,
   * which still need an Allow of their own) and, for the network restrictions
   * only, services acting with the caller's credentials (`aws:ViaAWSService`,
   * such as Athena reading for a user inside the network). Identity
   * restrictions (principals, organization) never exempt `aws:ViaAWSService`:
   * such requests carry the caller's own principal ARN and organization, so
   * exempting them would let unlisted callers in through a service.
   * @default true
   * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/access_forward_access_sessions.html
   */
  readonly exemptAwsServices?: boolean;
  /**
   * Let service-linked roles (`role/aws-service-role/*`, assumable only by AWS
   * services) through the restriction, so AWS Config can record the bucket's
   * configuration and Macie can classify it. A service-linked role still needs
   * permissions of its own; the exemption only lifts this deny.
   * @default true
   * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html
   */
  readonly exemptServiceLinkedRoles?: boolean;
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
 * Which requests of AWS services a deny spares: none, requests by service
 * principals, or those and requests services make with the caller's
 * credentials (forward access sessions).
 */
export type ServiceExemption = 'none' | 'service-principals' | 'service-principals-and-forward-sessions';

/** The ARN pattern of every service-linked role, in the partition of `bucketArn`. */
export function serviceLinkedRolesPattern(bucketArn: string): string {
  return `arn:${partitionOf(bucketArn)}:iam::*:role/aws-service-role/*`;
}

/**
 * Adds the exemptions of a deny to its conditions: the break-glass principals
 * (`ArnNotLike aws:PrincipalArn`, merged with a list already there) and the
 * requests of AWS services chosen by `services`.
 */
export function withExemptions(
  conditions: PolicyConditions,
  exemptPrincipalArns: readonly string[] = [],
  services: ServiceExemption = 'none',
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
  if (services !== 'none') {
    // IfExists: an anonymous request carries neither key and stays denied.
    out.BoolIfExists = {
      ...(out.BoolIfExists ?? {}),
      'aws:PrincipalIsAWSService': 'false',
      ...(services === 'service-principals-and-forward-sessions' ? { 'aws:ViaAWSService': 'false' } : {}),
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
    for (const flag of ['exemptAwsServices', 'exemptServiceLinkedRoles'] as const) {
      if (options[flag] !== undefined)
        this.check(typeof options[flag] === 'boolean', flag, options[flag], 'must be true or false');
    }
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

/**
 * What a restriction checks: where the request comes from (`network`: source
 * IP, VPC, VPC endpoint) or who makes it (`identity`: principal, organization).
 */
export type RestrictionKind = 'network' | 'identity';

/** A deny of the covered actions on the bucket and its objects when `condition` holds, with the exemptions. */
export function restriction(
  sid: string,
  bucketArn: string,
  condition: PolicyConditions,
  options: RestrictionOptions,
  kind: RestrictionKind,
): PolicyStatement {
  const services: ServiceExemption =
    options.exemptAwsServices === false
      ? 'none'
      : kind === 'network'
        ? 'service-principals-and-forward-sessions'
        : 'service-principals';
  const exempt = [
    ...(options.exemptPrincipalArns ?? []),
    ...(options.exemptServiceLinkedRoles === false ? [] : [serviceLinkedRolesPattern(bucketArn)]),
  ];
  return {
    Sid: sid,
    Effect: 'Deny',
    Principal: '*',
    Action: options.actions ? oneOrMany(uniqueSorted(options.actions)) : 's3:*',
    Resource: bucketAndObjects(bucketArn),
    Condition: withExemptions(condition, exempt, services),
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
  /** Whether the key says where the request comes from or who makes it. */
  readonly kind: RestrictionKind;
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
    spec.kind,
  );
}
