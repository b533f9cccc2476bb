import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');

/** Runs the default app as cdktf-cli does (same command as cdktf.json), into `outdir`. */
function runApp(outdir: string, env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'main.ts'], {
    cwd: ROOT,
    env: { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: '1', ...env },
    encoding: 'utf8',
  });
}

function filesOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

describe('the default app (main.ts)', () => {
  const work = mkdtempSync(join(tmpdir(), 's3sec-main-'));

  it('synthesizes byte-identical output twice, with no absolute path in it', () => {
    const a = join(work, 'a', 'cdktf.out');
    const b = join(work, 'b', 'cdktf.out');
    for (const out of [a, b]) {
      const run = runApp(out);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
    }
    const first = filesOf(a);
    expect(Object.keys(first)).toEqual(
      expect.arrayContaining([
        'manifest.json',
        'stacks/secure-data/cdk.tf.json',
        'stacks/account-baseline/cdk.tf.json',
      ]),
    );
    expect(filesOf(b)).toEqual(first);
    const all = Object.values(first).join('\n');
    expect(all).not.toContain(work);
    expect(all).not.toContain(ROOT);
    expect(all).not.toMatch(/"\/(home|root|tmp|Users|work)\//);
    expect(existsSync(`${a}.staging`)).toBe(false);
  });

  it('stops on a bad configuration with one line per problem, no stack trace, nothing written', () => {
    const config = join(work, 'bad.json');
    writeFileSync(
      config,
      JSON.stringify({
        environment: { region: 'eu-west-1', accountId: '123' },
        secureData: { logBucket: { name: 'logs-bucket-1' }, buckets: [] },
      }),
    );
    const out = join(work, 'bad', 'cdktf.out');
    const run = runApp(out, { S3_SECURITY_CONFIG: config });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      [
        's3-security: synthesis stopped:',
        `${config}: environment.accountId: must be a 12-digit AWS account id`,
        `${config}: secureData.buckets: must list at least one bucket`,
        '',
      ].join('\n'),
    );
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.staging`)).toBe(false);
  });

  it('reports module rules too (bucket names), and keeps the previous output intact', () => {
    const out = join(work, 'keep', 'cdktf.out');
    expect(runApp(out).status).toBe(0);
    const before = filesOf(out);
    const config = join(work, 'bad-name.json');
    writeFileSync(
      config,
      JSON.stringify({
        environment: { region: 'eu-west-1', accountId: '111122223333' },
        secureData: { logBucket: { name: 'logs-bucket-1' }, buckets: [{ id: 'data', name: 'Data_Bucket' }] },
      }),
    );
    const run = runApp(out, { S3_SECURITY_CONFIG: config });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('secure-data/data: bucketName "Data_Bucket" is not a valid S3 bucket name');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(filesOf(out)).toEqual(before);
  });

  it('run by cdktf-cli (CDKTF_CONTEXT_JSON set), leaves the folder of a stack that is gone for the CLI to remove', () => {
    const out = join(work, 'cli', 'cdktf.out');
    const environment = { region: 'eu-west-1', accountId: '111122223333' };
    const secureData = {
      logBucket: { name: 'logs-bucket-1' },
      buckets: [{ id: 'data', name: 'data-bucket-1' }],
    };
    const two = join(work, 'two.json');
    const one = join(work, 'one.json');
    writeFileSync(
      two,
      JSON.stringify({
        environment,
        secureData,
        organizationGuardrails: {
          targetIds: ['r-ab12'],
          breakGlassPrincipalArns: ['arn:aws:iam::*:role/bg'],
          auditLogs: { bucketNames: ['acme-cloudtrail-*'] },
        },
      }),
    );
    writeFileSync(one, JSON.stringify({ environment, secureData }));
    const cli = { CDKTF_CONTEXT_JSON: '{}' };
    expect(runApp(out, { ...cli, S3_SECURITY_CONFIG: two }).stderr).toBe('');
    expect(readdirSync(join(out, 'stacks')).sort()).toEqual(['organization-guardrails', 'secure-data']);
    const run = runApp(out, { ...cli, S3_SECURITY_CONFIG: one });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(readdirSync(join(out, 'stacks')).sort()).toEqual(['organization-guardrails', 'secure-data']);
    expect(Object.keys(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).stacks)).toEqual([
      'secure-data',
    ]);
  });
});
