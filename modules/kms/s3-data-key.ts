import { Construct } from 'constructs';
import { AwsEnvironment, PolicyStatement, iamPrincipalArnRule } from '../core';
import { CustomerManagedKey, CustomerManagedKeyProps, KEY_ADMIN_ACTIONS, KEY_USE_ACTIONS } from './key';

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
    statements.push({
      Sid: 'NamedAdministrators',
      Effect: 'Allow',
      Principal: { AWS: [...props.administratorArns] },
      Action: KEY_ADMIN_ACTIONS,
      Resource: '*',
    });
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
