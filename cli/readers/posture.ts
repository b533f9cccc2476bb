/**
 * Links Terraform resources into the normalized posture: each split S3
 * resource finds its bucket by reference, by literal name or by the same name
 * expression; what cannot be linked makes the matching setting of the other
 * buckets unknown instead of silently absent.
 */
import { controlsOfOptOutSetting, OPT_OUT_TAG_PREFIX } from '../../controls/opt-outs';
import {
  AcceptedRisk,
  BucketPolicyPosture,
  BucketPosture,
  Maybe,
  Posture,
  isUnknown,
  unknown,
} from '../../controls/posture';
import { readAccount } from './account-settings';
import { Aspect, SPLIT_RESOURCES, inlineSettings, objectLockEnabled } from './bucket-settings';
import { policyDocument, substituteSelf } from './policy-document';
import { AFTER_APPLY, RawInput, RawResource, isExpression, str } from './raw';

interface Draft {
  readonly raw?: RawResource;
  readonly address: string;
  readonly scope: string;
  readonly localAddress: string;
  readonly name: Maybe<string>;
  readonly externalWhy?: string;
  readonly aspects: Map<Aspect, unknown>;
}

type Target = { kind: 'draft'; draft: Draft } | { kind: 'unlinkable'; why: string };

const rootOf = (scope: string) => scope.slice(0, scope.indexOf('|') + 1 || scope.length);

/** Builds the posture of one or more inputs (each keeps its own scopes). */
export function buildPosture(inputs: readonly RawInput[]): Posture {
  const resources = inputs.flatMap((i) => i.resources);
  const byLocal = new Map<string, RawResource[]>();
  for (const r of resources) {
    const key = `${r.scope}\u0000${r.localAddress}`;
    const list = byLocal.get(key);
    if (list) list.push(r);
    else byLocal.set(key, [r]);
  }
  const lookup = (scope: string, local: string) => byLocal.get(`${scope}\u0000${local}`) ?? [];

  const drafts = new Map<RawResource, Draft>();
  const byName = new Map<string, Draft>();
  const byNameExpression = new Map<string, Draft>();
  const externals = new Map<string, Draft>();
  for (const r of resources) {
    if (r.mode !== 'managed' || r.type !== 'aws_s3_bucket') continue;
    const name = str(r.values, 'bucket', r.address);
    const draft: Draft = {
      raw: r,
      address: r.address,
      scope: r.scope,
      localAddress: r.localAddress,
      name:
        name === undefined
          ? unknown(
              `the name of ${r.address} is generated at apply${r.values.bucket_prefix ? ' (bucket_prefix)' : ''}`,
            )
          : name,
      aspects: new Map(Object.entries(inlineSettings(r)) as [Aspect, unknown][]),
    };
    drafts.set(r, draft);
    if (typeof name === 'string') byName.set(`${rootOf(r.scope)}\u0000${name}`, draft);
    if (isExpression(r.values.bucket) && r.values.bucket !== AFTER_APPLY)
      byNameExpression.set(`${r.scope}\u0000${r.values.bucket}`, draft);
  }

  const external = (
    key: string,
    address: string,
    scope: string,
    local: string,
    name: Maybe<string>,
  ): Draft => {
    let d = externals.get(key);
    if (!d) {
      d = {
        address,
        scope,
        localAddress: local,
        name,
        externalWhy: `${address} is not created in this input`,
        aspects: new Map(),
      };
      externals.set(key, d);
    }
    return d;
  };

  const target = (r: RawResource, attr: string): Target => {
    for (const ref of r.refs(attr)) {
      if (ref.startsWith('aws_s3_bucket.')) {
        const candidates = lookup(r.scope, ref).filter((c) => c.mode === 'managed');
        const match =
          candidates.length === 1
            ? candidates[0]
            : candidates.find((c) => c.index !== undefined && c.index === r.index);
        const d = match ? drafts.get(match) : undefined;
        if (d) return { kind: 'draft', draft: d };
        if (candidates.length > 1) {
          return {
            kind: 'unlinkable',
            why: `${r.address} refers to ${ref}, which has ${candidates.length} instances`,
          };
        }
      }
      if (ref.startsWith('data.aws_s3_bucket.')) {
        const data = lookup(r.scope, ref)[0];
        const name = data ? str(data.values, 'bucket', data.address) : undefined;
        const address = data?.address ?? ref;
        return {
          kind: 'draft',
          draft: external(
            `${r.scope}\u0000${ref}`,
            address,
            r.scope,
            ref,
            name ?? unknown(`${address} has no name`),
          ),
        };
      }
    }
    const value = r.values[attr];
    if (typeof value === 'string' && value !== '' && !isExpression(value)) {
      const d = byName.get(`${rootOf(r.scope)}\u0000${value}`);
      if (d) return { kind: 'draft', draft: d };
      return {
        kind: 'draft',
        draft: external(`${rootOf(r.scope)}\u0000${value}`, `s3://${value}`, r.scope, '', value),
      };
    }
    if (isExpression(value) && value !== AFTER_APPLY) {
      const d = byNameExpression.get(`${r.scope}\u0000${value}`);
      if (d) return { kind: 'draft', draft: d };
    }
    return {
      kind: 'unlinkable',
      why: `${r.address} applies to bucket ${typeof value === 'string' ? value : '(none given)'}, which cannot be linked to a bucket of this input`,
    };
  };

  const unlinkable: { aspect: Aspect; root: string; why: string }[] = [];
  const splitSeen = new Set<string>();
  for (const r of resources) {
    const split = r.mode === 'managed' ? SPLIT_RESOURCES[r.type] : undefined;
    if (!split) continue;
    const t = target(r, 'bucket');
    if (t.kind === 'unlinkable') {
      unlinkable.push({ aspect: split.aspect, root: rootOf(r.scope), why: t.why });
      continue;
    }
    const seenKey = `${t.draft.address}\u0000${split.aspect}`;
    if (!splitSeen.has(seenKey)) t.draft.aspects.set(split.aspect, split.parse(r));
    splitSeen.add(seenKey);
  }
  // The first reason per root and aspect, then one pass over the buckets (not one per unlinkable resource).
  const unlinkableByRoot = new Map<string, Map<Aspect, string>>();
  for (const u of unlinkable) {
    let byAspect = unlinkableByRoot.get(u.root);
    if (!byAspect) unlinkableByRoot.set(u.root, (byAspect = new Map()));
    if (!byAspect.has(u.aspect)) byAspect.set(u.aspect, u.why);
  }
  if (unlinkableByRoot.size > 0) {
    for (const d of drafts.values()) {
      for (const [aspect, why] of unlinkableByRoot.get(rootOf(d.scope)) ?? []) {
        if (!d.aspects.has(aspect)) d.aspects.set(aspect, unknown(why));
      }
    }
  }

  const all = [...drafts.values(), ...externals.values()];
  const buckets = all.map((d) => toBucket(d, lookup));
  const account = readAccount(resources, [...new Set(inputs.flatMap((i) => i.accountIds))], (r, attr) => {
    const t = target(r, attr);
    return t.kind === 'draft' && !t.draft.externalWhy ? t.draft.address : undefined;
  });
  return { buckets, account };
}

function toBucket(d: Draft, lookup: (scope: string, local: string) => readonly RawResource[]): BucketPosture {
  const arnValue = d.raw?.values.arn;
  const arn =
    typeof arnValue === 'string' && arnValue.startsWith('arn:') && !isExpression(arnValue)
      ? arnValue
      : typeof d.name === 'string'
        ? `arn:aws:s3:::${d.name}`
        : `\${${d.localAddress}.arn}`;
  const aspect = (a: Aspect): unknown =>
    d.aspects.has(a) ? d.aspects.get(a) : d.externalWhy ? unknown(d.externalWhy) : undefined;
  const holder = aspect('policy');
  let policy: Maybe<BucketPolicyPosture | undefined>;
  if (holder === undefined || isUnknown(holder)) policy = holder;
  else {
    const r = holder as RawResource;
    const nameExpression = isExpression(d.raw?.values.bucket) ? (d.raw?.values.bucket as string) : undefined;
    const raw = r.values.policy;
    const document = policyDocument(r, lookup);
    policy = {
      document:
        typeof raw === 'string' && !raw.includes('${')
          ? document
          : substituteSelf(document, d.localAddress, arn, nameExpression),
      location: r.location,
    };
  }
  const meta = readMetadata(d.raw?.metadata);
  return {
    address: d.address,
    name: d.name,
    arn,
    location: d.raw?.location ?? { address: d.address },
    module: meta?.module,
    acceptedRisks: [...(meta?.risks ?? []), ...tagRisks(d.raw, meta?.risks ?? [])],
    objectLockEnabled: d.raw ? objectLockEnabled(d.raw) : unknown(d.externalWhy ?? 'unknown bucket'),
    publicAccessBlock: aspect('publicAccessBlock') as BucketPosture['publicAccessBlock'],
    ownership: aspect('ownership') as BucketPosture['ownership'],
    acl: aspect('acl') as BucketPosture['acl'],
    encryption: aspect('encryption') as BucketPosture['encryption'],
    versioning: aspect('versioning') as BucketPosture['versioning'],
    logging: aspect('logging') as BucketPosture['logging'],
    lifecycle: aspect('lifecycle') as BucketPosture['lifecycle'],
    replication: aspect('replication') as BucketPosture['replication'],
    objectLock: aspect('objectLock') as BucketPosture['objectLock'],
    notifications: aspect('notifications') as BucketPosture['notifications'],
    policy,
  };
}

/** The security record a module of this project wrote into the resource's `//` block. */
function readMetadata(meta: unknown): { module?: string; risks: AcceptedRisk[] } | undefined {
  if (typeof meta !== 'object' || meta === null) return undefined;
  const m = meta as { module?: unknown; optOuts?: unknown };
  const risks: AcceptedRisk[] = [];
  for (const o of Array.isArray(m.optOuts) ? m.optOuts : []) {
    if (typeof o !== 'object' || o === null) continue;
    const { setting, controls, reason } = o as { setting?: unknown; controls?: unknown; reason?: unknown };
    if (typeof setting !== 'string' || typeof reason !== 'string') continue;
    const ids = Array.isArray(controls) ? controls.filter((c): c is string => typeof c === 'string') : [];
    risks.push({ setting, controls: ids, reason, source: 'metadata' });
  }
  return { module: typeof m.module === 'string' ? m.module : undefined, risks };
}

/** Opt-outs recorded as bucket tags (plans and live accounts carry tags but not the metadata). */
function tagRisks(raw: RawResource | undefined, fromMetadata: readonly AcceptedRisk[]): AcceptedRisk[] {
  if (!raw) return [];
  const out: AcceptedRisk[] = [];
  const seen = new Set(fromMetadata.map((r) => r.setting));
  for (const attr of ['tags', 'tags_all']) {
    const tags = raw.values[attr];
    if (typeof tags !== 'object' || tags === null || Array.isArray(tags)) continue;
    for (const [key, value] of Object.entries(tags)) {
      if (!key.startsWith(OPT_OUT_TAG_PREFIX) || typeof value !== 'string' || isExpression(value)) continue;
      const setting = key.slice(OPT_OUT_TAG_PREFIX.length);
      if (seen.has(setting)) continue;
      seen.add(setting);
      out.push({ setting, controls: controlsOfOptOutSetting(setting), reason: value, source: 'tag' });
    }
  }
  return out;
}
