/**
 * `SecureBucket.exemptFromDenies` lifts the bucket's denies for the exempted
 * actions only: for every other action the principal is denied, even with
 * `s3:*` in its own IAM policies. Proven by simulation of the bucket policy as
 * synthesized, with a principal list, policy-change and deletion protection.
 */
import {
  denyBucketPolicyChanges,
  denyObjectDeletion,
  restrictToPrincipals,
} from '../../../modules/bucket-policy';
import { AccessLogBucket, SecureBucket } from '../../../modules/secure-bucket';
import { ACCOUNT, policyOf, resourceOf, synth, testStack } from '../../helpers';
import { ALLOW_ALL_S3, simulate } from '../../support/simulate';

const NAME = 'acme-data-111122223333';
const ARN = `arn:aws:s3:::${NAME}`;
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const EXEMPT = role('exempt');
const OTHER = role('admin');
const READER = role('reader');
const BREAK_GLASS = role('break-glass');

const stack = testStack();
const logs = new AccessLogBucket(stack, 'logs', { bucketName: 'acme-logs-111122223333' });
const data = new SecureBucket(stack, 'data', { bucketName: NAME, accessLogs: { bucket: logs } });
data.addPolicyTemplates('Test', (arn) => [
  ...restrictToPrincipals(arn, { principalArns: [READER], access: 'read' }),
  denyBucketPolicyChanges(arn, { allowedPrincipalArns: [BREAK_GLASS] }),
  denyObjectDeletion(arn, { allowedPrincipalArns: [BREAK_GLASS] }),
]);
data.exemptFromDenies(EXEMPT, ['s3:GetObjectVersionForReplication', 's3:ListBucket']);
data.exemptFromDenies(EXEMPT, ['s3:GetReplicationConfiguration']);
const policy = policyOf(resourceOf(synth(stack).json, 'aws_s3_bucket_policy', 'data/Policy'));

const as = (principal: string, action: string, resource: string) =>
  simulate(
    { resourcePolicy: policy, identityPolicies: [ALLOW_ALL_S3] },
    { principal, action, resource, resourceAccount: ACCOUNT },
  );

describe('a principal exempted from the denies for some actions', () => {
  it.each([
    ['s3:GetObject', `${ARN}/secret.csv`],
    ['s3:PutObject', `${ARN}/forged.csv`],
    ['s3:PutBucketPolicy', ARN],
    ['s3:DeleteBucketPolicy', ARN],
    ['s3:DeleteObjectVersion', `${ARN}/secret.csv`],
    ['s3:PutReplicationConfiguration', ARN],
  ])('is denied %s, like a principal that is not listed', async (action, resource) => {
    expect([await as(EXEMPT, action, resource), await as(OTHER, action, resource)]).toEqual([
      'ExplicitlyDenied',
      'ExplicitlyDenied',
    ]);
  });

  it.each([
    ['s3:GetObjectVersionForReplication', `${ARN}/secret.csv`],
    ['s3:ListBucket', ARN],
    ['s3:GetReplicationConfiguration', ARN],
  ])('passes the denies for %s, which a principal that is not listed cannot', async (action, resource) => {
    expect([await as(EXEMPT, action, resource), await as(OTHER, action, resource)]).toEqual([
      'Allowed',
      'ExplicitlyDenied',
    ]);
  });

  it('is named in one further Deny of every other action, with the actions of both calls merged', () => {
    const limits = policy.Statement.filter((st) => st.Sid?.startsWith('DenyExemptPrincipalOtherActions'));
    expect(limits).toEqual([
      {
        Sid: 'DenyExemptPrincipalOtherActions',
        Effect: 'Deny',
        Principal: '*',
        NotAction: ['s3:GetObjectVersionForReplication', 's3:GetReplicationConfiguration', 's3:ListBucket'],
        Resource: [ARN, `${ARN}/*`],
        Condition: { ArnLike: { 'aws:PrincipalArn': EXEMPT } },
      },
    ]);
  });

  it('stays bound by the TLS denies', async () => {
    const decision = await simulate(
      { resourcePolicy: policy, identityPolicies: [ALLOW_ALL_S3] },
      {
        principal: EXEMPT,
        action: 's3:ListBucket',
        resource: ARN,
        resourceAccount: ACCOUNT,
        secureTransport: false,
      },
    );
    expect(decision).toBe('ExplicitlyDenied');
  });
});
