/**
 * Reads `terraform show -json` output: a plan (planned_values with the values
 * known only after apply marked from resource_changes[].change.after_unknown,
 * and configuration references to link split resources to buckets whose id is
 * unknown), or a state (values), child modules included.
 * @see https://developer.hashicorp.com/terraform/internals/json-format
 */
import { AFTER_APPLY, InputError, MAX_DEPTH, RawResource } from './raw';
import { locator } from './locations';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Inline aws_s3_bucket arguments that the provider also computes: read only when configured. */
const COMPUTED_INLINE = [
  'acl',
  'grant',
  'versioning',
  'logging',
  'server_side_encryption_configuration',
  'lifecycle_rule',
  'replication_configuration',
  'object_lock_configuration',
  'policy',
];

export interface PlanRead {
  readonly kind: 'plan' | 'state';
  readonly resources: RawResource[];
  readonly accountIds: string[];
  readonly notes: string[];
}

/** True when a parsed JSON document is `terraform show -json` output rather than configuration. */
export function isPlanDocument(doc: unknown): boolean {
  return (
    isObj(doc) &&
    ('planned_values' in doc || 'resource_changes' in doc || ('values' in doc && 'terraform_version' in doc))
  );
}

function withUnknowns(value: unknown, mask: unknown, depth: number): unknown {
  if (mask === true) return AFTER_APPLY;
  if (depth > MAX_DEPTH) throw new InputError('nesting deeper than the review reads');
  if (Array.isArray(mask)) {
    const list = Array.isArray(value) ? [...value] : [];
    mask.forEach((m, i) => {
      if (m !== false && m !== undefined && m !== null) list[i] = withUnknowns(list[i], m, depth + 1);
    });
    return list;
  }
  if (isObj(mask)) {
    const out: Obj = isObj(value) ? { ...value } : {};
    for (const [k, m] of Object.entries(mask)) {
      if (m !== false && m !== undefined && m !== null) out[k] = withUnknowns(out[k], m, depth + 1);
    }
    return out;
  }
  return value;
}

/** `aws_s3_bucket.b.id` -> `aws_s3_bucket.b`; `data.x.y[0].json` -> `data.x.y`; others -> undefined. */
function localOf(reference: string): string | undefined {
  const parts = reference.replace(/\[[^\]]*\]/g, '').split('.');
  if (parts[0] === 'data') return parts.length >= 3 ? parts.slice(0, 3).join('.') : undefined;
  if (parts.length >= 2 && parts[0].includes('_')) return parts.slice(0, 2).join('.');
  return undefined;
}

interface ConfigResource {
  readonly expressions: Obj;
}

function indexConfiguration(configuration: unknown): Map<string, ConfigResource> {
  const index = new Map<string, ConfigResource>();
  const walk = (module: unknown, path: string, depth: number) => {
    if (!isObj(module) || depth > MAX_DEPTH) return;
    for (const r of Array.isArray(module.resources) ? module.resources : []) {
      if (!isObj(r) || typeof r.address !== 'string') continue;
      index.set(`${path}|${r.address}`, { expressions: isObj(r.expressions) ? r.expressions : {} });
    }
    if (isObj(module.module_calls)) {
      for (const [name, call] of Object.entries(module.module_calls)) {
        if (isObj(call)) walk(call.module, `${path}${path ? '.' : ''}module.${name}`, depth + 1);
      }
    }
  };
  if (isObj(configuration)) walk(configuration.root_module, '', 0);
  return index;
}

/** Reads one plan or state document. */
export function readPlanDocument(
  doc: Obj,
  file: string,
  text: string | undefined,
  root: string,
  lines = true,
): PlanRead {
  const version = doc.format_version;
  if (version !== undefined) {
    const major = typeof version === 'string' ? Number.parseInt(version.split('.')[0], 10) : Number.NaN;
    if (!(major === 0 || major === 1)) {
      throw new InputError(
        `${file}: unsupported format_version ${JSON.stringify(version)} (this review reads 0.x and 1.x)`,
      );
    }
  }
  const isPlan = 'planned_values' in doc || 'resource_changes' in doc;
  const values = isPlan ? doc.planned_values : doc.values;
  if (values !== undefined && !isObj(values))
    throw new InputError(`${file}: ${isPlan ? 'planned_values' : 'values'} is not an object`);
  const changes = new Map<string, Obj>();
  for (const rc of Array.isArray(doc.resource_changes) ? doc.resource_changes : []) {
    if (isObj(rc) && typeof rc.address === 'string' && isObj(rc.change)) changes.set(rc.address, rc.change);
  }
  const config = indexConfiguration(doc.configuration);
  const notes: string[] = [];
  if (isPlan && !isObj(doc.configuration)) {
    notes.push(
      `${file}: the plan has no configuration section, so resources are linked to buckets by name only`,
    );
  }
  const locate = locator(file, text, 'plan', lines);
  const resources: RawResource[] = [];
  const seen = new Set<string>();

  const walk = (module: unknown, moduleAddress: string, depth: number, fromPriorState: boolean) => {
    if (!isObj(module)) return;
    if (depth > MAX_DEPTH) throw new InputError(`${file}: modules nest deeper than ${MAX_DEPTH} levels`);
    for (const r of Array.isArray(module.resources) ? module.resources : []) {
      if (
        !isObj(r) ||
        typeof r.type !== 'string' ||
        typeof r.name !== 'string' ||
        typeof r.address !== 'string'
      )
        continue;
      const mode = r.mode === 'data' ? 'data' : 'managed';
      if (fromPriorState && mode !== 'data') continue;
      if (seen.has(r.address)) continue;
      seen.add(r.address);
      const localAddress = `${mode === 'data' ? 'data.' : ''}${r.type}.${r.name}`;
      const configPath = moduleAddress.replace(/\[[^\]]*\]/g, '');
      const configured = config.get(`${configPath}|${localAddress}`);
      const change = changes.get(r.address);
      let vals = isObj(r.values) ? r.values : {};
      if (change && !fromPriorState) vals = withUnknowns(vals, change.after_unknown, 0) as Obj;
      if (r.type === 'aws_s3_bucket' && configured && isPlan) {
        vals = { ...vals };
        for (const attr of COMPUTED_INLINE) if (!(attr in configured.expressions)) delete vals[attr];
      }
      const expressions = configured?.expressions ?? {};
      const index = typeof r.index === 'number' || typeof r.index === 'string' ? r.index : undefined;
      const frozen = vals;
      resources.push({
        mode,
        type: r.type,
        name: r.name,
        index,
        address: r.address,
        scope: `${root}|${moduleAddress}`,
        localAddress,
        values: frozen,
        refs: (attribute) => {
          const e = expressions[attribute];
          const refs = isObj(e) && Array.isArray(e.references) ? e.references : [];
          return [...new Set(refs.filter((x): x is string => typeof x === 'string').map(localOf))].filter(
            (x): x is string => x !== undefined,
          );
        },
        location: locate(r.address, [r.address]),
      });
    }
    for (const child of Array.isArray(module.child_modules) ? module.child_modules : []) {
      if (isObj(child) && typeof child.address === 'string')
        walk(child, child.address, depth + 1, fromPriorState);
    }
  };
  walk(isObj(values) ? values.root_module : undefined, '', 0, false);
  const prior =
    isObj(doc.prior_state) && isObj(doc.prior_state.values) ? doc.prior_state.values.root_module : undefined;
  walk(prior, '', 0, true);

  const accountIds = new Set<string>();
  const providers = isObj(doc.configuration) ? doc.configuration.provider_config : undefined;
  if (isObj(providers)) {
    for (const p of Object.values(providers)) {
      if (!isObj(p) || p.name !== 'aws' || !isObj(p.expressions)) continue;
      const ids = p.expressions.allowed_account_ids;
      const constant = isObj(ids) ? ids.constant_value : undefined;
      for (const id of Array.isArray(constant) ? constant : []) {
        if (typeof id === 'string' && /^\d{12}$/.test(id)) accountIds.add(id);
      }
    }
  }
  for (const r of resources) {
    const id = r.values.account_id;
    if (r.type === 'aws_caller_identity' && typeof id === 'string' && /^\d{12}$/.test(id)) accountIds.add(id);
  }
  return { kind: isPlan ? 'plan' : 'state', resources, accountIds: [...accountIds], notes };
}
