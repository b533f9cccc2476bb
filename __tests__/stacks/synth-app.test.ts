import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CONFIG, parseConfig } from '../../stacks/config';
import { synthApp } from '../../stacks/app';

/** Two stacks, then one: the second synthesis no longer has `organization-guardrails`. */
const twoStacks = parseConfig({
  environment: DEFAULT_CONFIG.environment,
  secureData: DEFAULT_CONFIG.secureData,
  organizationGuardrails: DEFAULT_CONFIG.organizationGuardrails,
});
const oneStack = parseConfig({
  environment: DEFAULT_CONFIG.environment,
  secureData: DEFAULT_CONFIG.secureData,
});

const stacksIn = (outdir: string) => readdirSync(join(outdir, 'stacks')).sort();
const manifestStacks = (outdir: string) =>
  Object.keys(JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')).stacks).sort();

describe('synthApp when a stack is gone from the configuration', () => {
  const work = mkdtempSync(join(tmpdir(), 's3sec-synth-'));

  it('removes its folder by default', () => {
    const outdir = join(work, 'direct', 'cdktf.out');
    synthApp(twoStacks, outdir);
    expect(stacksIn(outdir)).toEqual(['organization-guardrails', 'secure-data']);
    synthApp(oneStack, outdir);
    expect(stacksIn(outdir)).toEqual(['secure-data']);
    expect(manifestStacks(outdir)).toEqual(['secure-data']);
  });

  it('keeps its folder for cdktf-cli, whose removal afterwards (rmSync without force) then succeeds', () => {
    const outdir = join(work, 'cli', 'cdktf.out');
    synthApp(twoStacks, outdir, { staleStacks: 'keep' });
    // What cdktf-cli does around the app: list the stack folders, run the app,
    // then remove the listed folders whose stack the new manifest lacks.
    const listed = stacksIn(outdir);
    synthApp(oneStack, outdir, { staleStacks: 'keep' });
    expect(manifestStacks(outdir)).toEqual(['secure-data']);
    for (const name of listed.filter((n) => !manifestStacks(outdir).includes(n))) {
      rmSync(join(outdir, 'stacks', name), { recursive: true });
    }
    expect(stacksIn(outdir)).toEqual(['secure-data']);
    expect(existsSync(`${outdir}.staging`)).toBe(false);
  });
});
