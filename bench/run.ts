/**
 * Synthesis benchmark. Each case runs in a fresh process (node --import tsx, as
 * cdktf.json runs the app), several times; the table shows medians. Costs are
 * reported as ratios to the bare baseline measured in the same run, and per
 * bucket for the scaling cases, never as absolute pass/fail thresholds. Wall
 * time is what a user waits; CPU time (user + system of the child) is shown
 * beside it because it varies far less on a busy machine.
 *
 *   npm run bench              all cases
 *   npm run bench -- --quick   fewer repetitions and no 1000-bucket case
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

interface Sample {
  ms: number;
  cpuMs: number;
  maxRssKb: number;
  resources: number;
}

const quick = process.argv.includes('--quick');
const runs = quick ? 1 : 3;
const root = resolve(__dirname, '..');

function measure(mode: string): Sample {
  const samples: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const child = spawnSync(process.execPath, ['--import', 'tsx', 'bench/synth-child.ts', mode], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, CHECKPOINT_DISABLE: '1' },
    });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (child.status !== 0) throw new Error(`bench case ${mode} failed:\n${child.stderr}`);
    const { resources, maxRssKb, cpuMs } = JSON.parse(child.stdout.trim().split('\n').pop()!) as Omit<
      Sample,
      'ms'
    >;
    samples.push({ ms, cpuMs, maxRssKb, resources });
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return {
    ms: median(samples.map((s) => s.ms)),
    cpuMs: median(samples.map((s) => s.cpuMs)),
    maxRssKb: median(samples.map((s) => s.maxRssKb)),
    resources: samples[0].resources,
  };
}

const mb = (kb: number) => (kb / 1024).toFixed(0);
const bare = measure('bare');
const def = measure('default');
const sizes = quick ? [10, 100] : [10, 100, 1000];
const scaled = sizes.map((n) => ({ n, ...measure(`buckets:${n}`) }));

const rows: string[][] = [
  [
    'case',
    'resources',
    'wall ms',
    'x bare',
    'cpu ms',
    'x bare',
    'peak RSS MB',
    'x bare',
    'ms / bucket*',
    'MB / bucket*',
  ],
  [
    'bare app, one aws_s3_bucket',
    `${bare.resources}`,
    bare.ms.toFixed(0),
    '1.00',
    bare.cpuMs.toFixed(0),
    '1.00',
    mb(bare.maxRssKb),
    '1.00',
    '',
    '',
  ],
  [
    'default app',
    `${def.resources}`,
    def.ms.toFixed(0),
    (def.ms / bare.ms).toFixed(2),
    def.cpuMs.toFixed(0),
    (def.cpuMs / bare.cpuMs).toFixed(2),
    mb(def.maxRssKb),
    (def.maxRssKb / bare.maxRssKb).toFixed(2),
    '',
    '',
  ],
];
for (const s of scaled) {
  rows.push([
    `secure-data stack, ${s.n} buckets`,
    `${s.resources}`,
    s.ms.toFixed(0),
    (s.ms / bare.ms).toFixed(2),
    s.cpuMs.toFixed(0),
    (s.cpuMs / bare.cpuMs).toFixed(2),
    mb(s.maxRssKb),
    (s.maxRssKb / bare.maxRssKb).toFixed(2),
    ((s.ms - bare.ms) / s.n).toFixed(2),
    ((s.maxRssKb - bare.maxRssKb) / 1024 / s.n).toFixed(3),
  ]);
}
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
const line = (r: string[]) => `| ${r.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`;
console.log(`synthesis benchmark: median of ${runs} cold run(s) per case, node ${process.version}`);
console.log(line(rows[0]));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
rows.slice(1).forEach((r) => console.log(line(r)));
console.log('* wall time and peak RSS above the bare baseline, divided by the number of data buckets');
