import { TerraformStack, TerraformVariable } from 'cdktf';
import {
  ALLOW_LISTED_PRINCIPALS_SID,
  DENY_INSECURE_TRANSPORT_SID,
  DENY_OUTDATED_TLS_SID,
  allowCloudTrailDelivery,
  allowConfigDelivery,
  denyBucketPolicyChanges,
  denyInsecureTransport,
  denyObjectDeletion,
  denyOutdatedTls,
  denySseCUploads,
  denyUnexpectedEncryption,
  denyWrongKmsKey,
  grantRead,
  grantReadWrite,
  restrictToOrganization,
  restrictToOrganizationPaths,
  restrictToPrincipals,
  restrictToSourceIps,
  restrictToVpcEndpoints,
  restrictToVpcs,
  withExemptions,
} from '../../../modules/bucket-policy';
import { AwsEnvironment } from '../../../modules/core';
import { testStack } from '../../helpers';

const B = 'arn:aws:s3:::acme-data-111122223333';
const OBJECTS = [B, `${B}/*`];
const BREAK_GLASS = 'arn:aws:iam::111122223333:role/break-glass';
const SERVICES = { BoolIfExists: { 'aws:PrincipalIsAWSService': 'false', 'aws:ViaAWSService': 'false' } };
const SERVICE_PRINCIPALS = { BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' } };
const SERVICE_LINKED_ROLES = 'arn:aws:iam::*:role/aws-service-role/*';

describe('transport templates', () => {
  it('keep their Sids and shapes, and accept a break-glass exemption', () => {
    expect(denyInsecureTransport(B)).toEqual({
      Sid: DENY_INSECURE_TRANSPORT_SID,
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: OBJECTS,
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
    expect(denyOutdatedTls(B, 1.3, { exemptPrincipalArns: [BREAK_GLASS] })).toMatchObject({
      Sid: DENY_OUTDATED_TLS_SID,
      Condition: {
        NumericLessThan: { 's3:TlsVersion': '1.3' },
        ArnNotLike: { 'aws:PrincipalArn': BREAK_GLASS },
      },
    });
  });
});

describe('network templates', () => {
  it('restrictToSourceIps denies outside the ranges, sparing AWS services and exempt principals', () => {
    expect(
      restrictToSourceIps(B, {
        cidrs: ['2001:db8::/32', '203.0.113.0/24'],
        exemptPrincipalArns: [BREAK_GLASS],
      }),
    ).toEqual({
      Sid: 'DenyOutsideSourceIps',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: OBJECTS,
      Condition: {
        NotIpAddress: { 'aws:SourceIp': ['2001:db8::/32', '203.0.113.0/24'] },
        ArnNotLike: { 'aws:PrincipalArn': [SERVICE_LINKED_ROLES, BREAK_GLASS] },
        ...SERVICES,
      },
    });
  });

  it('can cover some actions only and leave services restricted', () => {
    const st = restrictToSourceIps(B, {
      cidrs: ['203.0.113.0/24'],
      actions: ['s3:PutObject', 's3:GetObject'],
      exemptAwsServices: false,
      exemptServiceLinkedRoles: false,
    });
    expect(st.Action).toEqual(['s3:GetObject', 's3:PutObject']);
    expect(st.Condition).toEqual({ NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } });
  });

  it('restrictToVpcEndpoints and restrictToVpcs compare aws:SourceVpce and aws:SourceVpc', () => {
    expect(restrictToVpcEndpoints(B, { endpointIds: ['vpce-0a1b2c3d4e5f67890'] })).toMatchObject({
      Sid: 'DenyOutsideVpcEndpoints',
      Condition: {
        StringNotEquals: { 'aws:SourceVpce': 'vpce-0a1b2c3d4e5f67890' },
        ArnNotLike: { 'aws:PrincipalArn': SERVICE_LINKED_ROLES },
        ...SERVICES,
      },
    });
    expect(restrictToVpcs(B, { vpcIds: ['vpc-1a2b3c4d', 'vpc-0a1b2c3d4e5f67890'] })).toMatchObject({
      Sid: 'DenyOutsideVpcs',
      Condition: { StringNotEquals: { 'aws:SourceVpc': ['vpc-0a1b2c3d4e5f67890', 'vpc-1a2b3c4d'] } },
    });
  });
});

describe('principal and organization templates', () => {
  it('restrictToPrincipals denies the unlisted and grants read-write to the listed', () => {
    const app = 'arn:aws:iam::111122223333:role/app';
    const [deny, bucket, objects] = restrictToPrincipals(B, {
      principalArns: [app],
      exemptPrincipalArns: [BREAK_GLASS],
    });
    expect(deny).toMatchObject({
      Sid: 'DenyUnlistedPrincipals',
      Effect: 'Deny',
      // Identity restrictions spare service principals only: forward access sessions carry the caller's ARN.
      Condition: {
        ArnNotLike: { 'aws:PrincipalArn': [SERVICE_LINKED_ROLES, app, BREAK_GLASS] },
        ...SERVICE_PRINCIPALS,
      },
    });
    expect(bucket).toMatchObject({
      Sid: `${ALLOW_LISTED_PRINCIPALS_SID}Bucket`,
      Principal: { AWS: app },
      Resource: B,
    });
    expect(objects).toMatchObject({ Sid: `${ALLOW_LISTED_PRINCIPALS_SID}Objects`, Resource: `${B}/*` });
    expect(objects.Action).toContain('s3:PutObject');
  });

  it('restrictToPrincipals with access none only denies, and accepts name patterns', () => {
    const statements = restrictToPrincipals(B, {
      principalArns: ['arn:aws:iam::111122223333:role/app-*'],
      access: 'none',
    });
    expect(statements).toHaveLength(1);
    expect(statements[0].Effect).toBe('Deny');
  });

  it('restrictToOrganization and restrictToOrganizationPaths', () => {
    expect(restrictToOrganization(B, { organizationId: 'o-a1b2c3d4e5' }).Condition).toEqual({
      StringNotEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' },
      ArnNotLike: { 'aws:PrincipalArn': SERVICE_LINKED_ROLES },
      ...SERVICE_PRINCIPALS,
    });
    expect(
      restrictToOrganizationPaths(B, { paths: ['o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*'] }).Condition,
    ).toMatchObject({
      'ForAllValues:StringNotLike': { 'aws:PrincipalOrgPaths': 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*' },
    });
  });
});

describe('encryption templates', () => {
  const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

  it('deny only a header that is sent, unless the header is required', () => {
    expect(denyUnexpectedEncryption(B, { algorithm: 'aws:kms' })).toEqual({
      Sid: 'DenyUnexpectedEncryption',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:PutObject',
      Resource: `${B}/*`,
      Condition: {
        StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' },
        Null: { 's3:x-amz-server-side-encryption': 'false' },
      },
    });
    expect(denyUnexpectedEncryption(B, { algorithm: 'aws:kms', requireHeader: true }).Condition).toEqual({
      StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' },
    });
    expect(denyWrongKmsKey(B, { keyArn: KEY }).Condition).toEqual({
      StringNotEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': KEY },
      Null: { 's3:x-amz-server-side-encryption-aws-kms-key-id': 'false' },
    });
    expect(denySseCUploads(B).Condition).toEqual({
      Null: { 's3:x-amz-server-side-encryption-customer-algorithm': 'false' },
    });
  });
});

describe('protection templates', () => {
  it('deny deletions and policy changes to all but the named principals', () => {
    const admin = 'arn:aws:iam::111122223333:role/data-admin';
    expect(denyObjectDeletion(B, { allowedPrincipalArns: [admin] })).toEqual({
      Sid: 'DenyObjectDeletion',
      Effect: 'Deny',
      Principal: '*',
      Action: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
      Resource: `${B}/*`,
      Condition: { ArnNotLike: { 'aws:PrincipalArn': admin } },
    });
    expect(
      denyBucketPolicyChanges(B, { allowedPrincipalArns: [admin], exemptPrincipalArns: [BREAK_GLASS] }),
    ).toMatchObject({
      Sid: 'DenyBucketPolicyChanges',
      Action: ['s3:DeleteBucketPolicy', 's3:PutBucketPolicy'],
      Resource: B,
      Condition: { ArnNotLike: { 'aws:PrincipalArn': [BREAK_GLASS, admin] } },
    });
  });
});

describe('grants', () => {
  it('turn account ids into root ARNs of the bucket partition and never grant sensitive actions', () => {
    const gov = 'arn:aws-us-gov:s3:::acme-data';
    const [bucket, objects] = grantReadWrite(gov, { principals: ['444455556666'] });
    expect(bucket.Principal).toEqual({ AWS: 'arn:aws-us-gov:iam::444455556666:root' });
    const actions = [...(bucket.Action as string[]), ...(objects.Action as string[])];
    for (const sensitive of [
      's3:DeleteBucketPolicy',
      's3:PutBucketAcl',
      's3:PutBucketPolicy',
      's3:PutEncryptionConfiguration',
      's3:PutObjectAcl',
      's3:DeleteObjectVersion',
    ]) {
      expect(actions).not.toContain(sensitive);
    }
  });

  it('limit a grant to a prefix, listing included', () => {
    const [bucket, objects] = grantRead(B, {
      principals: ['444455556666'],
      prefix: 'shared/',
      sid: 'Partner',
    });
    expect(bucket).toMatchObject({
      Sid: 'PartnerBucket',
      Action: 's3:ListBucket',
      Condition: { StringLike: { 's3:prefix': 'shared/*' } },
    });
    expect(objects).toMatchObject({ Sid: 'PartnerObjects', Resource: `${B}/shared/*` });
  });
});

describe('delivery templates', () => {
  const trail = 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/main';

  it('CloudTrail: ACL check and write, both for the trail only', () => {
    const [acl, write] = allowCloudTrailDelivery(B, { trailArns: [trail], organizationId: 'o-a1b2c3d4e5' });
    expect(acl).toEqual({
      Sid: 'AWSCloudTrailAclCheck',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:GetBucketAcl',
      Resource: B,
      Condition: { StringEquals: { 'aws:SourceArn': trail } },
    });
    expect(write).toEqual({
      Sid: 'AWSCloudTrailWrite',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: [`${B}/AWSLogs/111122223333/*`, `${B}/AWSLogs/o-a1b2c3d4e5/*`],
      Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trail } },
    });
  });

  it('AWS Config: ACL check, existence check and delivery, for the accounts and their channels', () => {
    const statements = allowConfigDelivery(B, { accountIds: ['111122223333'], prefix: 'config/' });
    expect(statements.map((s) => [s.Sid, s.Action])).toEqual([
      ['AWSConfigBucketPermissionsCheck', 's3:GetBucketAcl'],
      ['AWSConfigBucketExistenceCheck', 's3:ListBucket'],
      ['AWSConfigBucketDelivery', 's3:PutObject'],
    ]);
    expect(statements[2]).toMatchObject({
      Resource: `${B}/config/AWSLogs/111122223333/Config/*`,
      Condition: {
        StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceAccount': '111122223333' },
        ArnLike: { 'aws:SourceArn': 'arn:aws:config:*:111122223333:*' },
      },
    });
  });
});

describe('Terraform tokens', () => {
  it('pass validation and stay in the statement, so an unconfigured environment still works', () => {
    const stack: TerraformStack = testStack('unknown');
    const arn = AwsEnvironment.of(stack).bucketArn('acme-data');
    const vpce = new TerraformVariable(stack, 'vpce', { type: 'string' }).stringValue;
    const st = restrictToVpcEndpoints(arn, { endpointIds: [vpce] });
    expect(st.Resource).toEqual([arn, `${arn}/*`]);
    expect(st.Condition?.StringNotEquals).toEqual({ 'aws:SourceVpce': vpce });
    const [, write] = allowCloudTrailDelivery(arn, {
      trailArns: [`arn:${AwsEnvironment.of(stack).partition}:cloudtrail:eu-west-1:111122223333:trail/main`],
    });
    expect(write.Resource).toBe(`${arn}/AWSLogs/111122223333/*`);
  });
});

describe('withExemptions', () => {
  it('merges break-glass principals into an ArnNotLike list already there', () => {
    expect(
      withExemptions({ ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/b' } }, [
        'arn:aws:iam::111122223333:role/a',
        'arn:aws:iam::111122223333:role/b',
      ]),
    ).toEqual({
      ArnNotLike: {
        'aws:PrincipalArn': ['arn:aws:iam::111122223333:role/a', 'arn:aws:iam::111122223333:role/b'],
      },
    });
  });
});
