import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import { evaluate } from '../../controls/judges';
import { loadInput } from '../../cli/readers/inputs';
import { buildPosture } from '../../cli/readers/posture';
import { InputError } from '../../cli/readers/raw';
import { renderJson } from '../../cli/report/json';
import { renderMarkdown } from '../../cli/report/markdown';
import { renderSarif } from '../../cli/report/sarif';
import { renderTable } from '../../cli/report/table';
import { buildApp } from '../../stacks/app';
import { DEFAULT_CONFIG, parseConfig } from '../../stacks/config';
import { toConfigJson, toPlan } from './fixtures/builder';
import { SCENARIOS } from './fixtures/scenarios';

/** A small deterministic generator (mulberry32), so every run mutates the same way. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const REPLACEMENTS: (() => Json)[] = [
  () => null,
  () => 0,
  () => -1.5e308,
  () => true,
  () => '',
  () => '${var.x}',
  () => '${(known after apply)}',
  () => '*',
  () => '{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}',
  () => '{not json',
  () =>
    '${jsonencode({ Statement = [{ Effect = "Deny", Principal = "*", Resource = aws_s3_bucket.data.arn }] })}',
  () => '${jsonencode({ Statement = [ }',
  () => [],
  () => [null, 1, 'x'],
  () => ({}),
  () => ({ Statement: { Effect: 'Deny' } }),
  () => 'x'.repeat(10_000),
  () => JSON.parse(`${'['.repeat(80)}${']'.repeat(80)}`) as Json,
];

function mutate(doc: Json, rand: () => number): Json {
  const paths: (string | number)[][] = [];
  const walk = (v: Json, path: (string | number)[], depth: number) => {
    paths.push(path);
    if (depth > 12 || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i], depth + 1));
    else for (const [k, x] of Object.entries(v)) walk(x, [...path, k], depth + 1);
  };
  walk(doc, [], 0);
  const path = paths[Math.floor(rand() * paths.length)];
  const copy = JSON.parse(JSON.stringify(doc)) as Json;
  if (path.length === 0) return REPLACEMENTS[Math.floor(rand() * REPLACEMENTS.length)]();
  let parent = copy as Record<string | number, Json>;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, Json>;
  const last = path[path.length - 1];
  const op = rand();
  if (op < 0.25 && !Array.isArray(parent)) delete parent[last];
  else if (op < 0.35) parent[last] = [parent[last]];
  else if (op < 0.45 && typeof parent[last] === 'string')
    parent[last] = `${parent[last]}\${aws_s3_bucket.data.arn}`;
  else parent[last] = REPLACEMENTS[Math.floor(rand() * REPLACEMENTS.length)]();
  return copy;
}

function defaultAppStack(): string {
  const outdir = mkdtempSync(join(tmpdir(), 'cdktf-out-'));
  const app = new App({ outdir });
  buildApp(app, parseConfig(DEFAULT_CONFIG, 'default'));
  app.synth();
  return readFileSync(join(outdir, 'stacks', 'secure-data', 'cdk.tf.json'), 'utf8');
}

async function reviewText(text: string): Promise<'reviewed' | 'refused'> {
  try {
    const input = await loadInput('-', { readStdin: () => text });
    const findings = evaluate(buildPosture([input]), { profile: 'all', wholeAccount: true });
    const result = { inputs: ['-'], profile: 'all' as const, controls: [], findings, notes: input.notes };
    renderTable(result, { color: true });
    renderMarkdown(result);
    renderSarif(result, '0.0.0');
    JSON.parse(renderJson(result, '0.0.0'));
    return 'reviewed';
  } catch (e) {
    if (e instanceof InputError) return 'refused';
    throw e;
  }
}

describe('randomized mutations of valid inputs', () => {
  const seeds: [string, string][] = [
    ['a secure Terraform JSON configuration', toConfigJson(SCENARIOS['s3-no-wildcard-principal'].fail)],
    ['a plan', toPlan(SCENARIOS['cloudtrail-s3-data-events'].pass)],
    ['a plan with child modules', readFileSync(join(__dirname, 'fixtures', 'plan-modules.json'), 'utf8')],
    ['the default app', defaultAppStack()],
  ];

  it.each(seeds)('never make the reviewer throw: %s', async (_name, text) => {
    const rand = prng(0x53335);
    const outcomes = { reviewed: 0, refused: 0 };
    const original = JSON.parse(text) as Json;
    for (let i = 0; i < 800; i++) {
      let doc = original;
      const rounds = 1 + Math.floor(rand() * 3);
      for (let r = 0; r < rounds; r++) doc = mutate(doc, rand);
      const serialized = JSON.stringify(doc);
      const cut = rand() < 0.05 ? serialized.slice(0, Math.floor(rand() * serialized.length)) : serialized;
      outcomes[await reviewText(cut)]++;
    }
    expect(outcomes.reviewed + outcomes.refused).toBe(800);
    expect(outcomes.reviewed).toBeGreaterThan(400);
  });
});
