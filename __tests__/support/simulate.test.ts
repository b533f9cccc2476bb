import type { PolicyDocument } from '../../modules/core';
import { ALLOW_ALL_S3, contextOf, simulate, simulateDetailed } from './simulate';
import { vocabularyProblems } from './vocabulary';

const BUCKET = 'arn:aws:s3:::harness-bucket-111122223333';
const OBJECT = `${BUCKET}/k.txt`;
const ROLE = 'arn:aws:iam::111122223333:role/app';
const base = { principal: ROLE, action: 's3:GetObject', resource: OBJECT, resourceAccount: '111122223333' };
const doc = (...Statement: PolicyDocument['Statement']): PolicyDocument => ({
  Version: '2012-10-17',
  Statement,
});

describe('simulate', () => {
  it('allows what an identity policy allows and nothing else', async () => {
    expect(await simulate({ identityPolicies: [ALLOW_ALL_S3] }, base)).toBe('Allowed');
    expect(await simulate({}, base)).toBe('ImplicitlyDenied');
  });

  it('applies service control policies level by level', async () => {
    const fullAccess = doc({ Sid: 'All', Effect: 'Allow', Action: '*', Resource: '*' });
    const denyDelete = doc({ Sid: 'NoDelete', Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' });
    const policies = {
      identityPolicies: [ALLOW_ALL_S3],
      serviceControlPolicies: [[fullAccess], [fullAccess, denyDelete]],
    };
    expect(await simulate(policies, base)).toBe('Allowed');
    expect(await simulate(policies, { ...base, action: 's3:DeleteObject' })).toBe('ExplicitlyDenied');
    // A level without an Allow denies implicitly, as in AWS.
    expect(await simulate({ ...policies, serviceControlPolicies: [[fullAccess], []] }, base)).toBe(
      'ImplicitlyDenied',
    );
  });

  it('applies resource control policies with the context it derives', async () => {
    const rcp = doc({
      Sid: 'TlsOnly',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: '*',
      Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } },
    });
    const policies = { identityPolicies: [ALLOW_ALL_S3], resourceControlPolicies: [[rcp]] };
    expect(await simulate(policies, base)).toBe('Allowed');
    expect(await simulate(policies, { ...base, secureTransport: false })).toBe('ExplicitlyDenied');
  });

  it('treats a role session as its role in aws:PrincipalArn', async () => {
    const policy = doc({
      Sid: 'OnlyApp',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: `${BUCKET}/*`,
      Condition: { ArnNotEquals: { 'aws:PrincipalArn': ROLE } },
    });
    const session = 'arn:aws:sts::111122223333:assumed-role/app/ci-run-42';
    expect(contextOf({ ...base, principal: session })['aws:PrincipalArn']).toBe(ROLE);
    expect(
      await simulate(
        { resourcePolicy: policy, identityPolicies: [ALLOW_ALL_S3] },
        { ...base, principal: session },
      ),
    ).toBe('Allowed');
    const other = 'arn:aws:sts::111122223333:assumed-role/other/ci-run-42';
    expect(
      await simulate(
        { resourcePolicy: policy, identityPolicies: [ALLOW_ALL_S3] },
        { ...base, principal: other },
      ),
    ).toBe('ExplicitlyDenied');
  });

  it('derives network, service and TLS keys as AWS reports them', () => {
    const viaEndpoint = contextOf({
      ...base,
      sourceVpce: 'vpce-0a1b2c3d4e5f67890',
      sourceVpc: 'vpc-0a1b2c3d4e5f67890',
      sourceIp: '10.0.1.5',
    });
    expect(viaEndpoint['aws:SourceIp']).toBeUndefined();
    expect(viaEndpoint['aws:VpcSourceIp']).toBe('10.0.1.5');
    expect(viaEndpoint['aws:SourceVpce']).toBe('vpce-0a1b2c3d4e5f67890');
    const service = contextOf({
      ...base,
      principal: 'cloudtrail.amazonaws.com',
      sourceAccount: '111122223333',
    });
    expect(service).toMatchObject({
      'aws:PrincipalIsAWSService': 'true',
      'aws:SourceAccount': '111122223333',
    });
    expect(service['aws:PrincipalArn']).toBeUndefined();
    expect(contextOf({ ...base, secureTransport: false })['s3:TlsVersion']).toBeUndefined();
    expect(contextOf({ ...base, principal: 'anonymous' })['aws:PrincipalIsAWSService']).toBeUndefined();
  });

  it('reports context keys the action does not carry', async () => {
    const outcome = await simulateDetailed(
      { identityPolicies: [ALLOW_ALL_S3] },
      { ...base, context: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
    );
    expect(outcome.ignoredContextKeys).toEqual(['s3:x-amz-server-side-encryption']);
  });

  it('evaluates kms:EncryptionContext keys, which the simulator alone would drop', async () => {
    const key = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const policy = doc({
      Sid: 'ThisBucketOnly',
      Effect: 'Allow',
      Principal: { AWS: ROLE },
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: { StringLike: { 'kms:EncryptionContext:aws:s3:arn': [BUCKET, `${BUCKET}/*`] } },
    });
    const decrypt = (context: string) =>
      simulateDetailed(
        { resourcePolicy: policy },
        {
          principal: ROLE,
          action: 'kms:Decrypt',
          resource: key,
          context: { 'kms:EncryptionContext:aws:s3:arn': context },
        },
      );
    expect(await decrypt(BUCKET)).toEqual({ decision: 'Allowed', ignoredContextKeys: [] });
    expect((await decrypt(OBJECT)).decision).toBe('Allowed');
    expect((await decrypt(`${BUCKET}-other`)).decision).toBe('ImplicitlyDenied');
    expect((await decrypt('arn:aws:s3:::another-bucket/k.txt')).decision).toBe('ImplicitlyDenied');
  });

  it('takes * as the resource of an action that acts on no resource type', async () => {
    const request = {
      ...base,
      action: 's3:PutAccountPublicAccessBlock',
      resource: '*',
      resourceAccount: '111122223333',
    };
    const allowAll = {
      Version: '2012-10-17' as const,
      Statement: [{ Sid: 'All', Effect: 'Allow' as const, Action: '*', Resource: '*' }],
    };
    expect(await simulate({ identityPolicies: [allowAll] }, request)).toBe('Allowed');
    expect(
      await simulate({ identityPolicies: [ALLOW_ALL_S3] }, { ...request, action: 'macie2:DisableMacie' }),
    ).toBe('ImplicitlyDenied');
  });

  it('refuses requests it cannot simulate faithfully', async () => {
    await expect(simulate({}, { ...base, resource: `${BUCKET}/*` })).rejects.toThrow(/must be concrete/);
    await expect(simulate({}, { ...base, resource: '*' })).rejects.toThrow(
      /s3:GetObject acts on resources: give a concrete ARN, not \*/,
    );
    await expect(simulate({}, { ...base, resourceAccount: undefined })).rejects.toThrow(
      /give resourceAccount/,
    );
    await expect(simulate({}, { ...base, action: 's3:GetObjects' })).rejects.toThrow(/did not run/);
    await expect(
      simulate({ identityPolicies: [ALLOW_ALL_S3] }, { ...base, principal: 'anonymous' }),
    ).rejects.toThrow(/did not run/);
    await expect(simulate({}, { ...base, principal: 'app-role' })).rejects.toThrow(
      /not an IAM principal ARN/,
    );
  });
});

describe('vocabularyProblems', () => {
  it('accepts a policy whose actions and keys exist and apply', async () => {
    const policy = doc({
      Sid: 'Ok',
      Effect: 'Deny',
      Principal: '*',
      Action: ['s3:PutObject', 's3:Get*'],
      Resource: `${BUCKET}/*`,
      Condition: {
        StringNotEqualsIfExists: { 's3:x-amz-server-side-encryption': 'aws:kms' },
        Bool: { 'aws:SecureTransport': 'false' },
      },
    });
    expect(await vocabularyProblems(policy)).toEqual([]);
  });

  it('names unknown actions, unknown keys and keys no action carries', async () => {
    const policy = doc(
      {
        Sid: 'Typo',
        Effect: 'Allow',
        Principal: '*',
        Action: ['s3:GetObjects', 's3:Fetch*'],
        Resource: OBJECT,
      },
      {
        Sid: 'BadKey',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: OBJECT,
        Condition: {
          StringNotEquals: {
            'aws:SourceVpcEndpoint': 'vpce-1',
            's3:x-amz-server-side-encryption': 'aws:kms',
          },
        },
      },
    );
    expect(await vocabularyProblems(JSON.stringify(policy))).toEqual([
      'statement "Typo": action s3:GetObjects matches no known action',
      'statement "Typo": action s3:Fetch* matches no known action',
      'statement "BadKey": StringNotEquals condition key aws:SourceVpcEndpoint does not exist',
      `statement "BadKey": condition key s3:x-amz-server-side-encryption is carried by none of the statement's actions`,
    ]);
  });
});
