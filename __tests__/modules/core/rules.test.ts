import {
  accountIdRule,
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
