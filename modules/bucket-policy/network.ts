import { PolicyStatement, cidrPrefixLength, cidrRule, vpcEndpointIdRule, vpcIdRule } from '../core';
import { RestrictionOptions, restrictToList } from './common';

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
  return restrictToList(
    {
      template: 'restrictToSourceIps',
      sid: DENY_OUTSIDE_SOURCE_IPS_SID,
      param: 'cidrs',
      rule: restrictingCidrRule,
      operator: 'NotIpAddress',
      key: 'aws:SourceIp',
      kind: 'network',
    },
    bucketArn,
    props.cidrs,
    props,
  );
}

/** A CIDR block that leaves some addresses out: `0.0.0.0/0` and `::/0` would restrict nothing. */
function restrictingCidrRule(cidr: string): string | undefined {
  const problem = cidrRule(cidr);
  if (problem !== undefined) return problem;
  return cidrPrefixLength(cidr) === 0 ? 'matches every address: the restriction would do nothing' : undefined;
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
  return restrictToList(
    {
      template: 'restrictToVpcEndpoints',
      sid: DENY_OUTSIDE_VPC_ENDPOINTS_SID,
      param: 'endpointIds',
      rule: vpcEndpointIdRule,
      operator: 'StringNotEquals',
      key: 'aws:SourceVpce',
      kind: 'network',
    },
    bucketArn,
    props.endpointIds,
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
  return restrictToList(
    {
      template: 'restrictToVpcs',
      sid: DENY_OUTSIDE_VPCS_SID,
      param: 'vpcIds',
      rule: vpcIdRule,
      operator: 'StringNotEquals',
      key: 'aws:SourceVpc',
      kind: 'network',
    },
    bucketArn,
    props.vpcIds,
    props,
  );
}
