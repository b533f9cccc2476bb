import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import { review, summarize } from '../../cli/review';
import { buildApp } from '../../stacks/app';
import { DEFAULT_CONFIG, parseConfig } from '../../stacks/config';
import { runCli } from './helpers';

/** Synthesizes the default app in-process into a temporary cdktf.out. */
function synthDefaultApp(): string {
  const outdir = mkdtempSync(join(tmpdir(), 'cdktf-out-'));
  const app = new App({ outdir });
  buildApp(app, parseConfig(DEFAULT_CONFIG, 'default'));
  app.synth();
  return outdir;
}

describe('the default app reviewed', () => {
  const outdir = synthDefaultApp();

  it('has no failure, judging only what the synthesized stacks contain', async () => {
    const result = await review({ inputs: [outdir] });
    const failures = result.findings.filter((f) => f.status === 'fail');
    expect(failures).toEqual([]);
    const buckets = new Set(
      result.findings.filter((f) => f.subject.kind === 'bucket').map((f) => f.subject.id),
    );
    expect(buckets.size).toBeGreaterThanOrEqual(3);
    expect(summarize(result.findings).pass).toBeGreaterThan(30);
  });

  it('reports the log bucket opt-out as an accepted risk with its reason', async () => {
    const result = await review({ inputs: [outdir] });
    const accepted = result.findings.filter((f) => f.status === 'accepted');
    expect(accepted).toContainEqual(
      expect.objectContaining({
        control: 's3-access-logging',
        reason: expect.stringContaining('server access log target'),
        subject: expect.objectContaining({
          module: 'SecureBucket',
          id: expect.stringContaining('AccessLogs'),
        }),
      }),
    );
  });

  it('never passes an account-level control the app declares no resource for', async () => {
    const result = await review({ inputs: [outdir] });
    const withoutResource = result.findings.filter((f) => f.subject.id === 'account');
    for (const f of withoutResource) {
      expect([f.control, f.status]).toEqual([f.control, expect.stringMatching(/^(unknown|not-applicable)$/)]);
      expect(f.message).toMatch(/in this input/);
    }
  });

  it('prints a table with no failure and exits 0 from the command line', async () => {
    const run = await runCli(['review', outdir]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^s3-security review of /);
    expect(run.stdout).toMatch(/\n0 fail, \d+ unknown, \d+ accepted, \d+ pass, \d+ not applicable\n/);
    expect(run.stdout).not.toMatch(/^FAIL /m);
    expect(run.stdout).not.toContain('\u001b[');
  });
});
