import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { controlById } from '../../controls/catalog';
import { cisTags } from '../../cli/report/sarif';
import { writeScenario } from './fixtures/builder';
import { SCENARIOS } from './fixtures/scenarios';
import { runCli } from './helpers';

/** The official SARIF 2.1.0 schema (OASIS errata 01), kept with the tests so CI needs nothing outside the checkout. */
const SCHEMA_PATH = join(__dirname, 'schemas', 'sarif-schema-2.1.0.json');

function validator() {
  const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

interface SarifLog {
  runs: {
    tool: {
      driver: {
        rules: { id: string; properties: { tags: string[] }; help: { text: string; markdown: string } }[];
      };
    };
    results: {
      ruleId: string;
      kind: string;
      level: string;
      suppressions?: { justification: string }[];
      locations: unknown[];
    }[];
  }[];
}

async function sarifOf(input: string, extra: string[] = []): Promise<SarifLog> {
  const run = await runCli(['review', input, '--format', 'sarif', '--fail-on', 'none', ...extra]);
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as SarifLog;
}

describe('SARIF output', () => {
  const validate = validator();

  it.each([
    ['an insecure HCL configuration', join(__dirname, 'fixtures', 'insecure')],
    ['a plan with child modules', join(__dirname, 'fixtures', 'plan-modules.json')],
    [
      'a scenario with an accepted risk and unknowns',
      writeScenario(SCENARIOS['s3-tls-only'].unknown, 'json'),
    ],
  ])('validates against the official SARIF 2.1.0 schema for %s', async (_name, input) => {
    const log = await sarifOf(input, ['--profile', 'all']);
    const ok = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(log.runs[0].results.length).toBeGreaterThan(0);
  });

  it('tags each rule with its Security Hub, CIS and checkov ids, also named in the help text', async () => {
    const log = await sarifOf(join(__dirname, 'fixtures', 'insecure'));
    const rule = log.runs[0].tool.driver.rules.find((r) => r.id === 's3-bucket-public-access-block');
    expect(rule?.properties.tags).toEqual(
      expect.arrayContaining([
        'security',
        'security-hub/S3.8',
        'cis/2.1.4',
        'cis-v6/3.1.4',
        'checkov/CKV_AWS_53',
        'checkov/CKV2_AWS_6',
      ]),
    );
    expect(rule?.help.text).toContain('Security Hub S3.8 · CIS 2.1.4 (3.1.4) · checkov CKV_AWS_53');
    expect(rule?.help.markdown).toContain('**Fix:** Add aws_s3_bucket_public_access_block');
  });

  it('maps failures to levels by severity, unknowns to review results, accepted risks to suppressed results', async () => {
    const log = await sarifOf(join(__dirname, 'fixtures', 'plan-modules.json'));
    const results = log.runs[0].results;
    const pab = results.find((r) => r.ruleId === 's3-bucket-public-access-block');
    expect(pab).toEqual(expect.objectContaining({ kind: 'fail', level: 'error' }));
    expect(results.find((r) => r.ruleId === 's3-versioning' && r.suppressions)).toEqual(
      expect.objectContaining({
        kind: 'fail',
        level: 'note',
        suppressions: [
          expect.objectContaining({ justification: 'scratch data rebuilt nightly from the warehouse' }),
        ],
      }),
    );
    expect(results.find((r) => r.ruleId === 's3-tls-only' && r.kind === 'review')).toEqual(
      expect.objectContaining({ level: 'none' }),
    );
  });

  it('reads CIS ids with their version notes', () => {
    expect(cisTags('2.1.1 (v1.4)')).toEqual(['cis-v1.4/2.1.1']);
    expect(cisTags('4.8 (v1.2: 3.8)')).toEqual(['cis/4.8', 'cis-v1.2/3.8']);
    expect(cisTags('3.3 (4.3)')).toEqual(['cis/3.3', 'cis-v6/4.3']);
    expect(controlById('s3-mfa-delete').cis).toEqual(['2.1.2 (3.1.2)']);
  });
});
