import type { ControlId } from '../../controls/catalog';
import {
  OptOut,
  OptOutRecord,
  OptOuts,
  PropsValidator,
  bucketNameRule,
  integerBetween,
  isOptOut,
  isToken,
  logPrefixRule,
  mfaSerialRule,
} from '../core';
import { TLS_VERSIONS, TlsVersion } from '../bucket-policy';
import { S3DataKey, checkKeyChoice } from '../kms';
import { TRANSITION_STORAGE_CLASSES } from './props';
import type {
  AccessLogSettings,
  BlockPublicAccessSettings,
  LifecycleSettings,
  MfaDeleteProps,
  ObjectLockSettings,
  SecureBucketProps,
  Transition,
} from './props';

/** What SecureBucket deploys, decided from its props (validated, defaults applied). */
export interface BucketSettings {
  readonly encryption:
    | {
        readonly algorithm: 'aws:kms' | 'aws:kms:dsse';
        readonly key: S3DataKey | string | 'new';
        readonly bucketKey: boolean;
      }
    | { readonly algorithm: 'AES256' };
  readonly blockSseC: boolean;
  readonly publicAccessBlock: Required<Omit<BlockPublicAccessSettings, 'reason'>>;
  readonly objectOwnership: 'BucketOwnerEnforced' | 'BucketOwnerPreferred' | 'ObjectWriter';
  readonly versioning?: { readonly mfaDelete?: MfaDeleteProps };
  readonly accessLogs?: AccessLogSettings;
  readonly enforceTls: boolean;
  readonly minimumTlsVersion?: TlsVersion;
  readonly lifecycle?: Required<Pick<LifecycleSettings, 'abortIncompleteMultipartUploadDays'>> &
    LifecycleSettings;
  readonly objectLock?: ObjectLockSettings;
  readonly eventBridge: boolean;
  readonly preventDestroy: boolean;
  /** Refuse policy statements that would make the bucket public. */
  readonly blockPublicStatements: boolean;
  /** Refuse policy statements that grant another account a sensitive action. */
  readonly blockCrossAccountSensitiveActions: boolean;
  readonly controls: ControlId[];
  readonly optOuts: OptOutRecord[];
}

/** Minimum days in the current class before S3 accepts a transition to these classes. */
const MIN_TRANSITION_DAYS: Partial<Record<Transition['storageClass'], number>> = {
  STANDARD_IA: 30,
  ONEZONE_IA: 30,
};

/**
 * Validates SecureBucket props and decides every setting. Collects all problems
 * in `v`; the caller throws them together.
 */
export function decideSettings(v: PropsValidator, props: SecureBucketProps): BucketSettings {
  const optOuts = new OptOuts(v);
  const controls: ControlId[] = [];

  if (props.bucketName === undefined || props.bucketName === null) {
    v.fail('bucketName', props.bucketName, 'is required');
  } else {
    v.rule('bucketName', props.bucketName, bucketNameRule);
  }

  // Encryption at rest.
  const enc = props.encryption ?? {};
  let encryption: BucketSettings['encryption'];
  if (enc.type === 'SSE_S3') {
    optOuts.record('encryption', enc.reason, ['s3-kms-encryption']);
    controls.push('s3-default-encryption');
    encryption = { algorithm: 'AES256' };
  } else if (enc.type === undefined || enc.type === 'SSE_KMS' || enc.type === 'DSSE_KMS') {
    const key = enc.key ?? 'new';
    if (key !== 'new') checkKeyChoice(v, 'encryption.key', key);
    let bucketKey = enc.type !== 'DSSE_KMS';
    if (enc.type !== 'DSSE_KMS' && isOptOut((enc as { bucketKey?: unknown }).bucketKey)) {
      const bk = (enc as { bucketKey: OptOut }).bucketKey;
      optOuts.record('encryption.bucketKey', bk.reason);
      bucketKey = false;
    }
    controls.push('s3-default-encryption', 's3-kms-encryption');
    encryption = { algorithm: enc.type === 'DSSE_KMS' ? 'aws:kms:dsse' : 'aws:kms', key, bucketKey };
  } else {
    v.fail('encryption.type', (enc as { type: unknown }).type, 'must be SSE_KMS, DSSE_KMS or SSE_S3');
    encryption = { algorithm: 'AES256' };
  }
  const blockSseC = optOuts.keep('blockSseC', props.blockSseC);

  // Public access.
  const bpa = props.blockPublicAccess ?? {};
  const publicAccessBlock = isOptOut(bpa)
    ? {
        blockPublicAcls: false,
        ignorePublicAcls: false,
        blockPublicPolicy: false,
        restrictPublicBuckets: false,
      }
    : {
        blockPublicAcls: bpa.blockPublicAcls ?? true,
        ignorePublicAcls: bpa.ignorePublicAcls ?? true,
        blockPublicPolicy: bpa.blockPublicPolicy ?? true,
        restrictPublicBuckets: bpa.restrictPublicBuckets ?? true,
      };
  const offFlags = Object.entries(publicAccessBlock).filter(([, on]) => !on);
  if (isOptOut(bpa)) {
    optOuts.keep('blockPublicAccess', bpa, ['s3-bucket-public-access-block']);
  } else if (offFlags.length > 0) {
    optOuts.record(
      `blockPublicAccess.${offFlags.map(([k]) => k).join('+')}`,
      bpa.reason,
      ['s3-bucket-public-access-block'],
      'blockPublicAccess.reason',
    );
  } else {
    controls.push('s3-bucket-public-access-block');
    v.check(
      bpa.reason === undefined,
      'blockPublicAccess.reason',
      bpa.reason,
      'is only allowed when a setting is false',
    );
  }

  // Ownership (ACLs).
  const own = props.objectOwnership ?? 'BucketOwnerEnforced';
  let objectOwnership: BucketSettings['objectOwnership'] = 'BucketOwnerEnforced';
  if (own === 'BucketOwnerEnforced') {
    controls.push('s3-acls-disabled');
  } else if (
    typeof own === 'object' &&
    (own.mode === 'BucketOwnerPreferred' || own.mode === 'ObjectWriter')
  ) {
    optOuts.record('objectOwnership', own.reason, ['s3-acls-disabled']);
    objectOwnership = own.mode;
  } else {
    v.fail(
      'objectOwnership',
      own,
      'must be "BucketOwnerEnforced" or { mode: "BucketOwnerPreferred" | "ObjectWriter", reason }',
    );
  }

  // Versioning and MFA delete.
  let versioning: BucketSettings['versioning'];
  if (isOptOut(props.versioning)) {
    optOuts.keep('versioning', props.versioning, ['s3-versioning']);
  } else {
    versioning = { mfaDelete: props.versioning?.mfaDelete };
    controls.push('s3-versioning');
    const mfa = props.versioning?.mfaDelete;
    if (mfa) {
      v.check(
        mfa.serialNumber !== undefined,
        'versioning.mfaDelete.serialNumber',
        mfa.serialNumber,
        "is required: MFA delete needs the root user's MFA device serial",
      );
      v.rule('versioning.mfaDelete.serialNumber', mfa.serialNumber, mfaSerialRule);
      v.check(
        mfa.tokenCode !== undefined,
        'versioning.mfaDelete.tokenCode',
        mfa.tokenCode,
        'is required: pass the current MFA code, usually through a Terraform variable',
      );
      v.rule('versioning.mfaDelete.tokenCode', mfa.tokenCode, (c: string) =>
        /^\d{6}$/.test(c) ? undefined : 'is not a six-digit MFA code',
      );
      controls.push('s3-mfa-delete');
    }
  }

  // Server access logs.
  const logs = props.accessLogs;
  let accessLogs: AccessLogSettings | undefined;
  if (logs === undefined) {
    v.fail('accessLogs', logs, 'is required: give { bucket, prefix } or { enabled: false, reason }');
  } else if (isOptOut(logs)) {
    optOuts.keep('accessLogs', logs, ['s3-access-logging']);
  } else {
    accessLogs = logs;
    controls.push('s3-access-logging');
    if (typeof logs.bucket === 'string') v.rule('accessLogs.bucket', logs.bucket, bucketNameRule);
    else if (logs.bucket === undefined)
      v.fail('accessLogs.bucket', logs.bucket, 'is required (an AccessLogBucket or a bucket name)');
    v.rule('accessLogs.prefix', logs.prefix, logPrefixRule);
    if (typeof logs.bucket === 'string' && !isToken(logs.bucket) && logs.bucket === props.bucketName) {
      v.fail(
        'accessLogs.bucket',
        logs.bucket,
        'is this bucket itself: logging a bucket into itself writes a log for every log write',
      );
    }
  }

  // Encryption in transit.
  let enforceTls = true;
  if (isOptOut(props.enforceTls)) {
    optOuts.keep('enforceTls', props.enforceTls, ['s3-tls-only', 's3-minimum-tls']);
    enforceTls = false;
  } else {
    controls.push('s3-tls-only');
  }
  let minimumTlsVersion: TlsVersion | undefined;
  if (isOptOut(props.minimumTlsVersion)) {
    optOuts.keep('minimumTlsVersion', props.minimumTlsVersion, ['s3-minimum-tls']);
  } else if (!enforceTls) {
    v.check(
      props.minimumTlsVersion === undefined,
      'minimumTlsVersion',
      props.minimumTlsVersion,
      'needs enforceTls: plain HTTP requests carry no TLS version, so a minimum alone denies nothing',
    );
  } else {
    minimumTlsVersion = props.minimumTlsVersion ?? 1.2;
    v.check(
      TLS_VERSIONS.includes(minimumTlsVersion),
      'minimumTlsVersion',
      minimumTlsVersion,
      `must be one of ${TLS_VERSIONS.join(', ')}`,
    );
    controls.push('s3-minimum-tls');
  }

  // Lifecycle.
  let lifecycle: BucketSettings['lifecycle'];
  if (isOptOut(props.lifecycle)) {
    optOuts.keep('lifecycle', props.lifecycle, ['s3-lifecycle']);
  } else {
    const lc = props.lifecycle ?? {};
    lifecycle = { ...lc, abortIncompleteMultipartUploadDays: lc.abortIncompleteMultipartUploadDays ?? 7 };
    checkLifecycle(v, lifecycle, versioning !== undefined);
    controls.push('s3-lifecycle');
    if (versioning?.mfaDelete) {
      v.fail(
        'lifecycle',
        props.lifecycle ?? '(default)',
        'cannot be used with versioning.mfaDelete: S3 rejects a lifecycle configuration on a bucket with MFA delete; set lifecycle: { enabled: false, reason }',
      );
    }
  }

  // Object Lock.
  const lock = props.objectLock;
  if (lock) {
    v.check(
      lock.mode === 'GOVERNANCE' || lock.mode === 'COMPLIANCE',
      'objectLock.mode',
      lock.mode,
      'must be GOVERNANCE or COMPLIANCE',
    );
    v.check(
      (lock.days === undefined) !== (lock.years === undefined),
      'objectLock',
      lock,
      'needs exactly one of days and years',
    );
    v.rule('objectLock.days', lock.days, integerBetween(1, 36500));
    v.rule('objectLock.years', lock.years, integerBetween(1, 100));
    v.check(
      versioning !== undefined,
      'objectLock',
      lock,
      'needs versioning: S3 Object Lock works on object versions; remove the versioning opt-out',
    );
    controls.push('s3-object-lock');
  }

  // Events and destroy protection.
  const eventBridge = optOuts.keep('eventBridge', props.eventBridge, ['s3-event-notifications']);
  if (eventBridge) controls.push('s3-event-notifications');
  const preventDestroy = optOuts.keep('preventDestroy', props.preventDestroy);

  // Policy guardrails; the controls they protect are judged on the final policy.
  const blockPublicStatements = optOuts.keep('blockPublicStatements', props.blockPublicStatements, [
    's3-no-public-read-write',
    's3-no-wildcard-principal',
  ]);
  const blockCrossAccountSensitiveActions = optOuts.keep(
    'blockCrossAccountSensitiveActions',
    props.blockCrossAccountSensitiveActions,
    ['s3-no-cross-account-sensitive-actions'],
  );

  return {
    encryption,
    blockSseC,
    publicAccessBlock,
    objectOwnership,
    versioning,
    accessLogs,
    enforceTls,
    minimumTlsVersion,
    lifecycle,
    objectLock: lock,
    eventBridge,
    preventDestroy,
    blockPublicStatements,
    blockCrossAccountSensitiveActions,
    controls,
    optOuts: optOuts.records,
  };
}

function checkLifecycle(v: PropsValidator, lc: LifecycleSettings, versioned: boolean): void {
  v.rule(
    'lifecycle.abortIncompleteMultipartUploadDays',
    lc.abortIncompleteMultipartUploadDays,
    integerBetween(1, 3650),
  );
  v.rule('lifecycle.expirationDays', lc.expirationDays, integerBetween(1, 36500));
  const nve = lc.noncurrentVersionExpiration;
  if (nve) {
    v.rule('lifecycle.noncurrentVersionExpiration.days', nve.days, integerBetween(1, 36500));
    v.rule(
      'lifecycle.noncurrentVersionExpiration.newerNoncurrentVersions',
      nve.newerNoncurrentVersions,
      integerBetween(1, 100),
    );
  }
  if (!versioned) {
    v.check(
      nve === undefined,
      'lifecycle.noncurrentVersionExpiration',
      nve,
      'needs versioning: an unversioned bucket has no noncurrent versions',
    );
    v.check(
      !lc.noncurrentVersionTransitions?.length,
      'lifecycle.noncurrentVersionTransitions',
      lc.noncurrentVersionTransitions,
      'needs versioning: an unversioned bucket has no noncurrent versions',
    );
  }
  const checkTransitions = (prop: string, list: readonly Transition[] | undefined, limitDays?: number) => {
    (list ?? []).forEach((t, i) => {
      const at = `${prop}[${i}]`;
      v.check(
        (TRANSITION_STORAGE_CLASSES as readonly string[]).includes(t.storageClass),
        `${at}.storageClass`,
        t.storageClass,
        `must be one of ${TRANSITION_STORAGE_CLASSES.join(', ')}`,
      );
      v.rule(`${at}.days`, t.days, integerBetween(0, 36500));
      const min = MIN_TRANSITION_DAYS[t.storageClass];
      if (min !== undefined && typeof t.days === 'number') {
        v.check(
          t.days >= min,
          `${at}.days`,
          t.days,
          `must be at least ${min} for ${t.storageClass} (an S3 rule)`,
        );
      }
      if (limitDays !== undefined && typeof t.days === 'number') {
        v.check(
          t.days < limitDays,
          `${at}.days`,
          t.days,
          `must be less than the expiration (${limitDays} days), or the transition never happens`,
        );
      }
    });
  };
  checkTransitions('lifecycle.transitions', lc.transitions, lc.expirationDays);
  checkTransitions('lifecycle.noncurrentVersionTransitions', lc.noncurrentVersionTransitions, nve?.days);
}
