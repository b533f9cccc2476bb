import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeScenario } from './fixtures/builder';
import { SCENARIOS } from './fixtures/scenarios';
import { runCli } from './helpers';

const INSECURE = join(__dirname, 'fixtures', 'insecure');
const SECURE = () => writeScenario(SCENARIOS['s3-versioning'].pass, 'json');

describe('s3-security review on an insecure configuration', () => {
  it('lists each failing control with its Security Hub / CIS ids and the fix, and exits 1', async () => {
    const run = await runCli(['review', INSECURE]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^FAIL\s+critical\s+s3-no-public-read-write\s+aws_s3_bucket\.website/m);
    expect(run.stdout).toMatch(
      /^FAIL\s+high\s+s3-no-cross-account-sensitive-actions\s+aws_s3_bucket\.shared .*account 999988887777/m,
    );
    const fixes = run.stdout.slice(run.stdout.indexOf('How to fix'));
    expect(fixes).toContain(
      's3-bucket-public-access-block Bucket Block Public Access has all four settings on [Security Hub S3.8 · CIS 2.1.4 (3.1.4)',
    );
    expect(fixes).toContain(
      's3-tls-only Requests without TLS are denied [Security Hub S3.5 · CIS 2.1.1 (3.1.1)',
    );
    expect(fixes).toContain(
      'Add aws_s3_bucket_versioning with versioning_configuration { status = "Enabled" }.',
    );
    expect(fixes).toContain('With this project: SecureBucket.versioning.');
  });

  it('exits 0 when --fail-on is above every failure, and with --fail-on none', async () => {
    const low = await runCli([
      'review',
      writeScenario(SCENARIOS['s3-lifecycle'].fail, 'json'),
      '--fail-on',
      'medium',
    ]);
    expect(low.code).toBe(0);
    expect(low.stdout).toMatch(/^FAIL\s+low\s+s3-lifecycle/m);
    expect((await runCli(['review', INSECURE, '--fail-on', 'none'])).code).toBe(0);
    expect((await runCli(['review', INSECURE, '--fail-on', 'critical'])).code).toBe(1);
  });

  it('colours the table only on a terminal', async () => {
    expect((await runCli(['review', INSECURE], { tty: true })).stdout).toContain('\u001b[31m');
    expect((await runCli(['review', INSECURE], { tty: false })).stdout).not.toContain('\u001b[');
    expect((await runCli(['review', INSECURE, '--no-color'], { tty: true })).stdout).not.toContain('\u001b[');
  });
});

describe('--base: the pull-request view', () => {
  it('reports a regression as new, and exits 1 only for new failures', async () => {
    const before = SECURE();
    const after = writeScenario(SCENARIOS['s3-versioning'].fail, 'json');
    const run = await runCli(['review', after, '--base', before]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^FAIL\s+low\s+s3-versioning\s+aws_s3_bucket\.data \(fixture-data-111122223333\)\s+\S*main\.tf\.json:\d+\s+new\s+versioning status is Suspended/m,
    );
    expect(run.stdout).toContain('against the base: 1 new failure(s), 0 fixed, 0 unchanged');

    const unchanged = await runCli(['review', after, '--base', after]);
    expect(unchanged.code).toBe(0);
    expect(unchanged.stdout).toContain('against the base: 0 new failure(s), 0 fixed, 1 unchanged');
  });

  it('reports a fix as fixed', async () => {
    const before = writeScenario(SCENARIOS['s3-tls-only'].fail, 'hcl');
    const after = writeScenario(SCENARIOS['s3-tls-only'].pass, 'plan');
    const run = await runCli(['review', after, '--base', before, '--format', 'json']);
    const report = JSON.parse(run.stdout);
    expect(report.comparison.fixed).toEqual([
      expect.objectContaining({ control: 's3-tls-only', status: 'fail' }),
    ]);
    expect(report.comparison.introduced).toEqual([]);
  });

  it('shows new failures first in Markdown, marked, with collapsible details and how to fix', async () => {
    const run = await runCli([
      'review',
      writeScenario(SCENARIOS['s3-versioning'].fail, 'json'),
      '--base',
      SECURE(),
      '--format',
      'markdown',
    ]);
    const md = run.stdout;
    expect(md).toMatch(/^## S3 security review\n\n\*\*1 new failure\*\* · 0 fixed · 0 still failing/);
    expect(md).toContain('| ❌ Fail | ❔ Unknown | ☑️ Accepted risk | ✅ Pass | ➖ Not applicable |');
    expect(md.indexOf('### Failures (1)')).toBeLessThan(md.indexOf('<summary>Passed'));
    expect(md).toMatch(
      /\| 🆕 low \| `s3-versioning` \| aws_s3_bucket\.data \(fixture-data-111122223333\) \| versioning status is Suspended \| `[^`]*main\.tf\.json:\d+` \|/,
    );
    expect(md).toContain('<summary>How to fix</summary>');
    expect(md).toContain('**Fix:** Add aws_s3_bucket_versioning');
  });
});

describe('formats and output', () => {
  it('writes JSON with the summary and each finding', async () => {
    const run = await runCli(['review', INSECURE, '--format', 'json', '--fail-on', 'none']);
    const report = JSON.parse(run.stdout);
    expect(report.summary.fail).toBe(
      report.findings.filter((f: { status: string }) => f.status === 'fail').length,
    );
    expect(report.findings[0]).toEqual(
      expect.objectContaining({ control: expect.any(String), status: 'fail', severity: 'critical' }),
    );
  });

  it('writes the report to --output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 's3-out-'));
    const run = await runCli(
      ['review', INSECURE, '--format', 'markdown', '--output', 'review.md', '--fail-on', 'none'],
      { cwd: dir },
    );
    expect(run.stdout).toBe('');
    expect(readFileSync(join(dir, 'review.md'), 'utf8')).toMatch(/^## S3 security review/);
  });

  it('reads plan JSON from standard input with -', async () => {
    const plan = readFileSync(join(__dirname, 'fixtures', 'plan-modules.json'), 'utf8');
    const run = await runCli(['review', '-', '--control', 's3-versioning'], { stdin: plan });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('module.replicas[1].aws_s3_bucket.this');
  });

  it('judges the opt-in controls only with --profile all', async () => {
    const input = SECURE();
    expect((await runCli(['review', input])).stdout).not.toContain('s3-object-lock');
    expect((await runCli(['review', input, '--profile', 'all'])).stdout).toMatch(
      /^PASS\s+medium\s+s3-object-lock/m,
    );
  });

  it('turns a missing account-level resource into a failure with --whole-account', async () => {
    const input = SECURE();
    expect((await runCli(['review', input, '--control', 'macie-enabled'])).stdout).toMatch(
      /^UNKNOWN\s+medium\s+macie-enabled/m,
    );
    const whole = await runCli(['review', input, '--control', 'macie-enabled', '--whole-account']);
    expect(whole.code).toBe(1);
    expect(whole.stdout).toMatch(
      /^FAIL\s+medium\s+macie-enabled\s+account\s+no aws_macie2_account in this input/m,
    );
  });
});

describe('usage and unreadable input exit 2 with one line', () => {
  const cases: [string, string[], RegExp][] = [
    ['no input', ['review'], /review needs at least one input/],
    ['unknown option', ['review', INSECURE, '--colour'], /Unknown option '--colour'/],
    [
      'bad format',
      ['review', INSECURE, '--format', 'html'],
      /--format html is not one of table, markdown, sarif, json/,
    ],
    [
      'bad severity',
      ['review', INSECURE, '--fail-on', 'severe'],
      /--fail-on severe is not one of critical, high, medium, low, none/,
    ],
    [
      'bad account',
      ['review', INSECURE, '--account-id', '12'],
      /--account-id 12 is not a 12-digit AWS account id/,
    ],
    ['bad control', ['review', INSECURE, '--control', 's3-nope'], /--control s3-nope is not a control id/],
    ['unknown command', ['audit'], /unknown command "audit"/],
    ['missing input', ['review', 'does-not-exist'], /does-not-exist: no such file or directory/],
  ];
  it.each(cases)('%s', async (_name, argv, message) => {
    const run = await runCli(argv);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('prints usage for --help and the version for --version', async () => {
    expect((await runCli(['review', '--help'])).stdout).toContain('Exit codes: 0 no failure');
    expect((await runCli(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('refuses to write the report where it cannot', async () => {
    const dir = mkdtempSync(join(tmpdir(), 's3-out-'));
    writeFileSync(join(dir, 'file'), '');
    const run = await runCli(['review', INSECURE, '--output', 'file/report.md'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/file\/report\.md: cannot write the report/);
  });
});
