import { TerraformElement, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import type { Node } from 'constructs';
import type { ControlId } from '../controls/catalog';
import { OPT_OUT_TAG_PREFIX } from '../controls/opt-outs';
import { MIN_REASON_LENGTH } from '../modules/core';
import type { ModuleBuilder, OptOutInput, OutputSpec, VariableSpec } from './definition';
import { expr, hclString, snakeCase } from './hcl';

/** Characters S3 accepts in a tag value (an opt-out reason becomes one). */
export const TAG_VALUE_PATTERN = '^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*$';

/**
 * The stack a module is built in: logical ids are readable snake_case paths
 * below the stack (`this/Bucket` -> `bucket`, `this/Key/Key` -> `key`) instead of hashed ids, so
 * resource addresses in the module are stable and meaningful.
 */
export class ModuleStack extends TerraformStack {
  protected allocateLogicalId(element: TerraformElement | Node): string {
    const node = TerraformElement.isTerraformElement(element) ? element.node : element;
    const scopes = node.scopes;
    const ids = scopes
      .slice(scopes.indexOf(this) + 1)
      .map((s) => snakeCase(s.node.id))
      .filter((id) => id !== 'default' && id !== 'resource');
    // The main construct is `this`: its resources are named by their role alone (`this/Bucket` -> `bucket`).
    if (ids.length > 1 && ids[0] === 'this') ids.shift();
    const name = ids.filter((id, i) => id !== ids[i - 1]).join('_');
    // The environment's data sources (caller identity, partition, region) read the current ones.
    return name.replace(/^s3_security_aws_environment_/, 'current_') || 'this';
  }
}

/** Everything a definition declared while it was built, read by the generator. */
export interface BuiltModule {
  readonly stack: ModuleStack;
  readonly variables: ReadonlyMap<string, VariableSpec>;
  readonly optOuts: readonly OptOutInput[];
  readonly outputs: ReadonlyMap<string, OutputSpec>;
  readonly controls: readonly ControlId[];
}

const NAME = /^[a-z][a-z0-9_]*$/;

export class Builder implements ModuleBuilder {
  public readonly variables = new Map<string, VariableSpec>();
  public readonly optOuts: OptOutInput[] = [];
  public readonly outputs = new Map<string, OutputSpec>();
  public readonly controlIds: ControlId[] = [];

  constructor(
    public readonly scope: ModuleStack,
    private readonly moduleName: string,
  ) {}

  public variable(name: string, spec: VariableSpec): string {
    this.declare(name, spec);
    return name;
  }

  private declare(name: string, spec: VariableSpec): TerraformVariable {
    if (!NAME.test(name)) throw new Error(`${this.moduleName}: variable name "${name}" must be snake_case`);
    if (this.variables.has(name)) throw new Error(`${this.moduleName}: variable "${name}" is declared twice`);
    if (!spec.description.trim())
      throw new Error(`${this.moduleName}: variable "${name}" needs a description`);
    this.variables.set(name, spec);
    const v = new TerraformVariable(this.scope, name, {
      type: spec.type,
      description: spec.description,
      default: spec.default === null ? undefined : spec.default,
      nullable: spec.nullable ?? (spec.default === null ? true : undefined),
      sensitive: spec.sensitive,
      validation: spec.validations?.map((r) => ({
        condition: expr(r.condition),
        errorMessage: r.errorMessage,
      })),
    });
    if (spec.default === null) v.addOverride('default', null);
    return v;
  }

  public string(name: string, spec: Omit<VariableSpec, 'type'> & { type?: string }): string {
    return this.declare(name, { ...spec, type: spec.type ?? 'string' }).stringValue;
  }

  public number(name: string, spec: Omit<VariableSpec, 'type'>): number {
    return this.declare(name, { ...spec, type: 'number' }).numberValue;
  }

  public bool(name: string, spec: Omit<VariableSpec, 'type'>): string {
    return this.declare(name, { ...spec, type: 'bool' }).stringValue;
  }

  public optOut(setting: string, description: string): OptOutInput {
    const name = `${snakeCase(setting)}_opt_out`;
    const ref = `var.${name}`;
    const reason = `${ref}.reason`;
    this.variable(name, {
      type: 'object({ reason = string })',
      description: `${description} Null (the default) keeps the secure setting; { reason = "..." } turns it off and records the reason in the bucket tag "${OPT_OUT_TAG_PREFIX}${setting}".`,
      default: null,
      validations: [
        {
          condition: `${ref} == null ? true : (${reason} == null ? false : length(trimspace(${reason})) >= ${MIN_REASON_LENGTH})`,
          errorMessage: `${name}.reason must explain the accepted risk in at least ${MIN_REASON_LENGTH} characters.`,
        },
        {
          condition: `${ref} == null ? true : (${reason} == null ? true : length(${reason}) <= 256 && can(regex("${TAG_VALUE_PATTERN.replace(/\\/g, '\\\\')}", ${reason})))`,
          errorMessage: `${name}.reason becomes a tag value: at most 256 characters, only letters, digits, spaces and _ . : / = + - @.`,
        },
      ],
    });
    const input: OptOutInput = {
      setting,
      name,
      kept: `${ref} == null`,
      choose: (whenKept, whenOptedOut) => expr(`${ref} == null ? ${whenKept} : ${whenOptedOut}`),
      countWhenKept: expr(`${ref} == null ? 1 : 0`),
    };
    this.optOuts.push(input);
    return input;
  }

  public tagsWithOptOuts(base: Record<string, string>, extraTagsVariable?: string): string {
    const literal = `{${Object.entries(base)
      .map(([k, v]) => `${hclString(k)} = ${hclString(v)}`)
      .join(', ')}}`;
    const parts = [literal];
    if (extraTagsVariable) parts.push(`var.${extraTagsVariable}`);
    for (const o of this.optOuts) {
      parts.push(
        `var.${o.name} == null ? {} : {${hclString(OPT_OUT_TAG_PREFIX + o.setting)} = var.${o.name}.reason}`,
      );
    }
    return expr(`merge(${parts.join(', ')})`);
  }

  public output(name: string, spec: OutputSpec): void {
    if (!NAME.test(name)) throw new Error(`${this.moduleName}: output name "${name}" must be snake_case`);
    if (this.outputs.has(name)) throw new Error(`${this.moduleName}: output "${name}" is declared twice`);
    this.outputs.set(name, spec);
    new TerraformOutput(this.scope, `output_${name}`, {
      value: spec.value,
      description: spec.description,
      sensitive: spec.sensitive,
    }).overrideLogicalId(name);
  }

  public controls(ids: readonly ControlId[]): void {
    for (const id of ids) if (!this.controlIds.includes(id)) this.controlIds.push(id);
  }
}
