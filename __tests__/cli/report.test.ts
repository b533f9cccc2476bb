/**
 * The pull-request and terminal reports at scale: the Markdown comment stays
 * under GitHub's limit for 1,000 buckets, the table lists only the statuses
 * asked for and says where each finding is.
 */
import { CONTROLS, ControlDefinition } from '../../controls/catalog';
import { Finding, Status } from '../../controls/results';
import { MARKDOWN_BUDGET, renderMarkdown } from '../../cli/report/markdown';
import { renderTable } from '../../cli/report/table';
import { ReviewResult, compare } from '../../cli/review';
import { writeScenario } from './fixtures/builder';
import { SCENARIOS } from './fixtures/scenarios';
import { runCli } from './helpers';

/** GitHub rejects an issue or pull-request comment longer than this. */
const GITHUB_COMMENT_LIMIT = 65_536;

/** A review of `buckets` buckets: every bucket control judged on each, some failing, some unknown. */
function largeResult(buckets: number, withBase = false): ReviewResult {
  const controls = CONTROLS.filter((c) => c.profile === 'baseline') as ControlDefinition[];
  const findings: Finding[] = [];
  for (let i = 0; i < buckets; i++) {
    const id = `module.data[${i}].aws_s3_bucket.this`;
    for (const [k, c] of controls.filter((x) => x.scope === 'bucket').entries()) {
      const status: Status = (i + k) % 9 === 0 ? 'fail' : (i + k) % 13 === 0 ? 'unknown' : 'pass';
      findings.push({
        control: c.id,
        severity: c.severity,
        status,
        subject: { kind: 'bucket', id, name: `bucket-${i}-111122223333` },
        message: `${status} detail for ${c.id} on bucket ${i}: ${'x'.repeat(80)}`,
        location: { address: id, file: 'cdktf.out/stacks/data/cdk.tf.json', line: 100 + i * 40 + k },
      });
    }
  }
  findings.push({
    control: 's3-access-point-public-access-block',
    severity: 'critical',
    status: 'not-applicable',
    subject: { kind: 'account', id: 'account' },
    message: 'no aws_s3_access_point in this input',
  });
  const order: Status[] = ['fail', 'unknown', 'accepted', 'pass', 'not-applicable'];
  findings.sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status));
  return {
    inputs: ['cdktf.out'],
    profile: 'baseline',
    controls,
    findings,
    comparison: withBase
      ? compare(
          findings.filter((_, i) => i % 2 === 0),
          findings,
        )
      : undefined,
    notes: ['module blocks are not followed'],
  };
}

describe('the Markdown report', () => {
  it.each([false, true])(
    'stays within its budget for 1,000 buckets (with a base: %s): summary, failures first, folded passes, a truncation note',
    (withBase) => {
      const result = largeResult(1000, withBase);
      const fails = result.findings.filter((f) => f.status === 'fail').length;
      expect(fails).toBeGreaterThan(1000);
      const md = renderMarkdown(result);
      expect(md.length).toBeLessThanOrEqual(MARKDOWN_BUDGET);
      expect(MARKDOWN_BUDGET).toBeLessThan(GITHUB_COMMENT_LIMIT);
      expect(md).toMatch(/^## S3 security review\n/);
      expect(md).toContain(`| ${fails} | `);
      expect(md.indexOf(`### Failures (${fails})`)).toBeGreaterThan(0);
      expect(md.indexOf('### Failures')).toBeLessThan(md.indexOf('<summary>Passed'));
      // Passes are folded and counted per control, not listed per bucket.
      const passed = md.slice(md.indexOf('<summary>Passed'));
      expect(passed).toMatch(/\| `s3-versioning` \| \d{3} \| /);
      expect(md).toMatch(/more \| \| \|/);
      expect(md).toMatch(
        /> ✂️ \d+ rows left out to keep this comment under 60,000 characters\. The complete report is in the JSON or SARIF artifact/,
      );
      if (withBase) expect(md).toMatch(/^\| 🆕 /m);
    },
  );

  it('leaves nothing out, and says nothing about it, when the report fits', () => {
    const md = renderMarkdown(largeResult(3));
    expect(md).not.toContain('left out');
    expect(md).not.toMatch(/ more \|/);
    expect(md).toContain('<summary>Not applicable (1)</summary>');
  });

  it('keeps to a smaller budget too, and lists only the statuses asked for', () => {
    const md = renderMarkdown(largeResult(50), { budget: 8_000, only: ['fail'] });
    expect(md.length).toBeLessThanOrEqual(8_000);
    expect(md).not.toContain('<summary>Passed');
    expect(md).not.toContain('Unknown until apply');
    expect(md).toContain('left out to keep this comment under 8,000 characters');
  });
});

describe('the table', () => {
  it('shows file:line for each finding and, with only, just those statuses', () => {
    const table = renderTable(largeResult(2), { color: false, only: ['fail', 'unknown'] });
    const rows = table.split('\n').filter((l) => /^(FAIL|UNKNOWN|PASS|NOT-APPLICABLE) /.test(l));
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows)
      expect(r).toMatch(/^(FAIL|UNKNOWN) .* cdktf\.out\/stacks\/data\/cdk\.tf\.json:\d+ /);
    expect(table).toMatch(/\d+ pass, 1 not applicable \(\d+ listed\)/);
  });

  it('--only fail,unknown from the command line, and a bad status is refused', async () => {
    const input = writeScenario(SCENARIOS['s3-versioning'].fail, 'json');
    const run = await runCli(['review', input, '--only', 'fail,unknown']);
    expect(run.stdout).toMatch(
      /^FAIL\s+low\s+s3-versioning\s+\S+ \(\S+\)\s+\S*main\.tf\.json:\d+\s+versioning status is Suspended/m,
    );
    expect(run.stdout).not.toMatch(/^PASS /m);
    const bad = await runCli(['review', input, '--only', 'failures']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--only failures is not one of fail, unknown, accepted, pass, not-applicable/);
  });
});
