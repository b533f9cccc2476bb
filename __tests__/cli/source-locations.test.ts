/**
 * Findings on a cdktf.out point at the TypeScript that created the resource
 * when its construct recorded a stack trace, and at the Terraform JSON
 * otherwise; the SARIF stays valid either way.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { App, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { sourceOfTrace } from '../../cli/readers/terraform-config';
import { renderSarif } from '../../cli/report/sarif';
import { review } from '../../cli/review';
import { recordConstructStackTraces } from '../../stacks/source-traces';

const ROOT = resolve(__dirname, '..', '..');
const THIS_FILE = relative(ROOT, __filename).split('\\').join('/');

function synth(traces: boolean): { outdir: string; line: number } {
  const outdir = join(mkdtempSync(join(tmpdir(), 's3-traces-')), 'cdktf.out');
  if (traces) recordConstructStackTraces();
  const app = new App({ outdir });
  const stack = new TerraformStack(app, 'data');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  const line = Number(new Error().stack?.split('\n')[1].match(/:(\d+):\d+\)?$/)?.[1]) + 1;
  new S3Bucket(stack, 'Bucket', { bucket: 'traced-bucket-111122223333' });
  app.synth();
  return { outdir, line };
}

function validator() {
  const schema = JSON.parse(
    readFileSync(join(__dirname, 'schemas', 'sarif-schema-2.1.0.json'), 'utf8'),
  ) as Record<string, unknown>;
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

interface Location {
  physicalLocation?: { artifactLocation: { uri: string }; region?: { startLine: number } };
  logicalLocations: { fullyQualifiedName: string; kind: string }[];
}

async function sarifOf(outdir: string) {
  const result = await review({ inputs: [outdir], only: ['s3-versioning'], cwd: ROOT });
  const text = renderSarif(result, '0.0.0');
  const validate = validator();
  expect([validate(JSON.parse(text)), validate.errors]).toEqual([true, null]);
  const log = JSON.parse(text) as {
    runs: {
      results: { locations: Location[]; relatedLocations?: Location[]; message: { text: string } }[];
    }[];
  };
  return { result, sarif: log.runs[0].results[0] };
}

// Recording patches constructs for the rest of this file, so the case without traces runs first.
describe('without a recorded stack trace', () => {
  it('falls back to the Terraform JSON, with the construct path as a logical location', async () => {
    const { outdir } = synth(false);
    const { sarif } = await sarifOf(outdir);
    expect(sarif.locations[0].physicalLocation?.artifactLocation.uri).toMatch(/cdk\.tf\.json$/);
    expect(sarif.locations[0].physicalLocation?.region?.startLine).toBeGreaterThan(1);
    expect(sarif.locations[0].logicalLocations).toContainEqual({
      fullyQualifiedName: 'data/Bucket',
      kind: 'object',
    });
    expect(sarif.relatedLocations).toBeUndefined();
  });
});

describe('source locations of findings on a cdktf.out', () => {
  it('point at the TypeScript line that created the resource when the stack trace is recorded', async () => {
    const { outdir, line } = synth(true);
    const { result, sarif } = await sarifOf(outdir);
    expect(result.findings[0].location).toEqual(
      expect.objectContaining({ construct: 'data/Bucket', source: { file: THIS_FILE, line } }),
    );
    expect(sarif.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: THIS_FILE },
      region: { startLine: line },
    });
    expect(sarif.locations[0].logicalLocations).toContainEqual({
      fullyQualifiedName: 'data/Bucket',
      kind: 'object',
    });
    expect(sarif.relatedLocations?.[0].physicalLocation?.artifactLocation.uri).toMatch(
      /cdktf\.out\/stacks\/data\/cdk\.tf\.json$/,
    );
    expect(sarif.message.text).toContain('(construct data/Bucket)');
  });
});

describe('reading a recorded stack trace', () => {
  const cwd = '/repo/app';
  it('takes the first frame outside node_modules and Node.js, relative to the working directory', () => {
    expect(
      sourceOfTrace(
        [
          'new TerraformElement (/repo/app/node_modules/cdktf/lib/terraform-element.ts:44:15)',
          'new S3Bucket (/repo/app/node_modules/@cdktf/provider-aws/src/s3-bucket/index.ts:4183:5)',
          'Array.map (<anonymous>)',
          'new DataStack (/repo/app/src/data-stack.ts:47:12)',
          'main (/repo/app/main.ts:17:5)',
        ],
        cwd,
      ),
    ).toEqual({ file: 'src/data-stack.ts', line: 47 });
    expect(sourceOfTrace(['file:///repo/app/lib/x.ts:3:1'], cwd)).toEqual({ file: 'lib/x.ts', line: 3 });
  });

  it('gives nothing for frames outside the working directory, internals or junk', () => {
    expect(sourceOfTrace(['new X (/elsewhere/x.ts:1:1)'], cwd)).toBeUndefined();
    expect(
      sourceOfTrace(['Module._compile (node:internal/modules/cjs/loader:1521:14)', 42, null], cwd),
    ).toBeUndefined();
  });
});
