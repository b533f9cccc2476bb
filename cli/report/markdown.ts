/** The pull-request comment: summary counts, failures first, the rest folded, and how to fix. */
import type { Finding } from '../../controls/results';
import { ReviewResult, findingKey, summarize } from '../review';
import { controlsOf, fixedByText, publicIds, subjectText } from './common';

/** GitHub rejects comments over 65,536 characters; folded lists stop well before. */
const MAX_FOLDED_ROWS = 200;

/** Escapes text for a Markdown table cell. */
export function cell(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, ' ');
}

function location(f: Finding): string {
  const l = f.location;
  return l?.file ? `\`${cell(l.file)}${l.line ? `:${l.line}` : ''}\`` : '';
}

function table(
  findings: readonly Finding[],
  detail: (f: Finding) => string,
  mark?: (f: Finding) => string,
): string[] {
  const rows = findings
    .slice(0, MAX_FOLDED_ROWS)
    .map(
      (f) =>
        `| ${mark ? mark(f) : ''}${f.severity} | \`${f.control}\` | ${cell(subjectText(f))} | ${cell(detail(f))} | ${location(f)} |`,
    );
  if (findings.length > MAX_FOLDED_ROWS) rows.push(`| | | ${findings.length - MAX_FOLDED_ROWS} more | | |`);
  return ['| Severity | Control | Resource | Detail | Where |', '|---|---|---|---|---|', ...rows];
}

function folded(title: string, body: string[]): string[] {
  return ['<details>', `<summary>${title}</summary>`, '', ...body, '', '</details>', ''];
}

/** Renders the review as GitHub-flavoured Markdown. */
export function renderMarkdown(result: ReviewResult): string {
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
    `| ❌ Fail | ❔ Unknown | ☑️ Accepted risk | ✅ Pass |`,
    '|---:|---:|---:|---:|',
    `| ${counts.fail} | ${counts.unknown} | ${counts.accepted} | ${counts.pass} |`,
    '',
    `Reviewed ${result.inputs.map((i) => `\`${cell(i)}\``).join(', ')}${result.base ? ` against ${result.base.map((b) => `\`${cell(b)}\``).join(', ')}` : ''} with the ${result.profile} profile (${result.controls.length} controls).`,
    '',
  );
  const failures = result.findings.filter((f) => f.status === 'fail');
  const introduced = new Set(c?.introduced.map(findingKey));
  if (failures.length > 0) {
    out.push(`### Failures (${failures.length})`, '');
    out.push(
      ...table(
        failures,
        (f) => f.message,
        c ? (f) => (introduced.has(findingKey(f)) ? '🆕 ' : '') : undefined,
      ),
      '',
    );
    const fixes: string[] = [];
    for (const control of controlsOf(failures)) {
      const ids = publicIds(control);
      fixes.push(`#### \`${control.id}\`: ${cell(control.title)}`, '');
      if (ids) fixes.push(`${ids}`, '');
      fixes.push(`${control.rationale}`, '', `**Fix:** ${control.fix}`);
      const by = fixedByText(control);
      if (by) fixes.push('', `With this project: \`${by}\`.`);
      fixes.push('');
    }
    out.push(...folded('How to fix', fixes));
  } else {
    out.push('No failures.', '');
  }
  if (c && c.fixed.length > 0) {
    out.push(
      ...folded(
        `Fixed by this change (${c.fixed.length})`,
        table(c.fixed, (f) => f.message),
      ),
    );
  }
  const accepted = result.findings.filter((f) => f.status === 'accepted');
  if (accepted.length > 0) {
    out.push(
      ...folded(
        `Accepted risks (${accepted.length})`,
        table(accepted, (f) => `${f.reason ?? ''} (${f.message})`),
      ),
    );
  }
  const unknown = result.findings.filter((f) => f.status === 'unknown');
  if (unknown.length > 0)
    out.push(
      ...folded(
        `Unknown until apply or outside this input (${unknown.length})`,
        table(unknown, (f) => f.message),
      ),
    );
  const passed = result.findings.filter((f) => f.status === 'pass');
  if (passed.length > 0)
    out.push(
      ...folded(
        `Passed (${passed.length})`,
        table(passed, (f) => f.message),
      ),
    );
  if (result.notes.length > 0) out.push(...result.notes.map((n) => `> ${cell(n)}`), '');
  return `${out.join('\n').trimEnd()}\n`;
}
