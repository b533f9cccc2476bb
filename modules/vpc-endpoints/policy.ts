import type { PolicyStatement } from '../core';

/** Sids of the endpoint policy statements. */
export const ENDPOINT_POLICY_SIDS = {
  bucketAccounts: 'AllowBucketsOfTrustedAccounts',
  bucketOrganization: 'AllowBucketsOfTrustedOrganization',
  bucketArns: 'AllowListedBuckets',
  allowAll: 'AllowThroughEndpoint',
  principals: 'DenyUntrustedPrincipals',
} as const;

/**
 * What can be reached through the endpoints, and by whom. An endpoint policy
 * does not grant anything: a request still needs the caller's IAM policy and
 * the resource's policy. It stops requests from leaving the VPC towards
 * resources (or with credentials) outside your perimeter.
 * @see https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html
 */
export interface EndpointPolicyProps {
  /**
   * Accounts whose S3 buckets can be reached through the S3 endpoints (`aws:ResourceAccount`).
   * @default - the stack's account
   */
  readonly bucketAccounts?: readonly string[];
  /**
   * An organization whose accounts' buckets can be reached through the S3 endpoints (`aws:ResourceOrgID`).
   * @default - none
   */
  readonly bucketOrganizationId?: string;
  /**
   * Further buckets reachable through the S3 endpoints, by ARN (`arn:aws:s3:::name`;
   * their objects are included), such as the AWS-owned buckets of package repositories.
   * @default []
   */
  readonly bucketArns?: readonly string[];
  /**
   * IAM principals (role, user or root ARNs, `*` and `?` allowed in the name)
   * that may send requests through every endpoint (`aws:PrincipalArn`).
   * @default - any principal, unless principalOrganizationId is set
   */
  readonly principalArns?: readonly string[];
  /**
   * An organization whose principals may send requests through every endpoint
   * (`aws:PrincipalOrgID`). With principalArns, either one admits a principal.
   * @default - any principal, unless principalArns is set
   */
  readonly principalOrganizationId?: string;
}

/** Endpoint policy settings with the defaults applied. */
export interface ResolvedEndpointPolicy {
  readonly bucketAccounts: readonly string[];
  readonly bucketOrganizationId?: string;
  readonly bucketArns: readonly string[];
  readonly principalArns: readonly string[];
  readonly principalOrganizationId?: string;
}

/** One value as is, several as a sorted list without duplicates. */
function values(list: readonly string[]): string | string[] {
  const unique = [...new Set(list)].sort();
  return unique.length === 1 ? unique[0] : unique;
}

/**
 * Denies requests of principals outside the trusted ones. Both keys sit in one
 * statement, so a principal that matches either is admitted; an anonymous
 * request carries neither and is denied.
 */
export function principalPerimeter(p: ResolvedEndpointPolicy): PolicyStatement[] {
  if (p.principalArns.length === 0 && p.principalOrganizationId === undefined) return [];
  return [
    {
      Sid: ENDPOINT_POLICY_SIDS.principals,
      Effect: 'Deny',
      Principal: '*',
      Action: '*',
      Resource: '*',
      Condition: {
        ...(p.principalArns.length > 0
          ? { ArnNotLike: { 'aws:PrincipalArn': values(p.principalArns) } }
          : {}),
        ...(p.principalOrganizationId
          ? { StringNotEquals: { 'aws:PrincipalOrgID': p.principalOrganizationId } }
          : {}),
      },
    },
  ];
}

/**
 * The policy of an S3 endpoint (gateway or interface): S3 requests to buckets
 * of the trusted accounts, of the trusted organization and the listed buckets
 * only, from trusted principals when they are named.
 */
export function s3EndpointStatements(p: ResolvedEndpointPolicy): PolicyStatement[] {
  const statements: PolicyStatement[] = [];
  if (p.bucketAccounts.length > 0) {
    statements.push({
      Sid: ENDPOINT_POLICY_SIDS.bucketAccounts,
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:*',
      Resource: '*',
      Condition: { StringEquals: { 'aws:ResourceAccount': values(p.bucketAccounts) } },
    });
  }
  if (p.bucketOrganizationId) {
    statements.push({
      Sid: ENDPOINT_POLICY_SIDS.bucketOrganization,
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:*',
      Resource: '*',
      Condition: { StringEquals: { 'aws:ResourceOrgID': p.bucketOrganizationId } },
    });
  }
  if (p.bucketArns.length > 0) {
    const arns = [...new Set(p.bucketArns)].sort();
    statements.push({
      Sid: ENDPOINT_POLICY_SIDS.bucketArns,
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:*',
      Resource: arns.flatMap((arn) => [arn, `${arn}/*`]),
    });
  }
  return [...statements, ...principalPerimeter(p)];
}

/**
 * The policy of an interface endpoint of another service: everything the
 * service offers, from trusted principals only. Undefined when no principal
 * is trusted by name (the endpoint keeps AWS's full-access default).
 */
export function serviceEndpointStatements(p: ResolvedEndpointPolicy): PolicyStatement[] | undefined {
  const perimeter = principalPerimeter(p);
  if (perimeter.length === 0) return undefined;
  return [
    { Sid: ENDPOINT_POLICY_SIDS.allowAll, Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
    ...perimeter,
  ];
}
