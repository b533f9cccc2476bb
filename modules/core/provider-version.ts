import { TerraformProvider, TerraformStack } from 'cdktf';
import { PropsValidator } from './validation';

/** One term of a Terraform version constraint: an optional operator and a version. */
const TERM = /^\s*(?:(?:=|!=|>=|<=|>|<|~>)\s*)?v?\d+(?:\.\d+){0,2}(?:-[0-9A-Za-z.-]+)?\s*$/;

/**
 * A Terraform version constraint: comma-separated terms such as `~> 6.25` or
 * `>= 6.25.0, < 7.0.0`.
 * @see https://developer.hashicorp.com/terraform/language/expressions/version-constraints
 */
export function versionConstraintRule(constraint: string): string | undefined {
  return typeof constraint === 'string' && constraint.split(',').every((term) => TERM.test(term))
    ? undefined
    : 'is not a Terraform version constraint: expected comma-separated terms such as "~> 6.25" or ">= 6.25.0, < 7.0.0"';
}

/**
 * The version constraint a provider is synthesized with in
 * `terraform.required_providers`: by default the exact version its bindings were
 * generated for (`6.25.0` with @cdktf/provider-aws 21.22.1).
 */
export function providerVersionOf(provider: TerraformProvider): string | undefined {
  const meta = provider.terraformGeneratorMetadata;
  return meta?.providerVersion ?? meta?.providerVersionConstraint;
}

/**
 * Replaces the exact provider version in the stack's `required_providers` with
 * a range, so `terraform init` may choose a newer provider release. Keep the
 * range within the major version the bindings were generated for (6.x for
 * @cdktf/provider-aws 21): the synthesized arguments follow that schema.
 */
export function constrainProviderVersion(provider: TerraformProvider, constraint: string): void {
  const v = new PropsValidator(provider);
  v.rule('version', constraint, versionConstraintRule);
  v.throwIfAny();
  TerraformStack.of(provider).addOverride(
    `terraform.required_providers.${provider.terraformResourceType}.version`,
    constraint.trim(),
  );
}
