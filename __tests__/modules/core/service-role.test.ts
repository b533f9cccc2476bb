import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { ServiceRole, ServiceRoleProps } from '../../../modules/core';
import { ACCOUNT, expectError, resourceOf, synth, testStack } from '../../helpers';
import { simulate } from '../../support/simulate';

const statement = {
  Sid: 'ReadBucketAcl',
  Effect: 'Allow' as const,
  Action: 's3:GetBucketAcl',
  Resource: 'arn:aws:s3:::b',
};

function build(props: Partial<ServiceRoleProps> = {}, env?: Parameters<typeof testStack>[0]) {
  const stack = testStack(env);
  const role = new ServiceRole(stack, 'role', {
    service: 'ssm.amazonaws.com',
    description: 'test role',
    statements: [statement],
    ...props,
  });
  return { role, ...synth(stack) };
}

describe('ServiceRole', () => {
  it('trusts only the service acting for this account (and the given resources)', () => {
    const { json, text } = build({
      roleName: 'remediate',
      sourceArns: [`arn:aws:ssm:eu-west-1:${ACCOUNT}:automation-execution/*`],
      managedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
    });
    expect(JSON.parse(resourceOf(json, 'aws_iam_role').assume_role_policy as string)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'TrustedService',
          Effect: 'Allow',
          Principal: { Service: 'ssm.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: {
            StringEquals: { 'aws:SourceAccount': ACCOUNT },
            ArnLike: { 'aws:SourceArn': `arn:aws:ssm:eu-west-1:${ACCOUNT}:automation-execution/*` },
          },
        },
      ],
    });
    expect(text).toHaveResourceWithProperties(IamRole, { name: 'remediate', max_session_duration: 3600 });
    expect(JSON.parse(resourceOf(json, 'aws_iam_role_policy').policy as string).Statement).toEqual([
      statement,
    ]);
    expect(resourceOf(json, 'aws_iam_role_policy_attachment').policy_arn).toBe(
      'arn:aws:iam::aws:policy/ReadOnlyAccess',
    );
  });

  it('records its choice: no opt-out by default', () => {
    const { json } = build();
    expect((resourceOf(json, 'aws_iam_role')['//'] as Record<string, unknown>)['s3-security']).toEqual({
      module: 'ServiceRole',
      controls: [],
      optOuts: [],
    });
  });

  it('trusts a service without source conditions only through an opt-out with a reason, recorded', async () => {
    const reason = 'this service sends no source keys when it assumes the role (its user guide says so)';
    const { json } = build({
      service: 'cloudtrail.amazonaws.com',
      sourceConditions: { enabled: false, reason },
    });
    const role = resourceOf(json, 'aws_iam_role');
    expect(JSON.parse(role.assume_role_policy as string).Statement).toEqual([
      {
        Sid: 'TrustedService',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 'sts:AssumeRole',
      },
    ]);
    expect((role['//'] as Record<string, unknown>)['s3-security']).toEqual({
      module: 'ServiceRole',
      controls: [],
      optOuts: [{ setting: 'sourceConditions', controls: [], reason }],
    });
    // A request without source keys (what such a service sends) passes; by default it does not.
    const request = {
      principal: 'cloudtrail.amazonaws.com',
      action: 'sts:AssumeRole',
      resource: `arn:aws:iam::${ACCOUNT}:role/r`,
    };
    expect(await simulate({ resourcePolicy: role.assume_role_policy as string }, request)).toBe('Allowed');
    const scoped = resourceOf(build({ service: 'cloudtrail.amazonaws.com' }).json, 'aws_iam_role');
    expect(await simulate({ resourcePolicy: scoped.assume_role_policy as string }, request)).toBe(
      'ImplicitlyDenied',
    );
    expect(
      await simulate(
        { resourcePolicy: scoped.assume_role_policy as string },
        { ...request, sourceAccount: ACCOUNT },
      ),
    ).toBe('Allowed');
  });

  it('renders with jsonencode when the account is known only at apply time', () => {
    const { json } = build({}, 'unknown');
    expect(String(resourceOf(json, 'aws_iam_role').assume_role_policy)).toMatch(/^\$\{jsonencode\(/);
  });

  it.each<[Partial<ServiceRoleProps>, string]>([
    [{ service: 'ssm' }, 'service "ssm" is not an AWS service principal'],
    [{ roleName: 'a role' }, 'roleName "a role" is not a valid IAM role name'],
    [{ sourceArns: [] }, 'sourceArns [] must not be empty'],
    [{ statements: [] }, 'statements [] must grant something'],
    [
      { sourceConditions: { enabled: false, reason: 'short' } },
      'sourceConditions.reason "short" must explain the accepted risk in at least 10 characters',
    ],
    [
      {
        sourceConditions: { enabled: false, reason: 'the service sends no source keys' },
        sourceArns: ['arn:aws:ssm:eu-west-1:111122223333:automation-execution/*'],
      },
      'sourceArns ["arn:aws:ssm:eu-west-1:111122223333:automation-execution/*"] cannot be used with sourceConditions turned off',
    ],
  ])('rejects %j', (props, message) => {
    expectError(() => build(props), `test/role: ${message}`);
  });

  it('rejects a statement with a Principal (an identity policy names none)', () => {
    expectError(
      () => build({ statements: [{ ...statement, Principal: '*' }] }),
      'IAM role policy, statement "ReadBucketAcl": a IAM role policy must not name a Principal',
    );
  });
});
