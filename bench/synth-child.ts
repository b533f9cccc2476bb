/**
 * One measured synthesis, run in its own process by bench/run.ts so each case
 * starts cold. Prints one JSON line: { resources, maxRssKb }.
 *   bare          a cdktf app with one aws_s3_bucket
 *   default       the default app (stacks/app.ts, embedded configuration)
 *   buckets:<N>   the secure-data stack with N data buckets
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { buildApp } from '../stacks/app';
import { DEFAULT_CONFIG, parseConfig } from '../stacks/config';

const mode = process.argv[2] ?? 'default';
const outdir = mkdtempSync(join(tmpdir(), 's3sec-bench-'));
const app = new App({ outdir });

if (mode === 'bare') {
  const stack = new TerraformStack(app, 'bare');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  new S3Bucket(stack, 'bucket', { bucket: 'bench-bare-bucket' });
} else if (mode === 'default') {
  buildApp(app, parseConfig(DEFAULT_CONFIG));
} else if (mode.startsWith('buckets:')) {
  const n = Number(mode.slice('buckets:'.length));
  // The secure-data stack alone: the other sections of the default configuration are left out.
  const { environment, backend, tags, secureData } = DEFAULT_CONFIG;
  const buckets = Array.from({ length: n }, (_, i) => ({
    id: `b${i}`,
    name: `bench-bucket-${i}-123456789012`,
  }));
  buildApp(app, parseConfig({ environment, backend, tags, secureData: { ...secureData!, buckets } }));
} else {
  throw new Error(`unknown mode ${mode}`);
}
app.synth();

// Count what was written (not re-synthesized, which would double the measured work).
let resources = 0;
for (const stack of readdirSync(join(outdir, 'stacks'))) {
  const tf = JSON.parse(readFileSync(join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8')) as {
    resource?: Record<string, Record<string, unknown>>;
  };
  for (const byName of Object.values(tf.resource ?? {})) resources += Object.keys(byName).length;
}
rmSync(outdir, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify({ resources, maxRssKb: process.resourceUsage().maxRSS })}\n`);
