/**
 * Key administration, proven by simulation against the synthesized key
 * policies: administrators manage the key, create grants only for AWS
 * resources (kms:GrantIsForAWSResource), and never use the key on data.
 */
import { KEY_ADMIN_ACTIONS, S3DataKey, ServiceKey } from '../../../modules/kms';
import { ACCOUNT, policyOf, resourceOf, synth, testStack } from '../../helpers';
import { Decision, simulate, simulationRuns } from '../../support/simulate';
import { vocabularyProblems } from '../../support/vocabulary';

const KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const ADMIN = `arn:aws:iam::${ACCOUNT}:role/admin`;
const KEY_ADMIN = `arn:aws:iam::${ACCOUNT}:role/key-admin`;
/** An administrator's identity policy: every KMS action on every key. */
const ALL_KMS = {
  Version: '2012-10-17' as const,
  Statement: [{ Sid: 'AllKms', Effect: 'Allow' as const, Action: 'kms:*', Resource: '*' }],
};

const stack = testStack();
new S3DataKey(stack, 'data', { administratorArns: [KEY_ADMIN] });
new ServiceKey(stack, 'service', {
  description: 'Encrypts a topic',
  viaServices: ['sns.eu-west-1.amazonaws.com'],
});
const { json } = synth(stack);
const policies = {
  S3DataKey: resourceOf(json, 'aws_kms_key', 'data/Key').policy as string,
  ServiceKey: resourceOf(json, 'aws_kms_key', 'service/Key').policy as string,
};

function request(
  keyPolicy: string,
  principal: string,
  action: string,
  context: Record<string, string> = {},
  identity = true,
): Promise<Decision> {
  return simulate(
    { resourcePolicy: keyPolicy, identityPolicies: identity ? [ALL_KMS] : [] },
    { principal, action, resource: KEY, context },
  );
}

/** A grant to a principal of the account, as CreateGrant called directly sends it. */
const DIRECT_GRANT = {
  'kms:GrantIsForAWSResource': 'false',
  'kms:GranteePrincipal': `arn:aws:iam::${ACCOUNT}:role/anyone`,
  'kms:GrantOperations': 'Decrypt',
};
/** A grant an AWS service integrated with KMS creates for a resource (an EBS volume, for example). */
const SERVICE_GRANT = { ...DIRECT_GRANT, 'kms:GrantIsForAWSResource': 'true' };

describe.each(Object.entries(policies))('%s administration (simulated)', (_kind, policy) => {
  it('uses only actions and condition keys that exist', async () => {
    expect(await vocabularyProblems(policy)).toEqual([]);
  });

  it('names every administrative action, with no wildcard', () => {
    const admin = policyOf({ policy }).Statement.find((s) => s.Sid === 'AccountAdministersKey')!;
    expect(admin.Action).toEqual(KEY_ADMIN_ACTIONS);
    expect(KEY_ADMIN_ACTIONS.filter((a) => a.includes('*') || a === 'kms:CreateGrant')).toEqual([]);
  });

  it('denies an administrator a grant to a principal (it would reach the data outside S3)', async () => {
    expect(await request(policy, ADMIN, 'kms:CreateGrant', DIRECT_GRANT)).toBe('ImplicitlyDenied');
    expect(await request(policy, ADMIN, 'kms:CreateGrant')).toBe('ImplicitlyDenied');
  });

  it('allows an administrator a grant an AWS service creates for a resource', async () => {
    expect(await request(policy, ADMIN, 'kms:CreateGrant', SERVICE_GRANT)).toBe('Allowed');
  });

  it.each(KEY_ADMIN_ACTIONS)('allows an administrator %s', async (action) => {
    expect(await request(policy, ADMIN, action)).toBe('Allowed');
  });

  it.each(['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:ReEncryptFrom'])(
    'denies an administrator %s outside the services the key is for',
    async (action) => {
      expect(await request(policy, ADMIN, action)).toBe('ImplicitlyDenied');
    },
  );
});

describe('S3DataKey named administrators (simulated, no IAM policy of their own)', () => {
  const policy = policies.S3DataKey;

  it('may administer the key and create grants for AWS resources only', async () => {
    expect(await request(policy, KEY_ADMIN, 'kms:PutKeyPolicy', {}, false)).toBe('Allowed');
    expect(await request(policy, KEY_ADMIN, 'kms:ScheduleKeyDeletion', {}, false)).toBe('Allowed');
    expect(await request(policy, KEY_ADMIN, 'kms:CreateGrant', SERVICE_GRANT, false)).toBe('Allowed');
    expect(await request(policy, KEY_ADMIN, 'kms:CreateGrant', DIRECT_GRANT, false)).toBe('ImplicitlyDenied');
    expect(await request(policy, KEY_ADMIN, 'kms:Decrypt', {}, false)).toBe('ImplicitlyDenied');
  });

  afterAll(() => {
    process.stdout.write(`key policy simulation: ${simulationRuns()} request cases evaluated\n`);
  });
});
