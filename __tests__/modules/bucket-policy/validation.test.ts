import { TerraformVariable } from 'cdktf';
import {
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
  TlsVersion,
  UploadEncryption,
} from '../../../modules/bucket-policy';
import { expectError, testStack } from '../../helpers';

const B = 'arn:aws:s3:::acme-data-111122223333';
const ROLE = 'arn:aws:iam::111122223333:role/app';

/** Each parameter rule, with the message that names the template, the parameter, the value and the rule. */
describe('template parameters are validated with a message naming template, parameter, value and rule', () => {
  it.each([
    [
      () => restrictToVpcs('arn:aws:s3:::acme-data/key', { vpcIds: ['vpc-1a2b3c4d'] }),
      'restrictToVpcs: bucketArn "arn:aws:s3:::acme-data/key" is not an S3 bucket ARN',
    ],
    [
      () => denyInsecureTransport(undefined as unknown as string),
      'denyInsecureTransport: bucketArn undefined is required',
    ],
    [
      () => denyInsecureTransport('arn:aws-mars:s3:::acme-data'),
      'denyInsecureTransport: bucketArn "arn:aws-mars:s3:::acme-data" is not an S3 bucket ARN',
    ],
    [
      () => denyOutdatedTls(B, 1.1 as TlsVersion),
      'denyOutdatedTls: minimumVersion 1.1 must be one of 1.2, 1.3',
    ],
    [
      () => restrictToSourceIps(B, { cidrs: [] }),
      'restrictToSourceIps: cidrs [] must not be empty: an empty list would deny everyone',
    ],
    [
      () => restrictToSourceIps(B, { cidrs: undefined as unknown as string[] }),
      'restrictToSourceIps: cidrs undefined is required',
    ],
    [
      () => restrictToSourceIps(B, { cidrs: '203.0.113.0/24' as unknown as string[] }),
      'restrictToSourceIps: cidrs "203.0.113.0/24" must be a list',
    ],
    [
      () => restrictToSourceIps(B, { cidrs: ['203.0.113.0/33'] }),
      'restrictToSourceIps: cidrs[0] "203.0.113.0/33" is not an IPv4 CIDR block',
    ],
    [
      () => restrictToSourceIps(B, { cidrs: ['203.0.113.0/24', '2001:db8::/129'] }),
      'restrictToSourceIps: cidrs[1] "2001:db8::/129" is not an IPv6 CIDR block',
    ],
    [
      () => restrictToSourceIps(B, { cidrs: ['0.0.0.0/0'] }),
      'restrictToSourceIps: cidrs[0] "0.0.0.0/0" matches every address: the restriction would do nothing',
    ],
    [
      () => restrictToSourceIps(B, { cidrs: ['::/0'] }),
      'restrictToSourceIps: cidrs[0] "::/0" matches every address',
    ],
    [
      () => restrictToSourceIps(B, { cidrs: ['203.0.113.0/24', '203.0.113.0/24'] }),
      'restrictToSourceIps: cidrs ["203.0.113.0/24","203.0.113.0/24"] lists 203.0.113.0/24 twice',
    ],
    [
      () => restrictToSourceIps(B, { cidrs: ['203.0.113.0/24'], actions: [] }),
      'restrictToSourceIps: actions [] must not be empty: an empty list would cover nothing',
    ],
    [
      () => restrictToSourceIps(B, { cidrs: ['203.0.113.0/24'], actions: ['ec2:RunInstances'] }),
      'restrictToSourceIps: actions[0] "ec2:RunInstances" is not an s3 action',
    ],
    [
      () =>
        restrictToSourceIps(B, { cidrs: ['203.0.113.0/24'], exemptAwsServices: 'yes' as unknown as boolean }),
      'restrictToSourceIps: exemptAwsServices "yes" must be true or false',
    ],
    [
      () => restrictToVpcEndpoints(B, { endpointIds: ['vpce-xyz'] }),
      'restrictToVpcEndpoints: endpointIds[0] "vpce-xyz" is not a VPC endpoint id',
    ],
    [
      () =>
        restrictToVpcEndpoints(B, {
          endpointIds: ['vpce-0a1b2c3d4e5f67890'],
          exemptPrincipalArns: ['admin'],
        }),
      'restrictToVpcEndpoints: exemptPrincipalArns[0] "admin" is not an IAM principal ARN pattern',
    ],
    [
      () =>
        restrictToVpcEndpoints(B, {
          endpointIds: ['vpce-0a1b2c3d4e5f67890'],
          exemptPrincipalArns: ['arn:aws:iam::*:role/admin'],
        }),
      'restrictToVpcEndpoints: exemptPrincipalArns[0] "arn:aws:iam::*:role/admin" is not an IAM principal ARN pattern',
    ],
    [
      () => restrictToVpcs(B, { vpcIds: ['vpc_main'] }),
      'restrictToVpcs: vpcIds[0] "vpc_main" is not a VPC id',
    ],
    [
      () => restrictToPrincipals(B, { principalArns: [] }),
      'restrictToPrincipals: principalArns [] must not be empty: an empty list would deny everyone',
    ],
    [
      () => restrictToPrincipals(B, { principalArns: ['arn:aws:iam::111122223333:role/app-*'] }),
      'restrictToPrincipals: principalArns[0] "arn:aws:iam::111122223333:role/app-*" is not an IAM principal ARN usable in Principal',
    ],
    [
      () => restrictToPrincipals(B, { principalArns: ['arn:aws:sts::111122223333:assumed-role/app/s'] }),
      'is not an IAM principal ARN usable in Principal',
    ],
    [
      () => restrictToPrincipals(B, { principalArns: [ROLE], access: 'admin' as 'read' }),
      'restrictToPrincipals: access "admin" must be read, read-write or none',
    ],
    [
      () => restrictToOrganization(B, { organizationId: 'o-123' }),
      'restrictToOrganization: organizationId "o-123" is not an AWS Organizations id',
    ],
    [
      () => restrictToOrganization(B, {} as { organizationId: string }),
      'restrictToOrganization: organizationId undefined is required',
    ],
    [
      () => restrictToOrganizationPaths(B, { paths: ['o-a1b2c3d4e5/ou-ab12-11111111/'] }),
      'restrictToOrganizationPaths: paths[0] "o-a1b2c3d4e5/ou-ab12-11111111/" is not an organization path',
    ],
    [
      () => denyUnexpectedEncryption(B, { algorithm: 'SSE-KMS' as UploadEncryption }),
      'denyUnexpectedEncryption: algorithm "SSE-KMS" must be one of aws:kms, aws:kms:dsse, AES256',
    ],
    [
      () => denyWrongKmsKey(B, { keyArn: 'arn:aws:kms:eu-west-1:111122223333:alias/data' }),
      'denyWrongKmsKey: keyArn "arn:aws:kms:eu-west-1:111122223333:alias/data" is an alias ARN',
    ],
    [
      () => denyWrongKmsKey(B, { keyArn: '1234abcd-12ab-34cd-56ef-1234567890ab' }),
      'denyWrongKmsKey: keyArn "1234abcd-12ab-34cd-56ef-1234567890ab" is not a KMS key ARN',
    ],
    [() => denyWrongKmsKey(B, {} as { keyArn: string }), 'denyWrongKmsKey: keyArn undefined is required'],
    [
      () => denySseCUploads(B, { exemptPrincipalArns: ['root'] }),
      'denySseCUploads: exemptPrincipalArns[0] "root" is not an IAM principal ARN pattern',
    ],
    [
      () => denyObjectDeletion(B, { allowedPrincipalArns: [] }),
      'denyObjectDeletion: allowedPrincipalArns [] must not be empty: an empty list would let nobody, not even administrators, perform these actions',
    ],
    [
      () => denyBucketPolicyChanges(B, { allowedPrincipalArns: ['terraform'] }),
      'denyBucketPolicyChanges: allowedPrincipalArns[0] "terraform" is not an IAM principal ARN pattern',
    ],
    [
      () => grantRead(B, { principals: [] }),
      'grantRead: principals [] must not be empty: an empty list would grant nothing',
    ],
    [
      () => grantRead(B, { principals: ['44445555666'] }),
      'grantRead: principals[0] "44445555666" is not an AWS account id',
    ],
    [
      () => grantReadWrite(B, { principals: ['arn:aws:iam::444455556666:group/partners'] }),
      'grantReadWrite: principals[0] "arn:aws:iam::444455556666:group/partners" is not an IAM principal ARN usable in Principal',
    ],
    [
      () => grantReadWrite(B, { principals: [ROLE], prefix: 'incoming' }),
      'grantReadWrite: prefix "incoming" is not a valid key prefix: end it with "/"',
    ],
    [
      () => grantRead(B, { principals: [ROLE], prefix: 'shared/*' }),
      'grantRead: prefix "shared/*" is not a valid key prefix: wildcards are added by the template',
    ],
    [
      () => grantRead(B, { principals: [ROLE], prefix: '' }),
      'grantRead: prefix "" is not a valid key prefix: 1 to 512',
    ],
    [
      () => grantReadWrite(B, { principals: [ROLE], sid: 'partner-write' }),
      'grantReadWrite: sid "partner-write" must be letters and digits, starting with a letter',
    ],
    [
      () => allowCloudTrailDelivery(B, { trailArns: ['arn:aws:cloudtrail:eu-west-1:111122223333:main'] }),
      'allowCloudTrailDelivery: trailArns[0] "arn:aws:cloudtrail:eu-west-1:111122223333:main" is not a CloudTrail trail ARN',
    ],
    [
      () => allowCloudTrailDelivery(B, { trailArns: [] }),
      'allowCloudTrailDelivery: trailArns [] must not be empty: an empty list would let no trail deliver',
    ],
    [
      () =>
        allowCloudTrailDelivery(B, {
          trailArns: ['arn:aws:cloudtrail:eu-west-1:111122223333:trail/main'],
          organizationId: 'org-1',
        }),
      'allowCloudTrailDelivery: organizationId "org-1" is not an AWS Organizations id',
    ],
    [
      () =>
        allowCloudTrailDelivery(B, {
          trailArns: ['arn:aws:cloudtrail:eu-west-1:111122223333:trail/main'],
          accountIds: ['1111'],
        }),
      'allowCloudTrailDelivery: accountIds[0] "1111" is not an AWS account id',
    ],
    [
      () => allowConfigDelivery(B, { accountIds: [] }),
      'allowConfigDelivery: accountIds [] must not be empty: an empty list would let no account deliver',
    ],
    [
      () => allowConfigDelivery(B, { accountIds: ['111122223333'], regions: ['Ireland'] }),
      'allowConfigDelivery: regions[0] "Ireland" is not an AWS region code',
    ],
    [
      () => allowConfigDelivery(B, { accountIds: ['111122223333'], prefix: '/config/' }),
      'allowConfigDelivery: prefix "/config/" is not a valid log prefix: it must not begin with "/"',
    ],
  ])('%# rejects bad input', (fn, message) => {
    expectError(fn, message);
  });

  it('reports every problem of one call together', () => {
    expectError(
      () => restrictToVpcs('bucket', { vpcIds: ['vpc-x'], exemptPrincipalArns: ['x'] }),
      'restrictToVpcs: bucketArn "bucket"',
      'restrictToVpcs: vpcIds[0] "vpc-x"',
      'restrictToVpcs: exemptPrincipalArns[0] "x"',
    );
  });

  it('asks for the accounts when the trail ARNs are Terraform tokens', () => {
    const stack = testStack();
    const trail = new TerraformVariable(stack, 'trail', { type: 'string' }).stringValue;
    expectError(
      () => allowCloudTrailDelivery(B, { trailArns: [trail] }),
      'allowCloudTrailDelivery: accountIds undefined is required when the trail ARNs are Terraform tokens',
    );
    expect(allowCloudTrailDelivery(B, { trailArns: [trail], accountIds: ['111122223333'] })[1].Resource).toBe(
      `${B}/AWSLogs/111122223333/*`,
    );
  });

  it('refuses an exemption list that is a Terraform list token', () => {
    const stack = testStack();
    const list = new TerraformVariable(stack, 'exempt', { type: 'list(string)' }).listValue;
    expectError(
      () => denySseCUploads(B, { exemptPrincipalArns: list }),
      'denySseCUploads: exemptPrincipalArns <Terraform token> must be a literal list',
    );
  });
});
