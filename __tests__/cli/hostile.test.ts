import { mkdirSync, mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toConfigJson } from './fixtures/builder';
import { SCENARIOS } from './fixtures/scenarios';
import { runCli } from './helpers';

function file(name: string, content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 's3-hostile-'));
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function expectExit2(run: { code: number; stderr: string }, message: RegExp) {
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(message);
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
}

describe('malformed and hostile inputs give exit 2 or findings, never a crash', () => {
  const valid = toConfigJson(SCENARIOS['s3-versioning'].pass);

  it('truncated JSON', async () => {
    expectExit2(
      await runCli(['review', file('main.tf.json', valid.slice(0, valid.length / 2))]),
      /main\.tf\.json: not valid JSON/,
    );
  });

  it('an empty file and a JSON document of the wrong shape', async () => {
    expectExit2(await runCli(['review', file('empty.json', '')]), /not valid JSON/);
    expectExit2(
      await runCli(['review', file('list.json', '[1, 2, 3]')]),
      /neither a Terraform configuration .* nor terraform show -json output/,
    );
    expectExit2(
      await runCli(['review', file('bad.tf.json', '{"resource": []}')]),
      /"resource" must be an object of resource types/,
    );
    expectExit2(
      await runCli(['review', file('bad.tf.json', '{"resource": {"aws_s3_bucket": {"b": 7}}}')]),
      /resource "aws_s3_bucket" "b" must be an object/,
    );
  });

  it('attributes of the wrong type become findings', async () => {
    const doc = {
      resource: {
        aws_s3_bucket: { b: { bucket: 5, tags: 'x' } },
        aws_s3_bucket_versioning: { v: { bucket: 'name', versioning_configuration: 'on' } },
        aws_s3_bucket_policy: { p: { bucket: '5', policy: '{"Statement": 3}' } },
      },
    };
    const run = await runCli([
      'review',
      file('types.tf.json', JSON.stringify(doc)),
      '--format',
      'json',
      '--fail-on',
      'none',
    ]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.findings.length).toBeGreaterThan(0);
  });

  it('a plan with a future major format version or values of the wrong type', async () => {
    expectExit2(
      await runCli(['review', file('plan.json', '{"format_version": "2.0", "planned_values": {}}')]),
      /unsupported format_version "2.0"/,
    );
    expectExit2(
      await runCli(['review', file('plan.json', '{"format_version": "1.2", "planned_values": 5}')]),
      /planned_values is not an object/,
    );
    const odd = await runCli([
      'review',
      file(
        'plan.json',
        '{"format_version": "1.2", "planned_values": {"root_module": {"resources": "x", "child_modules": [null, 4]}}, "resource_changes": {}}',
      ),
    ]);
    expect(odd.code).toBe(0);
  });

  it('a file over the size limit is refused before it is read', async () => {
    const path = file('huge.json', '');
    truncateSync(path, 300 * 1024 * 1024);
    expectExit2(
      await runCli(['review', path]),
      /huge\.json: 314572800 bytes is over the 268435456-byte limit/,
    );
  });

  it('deep nesting', async () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    const run = await runCli(['review', file('deep.json', deep)]);
    expect(run.code).toBe(2);
    const policy = {
      Statement: [
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: '*',
          Condition: JSON.parse(`${'{"a":'.repeat(500)}1${'}'.repeat(500)}`),
        },
      ],
    };
    const doc = {
      resource: {
        aws_s3_bucket: { b: { bucket: 'deep-bucket' } },
        aws_s3_bucket_policy: { p: { bucket: 'deep-bucket', policy: JSON.stringify(policy) } },
      },
    };
    const nested = await runCli([
      'review',
      file('nested.tf.json', JSON.stringify(doc)),
      '--control',
      's3-tls-only',
      '--format',
      'json',
    ]);
    expect([0, 1]).toContain(nested.code);
    const [tls] = JSON.parse(nested.stdout).findings;
    expect(tls.control).toBe('s3-tls-only');
    expect(['fail', 'unknown']).toContain(tls.status);
    const unknownMask = JSON.parse(`${'{"a":'.repeat(300)}true${'}'.repeat(300)}`);
    const plan = {
      format_version: '1.2',
      planned_values: {
        root_module: {
          resources: [
            {
              address: 'aws_s3_bucket.b',
              mode: 'managed',
              type: 'aws_s3_bucket',
              name: 'b',
              values: { bucket: 'b1' },
            },
          ],
        },
      },
      resource_changes: [{ address: 'aws_s3_bucket.b', change: { after_unknown: unknownMask } }],
    };
    expectExit2(
      await runCli(['review', file('plan.json', JSON.stringify(plan))]),
      /nesting deeper than the review reads/,
    );
  });

  it('unknown resource types are left alone', async () => {
    const doc = {
      resource: {
        google_storage_bucket: { g: { name: 'x' } },
        aws_instance: { i: { ami: 'ami-1' } },
        aws_s3_bucket_foo: { f: { bucket: 'y' } },
      },
    };
    const run = await runCli(['review', file('other.tf.json', JSON.stringify(doc)), '--format', 'json']);
    expect(run.code).toBe(0);
    expect(
      JSON.parse(run.stdout).findings.every(
        (f: { subject: { kind: string } }) => f.subject.kind !== 'bucket',
      ),
    ).toBe(true);
  });

  it('HCL that does not parse, and binary garbage', async () => {
    expectExit2(
      await runCli(['review', file('main.tf', 'resource "aws_s3_bucket" "b" {\n  bucket = \n')]),
      /main\.tf: not valid HCL/,
    );
    expectExit2(
      await runCli(['review', file('main.tf', '\u0000\u0001\u0002\u00ff{{{')]),
      /main\.tf: not a text file \(binary, or not UTF-8\)\n$/,
    );
  });

  it('a directory without Terraform, and a cdktf manifest pointing outside its directory', async () => {
    const empty = mkdtempSync(join(tmpdir(), 's3-empty-'));
    expectExit2(
      await runCli(['review', empty]),
      /no Terraform configuration \(\*\.tf, \*\.tf\.json\) or cdktf output/,
    );
    const out = mkdtempSync(join(tmpdir(), 's3-cdktf-'));
    mkdirSync(join(out, 'stacks'));
    writeFileSync(
      join(out, 'manifest.json'),
      JSON.stringify({ stacks: { evil: { synthesizedStackPath: '../../etc/passwd' } } }),
    );
    expectExit2(await runCli(['review', out]), /stack evil points outside the directory/);
  });
});
