import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { App } from 'cdktf';
import { buildApp } from '../../stacks/app';
import { DEFAULT_CONFIG, parseConfig } from '../../stacks/config';

const ROOT = resolve(__dirname, '..', '..');

describe('the s3-security bin', () => {
  it('stops quietly when the reader closes the pipe early (| head), without a stack trace', () => {
    const outdir = join(mkdtempSync(join(tmpdir(), 's3sec-bin-')), 'cdktf.out');
    const app = new App({ outdir });
    buildApp(app, parseConfig(DEFAULT_CONFIG));
    app.synth();

    // A real shell pipe (64 KiB) into `head`, which exits after 100 bytes of a much larger report.
    const bin = join(ROOT, 'bin', 's3-security.js');
    const run = spawnSync(
      'sh',
      ['-c', `"${process.execPath}" "${bin}" review "${outdir}" --format json | head -c 100`],
      { cwd: ROOT, encoding: 'utf8' },
    );

    expect(run.stdout).toMatch(/^\{\s+"reportVersion"/);
    expect(run.stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(run.stderr).toBe('');
  });
});
