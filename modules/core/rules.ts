/**
 * Pure value rules shared by the modules. Each returns `undefined` when the
 * value is acceptable and otherwise the rule it breaks, phrased to follow the
 * value in an error message ("... is not a valid S3 bucket name: ...").
 */

export const PARTITIONS = [
  'aws',
  'aws-cn',
  'aws-us-gov',
  'aws-iso',
  'aws-iso-b',
  'aws-iso-e',
  'aws-iso-f',
  'aws-eusc',
] as const;
export type Partition = (typeof PARTITIONS)[number];

const PARTITION_PATTERN = PARTITIONS.map((p) => p.replace(/-/g, '\\-')).join('|');
const IPV4_LIKE = /^\d{1,3}(\.\d{1,3}){3}$/;
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

/**
 * S3 general purpose bucket naming rules, plus one of ours: no dots, because a
 * dotted name breaks TLS certificate validation for virtual-hosted-style
 * requests and Transfer Acceleration.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
 */
export function bucketNameRule(name: string): string | undefined {
  const bad = (why: string) => `is not a valid S3 bucket name: ${why}`;
  if (typeof name !== 'string') return bad('it must be a string');
  if (name.length < 3 || name.length > 63)
    return bad(`it must be 3 to 63 characters long (it has ${name.length})`);
  if (!/^[a-z0-9.-]+$/.test(name)) return bad('only lowercase letters, digits, hyphens and dots are allowed');
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name))
    return bad('it must begin and end with a letter or digit');
  if (IPV4_LIKE.test(name)) return bad('it must not be formatted as an IP address');
  for (const prefix of RESERVED_PREFIXES) {
    if (name.startsWith(prefix)) return bad(`the prefix "${prefix}" is reserved by AWS`);
  }
  for (const suffix of RESERVED_SUFFIXES) {
    if (name.endsWith(suffix)) return bad(`the suffix "${suffix}" is reserved by AWS`);
  }
  if (name.includes('..')) return bad('it must not contain two adjacent dots');
  if (name.includes('.'))
    return bad('dots break TLS certificate validation for virtual-hosted-style requests; use hyphens');
  return undefined;
}

export function accountIdRule(id: string): string | undefined {
  return typeof id === 'string' && /^\d{12}$/.test(id)
    ? undefined
    : 'is not an AWS account id: it must be exactly 12 digits';
}

export function partitionRule(partition: string): string | undefined {
  return (PARTITIONS as readonly string[]).includes(partition)
    ? undefined
    : `is not an AWS partition: expected one of ${PARTITIONS.join(', ')}`;
}

export function regionRule(region: string): string | undefined {
  return typeof region === 'string' && /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(region)
    ? undefined
    : 'is not an AWS region code (for example eu-west-1 or us-gov-west-1)';
}

/** A KMS key ARN (`arn:<partition>:kms:<region>:<account>:key/<id>`) or alias ARN. */
export function kmsKeyArnRule(arn: string): string | undefined {
  const re = new RegExp(
    `^arn:(${PARTITION_PATTERN}):kms:[a-z0-9-]+:\\d{12}:(key/[A-Za-z0-9-]+|alias/[A-Za-z0-9/_-]+)$`,
  );
  if (typeof arn === 'string' && re.test(arn)) return undefined;
  return 'is not a KMS key ARN: expected arn:<partition>:kms:<region>:<account-id>:key/<key-id> (a key id or alias name alone is ambiguous across accounts)';
}

/** An IAM role, user or root principal ARN, allowing `*` wildcards in the name part. */
export function iamPrincipalArnRule(arn: string): string | undefined {
  const re = new RegExp(
    `^arn:(${PARTITION_PATTERN}):(iam::(\\d{12}|\\*):(root|(user|role|assumed-role)/[\\w+=,.@/*-]+)|sts::\\d{12}:assumed-role/[\\w+=,.@/*-]+)$`,
  );
  return typeof arn === 'string' && re.test(arn)
    ? undefined
    : 'is not an IAM principal ARN: expected arn:<partition>:iam::<account-id>:role/<name>, :user/<name> or :root';
}

/** An MFA device serial number: an ARN of a virtual or hardware device, or a hardware serial. */
export function mfaSerialRule(serial: string): string | undefined {
  const arn = new RegExp(`^arn:(${PARTITION_PATTERN}):iam::\\d{12}:(mfa|u2f)/[\\w+=,.@/-]+$`);
  return typeof serial === 'string' && (arn.test(serial) || /^[A-Z0-9]{9,20}$/.test(serial))
    ? undefined
    : 'is not an MFA device serial: expected arn:<partition>:iam::<account-id>:mfa/<device-name> of the root user';
}

/** AWS tag keys and values (S3 and most services). */
export function tagKeyRule(key: string): string | undefined {
  if (typeof key !== 'string' || key.length < 1 || key.length > 128)
    return 'is not a valid tag key: 1 to 128 characters';
  if (key.toLowerCase().startsWith('aws:')) return 'is not a valid tag key: the aws: prefix is reserved';
  if (!/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u.test(key))
    return 'is not a valid tag key: only letters, digits, spaces and _ . : / = + - @ are allowed';
  return undefined;
}

export function tagValueRule(value: string): string | undefined {
  if (typeof value !== 'string' || value.length > 256)
    return 'is not a valid tag value: at most 256 characters';
  if (!/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u.test(value))
    return 'is not a valid tag value: only letters, digits, spaces and _ . : / = + - @ are allowed';
  return undefined;
}

/** Turns any text into a valid tag value (disallowed characters become spaces, cut to 256). */
export function toTagValue(text: string): string {
  return text
    .replace(/[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 256);
}

/** A KMS alias name: `alias/<name>`, not in the reserved `alias/aws/` space. */
export function kmsAliasRule(alias: string): string | undefined {
  if (typeof alias !== 'string' || !/^alias\/[A-Za-z0-9/_-]{1,250}$/.test(alias))
    return 'is not a KMS alias: expected alias/<name> with letters, digits, /, _ and -';
  if (alias.startsWith('alias/aws/'))
    return 'is not a usable KMS alias: alias/aws/ is reserved for AWS managed keys';
  return undefined;
}

/** An S3 key prefix used for logs: no leading slash, ends with `/` so keys group cleanly. */
export function logPrefixRule(prefix: string): string | undefined {
  if (typeof prefix !== 'string' || prefix.length > 512)
    return 'is not a valid log prefix: at most 512 characters';
  if (prefix.startsWith('/')) return 'is not a valid log prefix: it must not begin with "/"';
  if (prefix.length > 0 && !prefix.endsWith('/'))
    return 'is not a valid log prefix: end it with "/" so log keys group under it';
  return undefined;
}
