/**
 * Parses the settings of one bucket from Terraform resources: the split
 * resources of AWS provider v4 and later (aws_s3_bucket_versioning, ...) and
 * the legacy inline arguments of aws_s3_bucket (versioning { }, logging { }, ...).
 */
import {
  AclGrantPosture,
  AclPosture,
  EncryptionPosture,
  LifecyclePosture,
  LoggingPosture,
  Maybe,
  NotificationPosture,
  ObjectLockPosture,
  OwnershipPosture,
  PublicAccessBlockPosture,
  ReplicationPosture,
  SourceLocation,
  VersioningPosture,
  isUnknown,
  unknown,
} from '../../controls/posture';
import { RULE_STATUSES, enumerated } from '../../controls/enumerations';
import { RawResource, block, blocks, bool, inside, num, str, strList } from './raw';

/** Bucket settings a resource (or an inline argument) can carry. */
export type Aspect =
  | 'publicAccessBlock'
  | 'ownership'
  | 'acl'
  | 'encryption'
  | 'versioning'
  | 'logging'
  | 'lifecycle'
  | 'replication'
  | 'objectLock'
  | 'notifications'
  | 'policy';

type Values = Readonly<Record<string, unknown>>;

/** Reads the four Block Public Access flags (absent flags are false for buckets and accounts). */
export function publicAccessFlags(
  v: Values,
  label: string,
  absent: boolean,
): Omit<PublicAccessBlockPosture, 'location'> {
  const flag = (attr: string) => {
    const b = bool(v, attr, label);
    return b === undefined ? absent : b;
  };
  return {
    blockPublicAcls: flag('block_public_acls'),
    ignorePublicAcls: flag('ignore_public_acls'),
    blockPublicPolicy: flag('block_public_policy'),
    restrictPublicBuckets: flag('restrict_public_buckets'),
  };
}

/** `Enabled` or `Disabled` as a boolean; absent is false, any other value Unknown. */
function enabledStatus(v: Values, attr: string, label: string): Maybe<boolean> {
  const s = str(v, attr, label);
  if (s === undefined || isUnknown(s)) return s ?? false;
  const status = enumerated(s, RULE_STATUSES, `${label}.${attr}`);
  return isUnknown(status) ? status : status === 'Enabled';
}

function mapBlocks<T>(list: Maybe<Values[]>, f: (b: Values) => T): Maybe<T[]> {
  return isUnknown(list) ? list : list.map(f);
}

/** Parsers of the split S3 resources, by resource type. */
export const SPLIT_RESOURCES: Readonly<
  Record<string, { aspect: Aspect; parse: (r: RawResource) => unknown }>
> = {
  aws_s3_bucket_public_access_block: {
    aspect: 'publicAccessBlock',
    parse: (r): PublicAccessBlockPosture => ({
      ...publicAccessFlags(r.values, r.type, false),
      location: r.location,
    }),
  },
  aws_s3_bucket_ownership_controls: {
    aspect: 'ownership',
    parse: (r): OwnershipPosture => {
      const rule = block(r.values, 'rule', r.type);
      const own = inside(rule, (x) => str(x, 'object_ownership', `${r.type}.rule`));
      return {
        objectOwnership: own ?? unknown(`${r.type} has no rule.object_ownership`),
        location: r.location,
      };
    },
  },
  aws_s3_bucket_acl: {
    aspect: 'acl',
    parse: (r): AclPosture => {
      const acp = block(r.values, 'access_control_policy', r.type);
      const grants: Maybe<AclGrantPosture[]> = isUnknown(acp)
        ? acp
        : acp
          ? mapBlocks(blocks(acp, 'grant', `${r.type}.access_control_policy`), (g) => {
              const grantee = block(g, 'grantee', 'grant');
              const gr = isUnknown(grantee) || grantee === undefined ? undefined : grantee;
              return {
                type: gr ? (str(gr, 'type', 'grantee') ?? '') : unknown('grant has no grantee'),
                uri: gr ? str(gr, 'uri', 'grantee') : undefined,
                permission: str(g, 'permission', 'grant') ?? '',
              };
            })
          : [];
      return { canned: str(r.values, 'acl', r.type), grants, location: r.location };
    },
  },
  aws_s3_bucket_server_side_encryption_configuration: {
    aspect: 'encryption',
    parse: (r) => encryptionFrom(blocks(r.values, 'rule', r.type), `${r.type}.rule`, r.location),
  },
  aws_s3_bucket_versioning: {
    aspect: 'versioning',
    parse: (r): VersioningPosture => {
      const vc = block(r.values, 'versioning_configuration', r.type);
      const label = `${r.type}.versioning_configuration`;
      if (isUnknown(vc)) return { status: vc, mfaDelete: vc, location: r.location };
      return {
        status: vc ? (str(vc, 'status', label) ?? unknown(`${label} has no status`)) : 'Disabled',
        mfaDelete: vc ? enabledStatus(vc, 'mfa_delete', label) : false,
        location: r.location,
      };
    },
  },
  aws_s3_bucket_logging: {
    aspect: 'logging',
    parse: (r): LoggingPosture => ({
      targetBucket: str(r.values, 'target_bucket', r.type),
      targetPrefix: str(r.values, 'target_prefix', r.type),
      location: r.location,
    }),
  },
  aws_s3_bucket_lifecycle_configuration: {
    aspect: 'lifecycle',
    parse: (r): LifecyclePosture => ({
      rules: mapBlocks(blocks(r.values, 'rule', r.type), (rule) => ({
        id: typeof rule.id === 'string' ? rule.id : undefined,
        enabled: enabledStatus(rule, 'status', `${r.type}.rule`),
        abortsIncompleteUploads: rule.abort_incomplete_multipart_upload !== undefined,
        expiresNoncurrentVersions: rule.noncurrent_version_expiration !== undefined,
      })),
      location: r.location,
    }),
  },
  aws_s3_bucket_replication_configuration: {
    aspect: 'replication',
    parse: (r): ReplicationPosture => ({
      rules: mapBlocks(blocks(r.values, 'rule', r.type), (rule) => {
        const label = `${r.type}.rule`;
        const dest = block(rule, 'destination', label);
        const criteria = block(rule, 'source_selection_criteria', label);
        const kms = inside(criteria, (c) =>
          block(c, 'sse_kms_encrypted_objects', `${label}.source_selection_criteria`),
        );
        return {
          id: typeof rule.id === 'string' ? rule.id : undefined,
          enabled: enabledStatus(rule, 'status', label),
          destination: inside(dest, (d) => str(d, 'bucket', `${label}.destination`)),
          kmsEncryptedObjects: isUnknown(kms)
            ? kms
            : kms === undefined
              ? false
              : enabledStatus(kms, 'status', `${label}.source_selection_criteria.sse_kms_encrypted_objects`),
          replicaKmsKeyId: inside(dest, (d) =>
            inside(block(d, 'encryption_configuration', `${label}.destination`), (e) =>
              str(e, 'replica_kms_key_id', `${label}.destination.encryption_configuration`),
            ),
          ),
        };
      }),
      location: r.location,
    }),
  },
  aws_s3_bucket_object_lock_configuration: {
    aspect: 'objectLock',
    parse: (r) => objectLockFrom(r.values, r.type, r.location),
  },
  aws_s3_bucket_notification: {
    aspect: 'notifications',
    parse: (r): NotificationPosture => {
      let destinations = 0;
      for (const kind of ['lambda_function', 'queue', 'topic']) {
        const list = blocks(r.values, kind, r.type);
        destinations += isUnknown(list) ? 1 : list.length;
      }
      return {
        eventBridge: bool(r.values, 'eventbridge', r.type) ?? false,
        destinations,
        location: r.location,
      };
    },
  },
  aws_s3_bucket_policy: {
    aspect: 'policy',
    parse: (r) => r,
  },
};

function encryptionFrom(rules: Maybe<Values[]>, label: string, location: SourceLocation): EncryptionPosture {
  if (isUnknown(rules)) return { algorithm: rules, kmsKeyId: rules, bucketKey: rules, location };
  for (const rule of rules) {
    const def = block(rule, 'apply_server_side_encryption_by_default', label);
    if (isUnknown(def)) return { algorithm: def, kmsKeyId: def, bucketKey: def, location };
    if (!def) continue;
    const dl = `${label}.apply_server_side_encryption_by_default`;
    return {
      algorithm: str(def, 'sse_algorithm', dl),
      kmsKeyId: str(def, 'kms_master_key_id', dl),
      bucketKey: bool(rule, 'bucket_key_enabled', label),
      location,
    };
  }
  return { algorithm: undefined, kmsKeyId: undefined, bucketKey: undefined, location };
}

function objectLockFrom(v: Values, label: string, location: SourceLocation): ObjectLockPosture {
  const rule = block(v, 'rule', label);
  const retention = inside(rule, (x) => block(x, 'default_retention', `${label}.rule`));
  if (isUnknown(retention)) return { mode: retention, days: retention, years: retention, location };
  if (!retention) return { mode: undefined, days: undefined, years: undefined, location };
  const rl = `${label}.rule.default_retention`;
  return {
    mode: str(retention, 'mode', rl),
    days: num(retention, 'days', rl),
    years: num(retention, 'years', rl),
    location,
  };
}

/**
 * Settings given as legacy inline arguments of aws_s3_bucket (deprecated since
 * AWS provider v4, still accepted). Only arguments present are returned.
 */
export function inlineSettings(r: RawResource): Partial<Record<Aspect, unknown>> {
  const v = r.values;
  const t = r.type;
  const out: Partial<Record<Aspect, unknown>> = {};
  const grants = blocks(v, 'grant', t);
  if (v.acl !== undefined || (!isUnknown(grants) && grants.length > 0) || isUnknown(grants)) {
    out.acl = {
      canned: str(v, 'acl', t),
      grants: mapBlocks(grants, (g) => {
        const perms = strList(g, 'permissions', `${t}.grant`);
        return {
          type: str(g, 'type', `${t}.grant`) ?? '',
          uri: str(g, 'uri', `${t}.grant`),
          permission: isUnknown(perms) ? perms : perms.join('+'),
        };
      }),
      location: r.location,
    } satisfies AclPosture;
  }
  const versioning = block(v, 'versioning', t);
  if (versioning !== undefined) {
    const enabled = isUnknown(versioning) ? versioning : bool(versioning, 'enabled', `${t}.versioning`);
    out.versioning = {
      status: isUnknown(enabled) ? enabled : enabled ? 'Enabled' : 'Suspended',
      mfaDelete: isUnknown(versioning)
        ? versioning
        : (bool(versioning, 'mfa_delete', `${t}.versioning`) ?? false),
      location: r.location,
    } satisfies VersioningPosture;
  }
  const logging = block(v, 'logging', t);
  if (logging !== undefined) {
    out.logging = {
      targetBucket: isUnknown(logging) ? logging : str(logging, 'target_bucket', `${t}.logging`),
      targetPrefix: isUnknown(logging) ? logging : str(logging, 'target_prefix', `${t}.logging`),
      location: r.location,
    } satisfies LoggingPosture;
  }
  const sse = block(v, 'server_side_encryption_configuration', t);
  if (sse !== undefined) {
    const label = `${t}.server_side_encryption_configuration`;
    out.encryption = encryptionFrom(
      isUnknown(sse) ? sse : blocks(sse, 'rule', label),
      `${label}.rule`,
      r.location,
    );
  }
  const lifecycle = blocks(v, 'lifecycle_rule', t);
  if (isUnknown(lifecycle) || lifecycle.length > 0) {
    out.lifecycle = {
      rules: mapBlocks(lifecycle, (rule) => ({
        id: typeof rule.id === 'string' ? rule.id : undefined,
        enabled:
          bool(rule, 'enabled', `${t}.lifecycle_rule`) ?? unknown(`${t}.lifecycle_rule has no enabled`),
        abortsIncompleteUploads: rule.abort_incomplete_multipart_upload_days !== undefined,
        expiresNoncurrentVersions: rule.noncurrent_version_expiration !== undefined,
      })),
      location: r.location,
    } satisfies LifecyclePosture;
  }
  const replication = block(v, 'replication_configuration', t);
  if (replication !== undefined) {
    const label = `${t}.replication_configuration`;
    out.replication = {
      rules: isUnknown(replication)
        ? replication
        : mapBlocks(blocks(replication, 'rules', label), (rule) => {
            const dest = block(rule, 'destination', `${label}.rules`);
            const criteria = block(rule, 'source_selection_criteria', `${label}.rules`);
            const kms = inside(criteria, (c) =>
              block(c, 'sse_kms_encrypted_objects', `${label}.rules.source_selection_criteria`),
            );
            return {
              id: typeof rule.id === 'string' ? rule.id : undefined,
              enabled: enabledStatus(rule, 'status', `${label}.rules`),
              destination: inside(dest, (d) => str(d, 'bucket', `${label}.rules.destination`)),
              kmsEncryptedObjects: isUnknown(kms)
                ? kms
                : kms === undefined
                  ? false
                  : (bool(
                      kms,
                      'enabled',
                      `${label}.rules.source_selection_criteria.sse_kms_encrypted_objects`,
                    ) ?? false),
              replicaKmsKeyId: inside(dest, (d) =>
                str(d, 'replica_kms_key_id', `${label}.rules.destination`),
              ),
            };
          }),
      location: r.location,
    } satisfies ReplicationPosture;
  }
  const lock = block(v, 'object_lock_configuration', t);
  if (lock !== undefined) {
    out.objectLock = isUnknown(lock)
      ? lock
      : objectLockFrom(lock, `${t}.object_lock_configuration`, r.location);
  }
  if (v.policy !== undefined && v.policy !== null && v.policy !== '') out.policy = r;
  return out;
}

/** Whether the bucket was created with Object Lock (`object_lock_enabled`, or the legacy inline block). */
export function objectLockEnabled(r: RawResource): Maybe<boolean | undefined> {
  const flag = bool(r.values, 'object_lock_enabled', r.type);
  if (flag !== undefined) return flag;
  const lock = block(r.values, 'object_lock_configuration', r.type);
  if (isUnknown(lock)) return lock;
  if (!lock) return undefined;
  const s = str(lock, 'object_lock_enabled', `${r.type}.object_lock_configuration`);
  return isUnknown(s) ? s : s === 'Enabled';
}
