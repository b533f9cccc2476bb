/** Unreadable review inputs give one short line on standard error and exit 2. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 's3-bad-input-'));
const write = (name: string, content: string | Buffer) => {
  writeFileSync(join(dir, name), content);
  return name;
};
const binary = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 256));

describe('unreadable review inputs', () => {
  it.each([
    ['a binary .json', write('binary.json', binary), 'binary.json: not a text file (binary, or not UTF-8)'],
    ['a binary .tf', write('binary.tf', binary), 'binary.tf: not a text file (binary, or not UTF-8)'],
    [
      'a large non-UTF-8 .tf',
      write('latin1.tf', Buffer.from(`# ${'caf\u00e9 '.repeat(100_000)}\n`, 'latin1')),
      'latin1.tf: not a text file (binary, or not UTF-8)',
    ],
    [
      'JSON with a trailing comma',
      write('trailing.tf.json', '{\n  "resource": {},\n}\n'),
      'trailing.tf.json: not valid JSON: line 3, column 1: expected double-quoted property name',
    ],
  ])('%s: one short line', async (_what, name, message) => {
    const run = await runCli(['review', name], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`s3-security: ${message}\n`);
  });

  it('HCL full of invalid characters: the first diagnostic and a count, not one line per character', async () => {
    const name = write('noise.tf', `${'`'.repeat(100_000)}\n`);
    const run = await runCli(['review', name], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^s3-security: noise\.tf: not valid HCL: noise\.tf:1,1-2: Invalid character.* \(and \d+ more\)\n$/,
    );
    expect(run.stderr.length).toBeLessThan(400);
  });
});
