/**
 * Principals a bucket policy lets read or write (restrictToPrincipals, grantRead,
 * grantReadWrite) can use the bucket's S3DataKey through S3 with no IAM policy
 * of their own, for that bucket only: proven by simulation against the
 * synthesized key and bucket policies.
 */
import { grantRead, restrictToPrincipals } from '../../../modules/bucket-policy';
import { S3DataKey } from '../../../modules/kms';
import { AccessLogBucket, SecureBucket } from '../../../modules/secure-bucket';
import { ACCOUNT, policyOf, resourceOf, synth, testStack } from '../../helpers';
import { Decision, simulate, simulationRuns } from '../../support/simulate';
import { vocabularyProblems } from '../../support/vocabulary';

const NAME = 'acme-data-111122223333';
const ARN = `arn:aws:s3:::${NAME}`;
const OTHER_BUCKET = 'arn:aws:s3:::acme-other-111122223333';
const KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const role = (name: string, account = ACCOUNT) => `arn:aws:iam::${account}:role/${name}`;
const APP = role('app');
const READER = role('reader');
const PARTNER = role('partner', '444455556666');

const stack = testStack();
const logs = new AccessLogBucket(stack, 'logs', { bucketName: 'acme-logs-111122223333' });
const data = new SecureBucket(stack, 'data', { bucketName: NAME, accessLogs: { bucket: logs } });
data.addPolicyTemplates('Test', (arn) => [
  ...restrictToPrincipals(arn, { principalArns: [APP, READER, PARTNER] }),
]);
data.addPolicyStatements(...grantRead(ARN, { principals: [READER, PARTNER], sid: 'Readers' }));
const { json } = synth(stack);
const keyPolicy = resourceOf(json, 'aws_kms_key', 'data/Key/Key').policy as string;
const bucketPolicy = resourceOf(json, 'aws_s3_bucket_policy', 'data/Policy').policy as string;

/** A KMS call S3 makes for the caller, with the encryption context it sends. */
function throughS3(principal: string, action: string, context: string, viaS3 = true): Promise<Decision> {
  return simulate(
    { resourcePolicy: keyPolicy },
    {
      principal,
      action,
      resource: KEY,
      viaAwsService: viaS3,
      context: {
        ...(viaS3 ? { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } : {}),
        'kms:CallerAccount': principal.split(':')[4],
        'kms:EncryptionContext:aws:s3:arn': context,
        'kms:EncryptionContextKeys': 'aws:s3:arn',
      },
    },
  );
}

describe('SecureBucket key use for the principals its policy allows', () => {
  it('names this account’s listed principals in the key policy, scoped to S3 and this bucket', async () => {
    const statements = policyOf({ policy: keyPolicy }).Statement.filter((s) => s.Sid.startsWith('Bucket'));
    const scope = {
      StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com', 'kms:CallerAccount': ACCOUNT },
      StringLike: { 'kms:EncryptionContext:aws:s3:arn': [ARN, `${ARN}/*`] },
    };
    expect(statements).toEqual([
      {
        Sid: 'Bucket1GranteesReadWriteThroughS3',
        Effect: 'Allow',
        Principal: { AWS: [APP, READER] },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: '*',
        Condition: scope,
      },
    ]);
    expect(await vocabularyProblems(keyPolicy)).toEqual([]);
  });

  it.each([
    ['the bucket (S3 Bucket Keys)', ARN],
    ['an object (no bucket key)', `${ARN}/reports/2026.csv`],
  ])(
    'lets a listed principal with no IAM policy decrypt and upload through S3 with %s as context',
    async (_what, context) => {
      expect(await throughS3(APP, 'kms:Decrypt', context)).toBe('Allowed');
      expect(await throughS3(APP, 'kms:GenerateDataKey', context)).toBe('Allowed');
    },
  );

  it('lets the listed principal read the object itself through the bucket policy, with no IAM policy', async () => {
    const get = (principal: string) =>
      simulate(
        { resourcePolicy: bucketPolicy },
        { principal, action: 's3:GetObject', resource: `${ARN}/reports/2026.csv`, resourceAccount: ACCOUNT },
      );
    expect(await get(APP)).toBe('Allowed');
    expect(await get(role('intruder'))).toBe('ExplicitlyDenied');
  });

  it('denies a principal the bucket policy does not list', async () => {
    expect(await throughS3(role('intruder'), 'kms:Decrypt', ARN)).toBe('ImplicitlyDenied');
  });

  it('denies another bucket’s context, and decrypting outside S3', async () => {
    expect(await throughS3(APP, 'kms:Decrypt', OTHER_BUCKET)).toBe('ImplicitlyDenied');
    expect(await throughS3(APP, 'kms:Decrypt', `${OTHER_BUCKET}/x`)).toBe('ImplicitlyDenied');
    expect(await throughS3(APP, 'kms:Decrypt', ARN, false)).toBe('ImplicitlyDenied');
  });

  it('never names another account’s principal (its own IAM policy and key access decide)', async () => {
    expect(keyPolicy).not.toContain('444455556666');
    expect(await throughS3(PARTNER, 'kms:Decrypt', ARN)).toBe('ImplicitlyDenied');
  });

  it('grants readers Decrypt only', () => {
    const stack2 = testStack();
    const key = new S3DataKey(stack2, 'key');
    const logs2 = new AccessLogBucket(stack2, 'logs', { bucketName: 'acme-logs-111122223333' });
    const readOnly = new SecureBucket(stack2, 'ro', {
      bucketName: NAME,
      accessLogs: { bucket: logs2 },
      encryption: { key },
    });
    readOnly.addPolicyTemplates('Test', (arn) =>
      restrictToPrincipals(arn, { principalArns: [READER], access: 'read' }),
    );
    const statements = key.policyStatements.filter((s) => s.Sid.startsWith('Bucket'));
    expect(statements.map((s) => [s.Sid, s.Principal, s.Action])).toEqual([
      ['Bucket1GranteesReadThroughS3', { AWS: READER }, ['kms:Decrypt']],
    ]);
  });

  afterAll(() => {
    process.stdout.write(`bucket key grantee simulation: ${simulationRuns()} request cases evaluated\n`);
  });
});
