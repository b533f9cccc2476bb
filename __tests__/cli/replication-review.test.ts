/**
 * The review judges what a replication configuration needs beyond an Enabled
 * rule: a versioned destination (when the input holds it) and, for a
 * KMS-encrypted source, KMS-encrypted objects replicated with a replica key.
 * Each case in the three input forms.
 */
import { review } from '../../cli/review';
import { FORMS, Form, FxResource, blk, ref, writeScenario } from './fixtures/builder';
import { OWNER, REPLICA_ARN, secureBucket } from './fixtures/scenarios';

const REPLICA = 'fixture-replica-111122223333';

/** The secure fixture with its replication rule changed, and the destination bucket in the input. */
function scenario(rule: Record<string, unknown>, replicaVersioning: 'Enabled' | 'Suspended' | 'absent') {
  const resources: FxResource[] = secureBucket().map((r) =>
    r.type === 'aws_s3_bucket_replication_configuration'
      ? {
          ...r,
          attrs: {
            ...r.attrs,
            rule: [
              blk({
                id: 'all',
                status: 'Enabled',
                filter: blk({}),
                delete_marker_replication: blk({ status: 'Disabled' }),
                ...(rule as Record<string, never>),
              }),
            ],
          },
        }
      : r,
  );
  resources.push({ type: 'aws_s3_bucket', name: 'replica', attrs: { bucket: REPLICA } });
  if (replicaVersioning !== 'absent') {
    resources.push({
      type: 'aws_s3_bucket_versioning',
      name: 'replica',
      attrs: {
        bucket: ref('aws_s3_bucket.replica', 'id'),
        versioning_configuration: blk({ status: replicaVersioning }),
      },
    });
  }
  return { resources, accountIds: [OWNER] };
}

const KMS_RULE = {
  source_selection_criteria: blk({ sse_kms_encrypted_objects: blk({ status: 'Enabled' }) }),
  destination: blk({
    bucket: REPLICA_ARN,
    encryption_configuration: blk({
      replica_kms_key_id: `arn:aws:kms:eu-central-1:${OWNER}:key/abcd1234-12ab-34cd-56ef-1234567890ab`,
    }),
  }),
};

/** Each case, the forms it is read in (every form where the reader differs), and what the review says. */
const CASES: [string, ReturnType<typeof scenario>, 'pass' | 'fail', RegExp, (readonly Form[])?][] = [
  [
    'a versioned destination and KMS replicas',
    scenario(KMS_RULE, 'Enabled'),
    'pass',
    /\(versioned\), KMS-encrypted objects included/,
  ],
  [
    'a destination without versioning',
    scenario(KMS_RULE, 'absent'),
    'fail',
    /the destination arn:aws:s3:::fixture-replica-111122223333 is not versioned/,
  ],
  [
    'a destination with versioning suspended',
    scenario(KMS_RULE, 'Suspended'),
    'fail',
    /has versioning Suspended/,
  ],
  [
    'KMS-encrypted objects left out',
    scenario({ destination: blk({ bucket: REPLICA_ARN }) }, 'Enabled'),
    'fail',
    /KMS-encrypted objects are not replicated/,
  ],
  [
    'no replica key',
    scenario(
      {
        source_selection_criteria: blk({ sse_kms_encrypted_objects: blk({ status: 'Enabled' }) }),
        destination: blk({ bucket: REPLICA_ARN }),
      },
      'Enabled',
    ),
    'fail',
    /replicas of KMS-encrypted objects have no replica_kms_key_id/,
    ['json'],
  ],
];

describe('the review of a replication configuration', () => {
  it.each(
    CASES.flatMap(([what, s, status, message]) =>
      FORMS.map((form) => [what, form, s, status, message] as const),
    ),
  )('%s (%s)', async (_what, form, s, status, message) => {
    const result = await review({
      inputs: [writeScenario(s, form)],
      profile: 'all',
      only: ['s3-replication'],
    });
    const finding = result.findings.find((f) => f.subject.id === 'aws_s3_bucket.data');
    expect(finding).toMatchObject({ status, message: expect.stringMatching(message) });
  });
});
