import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { constrainProviderVersion, versionConstraintRule } from '../../../modules/core';
import { buildApp } from '../../../stacks/app';
import { DEFAULT_CONFIG, parseConfig } from '../../../stacks/config';
import { BINDING_VERSION, expectError, synth } from '../../helpers';

/** The AWS provider release the installed bindings were generated from (their package.json says it). */
function bindingsRelease(): string {
  const lib = dirname(require.resolve('@cdktf/provider-aws/lib/provider'));
  const pkg = JSON.parse(readFileSync(join(lib, '..', '..', 'package.json'), 'utf8'));
  return pkg.cdktf.provider.version;
}

function stackWith(constraint?: string) {
  const stack = new TerraformStack(Testing.app(), 'test');
  const provider = new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  if (constraint !== undefined) constrainProviderVersion(provider, constraint);
  return { stack, provider };
}

/** The AWS provider's entry in required_providers (source `aws` with cdktf, `hashicorp/aws` with CDK Terrain). */
function requiredAws(stack: TerraformStack) {
  const required = synth(stack).json.terraform!.required_providers as Record<string, { source: string }>;
  expect(required.aws.source).toMatch(/^(hashicorp\/)?aws$/);
  return { ...required.aws, source: 'aws' };
}

describe('the AWS provider version in required_providers', () => {
  it('is by default the exact release the bindings were generated from', () => {
    expect(bindingsRelease()).toMatch(/^6\.\d+\.\d+$/);
    expect(requiredAws(stackWith().stack)).toEqual({ source: 'aws', version: bindingsRelease() });
  });

  it('snapshots show a placeholder for that release only, not for a chosen range', () => {
    const required = (s: string) => JSON.parse(s).terraform.required_providers.aws.version;
    expect(required(synth(stackWith().stack).snapshot)).toBe(BINDING_VERSION);
    expect(required(synth(stackWith('~> 6.25').stack).snapshot)).toBe('~> 6.25');
  });

  it.each(['~> 6.25', '>= 6.25.0, < 7.0.0', '6.25.0', '!= 6.30.1', ' ~>6.25 '])(
    'can be a range the user chooses: %s',
    (constraint) => {
      expect(requiredAws(stackWith(constraint).stack)).toEqual({ source: 'aws', version: constraint.trim() });
    },
  );

  it.each(['latest', '~> six', '6.x', '>= 6.25,', '=> 6.25', ''])(
    'refuses %j with the rule',
    (constraint) => {
      expect(versionConstraintRule(constraint)).toMatch(/is not a Terraform version constraint/);
      expectError(
        () => stackWith(constraint),
        `test/aws: version ${JSON.stringify(constraint)} is not a Terraform version constraint`,
      );
    },
  );

  it('is set for every stack of the default app from awsProviderVersion in the configuration', () => {
    const app = buildApp(Testing.app(), parseConfig({ ...DEFAULT_CONFIG, awsProviderVersion: '~> 6.25' }));
    const stacks = app.node.children.filter((c): c is TerraformStack => c instanceof TerraformStack);
    expect(stacks.map((s) => s.node.id)).toEqual([
      'secure-data',
      'policy-showcase',
      'private-network',
      'resilient-data',
      'data-classification',
      'malware-protection',
      'account-baseline',
      'organization-guardrails',
    ]);
    for (const stack of stacks) expect(requiredAws(stack)).toEqual({ source: 'aws', version: '~> 6.25' });
  });

  it('refuses a configuration whose awsProviderVersion is not a constraint', () => {
    expectError(
      () => parseConfig({ ...DEFAULT_CONFIG, awsProviderVersion: 'latest' }),
      'awsProviderVersion: must be a Terraform version constraint such as "~> 6.25"',
    );
  });
});
