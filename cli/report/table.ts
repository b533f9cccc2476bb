/** The terminal report: a table of findings, failures first, then how to fix each failing control. */
import type { Finding, Status } from '../../controls/results';
import { ReviewResult, findingKey, summarize } from '../review';
import { controlsOf, fixedByText, locationText, publicIds, subjectText } from './common';

const COLORS: Record<Status | 'dim' | 'bold', [number, number]> = {
  fail: [31, 39],
  unknown: [33, 39],
  accepted: [36, 39],
  pass: [32, 39],
  'not-applicable': [2, 22],
  dim: [2, 22],
  bold: [1, 22],
};

export interface TableOptions {
  /** ANSI colours (only on a terminal). */
  readonly color: boolean;
  /** Statuses to list (all by default); the counts always cover every finding. */
  readonly only?: readonly Status[];
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** Renders the review for a terminal. */
export function renderTable(result: ReviewResult, options: TableOptions): string {
  const paint = (style: keyof typeof COLORS, text: string) =>
    options.color ? `\u001b[${COLORS[style][0]}m${text}\u001b[${COLORS[style][1]}m` : text;
  const lines: string[] = [];
  lines.push(
    paint('bold', `s3-security review of ${result.inputs.join(', ')}`) +
      (result.base ? ` against ${result.base.join(', ')}` : '') +
      ` (profile ${result.profile}, ${result.controls.length} controls)`,
  );
  lines.push('');
  const introduced = new Set(result.comparison?.introduced.map(findingKey));
  const listed = options.only
    ? result.findings.filter((f) => options.only?.includes(f.status))
    : result.findings;
  const rows = listed.map((f) => {
    const change =
      result.comparison && f.status === 'fail' ? (introduced.has(findingKey(f)) ? 'new' : 'unchanged') : '';
    const detail = f.status === 'accepted' ? `accepted: ${f.reason ?? ''}` : f.message;
    return {
      f,
      cells: [
        f.status.toUpperCase(),
        f.severity,
        f.control,
        subjectText(f),
        locationText(f),
        ...(result.comparison ? [change] : []),
        detail,
      ],
    };
  });
  const header = [
    'STATUS',
    'SEVERITY',
    'CONTROL',
    'RESOURCE',
    'WHERE',
    ...(result.comparison ? ['CHANGE'] : []),
    'DETAIL',
  ];
  const widths = header.map((h, i) =>
    i === header.length - 1 ? 0 : Math.min(80, Math.max(h.length, ...rows.map((r) => r.cells[i].length))),
  );
  const line = (cells: string[], status?: Status) =>
    cells
      .map((c, i) => {
        const text = i === cells.length - 1 ? c : pad(c, widths[i]);
        return i === 0 && status ? paint(status, text) : text;
      })
      .join('  ');
  lines.push(paint('dim', line(header)));
  for (const { f, cells } of rows) lines.push(line(cells, f.status));
  if (result.findings.length === 0) lines.push('(nothing to review: no control was selected)');
  else if (rows.length === 0) lines.push(`(no ${options.only?.join(' or ')} finding)`);
  lines.push('');
  const counts = summarize(result.findings);
  lines.push(
    `${paint('fail', `${counts.fail} fail`)}, ${paint('unknown', `${counts.unknown} unknown`)}, ` +
      `${paint('accepted', `${counts.accepted} accepted`)}, ${paint('pass', `${counts.pass} pass`)}, ` +
      `${paint('not-applicable', `${counts['not-applicable']} not applicable`)}` +
      (listed.length < result.findings.length ? ` (${listed.length} listed)` : ''),
  );
  if (result.comparison) {
    const c = result.comparison;
    lines.push(
      `against the base: ${c.introduced.length} new failure(s), ${c.fixed.length} fixed, ${c.unchanged.length} unchanged, ${c.newlyAccepted.length} newly accepted risk(s)`,
    );
    for (const f of c.fixed) lines.push(`  fixed: ${f.control} on ${subjectText(f)}`);
  }
  const failing = controlsOf(result.findings.filter((f: Finding) => f.status === 'fail'));
  if (failing.length > 0) {
    lines.push('', paint('bold', 'How to fix'));
    for (const c of failing) {
      const ids = publicIds(c);
      lines.push(`  ${paint('fail', c.id)} ${c.title}${ids ? ` [${ids}]` : ''}`);
      lines.push(`    ${c.fix}`);
      const by = fixedByText(c);
      if (by) lines.push(`    With this project: ${by}.`);
    }
  }
  for (const note of result.notes) lines.push(paint('dim', `note: ${note}`));
  return `${lines.join('\n')}\n`;
}
