import { CONTROLS, ControlDefinition, ControlProfile } from '../catalog';
import { BucketPosture, Posture, isUnknown } from '../posture';
import { Finding, Judgment, Subject, bucketSubject, notApplicable } from '../results';
import { ACCOUNT_JUDGES } from './account';
import { BUCKET_JUDGES } from './bucket';

export * from './account';
export * from './bucket';

export interface EvaluateOptions {
  /** `baseline` (default) leaves out the opt-in controls; `all` judges every control. */
  readonly profile?: ControlProfile | 'all';
  /** Judge only these controls. */
  readonly only?: readonly string[];
  /** The account that owns the buckets, when the input does not say. */
  readonly accountId?: string;
  /** The input configures the whole account: missing account-level resources fail instead of being unknown. */
  readonly wholeAccount?: boolean;
}

/** The controls a review with these options judges, in catalog order. */
export function selectedControls(options: EvaluateOptions = {}): ControlDefinition[] {
  const profile = options.profile ?? 'baseline';
  return CONTROLS.filter(
    (c) =>
      (profile === 'all' || c.profile === profile || c.profile === 'baseline') &&
      (options.only === undefined || options.only.includes(c.id)),
  );
}

function finding(
  control: ControlDefinition,
  subject: Subject,
  judgment: Judgment,
  bucket: BucketPosture | undefined,
): Finding {
  const location = judgment.location ?? subject.location;
  if (
    (judgment.status === 'fail' || judgment.status === 'unknown') &&
    bucket &&
    bucket.acceptedRisks.length > 0
  ) {
    const risks = bucket.acceptedRisks.filter((r) => r.controls.includes(control.id));
    if (risks.length > 0) {
      return {
        control: control.id,
        severity: control.severity,
        subject,
        message: `${judgment.message} (opt-out of ${risks.map((r) => r.setting).join(', ')})`,
        location,
        status: 'accepted',
        reason: [...new Set(risks.map((r) => r.reason))].join('; '),
      };
    }
  }
  return {
    control: control.id,
    severity: control.severity,
    subject,
    message: judgment.message,
    location,
    status: judgment.status,
  };
}

const ACCOUNT_SUBJECT: Subject = { kind: 'account', id: 'account' };

/** The row of a control that found nothing to judge in the input. */
function nothingToJudge(control: ControlDefinition): Finding {
  return finding(
    control,
    ACCOUNT_SUBJECT,
    notApplicable(
      control.scope === 'bucket'
        ? 'no aws_s3_bucket in this input, so no bucket to judge'
        : 'nothing in this input is of the kind this control judges',
    ),
    undefined,
  );
}

/**
 * Judges every selected control on the posture. Bucket controls give one
 * finding per bucket, account controls one per relevant resource (or one for
 * the account). A recorded opt-out turns a fail or unknown into accepted.
 * Every selected control gets at least one finding: one that finds nothing to
 * judge says so as not-applicable.
 */
export function evaluate(posture: Posture, options: EvaluateOptions = {}): Finding[] {
  const owner =
    options.accountId ?? (isUnknown(posture.account.accountId) ? undefined : posture.account.accountId);
  const findings: Finding[] = [];
  // One subject per bucket, shared by the findings of every bucket control.
  let subjects: Subject[] | undefined;
  const context = { ownerAccount: owner, buckets: posture.buckets };
  for (const control of selectedControls(options)) {
    const before = findings.length;
    const bucketJudge = BUCKET_JUDGES[control.id];
    if (control.scope === 'bucket' && bucketJudge) {
      subjects ??= posture.buckets.map(bucketSubject);
      posture.buckets.forEach((b, i) => {
        findings.push(finding(control, subjects![i], bucketJudge(b, context), b));
      });
    } else {
      const accountJudge = ACCOUNT_JUDGES[control.id];
      if (!accountJudge) throw new Error(`control ${control.id} has no judge`);
      const results = accountJudge(posture.account, {
        ownerAccount: owner,
        wholeAccount: options.wholeAccount ?? false,
        buckets: posture.buckets,
      });
      for (const r of results) findings.push(finding(control, r.subject, r.judgment, r.bucket));
    }
    if (findings.length === before) findings.push(nothingToJudge(control));
  }
  return findings;
}
