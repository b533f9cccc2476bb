import { Fn, Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { S3SecurityValidationError, isToken } from './validation';

/** A condition block: operator -> condition key -> value(s). */
export type PolicyConditions = Record<string, Record<string, string | readonly string[] | boolean | number>>;

/** A principal as IAM writes it: `"*"` or a map of principal types to values. */
export type PolicyPrincipal =
  | '*'
  | {
      readonly AWS?: string | readonly string[];
      readonly Service?: string | readonly string[];
      readonly Federated?: string | readonly string[];
      readonly CanonicalUser?: string | readonly string[];
    };

/**
 * One IAM policy statement, spelled as in the JSON document so a statement in
 * code reads like the statement in a plan. `Sid` is required: composition and
 * review refer to statements by it.
 */
export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal?: PolicyPrincipal;
  readonly NotPrincipal?: PolicyPrincipal;
  readonly Action?: string | readonly string[];
  readonly NotAction?: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly NotResource?: string | readonly string[];
  readonly Condition?: PolicyConditions;
}

export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly PolicyStatement[];
}

/** Limits and rules of one kind of policy document. */
export interface PolicyKind {
  /** For messages: "bucket policy", "key policy", "service control policy". */
  readonly name: string;
  /** Size limit of the compact JSON in characters. */
  readonly maxLength: number;
  /** Resource policies need a Principal on every statement; identity policies and SCPs must not have one. */
  readonly principal: 'required' | 'forbidden';
  /**
   * Whether statements must name a Resource (or NotResource).
   * @default 'required' when a Principal is, otherwise not checked
   */
  readonly resource?: 'required';
  /**
   * The effects the kind accepts.
   * @default ['Allow', 'Deny']
   */
  readonly effects?: readonly ('Allow' | 'Deny')[];
  /** True when `"*"` is the only Principal the kind accepts (resource control policies). */
  readonly wildcardPrincipalOnly?: boolean;
  /** Elements the kind does not support. */
  readonly unsupported?: readonly ('NotPrincipal' | 'NotAction' | 'NotResource')[];
  /**
   * What to do when a document is over the size limit, for the error message.
   * @default 'merge statements or move grants to IAM policies'
   */
  readonly whenTooLarge?: string;
}

export const BUCKET_POLICY: PolicyKind = {
  name: 'bucket policy',
  maxLength: 20 * 1024,
  principal: 'required',
};
export const KEY_POLICY: PolicyKind = { name: 'key policy', maxLength: 32 * 1024, principal: 'required' };

/**
 * An AWS Organizations service control policy: no Principal (it applies to the
 * principals of the accounts it is attached to), at most 5,120 characters.
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
 */
export const SERVICE_CONTROL_POLICY: PolicyKind = {
  name: 'service control policy',
  maxLength: 5120,
  principal: 'forbidden',
  resource: 'required',
  whenTooLarge:
    'shorten its lists (ARN patterns cover many names) or split it into several policies (at most 5 per target)',
};

/**
 * An AWS Organizations resource control policy: Deny statements only (Allow is
 * reserved to the built-in RCPFullAWSAccess), Principal `"*"` only, no
 * NotPrincipal or NotAction, at most 5,120 characters.
 * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html
 */
export const RESOURCE_CONTROL_POLICY: PolicyKind = {
  name: 'resource control policy',
  maxLength: 5120,
  principal: 'required',
  effects: ['Deny'],
  wildcardPrincipalOnly: true,
  unsupported: ['NotPrincipal', 'NotAction'],
  whenTooLarge: 'shorten its lists or split it into several policies (at most 5 per target)',
};

/**
 * A VPC endpoint policy: a resource policy of the endpoint, at most 20,480 characters.
 * @see https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-limits-endpoints.html
 */
export const VPC_ENDPOINT_POLICY: PolicyKind = {
  name: 'VPC endpoint policy',
  maxLength: 20480,
  principal: 'required',
};

const SID_PATTERN = /^[A-Za-z0-9]+$/;

/** Problems with one statement, independent of the document it goes in. */
export function statementProblems(statement: PolicyStatement, kind: PolicyKind): string[] {
  const problems: string[] = [];
  const sid = (statement as { Sid?: unknown }).Sid;
  const at = `statement ${JSON.stringify(sid ?? '(no Sid)')}`;
  if (typeof sid !== 'string' || !SID_PATTERN.test(sid)) {
    problems.push(`${at}: Sid must be letters and digits only (it names the statement in reviews)`);
  }
  if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') {
    problems.push(`${at}: Effect ${JSON.stringify(statement.Effect)} must be "Allow" or "Deny"`);
  }
  if ((statement.Action === undefined) === (statement.NotAction === undefined)) {
    problems.push(`${at}: exactly one of Action and NotAction is required`);
  }
  const resource = kind.resource ?? (kind.principal === 'required' ? 'required' : undefined);
  if (
    resource === 'required' &&
    (statement.Resource === undefined) === (statement.NotResource === undefined)
  ) {
    problems.push(`${at}: exactly one of Resource and NotResource is required in a ${kind.name}`);
  }
  if (kind.principal === 'required') {
    if ((statement.Principal === undefined) === (statement.NotPrincipal === undefined)) {
      problems.push(`${at}: exactly one of Principal and NotPrincipal is required in a ${kind.name}`);
    }
  } else if (statement.Principal !== undefined || statement.NotPrincipal !== undefined) {
    problems.push(`${at}: a ${kind.name} must not name a Principal`);
  }
  if (kind.effects && !kind.effects.includes(statement.Effect)) {
    problems.push(`${at}: Effect ${JSON.stringify(statement.Effect)} is not allowed in a ${kind.name}`);
  }
  for (const element of kind.unsupported ?? []) {
    if (statement[element] !== undefined) problems.push(`${at}: a ${kind.name} does not support ${element}`);
  }
  if (kind.wildcardPrincipalOnly && statement.Principal !== undefined && statement.Principal !== '*') {
    problems.push(`${at}: a ${kind.name} accepts only "*" as Principal`);
  }
  for (const field of ['Action', 'NotAction', 'Resource', 'NotResource'] as const) {
    const value = statement[field];
    if (Array.isArray(value) && value.length === 0) {
      problems.push(`${at}: ${field} must not be an empty list`);
    }
  }
  return problems;
}

/** One statement of a {@link PolicyComposer}, with who added it. */
export interface PolicyEntry {
  readonly statement: PolicyStatement;
  /** True for statements no later statement may replace. */
  readonly mandatory: boolean;
  /** Who added it, for messages: a module name or `addPolicyStatements`. */
  readonly owner: string;
}

/**
 * Builds one policy document from statements added by many parties.
 *
 * Mandatory statements (the secure defaults of a module) cannot be replaced:
 * a later statement with the same Sid is an error, whoever adds it. Every Sid
 * is unique. The document renders as literal JSON when every value is known at
 * synth time, so `terraform plan` and a review show the policy in full; when
 * some value is a Terraform token it renders with `jsonencode`.
 */
export class PolicyComposer {
  private readonly added: PolicyEntry[] = [];

  /**
   * @param check further rules of the policy's owner: the problems of statements
   *   about to be added (reported with the composer's own, in one error)
   */
  constructor(
    private readonly scope: IConstruct,
    private readonly kind: PolicyKind,
    private readonly check?: (statements: readonly PolicyStatement[]) => string[],
  ) {}

  /** Adds statements that nobody may replace (secure defaults). */
  public addMandatory(owner: string, ...statements: PolicyStatement[]): void {
    this.add(owner, true, statements);
  }

  /** Adds statements from a user or another module. */
  public addStatements(owner: string, ...statements: PolicyStatement[]): void {
    this.add(owner, false, statements);
  }

  /** True when no statement was added. */
  public get isEmpty(): boolean {
    return this.added.length === 0;
  }

  public get statements(): PolicyStatement[] {
    return this.added.map((e) => e.statement);
  }

  /** Every statement with who added it and whether it is mandatory, in order. */
  public get entries(): readonly PolicyEntry[] {
    return this.added.map((e) => ({ ...e }));
  }

  /** Sids of the statements that cannot be replaced. */
  public get mandatorySids(): string[] {
    return this.added.filter((e) => e.mandatory).map((e) => e.statement.Sid);
  }

  public get document(): PolicyDocument {
    return { Version: '2012-10-17', Statement: this.statements.map(normalizeStatement) };
  }

  /** The document as a string for a Terraform `policy` argument. Checks the size limit when literal. */
  public render(): string {
    const doc = this.document;
    if (!isToken(JSON.stringify(doc))) {
      const json = JSON.stringify(doc);
      if (json.length > this.kind.maxLength) {
        throw new S3SecurityValidationError([
          `${this.scope.node.path}: the ${this.kind.name} is ${json.length} characters, over the AWS limit of ${this.kind.maxLength}; ${this.kind.whenTooLarge ?? 'merge statements or move grants to IAM policies'}`,
        ]);
      }
      return json;
    }
    return Fn.jsonencode(doc);
  }

  private add(owner: string, mandatory: boolean, statements: PolicyStatement[]): void {
    const problems: string[] = [];
    const path = this.scope.node.path;
    const pending: PolicyEntry[] = [];
    for (const statement of statements) {
      for (const p of statementProblems(statement, this.kind))
        problems.push(`${path}: ${this.kind.name}, ${p}`);
      const sid = JSON.stringify(statement.Sid);
      const clash = [...this.added, ...pending].find((e) => e.statement.Sid === statement.Sid);
      if (clash?.mandatory) {
        problems.push(
          `${path}: ${this.kind.name}, statement Sid ${sid} from ${owner} would replace a mandatory statement of ${clash.owner}; mandatory statements cannot be replaced or weakened, choose another Sid`,
        );
      } else if (clash) {
        problems.push(
          `${path}: ${this.kind.name}, statement Sid ${sid} from ${owner} is already used by ${clash.owner}; Sids must be unique`,
        );
      }
      pending.push({ statement, mandatory, owner });
    }
    if (this.check) problems.push(...this.check(statements));
    if (problems.length > 0) throw new S3SecurityValidationError(problems);
    this.added.push(...pending);
  }
}

/** Copies a statement into plain JSON data, dropping undefined fields and sorting nothing (order is meaning). */
function normalizeStatement(statement: PolicyStatement): PolicyStatement {
  const out: Record<string, unknown> = {};
  for (const key of [
    'Sid',
    'Effect',
    'Principal',
    'NotPrincipal',
    'Action',
    'NotAction',
    'Resource',
    'NotResource',
    'Condition',
  ] as const) {
    const value = statement[key];
    if (value !== undefined) out[key] = value;
  }
  return out as unknown as PolicyStatement;
}

/** Returns the value as a list (a single value or a list). Token lists are kept as they are. */
export function asList<T>(value: T | readonly T[] | undefined): T[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return [...value];
  return [value as T];
}

/** True when a list value is a Terraform list token (its length is unknown at synth). */
export function isListToken(value: unknown): boolean {
  return Array.isArray(value) && Token.isUnresolved(value);
}
