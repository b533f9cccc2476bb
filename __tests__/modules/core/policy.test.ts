import { TerraformStack } from 'cdktf';
import {
  BUCKET_POLICY,
  PolicyComposer,
  PolicyStatement,
  RESOURCE_CONTROL_POLICY,
  SERVICE_CONTROL_POLICY,
  VPC_ENDPOINT_POLICY,
} from '../../../modules/core';
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

describe('policy kinds of AWS Organizations and VPC endpoints', () => {
  const scpDeny: PolicyStatement = {
    Sid: 'DenyAccountPublicAccessBlockChanges',
    Effect: 'Deny',
    Action: 's3:PutAccountPublicAccessBlock',
    Resource: '*',
  };

  it('refuses a Principal in a service control policy', () => {
    const composer = new PolicyComposer(testStack(), SERVICE_CONTROL_POLICY);
    expectError(
      () => composer.addStatements('guardrails', { ...scpDeny, Principal: '*' }),
      'test: service control policy, statement "DenyAccountPublicAccessBlockChanges": a service control policy must not name a Principal',
    );
    expectError(
      () => composer.addStatements('guardrails', { ...scpDeny, Resource: undefined }),
      /exactly one of Resource and NotResource is required in a service control policy/,
    );
    composer.addStatements('guardrails', scpDeny);
    expect(JSON.parse(composer.render()).Statement).toEqual([scpDeny]);
  });

  it('stops a service control policy over 5,120 characters and says how to fix it', () => {
    const composer = new PolicyComposer(testStack(), SERVICE_CONTROL_POLICY);
    composer.addStatements('guardrails', {
      ...scpDeny,
      Resource: Array.from({ length: 200 }, (_, i) => `arn:aws:s3:::protected-bucket-${i}`),
    });
    expectError(
      () => composer.render(),
      /test: the service control policy is \d+ characters, over the AWS limit of 5120; shorten its lists/,
    );
  });

  it.each([
    [{ ...deny, Effect: 'Allow' as const }, /Effect "Allow" is not allowed in a resource control policy/],
    [{ ...deny, Principal: { AWS: 'arn:aws:iam::111122223333:root' } }, /accepts only "\*" as Principal/],
    [
      { ...deny, Principal: undefined, NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' } },
      /a resource control policy does not support NotPrincipal/,
    ],
    [{ ...deny, Action: undefined, NotAction: 's3:GetObject' }, /does not support NotAction/],
  ])('refuses what a resource control policy cannot hold (%#)', (statement, message) => {
    const composer = new PolicyComposer(testStack(), RESOURCE_CONTROL_POLICY);
    expectError(() => composer.addStatements('guardrails', statement as PolicyStatement), message);
  });

  it('accepts a Deny for every principal in a resource control policy, within 5,120 characters', () => {
    const composer = new PolicyComposer(testStack(), RESOURCE_CONTROL_POLICY);
    composer.addStatements('guardrails', { ...deny, Resource: '*' });
    expect(RESOURCE_CONTROL_POLICY.maxLength).toBe(5120);
    expect(JSON.parse(composer.render()).Statement[0].Principal).toBe('*');
  });

  it('limits a VPC endpoint policy to 20,480 characters and requires a Principal', () => {
    const composer = new PolicyComposer(testStack(), VPC_ENDPOINT_POLICY);
    expectError(
      () => composer.addStatements('endpoints', { ...allow, Principal: undefined }),
      /exactly one of Principal and NotPrincipal is required in a VPC endpoint policy/,
    );
    composer.addStatements('endpoints', {
      ...allow,
      Resource: Array.from({ length: 700 }, (_, i) => `arn:aws:s3:::reachable-bucket-${i}/*`),
    });
    expectError(
      () => composer.render(),
      /the VPC endpoint policy is \d+ characters, over the AWS limit of 20480/,
    );
  });
});
