/**
 * The review: read inputs, build the posture, judge the controls, and (with
 * a base) compare findings before and after a change.
 */
import { ControlDefinition, SEVERITIES, Severity } from '../controls/catalog';
import { EvaluateOptions, evaluate, selectedControls } from '../controls/judges';
import { Finding, STATUSES, Status } from '../controls/results';
import { LoadOptions, loadInput } from './readers/inputs';
import { buildPosture } from './readers/posture';
import { RawInput } from './readers/raw';

export interface ReviewOptions extends EvaluateOptions, LoadOptions {
  readonly inputs: readonly string[];
  /** Inputs before the change: findings are then classified new, fixed or unchanged. */
  readonly base?: readonly string[];
}

export interface Comparison {
  /** Failures the change introduces. */
  readonly introduced: readonly Finding[];
  /** Failures of the base that the change resolves (or whose resource it removes). */
  readonly fixed: readonly Finding[];
  /** Failures present before and after. */
  readonly unchanged: readonly Finding[];
  /** Accepted risks the change introduces. */
  readonly newlyAccepted: readonly Finding[];
}

export interface ReviewResult {
  readonly inputs: readonly string[];
  readonly base?: readonly string[];
  readonly profile: 'baseline' | 'all';
  readonly controls: readonly ControlDefinition[];
  readonly findings: readonly Finding[];
  readonly comparison?: Comparison;
  readonly notes: readonly string[];
}

export const findingKey = (f: Finding) => `${f.control}\u0000${f.subject.id}`;

/** Compares the findings of a base and of a head input. */
export function compare(base: readonly Finding[], head: readonly Finding[]): Comparison {
  const before = new Map(base.map((f) => [findingKey(f), f]));
  const after = new Map(head.map((f) => [findingKey(f), f]));
  const failing = (f: Finding | undefined) => f?.status === 'fail';
  return {
    introduced: head.filter((f) => failing(f) && !failing(before.get(findingKey(f)))),
    unchanged: head.filter((f) => failing(f) && failing(before.get(findingKey(f)))),
    fixed: base.filter((f) => failing(f) && !failing(after.get(findingKey(f)))),
    newlyAccepted: head.filter(
      (f) => f.status === 'accepted' && before.get(findingKey(f))?.status !== 'accepted',
    ),
  };
}

async function judge(paths: readonly string[], options: ReviewOptions) {
  const raw: RawInput[] = [];
  for (const p of paths) raw.push(await loadInput(p, options));
  return { findings: evaluate(buildPosture(raw), options), notes: raw.flatMap((r) => r.notes) };
}

/** Orders the same way as `localeCompare`, without setting up a comparison on every call. */
const collator = new Intl.Collator();

function sortFindings(findings: readonly Finding[]): Finding[] {
  const sev = (s: Severity) => SEVERITIES.indexOf(s);
  const st = (s: Status) => STATUSES.indexOf(s);
  return [...findings].sort(
    (a, b) =>
      st(a.status) - st(b.status) ||
      sev(a.severity) - sev(b.severity) ||
      collator.compare(a.control, b.control) ||
      collator.compare(a.subject.id, b.subject.id),
  );
}

/** Runs a review. Unreadable input rejects with an InputError. */
export async function review(options: ReviewOptions): Promise<ReviewResult> {
  const head = await judge(options.inputs, options);
  const base = options.base?.length ? await judge(options.base, options) : undefined;
  const findings = sortFindings(head.findings);
  return {
    inputs: options.inputs,
    base: options.base?.length ? options.base : undefined,
    profile: options.profile === 'all' ? 'all' : 'baseline',
    controls: selectedControls(options),
    findings,
    comparison: base ? compare(sortFindings(base.findings), findings) : undefined,
    notes: [...new Set([...head.notes, ...(base?.notes ?? [])])],
  };
}

/** The failures that decide the exit code: new ones with a base, all otherwise. */
export function blockingFailures(result: ReviewResult, failOn: Severity | 'none'): Finding[] {
  if (failOn === 'none') return [];
  const limit = SEVERITIES.indexOf(failOn);
  const failures = result.comparison
    ? result.comparison.introduced
    : result.findings.filter((f) => f.status === 'fail');
  return failures.filter((f) => SEVERITIES.indexOf(f.severity) <= limit);
}

/** Counts by status. */
export function summarize(findings: readonly Finding[]): Record<Status, number> {
  const out: Record<Status, number> = {
    fail: 0,
    unknown: 0,
    accepted: 0,
    pass: 0,
    'not-applicable': 0,
  };
  for (const f of findings) out[f.status]++;
  return out;
}
