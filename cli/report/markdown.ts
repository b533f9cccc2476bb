/**
 * The pull-request comment: summary counts, failures first, the rest folded,
 * and how to fix. GitHub rejects a comment over 65,536 characters, so the
 * report stays within {@link MARKDOWN_BUDGET}: passes are counted per control,
 * and rows that do not fit are left out with a note pointing to the complete
 * JSON or SARIF report.
 */
import type { Finding } from '../../controls/results';
import { ReviewResult, findingKey, summarize } from '../review';
import { controlsOf, fixedByText, locationText, publicIds, subjectText } from './common';

/** Most characters (UTF-16 code units, which GitHub's limit never undercounts) a Markdown report holds. */
export const MARKDOWN_BUDGET = 60_000;

/** A detail longer than this is cut in a table cell (the JSON report has it whole). */
const MAX_DETAIL = 400;

/** Room kept for the closing truncation note. */
const NOTE_ROOM = 600;

/** Escapes text for a Markdown table cell. */
export function cell(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, ' ');
}

const clip = (text: string) => (text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL - 1)}…` : text);

function where(f: Finding): string {
  const text = locationText(f);
  return text ? `\`${cell(text)}\`` : '';
}

/** Lines appended while they fit; counts what had to be left out. */
class Writer {
  public readonly lines: string[] = [];
  public size = 0;
  public omitted = 0;

  constructor(private readonly budget: number) {}

  public fits(lines: readonly string[]): boolean {
    return this.size + lines.reduce((n, l) => n + l.length + 1, 0) <= this.budget;
  }

  /** Adds the lines if they fit; false (nothing added) otherwise. */
  public add(...lines: string[]): boolean {
    if (!this.fits(lines)) return false;
    for (const l of lines) {
      this.lines.push(l);
      this.size += l.length + 1;
    }
    return true;
  }

  /** Adds the lines even past the budget (the closing note, kept room for). */
  public force(...lines: string[]): void {
    this.lines.push(...lines);
    this.size += lines.reduce((n, l) => n + l.length + 1, 0);
  }
}

const HEADER = ['| Severity | Control | Resource | Detail | Where |', '|---|---|---|---|---|'];

/**
 * Writes a table of findings, as many rows as fit; a row at the end counts
 * the rest. Returns false when not even the header fit.
 */
function table(
  w: Writer,
  findings: readonly Finding[],
  detail: (f: Finding) => string,
  mark?: (f: Finding) => string,
): boolean {
  if (!w.add(...HEADER)) {
    w.omitted += findings.length;
    return false;
  }
  let shown = 0;
  for (const f of findings) {
    const row = `| ${mark ? mark(f) : ''}${f.severity} | \`${f.control}\` | ${cell(subjectText(f))} | ${cell(clip(detail(f)))} | ${where(f)} |`;
    if (!w.fits([row, '| | | 000000 more rows | | |'])) break;
    w.add(row);
    shown++;
  }
  if (shown < findings.length) {
    w.force(`| | | ${findings.length - shown} more | | |`);
    w.omitted += findings.length - shown;
  }
  return true;
}

/** A folded section whose body is written by `body`; skipped (and counted) when its frame does not fit. */
function folded(w: Writer, title: string, count: number, body: () => void): void {
  if (!w.add('<details>', `<summary>${title}</summary>`, '')) {
    w.omitted += count;
    return;
  }
  body();
  w.force('', '</details>', '');
}

function summary(result: ReviewResult): string[] {
  const out: string[] = ['## S3 security review', ''];
  const counts = summarize(result.findings);
  const c = result.comparison;
  if (c) {
    out.push(
      `**${c.introduced.length} new failure${c.introduced.length === 1 ? '' : 's'}** · ${c.fixed.length} fixed · ${c.unchanged.length} still failing · ${c.newlyAccepted.length} newly accepted risk${c.newlyAccepted.length === 1 ? '' : 's'}`,
      '',
    );
  }
  out.push(
    `| ❌ Fail | ❔ Unknown | ☑️ Accepted risk | ✅ Pass | ➖ Not applicable |`,
    '|---:|---:|---:|---:|---:|',
    `| ${counts.fail} | ${counts.unknown} | ${counts.accepted} | ${counts.pass} | ${counts['not-applicable']} |`,
    '',
    `Reviewed ${result.inputs.map((i) => `\`${cell(i)}\``).join(', ')}${result.base ? ` against ${result.base.map((b) => `\`${cell(b)}\``).join(', ')}` : ''} with the ${result.profile} profile (${result.controls.length} controls).`,
    '',
  );
  return out;
}

function howToFix(w: Writer, failures: readonly Finding[]): void {
  const controls = controlsOf(failures);
  folded(w, 'How to fix', controls.length, () => {
    for (const control of controls) {
      const ids = publicIds(control);
      const by = fixedByText(control);
      const entry = [
        `#### \`${control.id}\`: ${cell(control.title)}`,
        '',
        ...(ids ? [ids, ''] : []),
        control.rationale,
        '',
        `**Fix:** ${control.fix}`,
        ...(by ? ['', `With this project: \`${by}\`.`] : []),
        '',
      ];
      if (!w.add(...entry)) w.omitted++;
    }
  });
}

/** Passes and not-applicable rows, one line per control: the count and one example. */
function perControl(w: Writer, findings: readonly Finding[]): void {
  const byControl = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byControl.get(f.control);
    if (list) list.push(f);
    else byControl.set(f.control, [f]);
  }
  if (!w.add('| Control | Rows | For example |', '|---|---:|---|')) {
    w.omitted += findings.length;
    return;
  }
  for (const [control, list] of byControl) {
    const f = list[0];
    const row = `| \`${control}\` | ${list.length} | ${cell(subjectText(f))}: ${cell(clip(f.message))} |`;
    if (!w.add(row)) w.omitted += list.length;
  }
}

export interface MarkdownOptions {
  /** Statuses to list (all by default); the counts always cover every finding. */
  readonly only?: readonly Finding['status'][];
  /** Character budget (default {@link MARKDOWN_BUDGET}). */
  readonly budget?: number;
}

/** Most of the budget the per-control summaries (passes, not applicable, notes) and "How to fix" may take. */
const TAIL_SHARE = 0.2;
const FIXES_SHARE = 0.25;

/**
 * Renders the review as GitHub-flavoured Markdown, within the character
 * budget. The short parts are measured first (summary, passes and not
 * applicable per control, notes, how to fix); the row tables share what is
 * left, failures first.
 */
export function renderMarkdown(result: ReviewResult, options: MarkdownOptions = {}): string {
  const budget = options.budget ?? MARKDOWN_BUDGET;
  const shown = (status: Finding['status']) => !options.only || options.only.includes(status);
  const of = (status: Finding['status']) =>
    shown(status) ? result.findings.filter((f) => f.status === status) : [];
  const c = result.comparison;
  const failures = of('fail');
  const introduced = new Set(c?.introduced.map(findingKey));

  const head = summary(result);
  let left = budget - NOTE_ROOM - head.reduce((n, l) => n + l.length + 1, 0);

  const tail = new Writer(Math.floor(budget * TAIL_SHARE));
  const passed = of('pass');
  if (passed.length > 0)
    folded(tail, `Passed (${passed.length})`, passed.length, () => perControl(tail, passed));
  const notApplicable = of('not-applicable');
  if (notApplicable.length > 0) {
    folded(tail, `Not applicable (${notApplicable.length})`, notApplicable.length, () =>
      perControl(tail, notApplicable),
    );
  }
  for (const n of result.notes) if (!tail.add(`> ${cell(clip(n))}`)) tail.omitted++;
  left -= tail.size;

  const fixes = new Writer(Math.min(Math.floor(budget * FIXES_SHARE), left));
  if (failures.length > 0) howToFix(fixes, failures);
  left -= fixes.size;

  const main = new Writer(left);
  if (failures.length > 0) {
    main.add(`### Failures (${failures.length})`, '');
    // New failures first, then the others, each in severity order (as the findings come).
    const ordered = c
      ? [
          ...failures.filter((f) => introduced.has(findingKey(f))),
          ...failures.filter((f) => !introduced.has(findingKey(f))),
        ]
      : failures;
    table(
      main,
      ordered,
      (f) => f.message,
      c ? (f) => (introduced.has(findingKey(f)) ? '🆕 ' : '') : undefined,
    );
    main.add('');
  } else if (shown('fail')) {
    main.add('No failures.', '');
  }
  const rest = new Writer(left - main.size);
  if (c && c.fixed.length > 0 && shown('fail')) {
    folded(rest, `Fixed by this change (${c.fixed.length})`, c.fixed.length, () =>
      table(rest, c.fixed, (f) => f.message),
    );
  }
  const accepted = of('accepted');
  if (accepted.length > 0) {
    folded(rest, `Accepted risks (${accepted.length})`, accepted.length, () =>
      table(rest, accepted, (f) => `${f.reason ?? ''} (${f.message})`),
    );
  }
  const unknown = of('unknown');
  if (unknown.length > 0) {
    folded(rest, `Unknown until apply or outside this input (${unknown.length})`, unknown.length, () =>
      table(rest, unknown, (f) => f.message),
    );
  }

  const omitted = [tail, fixes, main, rest].reduce((n, w) => n + w.omitted, 0);
  const note =
    omitted > 0
      ? [
          '',
          `> ✂️ ${omitted} row${omitted === 1 ? '' : 's'} left out to keep this comment under ${budget.toLocaleString('en-US')} characters. The complete report is in the JSON or SARIF artifact (\`s3-security review --format json\` or \`--format sarif\`).`,
        ]
      : [];
  return `${[...head, ...main.lines, ...fixes.lines, ...rest.lines, ...tail.lines, ...note].join('\n').trimEnd()}\n`;
}
