/**
 * Every generated module: well-formed Terraform JSON, no provider or backend,
 * no cdktf metadata, typed and described inputs, opt-outs per the contract,
 * and an examples/basic that calls the module.
 */
import {
  AWS_PROVIDER_VERSION,
  GeneratedModule,
  TERRAFORM_VERSION,
  generateModule,
} from '../../publish/generate';
import { MODULE_DEFINITIONS } from '../../publish/registry';

const modules: GeneratedModule[] = MODULE_DEFINITIONS.map((d) => generateModule(d));

const TF_FILES = ['versions.tf.json', 'variables.tf.json', 'main.tf.json', 'outputs.tf.json'];

/** Every string in a JSON value, with its path. */
function strings(value: unknown, path = ''): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => [
      [`${path}.${k}#key`, k] as [string, string],
      ...strings(v, `${path}.${k}`),
    ]);
  return [];
}

describe.each(modules.map((m) => [m.repository, m] as const))('%s', (_repo, m) => {
  it('writes well-formed Terraform JSON files of the expected kinds', () => {
    for (const f of TF_FILES) expect(() => JSON.parse(m.files[f])).not.toThrow();
    expect(Object.keys(JSON.parse(m.files['main.tf.json'])).sort()).toEqual(
      expect.arrayContaining(['resource']),
    );
    for (const f of TF_FILES) {
      const top = Object.keys(JSON.parse(m.files[f]));
      expect(top.every((k) => ['terraform', 'variable', 'output', 'data', 'resource'].includes(k))).toBe(
        true,
      );
    }
  });

  it('has no provider or backend block, only required_providers and required_version', () => {
    for (const f of TF_FILES) expect(JSON.parse(m.files[f]).provider).toBeUndefined();
    const terraform = JSON.parse(m.files['versions.tf.json']).terraform;
    expect(terraform).toEqual({
      required_version: TERRAFORM_VERSION,
      required_providers: { aws: { source: 'hashicorp/aws', version: AWS_PROVIDER_VERSION } },
    });
    for (const f of ['variables.tf.json', 'main.tf.json', 'outputs.tf.json'])
      expect(JSON.parse(m.files[f]).terraform).toBeUndefined();
  });

  it('carries no cdktf metadata, absolute paths or generated ids', () => {
    const all = TF_FILES.flatMap((f) => strings(JSON.parse(m.files[f])));
    expect(all.filter(([, s]) => s === '//')).toEqual([]);
    expect(
      all.filter(([, s]) => s.includes('/work/') || s.includes('node_modules') || /\bat \w+ \(/.test(s)),
    ).toEqual([]);
    const main = JSON.parse(m.files['main.tf.json']) as Record<
      string,
      Record<string, Record<string, unknown>>
    >;
    for (const kind of ['resource', 'data']) {
      for (const names of Object.values(main[kind] ?? {})) {
        for (const name of Object.keys(names)) expect(name).toMatch(/^[a-z][a-z0-9_]*$/);
        for (const name of Object.keys(names)) expect(name).not.toMatch(/_[0-9A-F]{8}$/i);
      }
    }
  });

  it('declares every input with a readable name, a type and a description', () => {
    const variables = JSON.parse(m.files['variables.tf.json']).variable as Record<
      string,
      Record<string, unknown>
    >;
    expect(Object.keys(variables).length).toBeGreaterThan(0);
    for (const [name, v] of Object.entries(variables)) {
      expect(name).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(typeof v.type).toBe('string');
      expect(String(v.description).length).toBeGreaterThan(15);
      for (const rule of (v.validation ?? []) as { condition: string; error_message: string }[]) {
        expect(rule.condition).toMatch(/^\$\{.*\}$/s);
        expect(rule.condition).toContain(`var.${name}`);
        expect(rule.error_message).toMatch(/[.!]$/);
      }
    }
  });

  it('declares opt-outs as <setting>_opt_out, object({ reason = string }), default null, recorded as tags', () => {
    const variables = JSON.parse(m.files['variables.tf.json']).variable as Record<
      string,
      Record<string, unknown>
    >;
    for (const o of m.optOuts) {
      const v = variables[o.name];
      expect(o.name).toMatch(/_opt_out$/);
      expect(v).toMatchObject({ type: 'object({ reason = string })', default: null, nullable: true });
      expect((v.validation as unknown[]).length).toBeGreaterThanOrEqual(1);
      expect(m.files['main.tf.json']).toContain(
        JSON.stringify(`"s3-security:opt-out:${o.setting}" = var.${o.name}.reason`).slice(1, -1),
      );
    }
  });

  it('declares outputs with descriptions', () => {
    const outputs = JSON.parse(m.files['outputs.tf.json']).output as Record<string, Record<string, unknown>>;
    expect(Object.keys(outputs).length).toBeGreaterThan(0);
    for (const o of Object.values(outputs)) expect(String(o.description).length).toBeGreaterThan(5);
  });

  it('has an examples/basic root that calls the module by relative source, with every required input', () => {
    const example = JSON.parse(m.files['examples/basic/main.tf.json']);
    const calls = Object.values(example.module) as Record<string, unknown>[];
    expect(calls).toHaveLength(1);
    expect(calls[0].source).toBe('../..');
    const variables = JSON.parse(m.files['variables.tf.json']).variable as Record<
      string,
      Record<string, unknown>
    >;
    const required = Object.entries(variables)
      .filter(([, v]) => !('default' in v))
      .map(([k]) => k);
    for (const name of required) expect(calls[0]).toHaveProperty(name);
    for (const name of Object.keys(calls[0]).filter((k) => k !== 'source'))
      expect(variables).toHaveProperty(name);
    expect(example.provider).toBeUndefined();
  });
});
