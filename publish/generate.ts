/**
 * The generator: synthesizes each module definition into a plain Terraform
 * module in JSON syntax (no provider, no backend, no cdktf metadata), with its
 * README and `examples/basic`, under `<out>/terraform-aws-<name>/`.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Testing } from 'cdktf';
import { Builder, ModuleStack } from './builder';
import type { ModuleDefinition, OptOutInput, OutputSpec, VariableSpec } from './definition';
import type { ControlId } from '../controls/catalog';
import { renderReadme } from './readme';

/** The AWS provider versions the modules accept: 6.22.0 added `blocked_encryption_types` (SSE-C blocking). */
export const AWS_PROVIDER_VERSION = '>= 6.22.0, < 7.0.0';
/** Terraform 1.3 or later (OpenTofu 1.6 or later): `nullable` inputs, preconditions, `optional` attributes. */
export const TERRAFORM_VERSION = '>= 1.3.0';

/** One generated module: its files by path relative to its folder, and what the README describes. */
export interface GeneratedModule {
  readonly definition: ModuleDefinition;
  /** `terraform-aws-<name>`: the folder and the repository name. */
  readonly repository: string;
  readonly variables: ReadonlyMap<string, VariableSpec>;
  readonly optOuts: readonly OptOutInput[];
  readonly outputs: ReadonlyMap<string, OutputSpec>;
  readonly controls: readonly ControlId[];
  /** The module's Terraform JSON, split by block kind: versions, variables, main, outputs. */
  readonly json: Readonly<Record<string, unknown>>;
  /** Every file: `versions.tf.json`, `variables.tf.json`, `main.tf.json`, `outputs.tf.json`, `README.md`, `examples/basic/...`. */
  readonly files: Readonly<Record<string, string>>;
}

/** Removes cdktf's `//` comment blocks (construct paths, stack traces, metadata) at every depth. */
export function withoutComments(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutComments);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => k !== '//')
      .map(([k, v]) => [k, withoutComments(v)]),
  );
}

const MODULE_BLOCKS = ['data', 'resource'] as const;

/** Builds a definition and returns the module's Terraform JSON, split into files. */
export function synthesizeModule(definition: ModuleDefinition): {
  builder: Builder;
  json: Record<string, Record<string, unknown>>;
} {
  const app = Testing.app();
  const stack = new ModuleStack(app, definition.name);
  const builder = new Builder(stack, definition.name);
  definition.build(builder);
  const synthesized = JSON.parse(Testing.synth(stack)) as Record<string, unknown>;
  const clean = withoutComments(synthesized) as Record<string, Record<string, unknown>>;
  const unexpected = Object.keys(clean).filter(
    (k) => !['terraform', 'provider', 'variable', 'output', ...MODULE_BLOCKS].includes(k),
  );
  if (unexpected.length > 0) {
    throw new Error(`${definition.name}: the module synthesized unexpected blocks: ${unexpected.join(', ')}`);
  }
  const main: Record<string, unknown> = {};
  for (const k of MODULE_BLOCKS) if (clean[k]) main[k] = clean[k];
  return {
    builder,
    json: {
      'versions.tf.json': {
        terraform: {
          required_version: TERRAFORM_VERSION,
          required_providers: { aws: { source: 'hashicorp/aws', version: AWS_PROVIDER_VERSION } },
        },
      },
      'variables.tf.json': { variable: clean.variable ?? {} },
      'main.tf.json': main,
      'outputs.tf.json': { output: clean.output ?? {} },
    },
  };
}

/** The package version, which every generated module carries (semantic versioning, tag `v<version>`). */
export function packageVersion(root = join(__dirname, '..')): string {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** The generated modules' change log, copied into each module folder. */
export const CHANGELOG_PATH = join(__dirname, 'CHANGELOG.md');

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** The root module of `examples/basic`: one call of the module (`source = "../.."`) and its outputs. */
export function exampleRoot(definition: ModuleDefinition, outputs: ReadonlyMap<string, OutputSpec>): unknown {
  const call = definition.name.replace(/-/g, '_');
  return {
    module: { [call]: { source: '../..', ...definition.example.arguments } },
    output: Object.fromEntries(
      [...outputs].map(([name, o]) => [
        name,
        { description: o.description, value: `\${module.${call}.${name}}` },
      ]),
    ),
  };
}

function exampleReadme(definition: ModuleDefinition, repository: string): string {
  return [
    `# ${repository}: basic example`,
    '',
    definition.example.description ?? `One call of the ${definition.name} module with its secure defaults.`,
    '',
    'Add the `aws` provider configuration (a `provider "aws" { region = "..." }` block), then:',
    '',
    '```sh',
    'terraform init',
    'terraform plan',
    '```',
    '',
    'Change the example names first: S3 bucket names are global.',
    '',
  ].join('\n');
}

/** Generates one module in memory. */
export function generateModule(definition: ModuleDefinition, version = packageVersion()): GeneratedModule {
  const { builder, json: files } = synthesizeModule(definition);
  const repository = `terraform-aws-${definition.name}`;
  const readme = renderReadme({
    definition,
    repository,
    version,
    terraformVersion: TERRAFORM_VERSION,
    providerVersion: AWS_PROVIDER_VERSION,
    variables: builder.variables,
    optOuts: builder.optOuts,
    outputs: builder.outputs,
    controls: builder.controlIds,
  });
  const text: Record<string, string> = {};
  for (const [f, j] of Object.entries(files)) text[f] = json(j);
  text['README.md'] = readme;
  text['CHANGELOG.md'] = readFileSync(CHANGELOG_PATH, 'utf8');
  text['examples/basic/main.tf.json'] = json(exampleRoot(definition, builder.outputs));
  text['examples/basic/README.md'] = exampleReadme(definition, repository);
  return {
    definition,
    repository,
    variables: builder.variables,
    optOuts: builder.optOuts,
    outputs: builder.outputs,
    controls: builder.controlIds,
    json: files,
    files: text,
  };
}

/**
 * Generates every definition and writes `<outDir>/terraform-aws-<name>/`,
 * replacing what a previous run wrote there. Returns the modules written.
 */
export function writeModules(outDir: string, definitions: readonly ModuleDefinition[]): GeneratedModule[] {
  const version = packageVersion();
  const names = new Set<string>();
  for (const d of definitions) {
    if (!/^[a-z][a-z0-9-]*[a-z0-9]$/.test(d.name))
      throw new Error(`module name "${d.name}" must be kebab-case`);
    if (names.has(d.name)) throw new Error(`module "${d.name}" is defined twice`);
    names.add(d.name);
  }
  // Generate everything first: a failing definition leaves the previous output untouched.
  const modules = definitions.map((d) => generateModule(d, version));
  for (const m of modules) {
    const dir = join(outDir, m.repository);
    rmSync(dir, { recursive: true, force: true });
    for (const [file, content] of Object.entries(m.files)) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), content);
    }
    writeFileSync(join(dir, 'LICENSE'), readFileSync(join(__dirname, '..', 'LICENSE')));
  }
  return modules;
}
