import { join } from 'node:path';
import { loadInput } from '../../cli/readers/inputs';
import { buildPosture } from '../../cli/readers/posture';
import { review } from '../../cli/review';

const PLAN = join(__dirname, 'fixtures', 'plan-modules.json');

async function statusOf(control: string) {
  const result = await review({ inputs: [PLAN], only: [control] });
  return Object.fromEntries(
    result.findings.map((f) => [f.subject.id, { status: f.status, message: f.message, reason: f.reason }]),
  );
}

describe('plan JSON with child modules', () => {
  it('links split resources whose bucket id is unknown through configuration references, per module instance', async () => {
    const v = await statusOf('s3-versioning');
    expect(v['module.replicas[0].aws_s3_bucket.this'].status).toBe('pass');
    expect(v['module.replicas[1].aws_s3_bucket.this']).toEqual(
      expect.objectContaining({ status: 'fail', message: 'versioning status is Suspended' }),
    );
  });

  it('reads the opt-out reason from the bucket tags and reports an accepted risk', async () => {
    const v = await statusOf('s3-versioning');
    expect(v['module.store.aws_s3_bucket.this']).toEqual(
      expect.objectContaining({
        status: 'accepted',
        reason: 'scratch data rebuilt nightly from the warehouse',
      }),
    );
  });

  it('ignores inline bucket arguments the provider computes but the configuration does not set', async () => {
    const enc = await statusOf('s3-kms-encryption');
    expect(enc['module.store.aws_s3_bucket.this']).toEqual(
      expect.objectContaining({
        status: 'fail',
        message: expect.stringMatching(/^no default encryption configuration/),
      }),
    );
  });

  it('reports a policy known only after apply as unknown, naming the data source', async () => {
    const tls = await statusOf('s3-tls-only');
    expect(tls['module.store.aws_s3_bucket.this']).toEqual(
      expect.objectContaining({
        status: 'unknown',
        message: expect.stringContaining(
          'known only after apply (built by data.aws_iam_policy_document.this)',
        ),
      }),
    );
  });

  it('does not review resources the plan deletes', async () => {
    const result = await review({ inputs: [PLAN] });
    expect(result.findings.some((f) => f.subject.id.includes('retired'))).toBe(false);
  });

  it('takes the owner account from the caller identity read into the prior state', async () => {
    const posture = buildPosture([await loadInput(PLAN)]);
    expect(posture.account.accountId).toBe('111122223333');
  });

  it('points findings at the plan file and the line of the resource', async () => {
    const result = await review({ inputs: [PLAN], only: ['s3-bucket-public-access-block'] });
    const located = result.findings.find((f) => f.subject.id === 'module.store.aws_s3_bucket.this');
    expect(located?.location).toEqual(
      expect.objectContaining({
        file: expect.stringMatching(/plan-modules\.json$/),
        line: expect.any(Number),
      }),
    );
    expect(located?.location?.line).toBeGreaterThan(1);
  });
});
