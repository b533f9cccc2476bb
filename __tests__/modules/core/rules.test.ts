import {
  accountIdRule,
  arnRule,
  cidrRule,
  cloudTrailArnRule,
  ipv4CidrRule,
  ipv6CidrRule,
  keyPrefixRule,
  organizationIdRule,
  organizationPathRule,
  organizationalUnitIdRule,
  principalArnPatternRule,
  principalArnRule,
  s3BucketArnRule,
  serviceActionRule,
  servicePrincipalRule,
  vpcEndpointIdRule,
  vpcIdRule,
  bucketNameRule,
  iamPrincipalArnRule,
  kmsAliasRule,
  kmsKeyArnRule,
  logPrefixRule,
  mfaSerialRule,
  partitionOfRegion,
  regionRule,
  tagKeyRule,
  tagValueRule,
  toTagValue,
} from '../../../modules/core';

describe('bucketNameRule', () => {
  it.each(['abc', 'acme-data-123456789012', 'a'.repeat(63), '0-starts-with-digit'])('accepts %s', (name) => {
    expect(bucketNameRule(name)).toBeUndefined();
  });

  it.each([
    ['My_Bucket', /only lowercase letters, digits, hyphens and dots/],
    ['ab', /3 to 63 characters long \(it has 2\)/],
    ['a'.repeat(64), /3 to 63 characters long \(it has 64\)/],
    ['-abc', /begin and end with a letter or digit/],
    ['abc-', /begin and end with a letter or digit/],
    ['192.168.5.4', /formatted as an IP address/],
    ['xn--abc', /prefix "xn--" is reserved/],
    ['sthree-abc', /prefix "sthree-" is reserved/],
    ['amzn-s3-demo-bucket', /prefix "amzn-s3-demo-" is reserved/],
    ['data-s3alias', /suffix "-s3alias" is reserved/],
    ['data--ol-s3', /suffix "--ol-s3" is reserved/],
    ['data.mrap', /suffix ".mrap" is reserved/],
    ['data--x-s3', /suffix "--x-s3" is reserved/],
    ['data--table-s3', /suffix "--table-s3" is reserved/],
    ['a..b', /two adjacent dots/],
    ['my.bucket', /dots break TLS certificate validation/],
  ])('rejects %s', (name, why) => {
    expect(bucketNameRule(name)).toMatch(/^is not a valid S3 bucket name: /);
    expect(bucketNameRule(name)).toMatch(why);
  });
});

describe('identifier rules', () => {
  it('service principals are <name>.amazonaws.com, regional ones included', () => {
    expect(servicePrincipalRule('logging.s3.amazonaws.com')).toBeUndefined();
    expect(servicePrincipalRule('logs.eu-west-1.amazonaws.com')).toBeUndefined();
    expect(servicePrincipalRule('logs.cn-north-1.amazonaws.com.cn')).toBeUndefined();
    expect(servicePrincipalRule('ssm')).toMatch(/not an AWS service principal/);
    expect(servicePrincipalRule('arn:aws:iam::111122223333:root')).toMatch(/not an AWS service principal/);
  });

  it('account ids are 12 digits', () => {
    expect(accountIdRule('123456789012')).toBeUndefined();
    expect(accountIdRule('12345678901')).toMatch(/exactly 12 digits/);
    expect(accountIdRule('12345678901a')).toMatch(/exactly 12 digits/);
  });

  it('regions look like region codes', () => {
    expect(regionRule('eu-west-1')).toBeUndefined();
    expect(regionRule('us-gov-west-1')).toBeUndefined();
    expect(regionRule('Europe')).toMatch(/not an AWS region code/);
  });

  it('derives the partition from the region', () => {
    expect(partitionOfRegion('eu-west-1')).toBe('aws');
    expect(partitionOfRegion('cn-north-1')).toBe('aws-cn');
    expect(partitionOfRegion('us-gov-east-1')).toBe('aws-us-gov');
  });

  it('KMS key ARNs are partition-aware and need an account', () => {
    expect(
      kmsKeyArnRule('arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'),
    ).toBeUndefined();
    expect(kmsKeyArnRule('arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/abcd')).toBeUndefined();
    expect(kmsKeyArnRule('arn:aws:kms:eu-west-1:111122223333:alias/data')).toBeUndefined();
    expect(kmsKeyArnRule('1234abcd-12ab-34cd-56ef-1234567890ab')).toMatch(/not a KMS key ARN/);
    expect(kmsKeyArnRule('arn:aws:kms:eu-west-1:123:key/abcd')).toMatch(/not a KMS key ARN/);
    expect(kmsKeyArnRule('arn:aws-mars:kms:eu-west-1:111122223333:key/abcd')).toMatch(/not a KMS key ARN/);
  });

  it('IAM principal ARNs', () => {
    expect(iamPrincipalArnRule('arn:aws:iam::111122223333:role/admin')).toBeUndefined();
    expect(iamPrincipalArnRule('arn:aws:iam::111122223333:role/path/break-glass')).toBeUndefined();
    expect(iamPrincipalArnRule('arn:aws:iam::111122223333:root')).toBeUndefined();
    expect(iamPrincipalArnRule('arn:aws-cn:iam::111122223333:user/alice')).toBeUndefined();
    expect(iamPrincipalArnRule('arn:aws:s3:::bucket')).toMatch(/not an IAM principal ARN/);
    expect(iamPrincipalArnRule('admin')).toMatch(/not an IAM principal ARN/);
  });

  it('MFA serials', () => {
    expect(mfaSerialRule('arn:aws:iam::111122223333:mfa/root-account-mfa-device')).toBeUndefined();
    expect(mfaSerialRule('GAHT12345678')).toBeUndefined();
    expect(mfaSerialRule('my phone')).toMatch(/not an MFA device serial/);
  });

  it('KMS aliases', () => {
    expect(kmsAliasRule('alias/s3/data')).toBeUndefined();
    expect(kmsAliasRule('data')).toMatch(/expected alias\/<name>/);
    expect(kmsAliasRule('alias/aws/s3')).toMatch(/reserved for AWS managed keys/);
  });

  it('log prefixes', () => {
    expect(logPrefixRule('data/')).toBeUndefined();
    expect(logPrefixRule('')).toBeUndefined();
    expect(logPrefixRule('/data/')).toMatch(/must not begin with "\/"/);
    expect(logPrefixRule('data')).toMatch(/end it with "\/"/);
  });

  it('tags', () => {
    expect(tagKeyRule('team')).toBeUndefined();
    expect(tagKeyRule('aws:created')).toMatch(/aws: prefix is reserved/);
    expect(tagKeyRule('')).toMatch(/1 to 128 characters/);
    expect(tagValueRule('a{b}')).toMatch(/only letters, digits/);
    expect(tagValueRule('x'.repeat(257))).toMatch(/at most 256/);
    expect(toTagValue('cache, rebuilt (daily)!')).toBe('cache rebuilt daily');
    expect(tagValueRule(toTagValue('any {text} at all; with "quotes"'))).toBeUndefined();
  });
});

describe('network rules', () => {
  it.each(['203.0.113.0/24', '10.0.0.0/8', '0.0.0.0/0', '198.51.100.7/32', '192.0.2.128/25'])(
    'IPv4 CIDR %s is valid',
    (cidr) => {
      expect(ipv4CidrRule(cidr)).toBeUndefined();
      expect(cidrRule(cidr)).toBeUndefined();
    },
  );

  it.each([
    ['203.0.113.0', /expected <address>\/<prefix length 0-32>/],
    ['203.0.113.0/33', /expected <address>\/<prefix length 0-32>/],
    ['203.0.113.0/08', /expected <address>\/<prefix length 0-32>/],
    ['256.0.113.0/24', /"256.0.113.0" is not a dotted IPv4 address/],
    ['203.0.113/24', /"203.0.113" is not a dotted IPv4 address/],
    ['203.0.113.5/24', /host bits are set; the block is 203.0.113.0\/24/],
    ['10.1.2.3/8', /host bits are set; the block is 10.0.0.0\/8/],
  ])('IPv4 CIDR %s is rejected', (cidr, why) => {
    expect(ipv4CidrRule(cidr)).toMatch(/^is not an IPv4 CIDR block: /);
    expect(ipv4CidrRule(cidr)).toMatch(why);
  });

  it.each(['2001:db8::/32', '::/0', '2001:db8:0:0:0:0:0:1/128', 'fd00::/8', '2001:DB8:ABCD::/48'])(
    'IPv6 CIDR %s is valid',
    (cidr) => {
      expect(ipv6CidrRule(cidr)).toBeUndefined();
      expect(cidrRule(cidr)).toBeUndefined();
    },
  );

  it.each([
    ['2001:db8::', /expected <address>\/<prefix length 0-128>/],
    ['2001:db8::/129', /expected <address>\/<prefix length 0-128>/],
    ['2001:db8:::/32', /is not an IPv6 address/],
    ['2001:db8::1::/64', /is not an IPv6 address/],
    ['2001:db8:0:0:0:0:0:0:1/128', /is not an IPv6 address/],
    ['2001:gb8::/32', /is not an IPv6 address/],
    ['2001:db8::1/32', /host bits are set beyond the \/32 prefix/],
    ['::ffff:203.0.113.0/120', /write IPv4 ranges in IPv4 notation/],
  ])('IPv6 CIDR %s is rejected', (cidr, why) => {
    expect(ipv6CidrRule(cidr)).toMatch(/^is not an IPv6 CIDR block: /);
    expect(ipv6CidrRule(cidr)).toMatch(why);
  });

  it('dispatches on the address family', () => {
    expect(cidrRule('2001:db8::1/32')).toMatch(/IPv6 CIDR block/);
    expect(cidrRule('203.0.113.5/24')).toMatch(/IPv4 CIDR block/);
  });

  it('VPC endpoint and VPC ids', () => {
    expect(vpcEndpointIdRule('vpce-0a1b2c3d4e5f67890')).toBeUndefined();
    expect(vpcEndpointIdRule('vpce-1a2b3c4d')).toBeUndefined();
    expect(vpcEndpointIdRule('vpce-0A1B2C3D4E5F67890')).toMatch(/not a VPC endpoint id/);
    expect(vpcEndpointIdRule('vpc-0a1b2c3d4e5f67890')).toMatch(/not a VPC endpoint id/);
    expect(vpcIdRule('vpc-0a1b2c3d4e5f67890')).toBeUndefined();
    expect(vpcIdRule('vpc-1a2b3c4d')).toBeUndefined();
    expect(vpcIdRule('vpc-1a2b3c')).toMatch(/not a VPC id/);
    expect(vpcIdRule('vpce-1a2b3c4d')).toMatch(/not a VPC id/);
  });
});

describe('organization rules', () => {
  it('organization and OU ids', () => {
    expect(organizationIdRule('o-a1b2c3d4e5')).toBeUndefined();
    expect(organizationIdRule('o-a1b2c3')).toMatch(/not an AWS Organizations id/);
    expect(organizationIdRule('O-A1B2C3D4E5')).toMatch(/not an AWS Organizations id/);
    expect(organizationalUnitIdRule('ou-ab12-11111111')).toBeUndefined();
    expect(organizationalUnitIdRule('ou-ab12')).toMatch(/not an organizational unit id/);
  });

  it.each([
    'o-a1b2c3d4e5/*',
    'o-a1b2c3d4e5/r-ab12/*',
    'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/',
    'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*',
    'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/',
  ])('organization path %s is valid', (path) => {
    expect(organizationPathRule(path)).toBeUndefined();
  });

  it.each([
    'o-a1b2c3d4e5',
    'o-a1b2c3d4e5/ou-ab12-11111111/',
    'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111',
    'r-ab12/ou-ab12-11111111/',
    'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*/',
  ])('organization path %s is rejected', (path) => {
    expect(organizationPathRule(path)).toMatch(/is not an organization path/);
  });
});

describe('ARN rules are partition-aware', () => {
  it('any ARN', () => {
    expect(arnRule('arn:aws:cloudtrail:eu-west-1:111122223333:trail/main')).toBeUndefined();
    expect(arnRule('arn:aws-cn:s3:::bucket')).toBeUndefined();
    expect(arnRule('arn:aws-us-gov:iam::aws:policy/ReadOnlyAccess')).toBeUndefined();
    expect(arnRule('arn:aws-mars:s3:::bucket')).toMatch(/is not an ARN/);
    expect(arnRule('bucket')).toMatch(/is not an ARN/);
  });

  it('S3 bucket ARNs', () => {
    expect(s3BucketArnRule('arn:aws:s3:::acme-data')).toBeUndefined();
    expect(s3BucketArnRule('arn:aws-cn:s3:::acme-data')).toBeUndefined();
    expect(s3BucketArnRule('arn:aws-us-gov:s3:::legacy.dotted.name')).toBeUndefined();
    expect(s3BucketArnRule('arn:aws:s3:::acme-data/*')).toMatch(/not an S3 bucket ARN/);
    expect(s3BucketArnRule('arn:aws:s3:::Acme')).toMatch(/not an S3 bucket ARN/);
    expect(s3BucketArnRule('arn:aws:s3:eu-west-1:111122223333:accesspoint/ap')).toMatch(
      /not an S3 bucket ARN/,
    );
  });

  it('CloudTrail trail ARNs', () => {
    expect(cloudTrailArnRule('arn:aws:cloudtrail:eu-west-1:111122223333:trail/main')).toBeUndefined();
    expect(
      cloudTrailArnRule('arn:aws-us-gov:cloudtrail:us-gov-west-1:111122223333:trail/org'),
    ).toBeUndefined();
    expect(cloudTrailArnRule('arn:aws:cloudtrail:eu-west-1:111122223333:main')).toMatch(
      /not a CloudTrail trail ARN/,
    );
  });

  it('principal ARNs for the Principal element: no wildcard, no session', () => {
    expect(principalArnRule('arn:aws:iam::111122223333:role/app')).toBeUndefined();
    expect(principalArnRule('arn:aws-cn:iam::111122223333:user/ops/alice')).toBeUndefined();
    expect(principalArnRule('arn:aws:iam::111122223333:root')).toBeUndefined();
    expect(principalArnRule('arn:aws:iam::111122223333:role/app-*')).toMatch(/without wildcards/);
    expect(principalArnRule('arn:aws:sts::111122223333:assumed-role/app/s')).toMatch(/usable in Principal/);
    expect(principalArnRule('arn:aws:iam::111122223333:role/')).toMatch(/usable in Principal/);
  });

  it('principal ARN patterns for aws:PrincipalArn: wildcards in the name, a named account', () => {
    expect(principalArnPatternRule('arn:aws:iam::111122223333:role/app-*')).toBeUndefined();
    expect(principalArnPatternRule('arn:aws-us-gov:iam::111122223333:role/ops/?dmin')).toBeUndefined();
    expect(principalArnPatternRule('arn:aws:iam::*:role/admin')).toMatch(/not an IAM principal ARN pattern/);
    expect(principalArnPatternRule('arn:aws:iam::111122223333:group/admins')).toMatch(
      /not an IAM principal ARN pattern/,
    );
  });

  it('key prefixes', () => {
    expect(keyPrefixRule('incoming/')).toBeUndefined();
    expect(keyPrefixRule('a/b/')).toBeUndefined();
    expect(keyPrefixRule('/incoming/')).toMatch(/must not begin with/);
    expect(keyPrefixRule('incoming')).toMatch(/end it with "\/"/);
    expect(keyPrefixRule('in*/')).toMatch(/wildcards are added by the template/);
    expect(keyPrefixRule('')).toMatch(/1 to 512 characters/);
  });

  it('service actions', () => {
    expect(serviceActionRule('s3')('s3:GetObject')).toBeUndefined();
    expect(serviceActionRule('s3')('s3:Get*')).toBeUndefined();
    expect(serviceActionRule('s3')('kms:Decrypt')).toMatch(/is not an s3 action/);
  });
});
