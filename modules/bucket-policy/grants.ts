import { PolicyStatement, accountIdRule, isToken, keyPrefixRule, principalArnRule } from '../core';
import { TemplateValidator, oneOrMany, partitionOf, uniqueSorted } from './common';

/** The actions of a grant: on the bucket (listing) and on its objects. */
export interface GrantActions {
  readonly bucket: readonly string[];
  readonly objects: readonly string[];
}

/** Read objects and their versions, list the bucket. */
export const READ_ACTIONS: GrantActions = {
  bucket: ['s3:GetBucketLocation', 's3:ListBucket'],
  objects: ['s3:GetObject', 's3:GetObjectVersion'],
};

/**
 * Read, write and delete current objects (a delete marker in a versioned
 * bucket: versions stay), including multipart uploads. Deleting versions,
 * ACLs, the bucket policy and encryption settings are never part of a grant
 * (Security Hub S3.6).
 */
export const READ_WRITE_ACTIONS: GrantActions = {
  bucket: [...READ_ACTIONS.bucket, 's3:ListBucketMultipartUploads'],
  objects: [
    ...READ_ACTIONS.objects,
    's3:AbortMultipartUpload',
    's3:DeleteObject',
    's3:ListMultipartUploadParts',
    's3:PutObject',
  ],
};

export interface GrantProps {
  /**
   * Who gets access: IAM role or user ARNs, account root ARNs, or 12-digit
   * account ids (that account then delegates with its own IAM policies).
   * Principals of another account also need an IAM policy of their own, and
   * kms:Decrypt on the bucket's key. This account's roles and users get the use
   * of a SecureBucket's S3DataKey through S3 from the key policy.
   */
  readonly principals: readonly string[];
  /**
   * Only keys under this prefix, ending in `/`.
   * @default '' - the whole bucket
   */
  readonly prefix?: string;
  /**
   * Sid prefix of the two statements, `<sid>Bucket` and `<sid>Objects`; give
   * each grant on a bucket its own.
   * @default 'GrantRead' or 'GrantReadWrite'
   */
  readonly sid?: string;
}

/**
 * Lets the named principals or accounts read the bucket (or a prefix of it).
 * Lock-out risk: none (an Allow).
 */
export function grantRead(bucketArn: string, props: GrantProps): PolicyStatement[] {
  return grant('grantRead', 'GrantRead', READ_ACTIONS, bucketArn, props);
}

/**
 * Lets the named principals or accounts read, write and delete current
 * objects. For another account's writes, the bucket must enforce bucket-owner
 * ownership (ACLs disabled, the SecureBucket default) so this account owns
 * what they write; SecureBucket checks this when the grant is added.
 * Lock-out risk: none (an Allow).
 */
export function grantReadWrite(bucketArn: string, props: GrantProps): PolicyStatement[] {
  return grant('grantReadWrite', 'GrantReadWrite', READ_WRITE_ACTIONS, bucketArn, props);
}

/** An account id, or a role, user or root ARN usable in `Principal`. */
function granteeRule(value: string): string | undefined {
  if (typeof value === 'string' && /^\d+$/.test(value)) return accountIdRule(value);
  return principalArnRule(value);
}

/** The `Principal.AWS` value of a grantee: account ids become the account's root ARN. */
export function granteeArn(bucketArn: string, grantee: string): string {
  return !isToken(grantee) && /^\d{12}$/.test(grantee)
    ? `arn:${partitionOf(bucketArn)}:iam::${grantee}:root`
    : grantee;
}

export function grant(
  template: string,
  defaultSid: string,
  actions: GrantActions,
  bucketArn: string,
  props: GrantProps,
): PolicyStatement[] {
  const v = new TemplateValidator(template);
  v.bucketArn(bucketArn);
  v.list('principals', props.principals, granteeRule, 'would grant nothing');
  v.rule('prefix', props.prefix, keyPrefixRule);
  if (props.sid !== undefined)
    v.check(
      typeof props.sid === 'string' && /^[A-Za-z][A-Za-z0-9]{0,90}$/.test(props.sid),
      'sid',
      props.sid,
      'must be letters and digits, starting with a letter',
    );
  v.throwIfAny();
  const sid = props.sid ?? defaultSid;
  const prefix = props.prefix ?? '';
  const principal = { AWS: oneOrMany(uniqueSorted(props.principals.map((p) => granteeArn(bucketArn, p)))) };
  return [
    {
      Sid: `${sid}Bucket`,
      Effect: 'Allow',
      Principal: principal,
      // Under a prefix, only listing that prefix: the other bucket actions carry no s3:prefix.
      Action: prefix ? 's3:ListBucket' : [...actions.bucket],
      Resource: bucketArn,
      ...(prefix ? { Condition: { StringLike: { 's3:prefix': `${prefix}*` } } } : {}),
    },
    {
      Sid: `${sid}Objects`,
      Effect: 'Allow',
      Principal: principal,
      Action: [...actions.objects],
      Resource: `${bucketArn}/${prefix}*`,
    },
  ];
}
