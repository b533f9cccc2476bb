import { PolicyStatement, principalArnPatternRule } from '../core';
import { BreakGlassOptions, TemplateValidator, conditionValues, withExemptions } from './common';

export const DENY_OBJECT_DELETION_SID = 'DenyObjectDeletion';
export const DENY_BUCKET_POLICY_CHANGES_SID = 'DenyBucketPolicyChanges';

export interface ProtectionProps extends BreakGlassOptions {
  /**
   * The only principals that may still perform the protected actions (role,
   * user or root ARNs; `*` and `?` allowed in the name). Their IAM policies
   * must allow the actions too.
   */
  readonly allowedPrincipalArns: readonly string[];
}

/**
 * Denies deleting objects and object versions (`s3:DeleteObject`,
 * `s3:DeleteObjectVersion`) to everyone but the named principals. Lifecycle
 * expiration is not a request and is not affected.
 *
 * Lock-out risk: medium. Nobody else can delete, including the role that
 * applies this Terraform when it empties the bucket.
 */
export function denyObjectDeletion(bucketArn: string, props: ProtectionProps): PolicyStatement {
  return protect(
    'denyObjectDeletion',
    DENY_OBJECT_DELETION_SID,
    ['s3:DeleteObject', 's3:DeleteObjectVersion'],
    `${bucketArn}/*`,
    bucketArn,
    props,
  );
}

/**
 * Denies replacing or deleting the bucket policy (`s3:PutBucketPolicy`,
 * `s3:DeleteBucketPolicy`) to everyone but the named principals, so nobody
 * else can remove the other statements of this policy.
 *
 * Lock-out risk: high. The role that applies this Terraform must be listed, or
 * the next `terraform apply` cannot update the policy. S3 always lets the
 * account root user of the bucket owner put and delete the policy, which is the
 * way back in.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucketPolicy.html
 */
export function denyBucketPolicyChanges(bucketArn: string, props: ProtectionProps): PolicyStatement {
  return protect(
    'denyBucketPolicyChanges',
    DENY_BUCKET_POLICY_CHANGES_SID,
    ['s3:DeleteBucketPolicy', 's3:PutBucketPolicy'],
    bucketArn,
    bucketArn,
    props,
  );
}

function protect(
  template: string,
  sid: string,
  actions: string[],
  resource: string,
  bucketArn: string,
  props: ProtectionProps,
): PolicyStatement {
  const v = new TemplateValidator(template);
  v.bucketArn(bucketArn);
  v.list(
    'allowedPrincipalArns',
    props.allowedPrincipalArns,
    principalArnPatternRule,
    'would let nobody, not even administrators, perform these actions',
  );
  v.breakGlass(props);
  v.throwIfAny();
  return {
    Sid: sid,
    Effect: 'Deny',
    Principal: '*',
    Action: actions,
    Resource: resource,
    Condition: withExemptions(
      { ArnNotLike: { 'aws:PrincipalArn': conditionValues(props.allowedPrincipalArns) } },
      props.exemptPrincipalArns,
    ),
  };
}
