import { PolicyStatement, kmsKeyArnRule } from '../core';
import { BreakGlassOptions, TemplateValidator, withExemptions } from './common';

export const DENY_UNEXPECTED_ENCRYPTION_SID = 'DenyUnexpectedEncryption';
export const DENY_WRONG_KMS_KEY_SID = 'DenyWrongKmsKey';
export const DENY_SSE_C_UPLOADS_SID = 'DenySseCUploads';

/** Server-side encryption values of the `x-amz-server-side-encryption` header. */
export const UPLOAD_ENCRYPTIONS = ['aws:kms', 'aws:kms:dsse', 'AES256'] as const;
export type UploadEncryption = (typeof UPLOAD_ENCRYPTIONS)[number];

export interface UnexpectedEncryptionProps extends BreakGlassOptions {
  /** The server-side encryption uploads must use: `aws:kms`, `aws:kms:dsse` or `AES256` (SSE-S3). */
  readonly algorithm: UploadEncryption;
  /**
   * Also deny uploads that send no encryption header. Off by default: S3 then
   * applies the bucket's default encryption, and services that deliver logs
   * send no header.
   * @default false
   */
  readonly requireHeader?: boolean;
}

/**
 * Denies uploads (`s3:PutObject`, which covers copies and multipart uploads)
 * that ask for another server-side encryption than `algorithm`. With
 * `requireHeader`, uploads without the header are denied as well.
 *
 * Lock-out risk: low (writes only). With `requireHeader`, clients and services
 * that rely on default encryption fail to upload.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html
 */
export function denyUnexpectedEncryption(
  bucketArn: string,
  props: UnexpectedEncryptionProps,
): PolicyStatement {
  const v = new TemplateValidator('denyUnexpectedEncryption');
  v.bucketArn(bucketArn);
  v.check(
    (UPLOAD_ENCRYPTIONS as readonly string[]).includes(props.algorithm),
    'algorithm',
    props.algorithm,
    `must be one of ${UPLOAD_ENCRYPTIONS.join(', ')}`,
  );
  v.breakGlass(props);
  v.throwIfAny();
  // StringNotEquals is true when the header is absent; Null false limits the deny to a header that is sent.
  return uploadDeny(
    DENY_UNEXPECTED_ENCRYPTION_SID,
    bucketArn,
    {
      StringNotEquals: { 's3:x-amz-server-side-encryption': props.algorithm },
      ...(props.requireHeader ? {} : { Null: { 's3:x-amz-server-side-encryption': 'false' } }),
    },
    props,
  );
}

export interface WrongKmsKeyProps extends BreakGlassOptions {
  /**
   * The KMS key uploads may name, as a key ARN: S3 compares the
   * `x-amz-server-side-encryption-aws-kms-key-id` header as sent, so clients
   * must send the key ARN (or no key, to use the bucket's default key).
   */
  readonly keyArn: string;
}

/**
 * Denies uploads that name a KMS key other than `keyArn`. Uploads that name no
 * key use the bucket's default key.
 *
 * Lock-out risk: low (writes only); clients that send a key id or alias
 * instead of the key ARN are denied.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/specifying-kms-encryption.html
 */
export function denyWrongKmsKey(bucketArn: string, props: WrongKmsKeyProps): PolicyStatement {
  const v = new TemplateValidator('denyWrongKmsKey');
  v.bucketArn(bucketArn);
  if (props.keyArn === undefined) v.fail('keyArn', props.keyArn, 'is required');
  v.rule(
    'keyArn',
    props.keyArn,
    (arn: string) =>
      kmsKeyArnRule(arn) ??
      (arn.includes(':alias/')
        ? 'is an alias ARN: S3 compares the key ARN the client sends, give the key ARN'
        : undefined),
  );
  v.breakGlass(props);
  v.throwIfAny();
  // An upload that names no key uses the bucket's default key: deny only a key that is named.
  return uploadDeny(
    DENY_WRONG_KMS_KEY_SID,
    bucketArn,
    {
      StringNotEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': props.keyArn },
      Null: { 's3:x-amz-server-side-encryption-aws-kms-key-id': 'false' },
    },
    props,
  );
}

/**
 * Denies uploads with customer-provided keys (SSE-C): S3 cannot audit, rotate
 * or recover such keys, and whoever holds one controls the data. Complements
 * the bucket's `blocked_encryption_types`.
 *
 * Lock-out risk: none for clients that do not use SSE-C.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerSideEncryptionCustomerKeys.html
 */
export function denySseCUploads(bucketArn: string, options: BreakGlassOptions = {}): PolicyStatement {
  const v = new TemplateValidator('denySseCUploads');
  v.bucketArn(bucketArn);
  v.breakGlass(options);
  v.throwIfAny();
  return uploadDeny(
    DENY_SSE_C_UPLOADS_SID,
    bucketArn,
    {
      Null: { 's3:x-amz-server-side-encryption-customer-algorithm': 'false' },
    },
    options,
  );
}

function uploadDeny(
  sid: string,
  bucketArn: string,
  condition: Parameters<typeof withExemptions>[0],
  options: BreakGlassOptions,
): PolicyStatement {
  return {
    Sid: sid,
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:PutObject',
    Resource: `${bucketArn}/*`,
    Condition: withExemptions(condition, options.exemptPrincipalArns),
  };
}
