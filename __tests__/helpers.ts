import {
  App,
  DefaultTokenResolver,
  StringConcat,
  TerraformProvider,
  TerraformStack,
  Testing,
  Tokenization,
} from 'cdktf';
import type { IConstruct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { AwsEnvironment, AwsEnvironmentProps, PolicyDocument, providerVersionOf } from '../modules/core';

/** Terraform JSON of a synthesized stack, as parsed objects. */
export interface TfJson {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, { value: unknown }>;
  provider?: Record<string, unknown[]>;
  terraform?: Record<string, unknown>;
}

export const ACCOUNT = '111122223333';
export const REGION = 'eu-west-1';

/** A stack with a provider and (by default) a literal environment, for module tests. */
export function testStack(
  env: AwsEnvironmentProps | 'unknown' = { accountId: ACCOUNT, region: REGION },
): TerraformStack {
  const app: App = Testing.app();
  const stack = new TerraformStack(app, 'test');
  new AwsProvider(stack, 'aws', { region: REGION });
  if (env !== 'unknown') AwsEnvironment.configure(stack, env);
  return stack;
}

/**
 * Synthesizes a stack. `text` is cdktf's test rendering (for the `toHave...`
 * matchers); `json` is the full Terraform JSON, `//` blocks included; `snapshot`
 * is that JSON with sorted keys and without cdktf's own path metadata, so the
 * security records are part of every snapshot. The snapshot also leaves out the
 * provider versions that come from the installed bindings and writes provider
 * sources in full (`aws` is `hashicorp/aws`): both differ between cdktf and CDK
 * Terrain; `__tests__/modules/core/provider-version.test.ts` asserts them.
 */
export function synth(stack: TerraformStack): { text: string; json: TfJson; snapshot: string } {
  const text = Testing.synth(stack);
  const json = stack.toTerraform() as TfJson;
  const snapshot = JSON.stringify(sortForSnapshot(withoutBindingVersions(stack, json)), null, 2);
  return { text, json, snapshot };
}

export const BINDING_VERSION = '<version of the provider bindings>';

function withoutBindingVersions(stack: TerraformStack, json: TfJson): TfJson {
  const required = json.terraform?.required_providers as
    Record<string, { source?: string; version?: string }> | undefined;
  if (!required) return json;
  const generated = new Map(
    stack.node
      .findAll()
      .filter(TerraformProvider.isTerraformProvider)
      .map((p) => [p.terraformResourceType, providerVersionOf(p)]),
  );
  const replaced = Object.fromEntries(
    Object.entries(required).map(([name, spec]) => [
      name,
      {
        ...spec,
        source: spec.source?.includes('/') ? spec.source : `hashicorp/${spec.source}`,
        version: spec.version === generated.get(name) ? BINDING_VERSION : spec.version,
      },
    ]),
  );
  return { ...json, terraform: { ...json.terraform, required_providers: replaced } };
}

function sortForSnapshot(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortForSnapshot);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    let v = (value as Record<string, unknown>)[key];
    if (key === '//' && v && typeof v === 'object') {
      const { metadata: _metadata, ...rest } = v as Record<string, unknown>;
      if (Object.keys(rest).length === 0) continue;
      v = rest;
    }
    out[key] = sortForSnapshot(v);
  }
  return out;
}

/** All resources of a type, by logical id. */
export function resourcesOf(json: TfJson, type: string): Record<string, Record<string, unknown>> {
  return json.resource?.[type] ?? {};
}

/** The only resource of a type whose construct path ends with `pathSuffix` (or the only one of its type). */
export function resourceOf(json: TfJson, type: string, pathSuffix?: string): Record<string, unknown> {
  const all = Object.values(resourcesOf(json, type));
  const matching = pathSuffix
    ? all.filter((r) =>
        String((r['//'] as { metadata: { path: string } }).metadata.path).endsWith(pathSuffix),
      )
    : all;
  if (matching.length !== 1) {
    throw new Error(
      `expected one ${type}${pathSuffix ? ` at *${pathSuffix}` : ''}, found ${matching.length}`,
    );
  }
  return matching[0];
}

/** The parsed policy document of a resource's `policy` argument (must be literal JSON). */
export function policyOf(resource: Record<string, unknown>): PolicyDocument {
  return JSON.parse(resource.policy as string) as PolicyDocument;
}

/** Expects `fn` to throw an error whose message contains every fragment. */
export function expectError(fn: () => unknown, ...fragments: (string | RegExp)[]): void {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  if (!(error instanceof Error)) throw new Error('expected an error, none was thrown');
  for (const f of fragments) expect(error.message).toMatch(f instanceof RegExp ? f : new RegExp(escape(f)));
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A value with its Terraform tokens written as the expressions they synthesize
 * to (`${aws_vpc_endpoint.x.id}`), for documents that refer to resources.
 */
export function resolveTokens<T>(scope: IConstruct, value: T): T {
  return Tokenization.resolve(value, {
    scope: TerraformStack.of(scope),
    resolver: new DefaultTokenResolver(new StringConcat()),
  }) as T;
}
