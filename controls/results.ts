import type { Severity } from './catalog';
import { BucketPosture, SourceLocation, Unknown, isUnknown } from './posture';

/**
 * pass: the input meets the control. fail: it does not. unknown: it cannot be
 * decided from the input (a value known only at apply, a resource outside the
 * input), with why. accepted: it is not met, and a module of this project
 * recorded the opt-out with its reason. not-applicable: the input has nothing
 * the control judges (no bucket, no access point), said so.
 */
export type Status = 'pass' | 'fail' | 'unknown' | 'accepted' | 'not-applicable';

/** Statuses in report order: what needs attention first. */
export const STATUSES: readonly Status[] = ['fail', 'unknown', 'accepted', 'pass', 'not-applicable'];

/** What a judge decides about one subject. */
export interface Judgment {
  readonly status: 'pass' | 'fail' | 'unknown' | 'not-applicable';
  readonly message: string;
  /** The most specific place: the sub-resource or statement's resource. */
  readonly location?: SourceLocation;
}

/** What a finding is about. */
export interface Subject {
  readonly kind: 'bucket' | 'account' | 'access-point' | 'trail';
  /** Terraform address (or ARN); `account` for account-wide results without a resource. */
  readonly id: string;
  /** Bucket or resource name when known. */
  readonly name?: string;
  /** The module of this project that made it. */
  readonly module?: string;
  readonly location?: SourceLocation;
}

export interface Finding {
  readonly control: string;
  readonly severity: Severity;
  readonly status: Status;
  readonly subject: Subject;
  readonly message: string;
  /** The recorded reason of an accepted risk. */
  readonly reason?: string;
  readonly location?: SourceLocation;
}

export const pass = (message: string, location?: SourceLocation): Judgment => ({
  status: 'pass',
  message,
  location,
});

export const fail = (message: string, location?: SourceLocation): Judgment => ({
  status: 'fail',
  message,
  location,
});

export const undecided = (why: Unknown | string, location?: SourceLocation): Judgment => ({
  status: 'unknown',
  message: typeof why === 'string' ? why : why.unknown,
  location,
});

/** A bucket as the subject of a finding. */
export function bucketSubject(b: BucketPosture): Subject {
  return {
    kind: 'bucket',
    id: b.address,
    name: isUnknown(b.name) ? undefined : b.name,
    module: b.module,
    location: b.location,
  };
}

export const notApplicable = (message: string, location?: SourceLocation): Judgment => ({
  status: 'not-applicable',
  message,
  location,
});
