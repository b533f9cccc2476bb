/**
 * Review time for generated Terraform JSON with 100, 1,000 and 10,000 buckets
 * (each with the nine split resources and a bucket policy, as cdktf writes
 * them), as a ratio to merely reading and JSON.parse-ing the same file in the
 * same run. Run with `npm run bench:review`; results also go to
 * bench/results/review.json.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderJson } from '../cli/report/json';
import { review } from '../cli/review';

function bucketResources(i: number): Record<string, Record<string, unknown>> {
  const name = `bench-bucket-${String(i).padStart(5, '0')}-111122223333`;
  const arn = `arn:aws:s3:::${name}`;
  const id = `b${i}`;
  const ref = `\${aws_s3_bucket.${id}.bucket}`;
  return {
    aws_s3_bucket: { [id]: { bucket: name, force_destroy: false, tags: { team: `t${i % 7}` } } },
    aws_s3_bucket_public_access_block: {
      [id]: {
        bucket: ref,
        block_public_acls: true,
        ignore_public_acls: true,
        block_public_policy: true,
        restrict_public_buckets: i % 10 !== 0,
      },
    },
    aws_s3_bucket_ownership_controls: {
      [id]: { bucket: ref, rule: { object_ownership: 'BucketOwnerEnforced' } },
    },
    aws_s3_bucket_server_side_encryption_configuration: {
      [id]: {
        bucket: ref,
        rule: [
          {
            apply_server_side_encryption_by_default: {
              sse_algorithm: 'aws:kms',
              kms_master_key_id: '${aws_kms_key.data.arn}',
            },
            bucket_key_enabled: true,
          },
        ],
      },
    },
    aws_s3_bucket_versioning: { [id]: { bucket: ref, versioning_configuration: { status: 'Enabled' } } },
    aws_s3_bucket_logging: {
      [id]: { bucket: ref, target_bucket: 'bench-logs-111122223333', target_prefix: `${name}/` },
    },
    aws_s3_bucket_lifecycle_configuration: {
      [id]: {
        bucket: ref,
        rule: [
          {
            id: 'abort',
            status: 'Enabled',
            filter: [{}],
            abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
          },
        ],
      },
    },
    aws_s3_bucket_notification: { [id]: { bucket: ref, eventbridge: true } },
    aws_s3_bucket_policy: {
      [id]: {
        bucket: ref,
        policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'DenyInsecureTransport',
              Effect: 'Deny',
              Principal: '*',
              Action: 's3:*',
              Resource: [arn, `${arn}/*`],
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            },
            {
              Sid: 'DenyOutdatedTls',
              Effect: 'Deny',
              Principal: '*',
              Action: 's3:*',
              Resource: [arn, `${arn}/*`],
              Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } },
            },
            {
              Sid: 'Readers',
              Effect: 'Allow',
              Principal: { AWS: 'arn:aws:iam::111122223333:role/reader' },
              Action: ['s3:GetObject', 's3:ListBucket'],
              Resource: [arn, `${arn}/*`],
            },
          ],
        }),
      },
    },
  };
}

function configWith(buckets: number): string {
  const resource: Record<string, Record<string, unknown>> = {
    aws_kms_key: { data: { enable_key_rotation: true } },
  };
  for (let i = 0; i < buckets; i++) {
    for (const [type, byName] of Object.entries(bucketResources(i)))
      Object.assign((resource[type] ??= {}), byName);
  }
  return JSON.stringify(
    { provider: { aws: [{ region: 'eu-west-1', allowed_account_ids: ['111122223333'] }] }, resource },
    null,
    2,
  );
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Median wall and CPU milliseconds of `runs` calls. */
async function time(runs: number, f: () => unknown): Promise<{ ms: number; cpuMs: number }> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const cpuStart = cpuNow();
    await f();
    cpu.push(cpuNow() - cpuStart);
    wall.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return { ms: median(wall), cpuMs: median(cpu) };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 's3-review-bench-'));
  const rows: {
    buckets: number;
    bytes: number;
    parseMs: number;
    reviewMs: number;
    ratio: number;
    parseCpuMs: number;
    reviewCpuMs: number;
    cpuRatio: number;
    findings: number;
  }[] = [];
  for (const buckets of [100, 1_000, 10_000]) {
    const file = join(dir, `bench-${buckets}.tf.json`);
    const text = configWith(buckets);
    writeFileSync(file, text);
    const runs = buckets >= 10_000 ? 5 : 9;
    let findings = 0;
    const reviewOnce = async () => {
      const result = await review({ inputs: [file] });
      findings = result.findings.length;
      renderJson(result, 'bench');
    };
    await reviewOnce();
    JSON.parse(readFileSync(file, 'utf8'));
    const parse = await time(runs, () => JSON.parse(readFileSync(file, 'utf8')));
    const rev = await time(runs, reviewOnce);
    rows.push({
      buckets,
      bytes: text.length,
      parseMs: parse.ms,
      reviewMs: rev.ms,
      ratio: rev.ms / parse.ms,
      parseCpuMs: parse.cpuMs,
      reviewCpuMs: rev.cpuMs,
      cpuRatio: rev.cpuMs / parse.cpuMs,
      findings,
    });
  }
  const lines = [
    'review (read, parse, link, judge 20 controls, JSON report) vs read + JSON.parse of the same file, median of runs',
    'buckets   file MB   read+parse ms   review ms   ratio   read+parse cpu ms   review cpu ms   cpu ratio   findings',
    ...rows.map(
      (r) =>
        `${String(r.buckets).padStart(7)}   ${(r.bytes / 1e6).toFixed(1).padStart(7)}   ${r.parseMs.toFixed(1).padStart(13)}   ${r.reviewMs.toFixed(1).padStart(9)}   ${r.ratio.toFixed(1).padStart(5)}   ${r.parseCpuMs.toFixed(1).padStart(17)}   ${r.reviewCpuMs.toFixed(1).padStart(13)}   ${r.cpuRatio.toFixed(1).padStart(9)}   ${String(r.findings).padStart(8)}`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const results = join(__dirname, 'results');
  mkdirSync(results, { recursive: true });
  writeFileSync(
    join(results, 'review.json'),
    `${JSON.stringify({ node: process.version, rows }, null, 2)}\n`,
  );
}

void main();
