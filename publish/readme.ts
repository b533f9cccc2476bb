/** The README of a generated module, written from the module itself and the control catalog. */
import { controlById } from '../controls/catalog';
import { controlsOfOptOutSetting } from '../controls/opt-outs';
import type { OutputSpec, VariableSpec } from './definition';
import type { ModuleDefinition, OptOutInput } from './definition';
import type { ControlId } from '../controls/catalog';
import { hclString } from './hcl';

/** What the README is written from. */
export interface ReadmeInput {
  readonly definition: ModuleDefinition;
  readonly repository: string;
  readonly version: string;
  readonly terraformVersion: string;
  readonly providerVersion: string;
  readonly variables: ReadonlyMap<string, VariableSpec>;
  readonly optOuts: readonly OptOutInput[];
  readonly outputs: ReadonlyMap<string, OutputSpec>;
  readonly controls: readonly ControlId[];
}

/** A JSON value as Terraform (HCL) syntax, indented for a README example. */
export function hclValue(value: unknown, indent = ''): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return hclString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    return value.length === 0
      ? '[]'
      : `[\n${value.map((v) => `${inner}${hclValue(v, inner)},`).join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  const width = Math.max(...entries.map(([k]) => hclKey(k).length));
  return `{\n${entries.map(([k, v]) => `${inner}${hclKey(k).padEnd(width)} = ${hclValue(v, inner)}`).join('\n')}\n${indent}}`;
}

function hclKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? key : hclString(key);
}

/** A module call in HCL: `module "<name>" { source = ..., <arguments> }`. */
export function moduleCall(callName: string, source: string, args: Record<string, unknown>): string {
  return `module ${hclString(callName)} ${hclValue({ source, ...args })}`;
}

/** A Markdown table cell: pipes escaped, newlines flattened. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function code(text: string): string {
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}

export function renderReadme(r: ReadmeInput): string {
  const d = r.definition;
  const callName = d.name.replace(/-/g, '_');
  const out: string[] = [];
  out.push(`# ${r.repository}`, '', d.summary, '');
  out.push(
    `Generated from the \`${d.construct}\` construct of cdktf-s3-security ${r.version} (\`npm run modules\`); do not edit by hand.`,
    '',
  );
  out.push('## What it deploys', '', ...d.deploys.map((x) => `- ${x}`), '');
  out.push(
    '## Usage',
    '',
    '```hcl',
    moduleCall(callName, `<namespace>/${d.name}/aws`, { version: r.version, ...d.example.arguments }),
    '```',
    '',
  );
  out.push(
    'The module has no provider block: configure the `aws` provider in the calling root module. A complete caller is in `examples/basic`.',
    '',
  );
  out.push('## Inputs', '', '| Name | Description | Type | Default | Required |', '|---|---|---|---|---|');
  for (const [name, v] of r.variables) {
    const required = v.default === undefined;
    const def = required ? 'n/a' : code(JSON.stringify(v.default));
    out.push(
      `| ${code(name)} | ${cell(v.description)} | ${code(v.type)} | ${def} | ${required ? 'yes' : 'no'} |`,
    );
  }
  out.push('');
  if (r.optOuts.length > 0) {
    out.push(
      '## Opt-outs',
      '',
      'Each secure default below stays on unless its input is set to `{ reason = "..." }` (at least 10 characters). The reason is written to the bucket tag `s3-security:opt-out:<setting>`, which `s3-security review` and the audit report as an accepted risk.',
      '',
      '| Input | Setting | Controls left unmet |',
      '|---|---|---|',
    );
    for (const o of r.optOuts) {
      const unmet = controlsOfOptOutSetting(o.setting);
      out.push(
        `| ${code(o.name)} | ${code(o.setting)} | ${unmet.length > 0 ? unmet.map(code).join(', ') : 'none'} |`,
      );
    }
    out.push('');
  }
  out.push('## Outputs', '', '| Name | Description |', '|---|---|');
  for (const [name, o] of r.outputs) out.push(`| ${code(name)} | ${cell(o.description)} |`);
  out.push('');
  out.push(
    '## Controls covered',
    '',
    'With the default inputs the module meets these controls of the cdktf-s3-security catalog:',
    '',
    '| Control | Title | Severity | Security Hub |',
    '|---|---|---|---|',
  );
  for (const id of [...r.controls].sort()) {
    const c = controlById(id);
    out.push(
      `| ${code(id)} | ${cell(c.title)} | ${c.severity} | ${(c.securityHub ?? []).join(', ') || '-'} |`,
    );
  }
  out.push('');
  out.push(
    '## Requirements',
    '',
    '| Name | Version |',
    '|---|---|',
    `| terraform | ${code(r.terraformVersion)} |`,
    `| aws (hashicorp/aws) | ${code(r.providerVersion)} |`,
    '',
  );
  if (d.notes?.length) out.push('## Notes', '', ...d.notes.map((n) => `- ${n}`), '');
  return out.join('\n');
}
