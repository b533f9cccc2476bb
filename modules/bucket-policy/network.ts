import { PolicyStatement, cidrPrefixLength, cidrRule, isToken, vpcEndpointIdRule, vpcIdRule } from '../core';
import { RestrictionOptions, TemplateValidator, conditionValues as list, restriction } from './common';

export const DENY_OUTSIDE_SOURCE_IPS_SID = 'DenyOutsideSourceIps';
export const DENY_OUTSIDE_VPC_ENDPOINTS_SID = 'DenyOutsideVpcEndpoints';
export const DENY_OUTSIDE_VPCS_SID = 'DenyOutsideVpcs';

export interface SourceIpRestrictionProps extends RestrictionOptions {
  /**
   * The public address ranges requests may come from, IPv4 (`203.0.113.0/24`)
   * or IPv6 (`2001:db8::/32`) CIDR blocks.
   */
  readonly cidrs: readonly string[];
}

/**
 * Denies requests from outside the given IP ranges (`NotIpAddress
 * aws:SourceIp`). AWS services keep working when they act for a caller or
 * deliver logs (see {@link RestrictionOptions.exemptAwsServices}).
 *
 * Lock-out risk: high. The console, CI runners and Terraform itself are denied
 * unless they reach S3 from a listed range or are exempt. Requests through a
 * VPC endpoint carry no public `aws:SourceIp` and are denied too: restrict
 * those with {@link restrictToVpcEndpoints} on a bucket of their own.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies.html
 */
export function restrictToSourceIps(bucketArn: string, props: SourceIpRestrictionProps): PolicyStatement {
  const v = new TemplateValidator('restrictToSourceIps');
  v.bucketArn(bucketArn);
  v.list('cidrs', props.cidrs, cidrRule);
  (Array.isArray(props.cidrs) ? props.cidrs : []).forEach((cidr, i) => {
    if (typeof cidr === 'string' && !isToken(cidr) && cidrRule(cidr) === undefined)
      v.check(
        cidrPrefixLength(cidr) > 0,
        `cidrs[${i}]`,
        cidr,
        'matches every address: the restriction would do nothing',
      );
  });
  v.restriction(props);
  v.throwIfAny();
  return restriction(
    DENY_OUTSIDE_SOURCE_IPS_SID,
    bucketArn,
    { NotIpAddress: { 'aws:SourceIp': list(props.cidrs) } },
    props,
  );
}

export interface VpcEndpointRestrictionProps extends RestrictionOptions {
  /** The VPC endpoints requests must come through (`vpce-...`). */
  readonly endpointIds: readonly string[];
}

/**
 * Denies requests that do not come through one of the given VPC endpoints
 * (`StringNotEquals aws:SourceVpce`).
 *
 * Lock-out risk: high. The console and anything outside the VPC, Terraform
 * included, are denied unless exempt.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies-vpc-endpoint.html
 */
export function restrictToVpcEndpoints(
  bucketArn: string,
  props: VpcEndpointRestrictionProps,
): PolicyStatement {
  const v = new TemplateValidator('restrictToVpcEndpoints');
  v.bucketArn(bucketArn);
  v.list('endpointIds', props.endpointIds, vpcEndpointIdRule);
  v.restriction(props);
  v.throwIfAny();
  return restriction(
    DENY_OUTSIDE_VPC_ENDPOINTS_SID,
    bucketArn,
    { StringNotEquals: { 'aws:SourceVpce': list(props.endpointIds) } },
    props,
  );
}

export interface VpcRestrictionProps extends RestrictionOptions {
  /** The VPCs requests must come from, through any of their S3 endpoints (`vpc-...`). */
  readonly vpcIds: readonly string[];
}

/**
 * Denies requests that do not come from one of the given VPCs through a VPC
 * endpoint (`StringNotEquals aws:SourceVpc`).
 *
 * Lock-out risk: high, as for {@link restrictToVpcEndpoints}.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies-vpc-endpoint.html
 */
export function restrictToVpcs(bucketArn: string, props: VpcRestrictionProps): PolicyStatement {
  const v = new TemplateValidator('restrictToVpcs');
  v.bucketArn(bucketArn);
  v.list('vpcIds', props.vpcIds, vpcIdRule);
  v.restriction(props);
  v.throwIfAny();
  return restriction(
    DENY_OUTSIDE_VPCS_SID,
    bucketArn,
    { StringNotEquals: { 'aws:SourceVpc': list(props.vpcIds) } },
    props,
  );
}
