import {
  LOG_RETENTION_DAYS,
  configRuleNameRule,
  emailRule,
  eventRuleNameRule,
  iamRoleNameRule,
  logGroupNameRule,
  logRetentionRule,
  snsTopicNameRule,
  trailNameRule,
} from '../../../modules/core';

describe('service value rules', () => {
  it.each([...LOG_RETENTION_DAYS])('accepts a retention of %i days', (d) => {
    expect(logRetentionRule(d)).toBeUndefined();
  });

  it.each([0, 2, 10, 366, 3650, 1.5])('rejects a retention of %d days', (d) => {
    expect(logRetentionRule(d)).toMatch(/^is not a retention CloudWatch Logs accepts: one of 1, 3, 5/);
  });

  it.each(['security-alerts@example.com', 'first.last+tag@sub.example.co.uk'])('accepts %s', (e) => {
    expect(emailRule(e)).toBeUndefined();
  });

  it.each(['security-alerts', 'a@b', 'a b@example.com', 'Ops <ops@example.com>', '@example.com', 'a@-x.com'])(
    'rejects %s',
    (e) => {
      expect(emailRule(e)).toMatch(/^is not an e-mail address/);
    },
  );

  it.each([
    ['main', undefined],
    ['s3-security-trail', undefined],
    ['ab', /3 to 128 characters/],
    ['-main', /begin and end with a letter or digit/],
    ['a__b', /must not be adjacent/],
    ['10.0.0.1', /IP address/],
    ['my trail', /only letters, digits/],
  ])('trail name %s', (name, why) => {
    if (why) expect(trailNameRule(name)).toMatch(why);
    else expect(trailNameRule(name)).toBeUndefined();
  });

  it.each<[(v: string) => string | undefined, string, string]>([
    [
      iamRoleNameRule,
      'role name!',
      'is not a valid IAM role name: only letters, digits and + = , . @ _ - are allowed',
    ],
    [iamRoleNameRule, 'r'.repeat(65), 'is not a valid IAM role name: 1 to 64 characters'],
    [
      snsTopicNameRule,
      'topic.fifo',
      'is not a valid SNS topic name: only letters, digits, "_" and "-" are allowed',
    ],
    [
      logGroupNameRule,
      'group name',
      'is not a valid log group name: only letters, digits and . - _ / # are allowed',
    ],
    [
      configRuleNameRule,
      'rule name',
      'is not a valid AWS Config rule name: only letters, digits, ".", "_" and "-" are allowed',
    ],
    [eventRuleNameRule, 'r'.repeat(65), 'is not a valid EventBridge rule name: 1 to 64 characters'],
  ])('rejects bad names (%#)', (rule, value, message) => {
    expect(rule(value)).toBe(message);
  });

  it.each<[(v: string) => string | undefined, string]>([
    [iamRoleNameRule, 'ssm-remediation-versioning'],
    [snsTopicNameRule, 's3-security-alerts'],
    [logGroupNameRule, '/aws/cloudtrail/main'],
    [configRuleNameRule, 's3-bucket-ssl-requests-only'],
    [eventRuleNameRule, 's3-security-s3-bucket-changes'],
  ])('accepts good names (%#)', (rule, value) => {
    expect(rule(value)).toBeUndefined();
  });
});
