/**
 * One measured synthesis, run in its own process by bench/run.ts so each case
 * starts cold. Prints one JSON line: { resources, maxRssKb, cpuMs }.
 *   bare          a cdktf app with one aws_s3_bucket, synthesized with app.synth()
 *   default       the default app, synthesized as main.ts does (synthApp, embedded configuration)
 *   buckets:<N>   the secure-data stack with N data buckets, synthesized the same way
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { synthApp } from '../stacks/app';
import { DEFAULT_CONFIG, parseConfig } from '../stacks/config';

const mode = process.argv[2] ?? 'default';
const outdir = mkdtempSync(join(tmpdir(), 's3sec-bench-'));

if (mode === 'bare') {
  const app = new App({ outdir });
  const stack = new TerraformStack(app, 'bare');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  new S3Bucket(stack, 'bucket', { bucket: 'bench-bare-bucket' });
  app.synth();
} else if (mode === 'default') {
  synthApp(parseConfig(DEFAULT_CONFIG), outdir);
} else if (mode.startsWith('buckets:')) {
  const n = Number(mode.slice('buckets:'.length));
  // The secure-data stack alone: the other sections of the default configuration are left out.
  const { environment, backend, tags, secureData } = DEFAULT_CONFIG;
  const buckets = Array.from({ length: n }, (_, i) => ({
    id: `b${i}`,
    name: `bench-bucket-${i}-123456789012`,
  }));
  synthApp(parseConfig({ environment, backend, tags, secureData: { ...secureData!, buckets } }), outdir);
} else {
  throw new Error(`unknown mode ${mode}`);
}

// Count what was written (not re-synthesized, which would double the measured work).
let resources = 0;
for (const stack of readdirSync(join(outdir, 'stacks'))) {
  const tf = JSON.parse(readFileSync(join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8')) as {
    resource?: Record<string, Record<string, unknown>>;
  };
  for (const byName of Object.values(tf.resource ?? {})) resources += Object.keys(byName).length;
}
rmSync(outdir, { recursive: true, force: true });
const usage = process.resourceUsage();
const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
process.stdout.write(`${JSON.stringify({ resources, maxRssKb: usage.maxRSS, cpuMs })}\n`);
