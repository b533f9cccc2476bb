import { TerraformStack } from 'cdktf';
import { BUCKET_POLICY, PolicyComposer, PolicyStatement } from '../../../modules/core';
import { expectError, testStack } from '../../helpers';

const deny: PolicyStatement = {
  Sid: 'DenyInsecureTransport',
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:*',
  Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'],
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
};
const allow: PolicyStatement = {
  Sid: 'ReadForAnalytics',
  Effect: 'Allow',
  Principal: { AWS: 'arn:aws:iam::111122223333:role/analytics' },
  Action: 's3:GetObject',
  Resource: 'arn:aws:s3:::b/*',
};

describe('PolicyComposer', () => {
  let stack: TerraformStack;
  let composer: PolicyComposer;
  beforeEach(() => {
    stack = testStack();
    composer = new PolicyComposer(stack, BUCKET_POLICY);
  });

  it('renders literal JSON with mandatory statements first, in order', () => {
    composer.addMandatory('SecureBucket', deny);
    composer.addStatements('user', allow);
    const json = JSON.parse(composer.render());
    expect(json.Version).toBe('2012-10-17');
    expect(json.Statement.map((s: PolicyStatement) => s.Sid)).toEqual([
      'DenyInsecureTransport',
      'ReadForAnalytics',
    ]);
  });

  it('refuses a user statement that would replace a mandatory deny', () => {
    composer.addMandatory('SecureBucket', deny);
    expectError(
      () =>
        composer.addStatements('user', { ...deny, Condition: { Bool: { 'aws:SecureTransport': 'true' } } }),
      'test: bucket policy, statement Sid "DenyInsecureTransport" from user would replace a mandatory statement of SecureBucket',
    );
    expect(composer.statements).toHaveLength(1);
    expect(composer.statements[0].Condition).toEqual(deny.Condition);
  });

  it('lists its entries with owner and mandatory flag, in order', () => {
    composer.addMandatory('SecureBucket', deny);
    composer.addStatements('user', allow);
    expect(composer.entries.map((e) => [e.statement.Sid, e.owner, e.mandatory])).toEqual([
      ['DenyInsecureTransport', 'SecureBucket', true],
      ['ReadForAnalytics', 'user', false],
    ]);
  });

  it('refuses duplicate Sids among user statements, and adds nothing from a failed batch', () => {
    expectError(() => composer.addStatements('user', allow, { ...allow }), 'Sids must be unique');
    expect(composer.isEmpty).toBe(true);
  });

  it.each([
    [{ ...allow, Sid: 'has spaces' }, /Sid must be letters and digits only/],
    [{ ...allow, Effect: 'Permit' as 'Allow' }, /Effect "Permit" must be "Allow" or "Deny"/],
    [{ ...allow, Action: undefined }, /exactly one of Action and NotAction/],
    [{ ...allow, NotAction: 's3:PutObject' }, /exactly one of Action and NotAction/],
    [
      { ...allow, Principal: undefined },
      /exactly one of Principal and NotPrincipal is required in a bucket policy/,
    ],
    [{ ...allow, Resource: undefined }, /exactly one of Resource and NotResource is required/],
    [{ ...allow, Action: [] }, /Action must not be an empty list/],
  ])('rejects a malformed statement (%#)', (statement, message) => {
    expectError(() => composer.addStatements('user', statement as PolicyStatement), message);
  });

  it('enforces the 20 KB bucket policy limit when the document is literal', () => {
    const many = Array.from({ length: 120 }, (_, i) => ({
      ...allow,
      Sid: `Grant${i}`,
      Principal: { AWS: `arn:aws:iam::111122223333:role/some-quite-long-role-name-number-${i}` },
    }));
    composer.addStatements('user', ...many);
    expectError(() => composer.render(), /the bucket policy is \d+ characters, over the AWS limit of 20480/);
  });
});
