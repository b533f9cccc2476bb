/**
 * Finds out what a review input is and reads it: a cdktf.out directory, a
 * directory of `*.tf` / `*.tf.json`, one such file, or `terraform show -json`
 * output (a file, or `-` for standard input).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { decodeUtf8, describeJsonError } from '../../modules/core/json-text';
import { evaluateJsonencode, isJsonencode, parseHcl } from './hcl';
import { isPlanDocument, readPlanDocument } from './plan';
import { InputError, RawInput, RawResource } from './raw';
import { ConfigRead, ConfigSource, readConfigDocument } from './terraform-config';

/** Inputs larger than this are refused (V8 strings stop at about 512 MiB). */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;

const CONFIG_KEYS = ['resource', 'data', 'terraform', 'provider', 'module', 'variable', 'output', 'locals'];

export interface LoadOptions {
  readonly cwd?: string;
  /** Reads standard input for `-`. */
  readonly readStdin?: () => string;
  readonly maxBytes?: number;
  /** Find the line of each resource, for reports that show it (default true). */
  readonly lines?: boolean;
}

function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, path) || '.';
  return rel.split(sep).join('/');
}

function readText(path: string, display: string, maxBytes: number): string {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (e) {
    throw new InputError(`${display}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (size > maxBytes) {
    throw new InputError(`${display}: ${size} bytes is over the ${maxBytes}-byte limit of a review input`);
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new InputError(`${display}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const text = decodeUtf8(bytes);
  if (text === undefined) throw new InputError(`${display}: not a text file (binary, or not UTF-8)`);
  return text;
}

function parseJson(text: string, display: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new InputError(`${display}: not valid JSON: ${describeJsonError(text, e)}`);
  }
}

function checkConfigShape(doc: unknown, display: string): void {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc) || !CONFIG_KEYS.some((k) => k in doc)) {
    throw new InputError(
      `${display}: neither a Terraform configuration (resource, data, provider, ...) nor terraform show -json output`,
    );
  }
}

/** Replaces `${jsonencode({...})}` policies by the documents they render. */
async function evaluatePolicies(resources: RawResource[]): Promise<RawResource[]> {
  const out: RawResource[] = [];
  for (const r of resources) {
    const policy = r.values.policy;
    if (isJsonencode(policy)) {
      const doc = await evaluateJsonencode(policy);
      out.push(doc === undefined ? r : { ...r, values: { ...r.values, policy: doc } });
    } else out.push(r);
  }
  return out;
}

function merge(reads: ConfigRead[]): ConfigRead {
  return {
    resources: reads.flatMap((r) => r.resources),
    accountIds: [...new Set(reads.flatMap((r) => r.accountIds))],
    notes: reads.flatMap((r) => r.notes),
  };
}

async function readConfigFile(path: string, source: Omit<ConfigSource, 'text' | 'kind'>, maxBytes: number) {
  const text = readText(path, source.file, maxBytes);
  if (path.endsWith('.tf')) {
    return readConfigDocument(await parseHcl(source.file, text), { ...source, text, kind: 'hcl' });
  }
  const doc = parseJson(text, source.file);
  checkConfigShape(doc, source.file);
  return readConfigDocument(doc, { ...source, text, kind: 'json' });
}

async function finish(label: string, kind: RawInput['kind'], read: ConfigRead): Promise<RawInput> {
  return { label, kind, ...read, resources: await evaluatePolicies(read.resources) };
}

function readJsonDocument(text: string, display: string, root: string, lines: boolean): Promise<RawInput> {
  const doc = parseJson(text, display);
  if (isPlanDocument(doc)) {
    const plan = readPlanDocument(doc as Record<string, unknown>, display, text, root, lines);
    return Promise.resolve({ label: display, ...plan });
  }
  checkConfigShape(doc, display);
  return finish(
    display,
    'terraform-json',
    readConfigDocument(doc, { file: display, text, kind: 'json', root, addressPrefix: '', lines }),
  );
}

/** Reads one review input. Anything unreadable is an {@link InputError}. */
export async function loadInput(input: string, options: LoadOptions = {}): Promise<RawInput> {
  const cwd = options.cwd ?? process.cwd();
  const maxBytes = options.maxBytes ?? MAX_INPUT_BYTES;
  const lines = options.lines ?? true;
  if (input === '-') {
    const text = (options.readStdin ?? (() => readFileSync(0, 'utf8')))();
    if (text.length > maxBytes) throw new InputError(`standard input: over the ${maxBytes}-byte limit`);
    return readJsonDocument(text, 'standard input', input, lines);
  }
  const path = resolve(cwd, input);
  const display = displayPath(cwd, path);
  let stat;
  try {
    stat = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(
      `${input}: ${code === 'ENOENT' ? 'no such file or directory' : `cannot read (${code ?? 'error'})`}`,
    );
  }
  if (!stat.isDirectory()) {
    if (path.endsWith('.tf')) {
      return finish(
        display,
        'hcl',
        await readConfigFile(path, { file: display, root: display, addressPrefix: '', lines }, maxBytes),
      );
    }
    return readJsonDocument(readText(path, display, maxBytes), display, display, lines);
  }
  const entries = readdirSync(path).sort();
  const manifestPath = join(path, 'manifest.json');
  if (entries.includes('manifest.json')) {
    const manifest = parseJson(
      readText(manifestPath, `${display}/manifest.json`, maxBytes),
      `${display}/manifest.json`,
    );
    const stacks = (manifest as { stacks?: unknown }).stacks;
    if (typeof stacks === 'object' && stacks !== null && !Array.isArray(stacks)) {
      const reads: ConfigRead[] = [];
      for (const [name, stack] of Object.entries(stacks).sort(([a], [b]) => a.localeCompare(b))) {
        const rel = (stack as { synthesizedStackPath?: unknown }).synthesizedStackPath;
        const file = join(path, typeof rel === 'string' ? rel : join('stacks', name, 'cdk.tf.json'));
        if (!file.startsWith(path))
          throw new InputError(`${display}/manifest.json: stack ${name} points outside the directory`);
        reads.push(
          await readConfigFile(
            file,
            { file: displayPath(cwd, file), root: `stack:${name}`, addressPrefix: `${name}/`, lines, cwd },
            maxBytes,
          ),
        );
      }
      return finish(display, 'cdktf', merge(reads));
    }
  }
  const tfFiles = entries.filter((e) => e.endsWith('.tf') || e.endsWith('.tf.json'));
  if (tfFiles.length > 0) {
    const reads: ConfigRead[] = [];
    for (const f of tfFiles) {
      const file = join(path, f);
      reads.push(
        await readConfigFile(
          file,
          { file: displayPath(cwd, file), root: display, addressPrefix: '', lines },
          maxBytes,
        ),
      );
    }
    return finish(display, tfFiles.some((f) => f.endsWith('.tf')) ? 'hcl' : 'terraform-json', merge(reads));
  }
  if (entries.includes('stacks')) {
    const stacksDir = join(path, 'stacks');
    const reads: ConfigRead[] = [];
    for (const name of readdirSync(stacksDir).sort()) {
      const file = join(stacksDir, name, 'cdk.tf.json');
      try {
        statSync(file);
      } catch {
        continue;
      }
      reads.push(
        await readConfigFile(
          file,
          { file: displayPath(cwd, file), root: `stack:${name}`, addressPrefix: `${name}/`, lines, cwd },
          maxBytes,
        ),
      );
    }
    if (reads.length > 0) return finish(display, 'cdktf', merge(reads));
  }
  throw new InputError(
    `${display}: no Terraform configuration (*.tf, *.tf.json) or cdktf output (manifest.json) in this directory`,
  );
}
