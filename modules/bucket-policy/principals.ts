import { PolicyStatement, principalArnPatternRule, principalArnRule } from '../core';
import { RestrictionOptions, TemplateValidator, conditionValues, restriction } from './common';
import { READ_ACTIONS, READ_WRITE_ACTIONS, grant } from './grants';

export const DENY_UNLISTED_PRINCIPALS_SID = 'DenyUnlistedPrincipals';
/** Sid prefix of the Allow statements: `AllowListedPrincipalsBucket` and `AllowListedPrincipalsObjects`. */
export const ALLOW_LISTED_PRINCIPALS_SID = 'AllowListedPrincipals';

export interface PrincipalRestrictionProps extends RestrictionOptions {
  /**
   * The IAM roles and users that may use the bucket (role, user or root ARNs).
   * A role's sessions count as the role.
   */
  readonly principalArns: readonly string[];
  /**
   * What the listed principals are granted by this policy: `read`,
   * `read-write`, or `none` when their IAM policies grant access (then the
   * ARNs may use `*` and `?` wildcards in the name).
   * @default 'read-write'
   */
  readonly access?: 'read' | 'read-write' | 'none';
}

/**
 * Restricts the bucket to named IAM principals: everyone else is denied
 * (`ArnNotLike aws:PrincipalArn`), and the named principals are allowed
 * (read-write by default). This account's roles and users need no IAM policy
 * for the granted actions when the bucket is a SecureBucket encrypted with an
 * S3DataKey (or SSE-S3): the SecureBucket lets them use its key through S3 for
 * this bucket in the key policy. With a key given by ARN, or with a bucket
 * that is not a SecureBucket, each of them also needs kms:Decrypt (and
 * kms:GenerateDataKey to write) from its IAM policy and the key policy.
 * Another account's principals always need an IAM policy and key access too.
 *
 * Lock-out risk: high. The role that applies this Terraform, console users and
 * administrators are denied unless listed or exempt; only the account root user
 * keeps the right to replace or delete the bucket policy.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
 */
export function restrictToPrincipals(bucketArn: string, props: PrincipalRestrictionProps): PolicyStatement[] {
  const v = new TemplateValidator('restrictToPrincipals');
  v.bucketArn(bucketArn);
  const access = props.access ?? 'read-write';
  v.check(
    ['read', 'read-write', 'none'].includes(access),
    'access',
    access,
    'must be read, read-write or none',
  );
  v.list(
    'principalArns',
    props.principalArns,
    access === 'none' ? principalArnPatternRule : principalArnRule,
  );
  v.restriction(props);
  v.throwIfAny();
  const deny = restriction(
    DENY_UNLISTED_PRINCIPALS_SID,
    bucketArn,
    { ArnNotLike: { 'aws:PrincipalArn': conditionValues(props.principalArns) } },
    props,
    'identity',
  );
  if (access === 'none') return [deny];
  const actions = access === 'read' ? READ_ACTIONS : READ_WRITE_ACTIONS;
  return [
    deny,
    ...grant('restrictToPrincipals', ALLOW_LISTED_PRINCIPALS_SID, actions, bucketArn, {
      principals: props.principalArns,
    }),
  ];
}
