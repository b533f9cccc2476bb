import { CONTROLS } from '../../controls/catalog';
import { Finding } from '../../controls/results';
import { review } from '../../cli/review';
import { FORMS, writeScenario } from './fixtures/builder';
import { SCENARIOS } from './fixtures/scenarios';

/** The findings of one control on a scenario written in one form. */
async function findingsOf(
  control: string,
  outcome: 'pass' | 'fail' | 'unknown',
  form: (typeof FORMS)[number],
) {
  const input = writeScenario(SCENARIOS[control][outcome], form);
  const result = await review({ inputs: [input], profile: 'all', only: [control] });
  return result.findings;
}

/** The finding that decides the control: a bucket control's finding on the fixture bucket, or the account's. */
function decisive(findings: readonly Finding[]): Finding {
  const onBucket = findings.filter(
    (f) => f.subject.kind !== 'bucket' || f.subject.id === 'aws_s3_bucket.data',
  );
  expect(onBucket.length).toBeGreaterThanOrEqual(1);
  return onBucket[0];
}

describe('every control has pass, fail and unknown fixtures in all three input forms', () => {
  it('covers the whole catalog', () => {
    expect(Object.keys(SCENARIOS).sort()).toEqual(CONTROLS.map((c) => c.id).sort());
  });

  const cases = CONTROLS.flatMap((c) =>
    (['pass', 'fail', 'unknown'] as const).flatMap((outcome) =>
      FORMS.map((form) => [c.id, outcome, form] as const),
    ),
  );

  it.each(cases)('%s %s (%s)', async (control, outcome, form) => {
    const f = decisive(await findingsOf(control, outcome, form));
    expect(f.control).toBe(control);
    expect({ status: f.status, message: f.message }).toEqual({
      status: outcome,
      message: expect.any(String),
    });
    expect(f.message.length).toBeGreaterThan(10);
  });
});

describe('the malware read gate', () => {
  it('fails a tag lock that matches the tag keys case-sensitively, and says why', async () => {
    const f = decisive(await findingsOf('s3-malware-scan-read-gate', 'fail', 'json'));
    expect(f).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('case-sensitively'),
    });
    expect(f.message).toContain('ForAnyValue:StringEqualsIgnoreCase');
  });
});
