/**
 * The module-definition API: how a construct becomes a plain Terraform module.
 *
 * A definition names the module, says what it deploys, and builds it: it
 * declares the inputs (`variable` blocks with types, descriptions, secure
 * defaults and `validation` blocks that mirror the construct's checks), the
 * opt-out inputs (`<setting>_opt_out`, each `object({ reason = string })`),
 * instantiates the construct with the inputs' tokens, applies the opt-outs to
 * the resources with conditional expressions, and declares the outputs. The
 * generator (generate.ts) synthesizes the result into a module folder without
 * provider or backend blocks, writes its README and `examples/basic`.
 *
 * ```ts
 * export default defineModule({
 *   name: 'account-public-access',
 *   construct: 'AccountPublicAccessBlock',
 *   summary: 'S3 Block Public Access for the whole account.',
 *   deploys: ['`aws_s3_account_public_access_block` with all four settings on'],
 *   build(m) {
 *     const optOut = m.optOut('blockPublicAccess', 'Turns all four settings off.');
 *     ...
 *   },
 *   example: { arguments: {} },
 * });
 * ```
 */
import type { Construct } from 'constructs';
import type { ControlId } from '../controls/catalog';

/** One Terraform `validation` block: a condition on the input and the message shown when it is false. */
export interface Validation {
  /** A Terraform expression (without `${}`) that is true for acceptable values; it may use any function. */
  readonly condition: string;
  /** A full sentence naming the input, the rule and what to give instead. */
  readonly errorMessage: string;
}

/** A module input. */
export interface VariableSpec {
  /** The Terraform type constraint, such as `string`, `number`, `list(string)`, `map(string)`. */
  readonly type: string;
  /** What the input is for and its secure default, in one or two sentences. */
  readonly description: string;
  /** The default; leave undefined for a required input. `null` makes an optional input without a value. */
  readonly default?: unknown;
  /** @default true when the default is null, false otherwise */
  readonly nullable?: boolean;
  readonly sensitive?: boolean;
  /** The rules the construct checks at synth, as Terraform validations. */
  readonly validations?: readonly Validation[];
}

/** A module output. */
export interface OutputSpec {
  /** A token of the construct (`bucket.bucket.arn`) or a Terraform expression wrapped in `${}`. */
  readonly value: string;
  readonly description: string;
  readonly sensitive?: boolean;
}

/**
 * An opt-out input (`<setting>_opt_out`): null keeps the secure default; an
 * object `{ reason = "..." }` turns the setting off and records the reason in
 * the tag `s3-security:opt-out:<setting>`.
 */
export interface OptOutInput {
  /** The setting, as controls/opt-outs.ts names it (`versioning`, `accessLogs`...). */
  readonly setting: string;
  /** The variable name, `<setting in snake_case>_opt_out`. */
  readonly name: string;
  /** `var.<name> == null`: the secure default is kept. */
  readonly kept: string;
  /** `${var.<name> == null ? <whenKept> : <whenOptedOut>}`, both given as Terraform expressions. */
  choose(whenKept: string, whenOptedOut: string): string;
  /** `${var.<name> == null ? 1 : 0}`: the `count` of a resource that exists only while the default is kept. */
  readonly countWhenKept: string;
}

/** What a definition's `build` gets: the scope to build in and the declarations it can make. */
export interface ModuleBuilder {
  /** The scope (a stack) to instantiate constructs in. Use the id `this` for the main construct. */
  readonly scope: Construct;
  /** Declares an input; returns the `var.<name>` reference as a string token. */
  string(name: string, spec: Omit<VariableSpec, 'type'> & { type?: string }): string;
  /** Declares a number input; returns its token. */
  number(name: string, spec: Omit<VariableSpec, 'type'>): number;
  /** Declares a boolean input; returns its token (a string token usable in expressions as `var.<name>`). */
  bool(name: string, spec: Omit<VariableSpec, 'type'>): string;
  /** Declares an input of any type; returns its name. */
  variable(name: string, spec: VariableSpec): string;
  /** Declares the opt-out input of a secure default. */
  optOut(setting: string, description: string): OptOutInput;
  /**
   * The tags expression of a resource that records the opt-outs:
   * `merge(<base tags>, var.tags, <one map per opt-out>)`.
   */
  tagsWithOptOuts(base: Record<string, string>, extraTagsVariable?: string): string;
  /** Declares an output. */
  output(name: string, spec: OutputSpec): void;
  /** Records the controls the module meets with its defaults (shown in the README). */
  controls(ids: readonly ControlId[]): void;
}

/** The arguments of the `examples/basic` call, as Terraform JSON values. */
export interface ExampleCall {
  /** Arguments of the module call (JSON values). */
  readonly arguments: Record<string, unknown>;
  /** What the example shows, one sentence. */
  readonly description?: string;
}

/** A module to generate. */
export interface ModuleDefinition {
  /** The module's name in kebab-case (`secure-bucket`); the repository is `terraform-aws-<name>`. */
  readonly name: string;
  /** The construct it is generated from (`SecureBucket`). */
  readonly construct: string;
  /** One sentence: what the module is. */
  readonly summary: string;
  /** What it deploys, one Markdown bullet each. */
  readonly deploys: readonly string[];
  /** Limits and differences from the construct a user should know, one bullet each. */
  readonly notes?: readonly string[];
  build(m: ModuleBuilder): void;
  readonly example: ExampleCall;
}

/** Identity function that types a definition. */
export function defineModule(definition: ModuleDefinition): ModuleDefinition {
  return definition;
}
