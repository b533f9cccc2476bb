/**
 * Pure value rules shared by the modules. Each returns `undefined` when the
 * value is acceptable and otherwise the rule it breaks, phrased to follow the
 * value in an error message ("... is not a valid S3 bucket name: ...").
 */
import { isAwsRegion } from './regions';

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

/** An AWS Region code of any partition (the list in regions.ts). */
export function regionRule(region: string): string | undefined {
  if (typeof region === 'string' && isAwsRegion(region)) return undefined;
  return typeof region === 'string' && /^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/.test(region)
    ? 'is not an AWS Region: no Region has this code (the known Regions are listed in modules/core/regions.ts)'
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

const IPV6_HEXTET = /^[0-9a-fA-F]{1,4}$/;

/** The 32-bit value of a dotted IPv4 address, or undefined when it is not one. */
function ipv4Value(address: string): number | undefined {
  const parts = address.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(part) || Number(part) > 255) return undefined;
    value = value * 256 + Number(part);
  }
  return value;
}

/** The 128-bit value of an IPv6 address in hex notation (`::` allowed), or undefined when it is not one. */
function ipv6Value(address: string): bigint | undefined {
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] === '' ? [] : halves[0].split(':');
  const tail = halves.length === 2 && halves[1] !== '' ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const hextets = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  let value = 0n;
  for (const h of hextets) {
    if (!IPV6_HEXTET.test(h)) return undefined;
    value = (value << 16n) | BigInt(parseInt(h, 16));
  }
  return value;
}

/**
 * An IPv4 CIDR block such as `203.0.113.0/24`, as `aws:SourceIp` takes it.
 * Host bits must be zero, so the written block is the block that applies.
 */
export function ipv4CidrRule(cidr: string): string | undefined {
  const bad = (why: string) => `is not an IPv4 CIDR block: ${why}`;
  if (typeof cidr !== 'string') return bad('it must be a string such as 203.0.113.0/24');
  const [address, prefix, ...rest] = cidr.split('/');
  if (rest.length > 0 || prefix === undefined || !/^(0|[1-9]\d?)$/.test(prefix) || Number(prefix) > 32)
    return bad('expected <address>/<prefix length 0-32>, such as 203.0.113.0/24');
  const value = ipv4Value(address);
  if (value === undefined) return bad(`"${address}" is not a dotted IPv4 address`);
  const bits = Number(prefix);
  const hostMask = bits === 32 ? 0 : 2 ** (32 - bits) - 1;
  if (value % (hostMask + 1) !== 0) {
    const network = value - (value % (hostMask + 1));
    const dotted = [24, 16, 8, 0].map((s) => Math.floor(network / 2 ** s) % 256).join('.');
    return bad(`host bits are set; the block is ${dotted}/${bits}`);
  }
  return undefined;
}

/** An IPv6 CIDR block such as `2001:db8::/32`. Host bits must be zero. */
export function ipv6CidrRule(cidr: string): string | undefined {
  const bad = (why: string) => `is not an IPv6 CIDR block: ${why}`;
  if (typeof cidr !== 'string') return bad('it must be a string such as 2001:db8::/32');
  const [address, prefix, ...rest] = cidr.split('/');
  if (rest.length > 0 || prefix === undefined || !/^(0|[1-9]\d{0,2})$/.test(prefix) || Number(prefix) > 128)
    return bad('expected <address>/<prefix length 0-128>, such as 2001:db8::/32');
  if (address.includes('.')) return bad('write IPv4 ranges in IPv4 notation, not as mapped IPv6 addresses');
  const value = ipv6Value(address);
  if (value === undefined) return bad(`"${address}" is not an IPv6 address`);
  const hostBits = BigInt(128 - Number(prefix));
  if (value & ((1n << hostBits) - 1n)) return bad(`host bits are set beyond the /${prefix} prefix`);
  return undefined;
}

/** An IPv4 or IPv6 CIDR block. */
export function cidrRule(cidr: string): string | undefined {
  if (typeof cidr === 'string' && cidr.includes(':')) return ipv6CidrRule(cidr);
  return ipv4CidrRule(cidr);
}

/** The prefix length of a CIDR block: 0 for `0.0.0.0/0` and `::/0`, which match every address. */
export function cidrPrefixLength(cidr: string): number {
  return Number(cidr.split('/')[1]);
}

/** A VPC endpoint id: `vpce-` and 8 or 17 hex digits. */
export function vpcEndpointIdRule(id: string): string | undefined {
  return typeof id === 'string' && /^vpce-([0-9a-f]{8}|[0-9a-f]{17})$/.test(id)
    ? undefined
    : 'is not a VPC endpoint id: expected vpce- and 8 or 17 lowercase hex digits, such as vpce-0a1b2c3d4e5f67890';
}

/** A VPC id: `vpc-` and 8 or 17 hex digits. */
export function vpcIdRule(id: string): string | undefined {
  return typeof id === 'string' && /^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/.test(id)
    ? undefined
    : 'is not a VPC id: expected vpc- and 8 or 17 lowercase hex digits, such as vpc-0a1b2c3d4e5f67890';
}

/** An AWS Organizations organization id: `o-` and 10 to 32 lowercase letters or digits. */
export function organizationIdRule(id: string): string | undefined {
  return typeof id === 'string' && /^o-[a-z0-9]{10,32}$/.test(id)
    ? undefined
    : 'is not an AWS Organizations id: expected o- and 10 to 32 lowercase letters or digits, such as o-a1b2c3d4e5';
}

/** An organizational unit id: `ou-<root part>-<8 to 32 characters>`. */
export function organizationalUnitIdRule(id: string): string | undefined {
  return typeof id === 'string' && /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/.test(id)
    ? undefined
    : 'is not an organizational unit id: expected ou-<4 to 32 characters>-<8 to 32 characters>, such as ou-ab12-11111111';
}

const ORG_PATH = /^o-[a-z0-9]{10,32}\/(\*|r-[0-9a-z]{4,32}\/(\*|(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}\/)*\*?))$/;

/**
 * An organization entity path as `aws:PrincipalOrgPaths` compares it:
 * `o-<org>/r-<root>/ou-<ou>/.../`, optionally ending in `*` to include the
 * children of the last entity.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgpaths
 */
export function organizationPathRule(path: string): string | undefined {
  return typeof path === 'string' && ORG_PATH.test(path)
    ? undefined
    : 'is not an organization path: expected o-<org-id>/r-<root-id>/ou-<ou-id>/ (each entity ending in "/", an optional final "*")';
}

/** Any ARN of a known partition: `arn:<partition>:<service>:<region>:<account>:<resource>`. */
export function arnRule(arn: string): string | undefined {
  const re = new RegExp(`^arn:(${PARTITION_PATTERN}):[a-z0-9-]+:[a-z0-9-]*:(\\d{12}|aws)?:.+$`);
  return typeof arn === 'string' && re.test(arn)
    ? undefined
    : `is not an ARN: expected arn:<partition>:<service>:<region>:<account-id>:<resource> with partition ${PARTITIONS.join(', ')}`;
}

/** An S3 bucket ARN, `arn:<partition>:s3:::<bucket>`. */
export function s3BucketArnRule(arn: string): string | undefined {
  const match =
    typeof arn === 'string' ? new RegExp(`^arn:(${PARTITION_PATTERN}):s3:::(.+)$`).exec(arn) : null;
  // AWS's naming rules only: an existing bucket may have a dotted name SecureBucket would not create.
  return match && /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(match[2])
    ? undefined
    : 'is not an S3 bucket ARN: expected arn:<partition>:s3:::<bucket-name> (no object key)';
}

/** A CloudTrail trail ARN, `arn:<partition>:cloudtrail:<region>:<account>:trail/<name>`. */
export function cloudTrailArnRule(arn: string): string | undefined {
  const re = new RegExp(
    `^arn:(${PARTITION_PATTERN}):cloudtrail:[a-z0-9-]+:\\d{12}:trail/[A-Za-z0-9._-]{3,128}$`,
  );
  return typeof arn === 'string' && re.test(arn)
    ? undefined
    : 'is not a CloudTrail trail ARN: expected arn:<partition>:cloudtrail:<region>:<account-id>:trail/<name>';
}

/**
 * An IAM role, user or account root ARN with no wildcard, as the `Principal`
 * element names it (IAM rejects wildcards and session ARNs there; a role's
 * sessions act as the role in `aws:PrincipalArn`).
 */
export function principalArnRule(arn: string): string | undefined {
  const re = new RegExp(`^arn:(${PARTITION_PATTERN}):iam::\\d{12}:(root|(user|role)/[\\w+=,.@/-]+)$`);
  return typeof arn === 'string' && re.test(arn) && !arn.endsWith('/')
    ? undefined
    : 'is not an IAM principal ARN usable in Principal: expected arn:<partition>:iam::<account-id>:role/<name>, :user/<name> or :root, without wildcards';
}

/**
 * A pattern for `aws:PrincipalArn` with `ArnLike`: a role, user or root ARN
 * whose name may use `*` and `?` wildcards. The account must be named: a
 * wildcard account would exempt principals of every AWS account.
 */
export function principalArnPatternRule(arn: string): string | undefined {
  const re = new RegExp(`^arn:(${PARTITION_PATTERN}):iam::\\d{12}:(root|(user|role)/[\\w+=,.@/*?-]+)$`);
  return typeof arn === 'string' && re.test(arn)
    ? undefined
    : 'is not an IAM principal ARN pattern: expected arn:<partition>:iam::<account-id>:role/<name> or :user/<name> (wildcards * and ? allowed in the name) or :root';
}

/** An IAM action of one service, such as `s3:GetObject` or `s3:Get*`. */
export function serviceActionRule(service: string): (action: string) => string | undefined {
  return (action) =>
    typeof action === 'string' && new RegExp(`^${service}:[A-Za-z*?]+$`).test(action)
      ? undefined
      : `is not an ${service} action: expected ${service}:<Action> (wildcards * and ? allowed)`;
}

/** An S3 key prefix that grants or restricts a folder: no leading slash, ends with `/`, not empty. */
export function keyPrefixRule(prefix: string): string | undefined {
  if (typeof prefix !== 'string' || prefix.length < 1 || prefix.length > 512)
    return 'is not a valid key prefix: 1 to 512 characters';
  if (prefix.startsWith('/')) return 'is not a valid key prefix: it must not begin with "/"';
  if (/[*?]/.test(prefix)) return 'is not a valid key prefix: wildcards are added by the template';
  if (!prefix.endsWith('/'))
    return 'is not a valid key prefix: end it with "/" so it names a folder, not a key start';
  return undefined;
}

/** An AWS service principal, such as `logging.s3.amazonaws.com` or `logs.eu-west-1.amazonaws.com`. */
export function servicePrincipalRule(service: string): string | undefined {
  return typeof service === 'string' && /^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(service)
    ? undefined
    : 'is not an AWS service principal (expected a name like logging.s3.amazonaws.com)';
}
