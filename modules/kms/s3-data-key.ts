import { Construct } from 'constructs';
import { AwsEnvironment, PolicyStatement, iamPrincipalArnRule } from '../core';
import { CustomerManagedKey, CustomerManagedKeyProps, KEY_USE_ACTIONS, keyAdministration } from './key';

export interface S3DataKeyProps extends CustomerManagedKeyProps {
  /** @default 'Encrypts Amazon S3 data (managed by cdktf-s3-security)' */
  readonly description?: string;
  /**
   * IAM principals that administer the key (not use it). The account root always
   * administers, so IAM policies can delegate administration.
   * @default []
   */
  readonly administratorArns?: readonly string[];
  /**
   * IAM principals that may use the key directly, outside S3 (for example a
   * client that encrypts before upload). Principals of the account can always use
   * it through S3 when their IAM policy allows.
   * @default []
   */
  readonly userArns?: readonly string[];
}

/** IAM principals a bucket policy lets read or write objects, who use the bucket's key through S3. */
export interface BucketKeyUse {
  /** IAM role or user ARNs of this account (a role's sessions count as the role). */
  readonly principalArns: readonly string[];
  /** `read`: kms:Decrypt; `read-write`: also kms:GenerateDataKey, for uploads. */
  readonly access: 'read' | 'read-write';
}

/**
 * A customer managed KMS key for S3 data: rotation on, a 30-day deletion window,
 * and a least-privilege key policy. The account administers the key; principals
 * of the account use it only through S3 in this region (kms:ViaService); named
 * services use it only for this account (aws:SourceAccount, aws:SourceArn).
 */
export class S3DataKey extends CustomerManagedKey {
  constructor(scope: Construct, id: string, props: S3DataKeyProps = {}) {
    super(scope, id, props, {
      module: 'S3DataKey',
      description: props.description ?? 'Encrypts Amazon S3 data (managed by cdktf-s3-security)',
      validate: (v) => {
        (props.administratorArns ?? []).forEach((arn, i) =>
          v.rule(`administratorArns[${i}]`, arn, iamPrincipalArnRule),
        );
        (props.userArns ?? []).forEach((arn, i) => v.rule(`userArns[${i}]`, arn, iamPrincipalArnRule));
      },
      statements: (env) => s3DataKeyStatements(env, props),
    });
  }

  private bucketGrants = 0;

  /**
   * Lets the principals that a bucket's policy names use this key through S3,
   * for that bucket only, with no IAM policy of their own: the key policy
   * allows them kms:Decrypt (and kms:GenerateDataKey for writers) only when S3
   * calls KMS for them (`kms:ViaService`) with the bucket's encryption context
   * (`kms:EncryptionContext:aws:s3:arn`: the bucket ARN with S3 Bucket Keys, an
   * object ARN without). Without it a principal the bucket policy allows still
   * gets kms:Decrypt implicitly denied unless its IAM policy allows the key.
   * `uses` is called at synth time, when the bucket policy is complete.
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html#encryption-context
   */
  public grantUseThroughBucket(bucketArn: string, uses: () => readonly BucketKeyUse[]): void {
    this.bucketGrants += 1;
    const sid = `Bucket${this.bucketGrants}Grantees`;
    this.addDeferredStatements('S3DataKey.grantUseThroughBucket', () =>
      bucketUseStatements(AwsEnvironment.of(this), sid, bucketArn, uses()),
    );
  }
}

function bucketUseStatements(
  env: AwsEnvironment,
  sid: string,
  bucketArn: string,
  uses: readonly BucketKeyUse[],
): PolicyStatement[] {
  const statements: PolicyStatement[] = [];
  const writers = new Set(uses.filter((u) => u.access === 'read-write').flatMap((u) => u.principalArns));
  const readers = new Set(uses.flatMap((u) => u.principalArns).filter((p) => !writers.has(p)));
  for (const access of ['read', 'read-write'] as const) {
    const principals = [...(access === 'read' ? readers : writers)].sort();
    if (principals.length === 0) continue;
    statements.push({
      Sid: `${sid}${access === 'read' ? 'Read' : 'ReadWrite'}ThroughS3`,
      Effect: 'Allow',
      Principal: { AWS: principals.length === 1 ? principals[0] : principals },
      Action: access === 'read' ? ['kms:Decrypt'] : ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: '*',
      Condition: {
        StringEquals: {
          'kms:ViaService': `s3.${env.region}.amazonaws.com`,
          'kms:CallerAccount': env.accountId,
        },
        StringLike: { 'kms:EncryptionContext:aws:s3:arn': [bucketArn, `${bucketArn}/*`] },
      },
    });
  }
  return statements;
}

function s3DataKeyStatements(env: AwsEnvironment, props: S3DataKeyProps): PolicyStatement[] {
  const statements: PolicyStatement[] = [
    {
      Sid: 'AccountUsesKeyThroughS3',
      Effect: 'Allow',
      Principal: { AWS: env.accountRootArn },
      Action: KEY_USE_ACTIONS,
      Resource: '*',
      Condition: {
        StringEquals: {
          'kms:ViaService': `s3.${env.region}.amazonaws.com`,
          'kms:CallerAccount': env.accountId,
        },
      },
    },
  ];
  if (props.administratorArns?.length) {
    statements.push(...keyAdministration('NamedAdministrators', props.administratorArns));
  }
  if (props.userArns?.length) {
    statements.push({
      Sid: 'NamedUsers',
      Effect: 'Allow',
      Principal: { AWS: [...props.userArns] },
      Action: KEY_USE_ACTIONS,
      Resource: '*',
    });
  }
  return statements;
}

/** True for a construct that is an {@link S3DataKey} (used to accept a key or an ARN). */
export function isS3DataKey(value: unknown): value is S3DataKey {
  return value instanceof S3DataKey;
}
