/**
 * Judges of the bucket controls: pure functions from a bucket's posture to
 * pass, fail or unknown with the reason. Absence is judged by what AWS does
 * without the setting, and said so.
 */
import {
  allowsAllActions,
  crossAccountSensitiveGrants,
  hasUnrestrictedWildcardPrincipal,
  isPublicGrant,
  normalizePolicy,
  NormalizedStatement,
  publicAccessKind,
} from '../policy-analysis';
import {
  findBucketWideDeny,
  findNetworkRestriction,
  isInsecureTransportCondition,
  tlsVersionCondition,
} from '../policy-denies';
import {
  BucketPosture,
  Maybe,
  PublicAccessBlockPosture,
  ReplicationRulePosture,
  SourceLocation,
  Unknown,
  isUnknown,
} from '../posture';
import {
  CANNED_ACLS,
  OBJECT_LOCK_MODES,
  OBJECT_OWNERSHIPS,
  SSE_ALGORITHMS,
  VERSIONING_STATUSES,
  enumerated,
} from '../enumerations';
import { Judgment, fail, pass, undecided } from '../results';

export interface BucketContext {
  /** The account that owns the buckets, when known. */
  readonly ownerAccount?: string;
  /** Every bucket of the input, to follow references between buckets (a replication destination). */
  readonly buckets?: readonly BucketPosture[];
}

export type BucketJudge = (b: BucketPosture, ctx: BucketContext) => Judgment;

const PUBLIC_ACCESS_FLAGS = [
  ['blockPublicAcls', 'block_public_acls'],
  ['ignorePublicAcls', 'ignore_public_acls'],
  ['blockPublicPolicy', 'block_public_policy'],
  ['restrictPublicBuckets', 'restrict_public_buckets'],
] as const;

/** Judges the four Block Public Access flags (shared with the account and access point controls). */
export function judgePublicAccessFlags(
  flags: Omit<PublicAccessBlockPosture, 'location'>,
  location?: PublicAccessBlockPosture['location'],
): Judgment {
  const off = PUBLIC_ACCESS_FLAGS.filter(([k]) => flags[k] === false).map(([, tf]) => tf);
  const pending = PUBLIC_ACCESS_FLAGS.map(([k]) => flags[k]).find(isUnknown);
  if (off.length > 0) return fail(`${off.join(', ')} ${off.length === 1 ? 'is' : 'are'} false`, location);
  if (pending) return undecided(pending, location);
  return pass('all four settings are true', location);
}

function policyStatements(b: BucketPosture): Maybe<NormalizedStatement[] | undefined> {
  if (isUnknown(b.policy)) return b.policy;
  if (b.policy === undefined) return undefined;
  return normalizePolicy(b.policy.document);
}

/**
 * Judges the bucket policy's statements with `judge`; a bucket without a
 * policy gets `absent`, an unreadable policy is unknown.
 */
function withPolicy(
  b: BucketPosture,
  absent: (location: SourceLocation) => Judgment,
  judge: (statements: NormalizedStatement[], location: SourceLocation) => Judgment,
): Judgment {
  const statements = policyStatements(b);
  if (isUnknown(statements)) return undecided(statements, b.location);
  if (!statements) return absent(b.location);
  return judge(statements, isUnknown(b.policy) || !b.policy ? b.location : b.policy.location);
}

const publicAccessBlock: BucketJudge = (b) => {
  const pab = b.publicAccessBlock;
  if (isUnknown(pab)) return undecided(pab, b.location);
  if (pab === undefined) {
    return fail(
      'no aws_s3_bucket_public_access_block: AWS turns all four settings on for buckets created since April 2023, but nothing in this configuration keeps them on',
      b.location,
    );
  }
  return judgePublicAccessFlags(pab, pab.location);
};

const PUBLIC_CANNED_ACLS = new Set(['public-read', 'public-read-write', 'authenticated-read']);

/** The canned ACL when it is one S3 accepts; an invalid one is Unknown, never a private ACL. */
function cannedAcl(canned: Maybe<string | undefined>): Maybe<string | undefined> {
  if (canned === undefined || isUnknown(canned)) return canned;
  return enumerated(canned, CANNED_ACLS, 'the canned ACL');
}
const PUBLIC_GROUPS = /\/groups\/global\/(AllUsers|AuthenticatedUsers)$/;

const noPublicReadWrite: BucketJudge = (b) => {
  const issues: string[] = [];
  let pending: Unknown | undefined;
  const statements = policyStatements(b);
  const policyLocation = isUnknown(b.policy) ? undefined : b.policy?.location;
  if (isUnknown(statements)) pending = statements;
  else if (statements) {
    for (const st of statements) {
      if (isUnknown(st.effect)) pending ??= st.effect;
      else if (isPublicGrant(st)) {
        issues.push(
          `statement ${st.label} grants ${publicAccessKind(st, b.arn)} (Principal "*" without a restricting condition)`,
        );
      }
    }
  }
  const acl = b.acl;
  if (isUnknown(acl)) pending ??= acl;
  else if (acl) {
    const canned = cannedAcl(acl.canned);
    if (isUnknown(canned)) pending ??= canned;
    else if (canned !== undefined && PUBLIC_CANNED_ACLS.has(canned)) issues.push(`canned ACL ${canned}`);
    if (isUnknown(acl.grants)) pending ??= acl.grants;
    else {
      for (const g of acl.grants) {
        if (isUnknown(g.uri)) pending ??= g.uri;
        else if (g.uri && PUBLIC_GROUPS.test(g.uri)) {
          const perm = isUnknown(g.permission) ? 'a permission' : g.permission;
          issues.push(`ACL grant of ${perm} to ${g.uri.replace(/.*\//, '')}`);
        }
      }
    }
  }
  if (issues.length > 0)
    return fail(issues.join('; '), policyLocation ?? (acl && !isUnknown(acl) ? acl.location : b.location));
  if (pending) return undecided(pending, policyLocation ?? b.location);
  return pass(
    statements ? 'no policy statement or ACL grant is public' : 'no bucket policy and no public ACL grant',
    policyLocation ?? b.location,
  );
};

const noWildcardPrincipal: BucketJudge = (b) =>
  withPolicy(
    b,
    (at) => pass('no bucket policy', at),
    (statements, location) => {
      const issues: string[] = [];
      let pending: Unknown | undefined;
      for (const st of statements) {
        if (isUnknown(st.effect)) {
          pending ??= st.effect;
          continue;
        }
        if (hasUnrestrictedWildcardPrincipal(st)) {
          issues.push(
            `statement ${st.label} allows ${st.notPrincipal ? 'every principal but those in NotPrincipal' : 'Principal "*"'}`,
          );
        }
        if (allowsAllActions(st)) {
          issues.push(
            `statement ${st.label} allows ${st.notActions ? 'every action but those in NotAction' : 'every action'}`,
          );
        }
      }
      if (issues.length > 0) return fail(issues.join('; '), location);
      if (pending) return undecided(pending, location);
      return pass('every Allow names its principals and actions', location);
    },
  );

const noCrossAccountSensitiveActions: BucketJudge = (b, ctx) =>
  withPolicy(
    b,
    (at) => pass('no bucket policy', at),
    (statements, location) => {
      const grants = crossAccountSensitiveGrants(statements, ctx.ownerAccount, b.arn);
      if (isUnknown(grants)) return undecided(grants, location);
      if (grants.length > 0) return fail(grants.join('; '), location);
      return pass('no sensitive action is granted to another account', location);
    },
  );

function bucketWideDeny(
  b: BucketPosture,
  what: string,
  isTrigger: Parameters<typeof findBucketWideDeny>[2],
): Judgment {
  return withPolicy(
    b,
    (at) => fail(`no bucket policy, so no statement denies ${what}`, at),
    (statements, location) => {
      const found = findBucketWideDeny(statements, b.arn, isTrigger);
      if (found.met)
        return pass(`statement ${found.met} denies ${what} on the bucket and its objects`, location);
      if (found.undecided) return undecided(found.undecided, location);
      return fail(found.shortfall ?? `no statement denies ${what}`, location);
    },
  );
}

const tlsOnly: BucketJudge = (b) =>
  bucketWideDeny(b, 'requests without TLS (aws:SecureTransport false)', isInsecureTransportCondition);

const minimumTls: BucketJudge = (b) =>
  bucketWideDeny(b, 'TLS older than 1.2 (s3:TlsVersion)', tlsVersionCondition(1.2));

const defaultEncryption: BucketJudge = (b) => {
  const enc = b.encryption;
  if (isUnknown(enc)) return undecided(enc, b.location);
  if (enc === undefined) {
    return pass(
      'no default encryption configuration, so S3 applies its own: SSE-S3 (AES256) for every new object since January 2023, which cannot be turned off',
      b.location,
    );
  }
  if (isUnknown(enc.algorithm)) return undecided(enc.algorithm, enc.location);
  if (enc.algorithm === undefined) return fail('the encryption rule sets no sse_algorithm', enc.location);
  const algorithm = enumerated(enc.algorithm, SSE_ALGORITHMS, 'sse_algorithm');
  if (isUnknown(algorithm)) return undecided(algorithm, enc.location);
  return pass(`default encryption ${algorithm}`, enc.location);
};

const kmsEncryption: BucketJudge = (b) => {
  const enc = b.encryption;
  if (isUnknown(enc)) return undecided(enc, b.location);
  if (enc === undefined) {
    return fail(
      'no default encryption configuration: S3 encrypts new objects with SSE-S3 (AES256) since January 2023, not with a KMS key',
      b.location,
    );
  }
  if (isUnknown(enc.algorithm)) return undecided(enc.algorithm, enc.location);
  if (enc.algorithm !== undefined) {
    const algorithm = enumerated(enc.algorithm, SSE_ALGORITHMS, 'sse_algorithm');
    if (isUnknown(algorithm)) return undecided(algorithm, enc.location);
  }
  if (enc.algorithm !== 'aws:kms' && enc.algorithm !== 'aws:kms:dsse') {
    return fail(
      `default encryption is ${enc.algorithm ?? 'not set'}, not aws:kms or aws:kms:dsse`,
      enc.location,
    );
  }
  const notes: string[] = [];
  if (enc.kmsKeyId === undefined)
    notes.push(
      'with the AWS managed key aws/s3 (a customer managed key lets its key policy decide who decrypts)',
    );
  if (enc.algorithm === 'aws:kms' && enc.bucketKey === false) notes.push('without S3 Bucket Keys');
  return pass([`default encryption ${enc.algorithm}`, ...notes].join(' '), enc.location);
};

const accessLogging: BucketJudge = (b) => {
  const logging = b.logging;
  if (isUnknown(logging)) return undecided(logging, b.location);
  if (logging === undefined)
    return fail('no aws_s3_bucket_logging: server access logging is off by default', b.location);
  const target = isUnknown(logging.targetBucket)
    ? 'a bucket known at apply'
    : (logging.targetBucket ?? 'no target');
  if (logging.targetBucket === undefined)
    return fail('the logging configuration names no target_bucket', logging.location);
  return pass(`server access logs go to ${target}`, logging.location);
};

const versioning: BucketJudge = (b) => {
  const v = b.versioning;
  if (isUnknown(v)) return undecided(v, b.location);
  if (v === undefined)
    return fail('no aws_s3_bucket_versioning: buckets are unversioned by default', b.location);
  const status = isUnknown(v.status)
    ? v.status
    : enumerated(v.status, VERSIONING_STATUSES, 'the versioning status');
  if (isUnknown(status)) return undecided(status, v.location);
  return status === 'Enabled'
    ? pass('versioning is Enabled', v.location)
    : fail(`versioning status is ${status}`, v.location);
};

const mfaDelete: BucketJudge = (b) => {
  const v = b.versioning;
  if (isUnknown(v)) return undecided(v, b.location);
  if (v === undefined) return fail('no versioning, so no MFA delete', b.location);
  if (isUnknown(v.mfaDelete)) return undecided(v.mfaDelete, v.location);
  return v.mfaDelete
    ? pass('MFA delete is Enabled', v.location)
    : fail('MFA delete is not enabled', v.location);
};

const objectLock: BucketJudge = (b) => {
  const lock = b.objectLock;
  if (isUnknown(lock)) return undecided(lock, b.location);
  if (lock === undefined) {
    if (isUnknown(b.objectLockEnabled)) return undecided(b.objectLockEnabled, b.location);
    return fail(
      b.objectLockEnabled
        ? 'Object Lock is enabled but no aws_s3_bucket_object_lock_configuration sets a default retention'
        : 'Object Lock is not enabled (object_lock_enabled must be set when the bucket is created)',
      b.location,
    );
  }
  if (isUnknown(lock.mode)) return undecided(lock.mode, lock.location);
  if (lock.mode === undefined)
    return fail('the Object Lock configuration has no default retention', lock.location);
  const mode = enumerated(lock.mode, OBJECT_LOCK_MODES, 'the Object Lock retention mode');
  if (isUnknown(mode)) return undecided(mode, lock.location);
  const period = [lock.days, lock.years].find((p) => p !== undefined);
  if (isUnknown(period)) return undecided(period, lock.location);
  const unit = lock.days !== undefined ? 'days' : 'years';
  return period === undefined
    ? fail(`the ${lock.mode} default retention has no days or years`, lock.location)
    : pass(`default retention ${lock.mode} for ${period} ${unit}`, lock.location);
};

const replication: BucketJudge = (b, ctx) => {
  const r = b.replication;
  if (isUnknown(r)) return undecided(r, b.location);
  if (r === undefined) return fail('no aws_s3_bucket_replication_configuration', b.location);
  if (isUnknown(r.rules)) return undecided(r.rules, r.location);
  const enabled = r.rules.filter((rule) => rule.enabled === true);
  if (enabled.length === 0) {
    const pending = r.rules.map((rule) => rule.enabled).find(isUnknown);
    return pending ? undecided(pending, r.location) : fail('no replication rule is Enabled', r.location);
  }
  const gaps = enabled.flatMap((rule) => replicationRuleGaps(b, rule, ctx.buckets ?? []));
  const problems = gaps.filter((g): g is string => typeof g === 'string');
  if (problems.length > 0) return fail([...new Set(problems)].join('; '), r.location);
  const pending = gaps.find(isUnknown);
  if (pending) return undecided(pending, r.location);
  const dest = enabled[0].destination;
  const known = typeof dest === 'string' && findBucket(ctx.buckets ?? [], b, dest) !== undefined;
  return pass(
    `replicates to ${isUnknown(dest) ? 'a bucket known at apply' : (dest ?? 'a destination')}${known ? ' (versioned)' : ' (not in this input: its versioning is not judged)'}${kmsAlgorithm(b) ? ', KMS-encrypted objects included and re-encrypted with a replica key' : ''}`,
    r.location,
  );
};

/** The bucket of the input a replication destination ARN names. */
function findBucket(
  buckets: readonly BucketPosture[],
  source: BucketPosture,
  destinationArn: string,
): BucketPosture | undefined {
  return buckets.find(
    (o) =>
      o !== source &&
      (o.arn === destinationArn || (typeof o.name === 'string' && destinationArn.endsWith(`:::${o.name}`))),
  );
}

/** True when the bucket's default encryption uses KMS. */
function kmsAlgorithm(b: BucketPosture): boolean {
  const e = b.encryption;
  if (isUnknown(e) || e === undefined || isUnknown(e.algorithm)) return false;
  return e.algorithm === 'aws:kms' || e.algorithm === 'aws:kms:dsse';
}

/**
 * What one Enabled rule misses: a destination in the input that is not
 * versioned, and for a KMS-encrypted source, KMS-encrypted objects left out
 * or replicas without a replica key.
 */
function replicationRuleGaps(
  b: BucketPosture,
  rule: ReplicationRulePosture,
  buckets: readonly BucketPosture[],
): (string | Unknown)[] {
  const gaps: (string | Unknown)[] = [];
  const dest = rule.destination;
  const target = typeof dest === 'string' ? findBucket(buckets, b, dest) : undefined;
  if (target) {
    const v = target.versioning;
    if (isUnknown(v)) gaps.push(v);
    else if (v === undefined) gaps.push(`the destination ${dest} is not versioned`);
    else if (isUnknown(v.status)) gaps.push(v.status);
    else if (v.status !== 'Enabled') gaps.push(`the destination ${dest} has versioning ${v.status}`);
  }
  if (isUnknown(b.encryption)) gaps.push(b.encryption);
  else if (kmsAlgorithm(b)) {
    const kms = rule.kmsEncryptedObjects;
    if (isUnknown(kms)) gaps.push(kms);
    else if (kms !== true)
      gaps.push(
        'KMS-encrypted objects are not replicated (source_selection_criteria.sse_kms_encrypted_objects is not Enabled)',
      );
    else if (rule.replicaKmsKeyId === undefined)
      gaps.push('replicas of KMS-encrypted objects have no replica_kms_key_id');
  }
  return gaps;
}

const lifecycle: BucketJudge = (b) => {
  const lc = b.lifecycle;
  if (isUnknown(lc)) return undecided(lc, b.location);
  if (lc === undefined) return fail('no aws_s3_bucket_lifecycle_configuration', b.location);
  if (isUnknown(lc.rules)) return undecided(lc.rules, lc.location);
  const enabled = lc.rules.filter((r) => r.enabled === true);
  if (enabled.length === 0) {
    const pending = lc.rules.map((r) => r.enabled).find(isUnknown);
    return pending ? undecided(pending, lc.location) : fail('no lifecycle rule is Enabled', lc.location);
  }
  const notes: string[] = [];
  if (!enabled.some((r) => r.abortsIncompleteUploads)) notes.push('none aborts incomplete multipart uploads');
  return pass(
    `${enabled.length} enabled lifecycle rule${enabled.length === 1 ? '' : 's'}${notes.length ? ` (${notes.join(', ')})` : ''}`,
    lc.location,
  );
};

const eventNotifications: BucketJudge = (b) => {
  const n = b.notifications;
  if (isUnknown(n)) return undecided(n, b.location);
  if (n === undefined) return fail('no aws_s3_bucket_notification', b.location);
  if (n.eventBridge === true) return pass('events go to Amazon EventBridge', n.location);
  if (n.destinations > 0) return pass(`events go to ${n.destinations} destination(s)`, n.location);
  if (isUnknown(n.eventBridge)) return undecided(n.eventBridge, n.location);
  return fail('the notification configuration has no EventBridge and no destination', n.location);
};

const aclsDisabled: BucketJudge = (b) => {
  const own = b.ownership;
  if (isUnknown(own)) return undecided(own, b.location);
  const acl = b.acl;
  if (acl && !isUnknown(acl)) {
    const grants = isUnknown(acl.grants) ? [] : acl.grants;
    if (grants.length > 0) return fail(`an ACL is configured (${grants.length} grant(s))`, acl.location);
    const canned = cannedAcl(acl.canned);
    if (isUnknown(canned) && !isUnknown(acl.canned)) return undecided(canned, acl.location);
    if (typeof canned === 'string' && canned !== 'private')
      return fail(`an ACL is configured (canned ${canned})`, acl.location);
  }
  if (own === undefined) {
    return fail(
      'no aws_s3_bucket_ownership_controls: new buckets default to BucketOwnerEnforced since April 2023, but nothing in this configuration keeps ACLs disabled',
      b.location,
    );
  }
  const ownership = isUnknown(own.objectOwnership)
    ? own.objectOwnership
    : enumerated(own.objectOwnership, OBJECT_OWNERSHIPS, 'object_ownership');
  if (isUnknown(ownership)) return undecided(ownership, own.location);
  return ownership === 'BucketOwnerEnforced'
    ? pass('object ownership is BucketOwnerEnforced', own.location)
    : fail(`object ownership is ${ownership}, so ACLs stay in effect`, own.location);
};

const vpcEndpointRestriction: BucketJudge = (b) =>
  withPolicy(
    b,
    (at) => fail('no bucket policy, so access is not limited to VPC endpoints', at),
    (statements, location) => {
      const found = findNetworkRestriction(statements, b.arn);
      if (isUnknown(found)) return undecided(found, location);
      return found
        ? pass(`statement ${found} denies requests from outside the allowed VPC endpoints or VPCs`, location)
        : fail('no Deny on aws:SourceVpce or aws:SourceVpc covers the objects', location);
    },
  );

/** Judges of the bucket-scope controls, by control id. */
export const BUCKET_JUDGES: Readonly<Record<string, BucketJudge>> = {
  's3-bucket-public-access-block': publicAccessBlock,
  's3-no-public-read-write': noPublicReadWrite,
  's3-no-wildcard-principal': noWildcardPrincipal,
  's3-no-cross-account-sensitive-actions': noCrossAccountSensitiveActions,
  's3-tls-only': tlsOnly,
  's3-minimum-tls': minimumTls,
  's3-default-encryption': defaultEncryption,
  's3-kms-encryption': kmsEncryption,
  's3-access-logging': accessLogging,
  's3-versioning': versioning,
  's3-mfa-delete': mfaDelete,
  's3-object-lock': objectLock,
  's3-replication': replication,
  's3-lifecycle': lifecycle,
  's3-event-notifications': eventNotifications,
  's3-acls-disabled': aclsDisabled,
  's3-vpc-endpoint-restriction': vpcEndpointRestriction,
};
