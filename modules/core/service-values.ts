/**
 * Value rules for the monitoring and compliance modules: names AWS services
 * accept, e-mail endpoints and CloudWatch Logs retention. Like rules.ts, each
 * returns `undefined` for an acceptable value, otherwise the rule it breaks.
 */

/**
 * Retention periods CloudWatch Logs accepts, in days.
 * @see https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
 */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export function logRetentionRule(days: number): string | undefined {
  return (LOG_RETENTION_DAYS as readonly number[]).includes(days)
    ? undefined
    : `is not a retention CloudWatch Logs accepts: one of ${LOG_RETENTION_DAYS.join(', ')} days`;
}

/**
 * An e-mail address for an SNS subscription: one `@`, a dotted domain, no
 * spaces or angle brackets (a display name like `Ops <ops@example.com>` is not
 * an endpoint).
 */
export function emailRule(email: string): string | undefined {
  if (typeof email !== 'string' || email.length > 254)
    return 'is not an e-mail address: at most 254 characters';
  return /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/.test(
    email,
  )
    ? undefined
    : 'is not an e-mail address (expected name@example.com, without a display name)';
}

/**
 * A CloudTrail trail name: 3 to 128 letters, digits, `.`, `_` and `-`,
 * beginning and ending with a letter or digit, no adjacent `.`, `_` or `-`,
 * not formatted as an IP address.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html
 */
export function trailNameRule(name: string): string | undefined {
  const bad = (why: string) => `is not a valid trail name: ${why}`;
  if (typeof name !== 'string' || name.length < 3 || name.length > 128) return bad('3 to 128 characters');
  if (!/^[A-Za-z0-9._-]+$/.test(name)) return bad('only letters, digits, ".", "_" and "-" are allowed');
  if (!/^[A-Za-z0-9]/.test(name) || !/[A-Za-z0-9]$/.test(name))
    return bad('it must begin and end with a letter or digit');
  if (/[._-]{2}/.test(name)) return bad('".", "_" and "-" must not be adjacent');
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return bad('it must not be formatted as an IP address');
  return undefined;
}

/** A name made of the given characters with a length range, for the simple AWS naming schemes. */
function simpleNameRule(what: string, pattern: RegExp, allowed: string, max: number) {
  return (name: string): string | undefined => {
    if (typeof name !== 'string' || name.length < 1 || name.length > max)
      return `is not a valid ${what}: 1 to ${max} characters`;
    return pattern.test(name) ? undefined : `is not a valid ${what}: only ${allowed} are allowed`;
  };
}

/** @see https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html */
export const iamRoleNameRule = simpleNameRule(
  'IAM role name',
  /^[\w+=,.@-]+$/,
  'letters, digits and + = , . @ _ -',
  64,
);

/** @see https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html */
export const snsTopicNameRule = simpleNameRule(
  'SNS topic name',
  /^[A-Za-z0-9_-]+$/,
  'letters, digits, "_" and "-"',
  256,
);

/** @see https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html */
export const logGroupNameRule = simpleNameRule(
  'log group name',
  /^[.\-_/#A-Za-z0-9]+$/,
  'letters, digits and . - _ / #',
  512,
);

/** AWS Config rule names (`ConfigRuleName`): 1 to 128 characters, no spaces. */
export const configRuleNameRule = simpleNameRule(
  'AWS Config rule name',
  /^[A-Za-z0-9._-]+$/,
  'letters, digits, ".", "_" and "-"',
  128,
);

/** EventBridge rule names and CloudWatch alarm and metric names used by the modules. */
export const eventRuleNameRule = simpleNameRule(
  'EventBridge rule name',
  /^[.\-_A-Za-z0-9]+$/,
  'letters, digits, ".", "-" and "_"',
  64,
);
