import { PolicyStatement, organizationIdRule, organizationPathRule } from '../core';
import { RestrictionOptions, TemplateValidator, restriction, restrictToList } from './common';

export const DENY_OUTSIDE_ORGANIZATION_SID = 'DenyOutsideOrganization';
export const DENY_OUTSIDE_ORGANIZATION_PATHS_SID = 'DenyOutsideOrganizationPaths';

export interface OrganizationRestrictionProps extends RestrictionOptions {
  /** The AWS Organizations organization whose principals may use the bucket (`o-...`). */
  readonly organizationId: string;
}

/**
 * Denies principals of accounts outside the organization
 * (`StringNotEquals aws:PrincipalOrgID`). Anonymous requests are denied too.
 *
 * Lock-out risk: low for accounts in the organization; an account that leaves
 * it, and AWS services other than those exempted, lose access.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgid
 */
export function restrictToOrganization(
  bucketArn: string,
  props: OrganizationRestrictionProps,
): PolicyStatement {
  const v = new TemplateValidator('restrictToOrganization');
  v.bucketArn(bucketArn);
  if (props.organizationId === undefined) v.fail('organizationId', props.organizationId, 'is required');
  v.rule('organizationId', props.organizationId, organizationIdRule);
  v.restriction(props);
  v.throwIfAny();
  return restriction(
    DENY_OUTSIDE_ORGANIZATION_SID,
    bucketArn,
    { StringNotEquals: { 'aws:PrincipalOrgID': props.organizationId } },
    props,
    'identity',
  );
}

export interface OrganizationPathRestrictionProps extends RestrictionOptions {
  /**
   * Organization paths whose accounts' principals may use the bucket, such as
   * `o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*` for an OU and everything under it.
   */
  readonly paths: readonly string[];
}

/**
 * Denies principals of accounts outside the given organizational units
 * (`ForAllValues:StringNotLike aws:PrincipalOrgPaths`).
 *
 * Lock-out risk: medium. Principals of the management account and of accounts
 * outside the listed OUs, including the one that applies this Terraform, are
 * denied unless exempt.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgpaths
 */
export function restrictToOrganizationPaths(
  bucketArn: string,
  props: OrganizationPathRestrictionProps,
): PolicyStatement {
  return restrictToList(
    {
      template: 'restrictToOrganizationPaths',
      sid: DENY_OUTSIDE_ORGANIZATION_PATHS_SID,
      param: 'paths',
      rule: organizationPathRule,
      operator: 'ForAllValues:StringNotLike',
      key: 'aws:PrincipalOrgPaths',
      kind: 'identity',
    },
    bucketArn,
    props.paths,
    props,
  );
}
