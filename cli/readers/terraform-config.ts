/**
 * Reads a Terraform configuration in its JSON form: a cdktf stack
 * (`cdk.tf.json`), any `*.tf.json`, or HCL already converted by hcl2json
 * (where every block is a list).
 */
import { isAbsolute, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { METADATA_KEY } from '../../controls/opt-outs';
import type { SourceLocation } from '../../controls/posture';
import { InputError, RawResource, referencesIn } from './raw';
import { SourceKind, locator } from './locations';

export interface ConfigSource {
  /** Display path of the file. */
  readonly file: string;
  readonly text?: string;
  readonly kind: Extract<SourceKind, 'json' | 'hcl'>;
  /** Terraform root this file belongs to: files of one directory share it. */
  readonly root: string;
  /** Prefix of the addresses shown in reports (`<stack>/` for cdktf). */
  readonly addressPrefix: string;
  /** Find the line of each resource (default true). */
  readonly lines?: boolean;
  /** Directory that program source paths (from construct stack traces) are shown relative to. */
  readonly cwd?: string;
}

export interface ConfigRead {
  readonly resources: RawResource[];
  readonly accountIds: string[];
  readonly notes: string[];
}

const META_ARGUMENTS = new Set([
  '//',
  'count',
  'for_each',
  'depends_on',
  'lifecycle',
  'provider',
  'provisioner',
  'connection',
]);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The arguments of a resource body; copied only when it has meta-arguments to leave out. */
function withoutMetaArguments(body: Record<string, unknown>): Record<string, unknown> {
  let meta = false;
  for (const k in body) if (META_ARGUMENTS.has(k)) meta = true;
  if (!meta) return body;
  const values: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) if (!META_ARGUMENTS.has(k)) values[k] = v;
  return values;
}

/** `at fn (/abs/file.ts:12:5)`, `/abs/file.ts:12:5` or `file:///abs/file.ts:12:5`, as CDKTF records frames. */
const FRAME = /(?:\(|^|\s)((?:file:\/\/)?(?:\/|[A-Za-z]:[\\/])[^():]*?):(\d+):\d+\)?\s*$/;

/**
 * The program file and line that created a construct: the first frame of its
 * recorded stack trace that is neither a dependency (node_modules) nor Node.js
 * itself, shown relative to `cwd` (frames outside it are not used).
 */
export function sourceOfTrace(
  trace: readonly unknown[],
  cwd: string,
): { file: string; line: number } | undefined {
  for (const frame of trace) {
    if (typeof frame !== 'string') continue;
    const m = FRAME.exec(frame);
    if (!m) continue;
    const path = m[1].startsWith('file://') ? fileURLToPath(m[1]) : m[1];
    if (/[\\/]node_modules[\\/]/.test(path)) continue;
    const rel = relative(cwd, path);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return undefined;
    return { file: rel.split(sep).join('/'), line: Number(m[2]) };
  }
  return undefined;
}

/** Adds what the CDKTF `//` metadata says of the resource: its construct path and creating source line. */
function withConstruct(location: SourceLocation, comment: unknown, cwd = process.cwd()): SourceLocation {
  if (!isObject(comment) || !isObject(comment.metadata)) return location;
  const { path, stackTrace } = comment.metadata;
  const source = Array.isArray(stackTrace) ? sourceOfTrace(stackTrace, cwd) : undefined;
  return {
    ...location,
    ...(typeof path === 'string' ? { construct: path } : {}),
    ...(source ? { source } : {}),
  };
}

/** Reads the resources, data sources, provider account ids and module calls of one configuration file. */
export function readConfigDocument(doc: unknown, source: ConfigSource): ConfigRead {
  if (!isObject(doc)) {
    throw new InputError(`${source.file}: not a Terraform configuration (expected a JSON object at the top)`);
  }
  const locate = locator(source.file, source.text, source.kind, source.lines ?? true);
  const resources: RawResource[] = [];
  const notes: string[] = [];
  for (const mode of ['resource', 'data'] as const) {
    const section = doc[mode];
    if (section === undefined) continue;
    if (!isObject(section))
      throw new InputError(`${source.file}: "${mode}" must be an object of resource types`);
    for (const [type, byName] of Object.entries(section)) {
      if (!isObject(byName))
        throw new InputError(`${source.file}: ${mode} "${type}" must be an object of names`);
      for (const [name, rawBody] of Object.entries(byName)) {
        const bodies = Array.isArray(rawBody) ? rawBody : [rawBody];
        const body = bodies[0];
        if (!isObject(body))
          throw new InputError(`${source.file}: ${mode} "${type}" "${name}" must be an object`);
        const values = withoutMetaArguments(body);
        const comment = body['//'];
        const localAddress = mode === 'data' ? `data.${type}.${name}` : `${type}.${name}`;
        const address = `${source.addressPrefix}${localAddress}`;
        const keys = source.kind === 'hcl' ? [mode, type, name] : [type, name];
        resources.push({
          mode: mode === 'data' ? 'data' : 'managed',
          type,
          name,
          address,
          scope: `${source.root}|`,
          localAddress,
          values,
          refs: (attribute) => referencesIn(values[attribute]),
          metadata: isObject(comment) ? comment[METADATA_KEY] : undefined,
          location: withConstruct(locate(address, keys), comment, source.cwd),
        });
      }
    }
  }
  const accountIds: string[] = [];
  const providers = doc.provider;
  if (isObject(providers)) {
    const aws = providers.aws;
    for (const p of Array.isArray(aws) ? aws : [aws]) {
      if (!isObject(p)) continue;
      const ids = p.allowed_account_ids;
      for (const id of Array.isArray(ids) ? ids : []) {
        if (typeof id === 'string' && /^\d{12}$/.test(id)) accountIds.push(id);
      }
    }
  }
  if (isObject(doc.module)) {
    for (const [name, call] of Object.entries(doc.module)) {
      const body = Array.isArray(call) ? call[0] : call;
      const src = isObject(body) && typeof body.source === 'string' ? ` (${body.source})` : '';
      notes.push(
        `${source.file}: module "${name}"${src} is not read from configuration; review a plan (terraform show -json) to include it`,
      );
    }
  }
  return { resources, accountIds, notes };
}
