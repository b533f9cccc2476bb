import { TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { ConfigConfigRule } from '@cdktf/provider-aws/lib/config-config-rule';
import { ConfigOrganizationManagedRule } from '@cdktf/provider-aws/lib/config-organization-managed-rule';
import type { ControlId } from '../../controls/catalog';
import { PropsValidator, accountIdRule, configRuleNameRule, isToken, recordSecurity } from '../core';
import {
  DEFAULT_RULE_PACKS,
  ManagedRuleDefinition,
  ManagedRuleName,
  RULE_PACKS,
  RulePack,
  RulePackName,
  S3_MANAGED_RULES,
  isManagedRuleName,
  managedRule,
} from './managed-rules';
import type { ConfigRecorder } from './recorder';

/** A parameter value: lists are written comma-separated, numbers as text. */
export type RuleParameterValue = string | number | readonly string[];

export interface S3ComplianceRulesProps {
  /**
   * Packs of rules to deploy.
   * @default ['public-access', 'access-control', 'encryption', 'logging', 'resilience']
   */
  readonly packs?: readonly RulePackName[];
  /** Further rules, by name (for example `s3-bucket-default-lock-enabled`). @default [] */
  readonly rules?: readonly ManagedRuleName[];
  /** Parameters by rule name; they override the packs' values. @default {} */
  readonly parameters?: Partial<Record<ManagedRuleName, Record<string, RuleParameterValue>>>;
  /** Prefix of every ConfigRuleName. @default '' */
  readonly namePrefix?: string;
  /**
   * The recorder the rules need: the ConfigRecorder of this stack (the rules
   * wait for it), or `'existing'` when AWS Config already records in the account
   * and region.
   */
  readonly recorder: ConfigRecorder | 'existing';
  /**
   * Deploy the rules to every account of the organization
   * (aws_config_organization_managed_rule). Only the management account or a
   * delegated administrator can; each member account needs its own recorder.
   * @default - rules for this account only
   */
  readonly organization?: { readonly excludedAccounts?: readonly string[] };
  readonly tags?: Record<string, string>;
}

/** One deployed rule. */
export interface DeployedRule {
  readonly definition: ManagedRuleDefinition;
  /** The ConfigRuleName. */
  readonly ruleName: string;
  readonly inputParameters?: Record<string, string>;
  readonly resource: ConfigConfigRule | ConfigOrganizationManagedRule;
}

/**
 * The S3 managed rules of AWS Config, chosen by pack and by name, with their
 * parameters checked against what AWS documents, for this account or for the
 * whole organization. Config rules are billed per evaluation.
 */
export class S3ComplianceRules extends Construct {
  public readonly rules: readonly DeployedRule[];
  public readonly organization: boolean;

  constructor(scope: Construct, id: string, props: S3ComplianceRulesProps) {
    super(scope, id);
    const v = new PropsValidator(this);
    const packs = props.packs ?? DEFAULT_RULE_PACKS;
    packs.forEach((p, i) =>
      v.check(
        Object.prototype.hasOwnProperty.call(RULE_PACKS, p),
        `packs[${i}]`,
        p,
        `is not a rule pack: expected one of ${Object.keys(RULE_PACKS).join(', ')}`,
      ),
    );
    (props.rules ?? []).forEach((r, i) =>
      v.check(isManagedRuleName(r), `rules[${i}]`, r, `is not a known S3 managed rule: ${knownNames()}`),
    );
    const prefix = props.namePrefix ?? '';
    if (prefix !== '') v.rule('namePrefix', prefix, configRuleNameRule);
    (props.organization?.excludedAccounts ?? []).forEach((a, i) =>
      v.rule(`organization.excludedAccounts[${i}]`, a, accountIdRule),
    );
    v.throwIfAny();

    const selected = new Set<ManagedRuleName>();
    const params: Partial<Record<ManagedRuleName, Record<string, RuleParameterValue>>> = {};
    for (const p of packs) {
      const pack: RulePack = RULE_PACKS[p];
      pack.rules.forEach((r) => selected.add(r));
      for (const [rule, values] of Object.entries(pack.parameters ?? {}))
        params[rule as ManagedRuleName] = { ...values };
    }
    (props.rules ?? []).forEach((r) => selected.add(r));
    for (const [rule, values] of Object.entries(props.parameters ?? {})) {
      if (!isManagedRuleName(rule)) {
        v.fail(
          `parameters[${JSON.stringify(rule)}]`,
          rule,
          `is not a known S3 managed rule: ${knownNames()}`,
        );
        continue;
      }
      if (!selected.has(rule)) {
        v.fail(
          `parameters[${JSON.stringify(rule)}]`,
          rule,
          'sets parameters of a rule that is not deployed: add it to rules or choose a pack that has it',
        );
      }
      params[rule] = { ...(params[rule] ?? {}), ...values };
    }
    const ordered = S3_MANAGED_RULES.map((r) => r.name).filter((n) => selected.has(n));
    const inputs = new Map<ManagedRuleName, Record<string, string> | undefined>();
    for (const name of ordered) {
      inputs.set(name, inputParameters(v, managedRule(name), params[name] ?? {}));
      v.rule(`namePrefix`, `${prefix}${name}`, configRuleNameRule);
    }
    v.check(ordered.length > 0, 'packs', packs, 'and rules select no rule');
    v.throwIfAny();

    this.organization = props.organization !== undefined;
    const waitFor: TerraformResource[] = props.recorder === 'existing' ? [] : [props.recorder.status];
    this.rules = ordered.map((name) => {
      const definition = managedRule(name);
      const ruleName = `${prefix}${name}`;
      const input = inputs.get(name);
      const json = input ? JSON.stringify(input) : undefined;
      const resource = this.organization
        ? new ConfigOrganizationManagedRule(this, name, {
            name: ruleName,
            ruleIdentifier: definition.identifier,
            description: definition.description,
            inputParameters: json,
            maximumExecutionFrequency: definition.periodic ? 'TwentyFour_Hours' : undefined,
            resourceTypesScope: definition.resourceTypes.length ? [...definition.resourceTypes] : undefined,
            excludedAccounts: props.organization?.excludedAccounts?.length
              ? [...props.organization.excludedAccounts]
              : undefined,
            dependsOn: waitFor.length ? waitFor : undefined,
          })
        : new ConfigConfigRule(this, name, {
            name: ruleName,
            description: definition.description,
            source: { owner: 'AWS', sourceIdentifier: definition.identifier },
            inputParameters: json,
            maximumExecutionFrequency: definition.periodic ? 'TwentyFour_Hours' : undefined,
            scope: definition.resourceTypes.length
              ? { complianceResourceTypes: [...definition.resourceTypes] }
              : undefined,
            tags: props.tags,
            dependsOn: waitFor.length ? waitFor : undefined,
          });
      recordSecurity(resource, {
        module: 'S3ComplianceRules',
        controls: [...definition.controls],
        optOuts: [],
      });
      return { definition, ruleName, inputParameters: input, resource };
    });
  }

  /** ConfigRuleNames of the deployed rules. */
  public get ruleNames(): string[] {
    return this.rules.map((r) => r.ruleName);
  }

  /** The deployed rule with this managed rule name, if any. */
  public find(name: ManagedRuleName): DeployedRule | undefined {
    return this.rules.find((r) => r.definition.name === name);
  }

  /** Controls the deployed rules evaluate. */
  public get controls(): ControlId[] {
    return [...new Set(this.rules.flatMap((r) => r.definition.controls))].sort();
  }
}

function knownNames(): string {
  return `expected one of ${S3_MANAGED_RULES.map((r) => r.name).join(', ')}`;
}

/** Checks parameters against the rule's documented parameters and writes them as Config expects (strings). */
function inputParameters(
  v: PropsValidator,
  rule: ManagedRuleDefinition,
  values: Record<string, RuleParameterValue>,
): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  const prop = `parameters[${JSON.stringify(rule.name)}]`;
  for (const [name, value] of Object.entries(values)) {
    const spec = rule.parameters[name];
    if (!spec) {
      const known = Object.keys(rule.parameters);
      v.fail(
        `${prop}.${name}`,
        value,
        `is not a parameter of ${rule.identifier}: ${known.length ? `expected one of ${known.join(', ')}` : 'it takes none'}`,
      );
      continue;
    }
    if (isToken(value)) {
      out[name] = value as string;
      continue;
    }
    let text: string;
    if (spec.type === 'CSV' && Array.isArray(value)) {
      v.check(value.length > 0, `${prop}.${name}`, value, 'must not be an empty list');
      text = value.join(',');
    } else if (spec.type === 'int') {
      v.check(
        typeof value === 'number' && Number.isInteger(value) && value >= 0,
        `${prop}.${name}`,
        value,
        'must be a whole number of days',
      );
      text = String(value);
    } else if (typeof value === 'string') {
      text = value;
    } else {
      v.fail(
        `${prop}.${name}`,
        value,
        `must be a ${spec.type === 'CSV' ? 'list or comma-separated text' : 'text'}`,
      );
      continue;
    }
    if (spec.allowed) {
      v.check(
        spec.allowed.includes(text),
        `${prop}.${name}`,
        value,
        `must be one of ${spec.allowed.join(', ')}`,
      );
    }
    v.check(text.length > 0, `${prop}.${name}`, value, 'must not be empty');
    out[name] = text;
  }
  for (const [name, spec] of Object.entries(rule.parameters)) {
    v.check(
      !spec.required || out[name] !== undefined,
      `${prop}.${name}`,
      undefined,
      `is required by ${rule.identifier}`,
    );
  }
  return Object.keys(out).length ? out : undefined;
}
