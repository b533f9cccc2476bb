import { z } from 'zod';
import { accountId, nonEmpty, optOut, stackName } from './config-common';

/**
 * The sections of the default app's configuration for the policy showcase, the
 * organization guardrails and the private network. Values are checked here for
 * shape; the modules check the AWS rules.
 */

/**
 * The policy showcase: one bucket per access restriction of the seed (source
 * IP, IAM principals, VPC endpoint, VPC). Values are checked by the templates.
 */
export const policyShowcaseSchema = z
  .object({
    enabled: z.boolean().default(true),
    stackName: stackName.default('policy-showcase'),
    logBucket: z.object({ name: z.string() }).strict(),
    /**
     * Principals every restriction exempts: a break-glass role, and the role
     * that applies this Terraform (without it, the next plan is denied).
     */
    exemptPrincipalArns: z.array(z.string()).default([]),
    sourceIp: z.object({ bucketName: z.string(), cidrs: nonEmpty('CIDR block') }).strict(),
    principals: z
      .object({
        bucketName: z.string(),
        principalArns: nonEmpty('principal ARN'),
        access: z.enum(['read', 'read-write']).default('read-write'),
      })
      .strict(),
    vpcEndpoint: z.object({ bucketName: z.string(), endpointIds: nonEmpty('VPC endpoint id') }).strict(),
    vpc: z.object({ bucketName: z.string(), vpcIds: nonEmpty('VPC id') }).strict(),
  })
  .strict();

/**
 * Service control policies (and optionally resource control policies) for an
 * AWS Organization, deployed from its management account.
 */
export const organizationGuardrailsSchema = z
  .object({
    enabled: z.boolean().default(true),
    stackName: stackName.default('organization-guardrails'),
    /** Roots (r-...), organizational units (ou-...) or accounts the policies are attached to. */
    targetIds: nonEmpty('root, OU or account id'),
    /** Roles the SCP guardrails spare (ARN patterns; `*` as account names the role in every member account). */
    breakGlassPrincipalArns: z.union([nonEmpty('break-glass principal ARN'), optOut]),
    /** The organization's management account, where SCPs never apply. Default: environment.accountId. */
    managementAccountId: accountId.optional(),
    /** Roles that may turn the Block Public Access of protected buckets on. Default: the remediation role of every account. */
    remediationRoleArns: z.union([nonEmpty('remediation role ARN'), optOut]).optional(),
    /** The buckets and keys of the audit logs, whose delivery cannot be cut off (required while protectCloudTrail is on). */
    auditLogs: z
      .union([
        optOut,
        z
          .object({
            bucketNames: nonEmpty('bucket name or pattern'),
            keyAliases: z.array(z.string()).optional(),
          })
          .strict(),
      ])
      .optional(),
    protectAccountPublicAccessBlock: optOut.optional(),
    protectCloudTrail: optOut.optional(),
    protectConfig: optOut.optional(),
    protectMacie: optOut.optional(),
    /** Bucket names or patterns whose encryption and Block Public Access cannot change. */
    protectedBuckets: z.array(z.string()).default([]),
    requireKmsUploads: optOut.optional(),
    denySseC: optOut.optional(),
    resourceControlPolicies: z
      .object({
        organizationId: z.string(),
        enforceTls: optOut.optional(),
        organizationOnly: optOut.optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

const flowLogs = z
  .object({
    retentionDays: z.number().int().optional(),
    maxAggregationInterval: z.number().int().optional(),
  })
  .strict();

const endpointPolicy = z
  .object({
    bucketAccounts: z.array(z.string()).optional(),
    bucketOrganizationId: z.string().optional(),
    bucketArns: z.array(z.string()).optional(),
    principalArns: z.array(z.string()).optional(),
    principalOrganizationId: z.string().optional(),
  })
  .strict();

/**
 * A private-only VPC with endpoints, and a bucket reachable only through its S3
 * endpoints. Values are checked by the modules.
 */
export const privateNetworkSchema = z
  .object({
    enabled: z.boolean().default(true),
    stackName: stackName.default('private-network'),
    vpc: z
      .object({
        cidrBlock: z.string(),
        azCount: z.number().int().optional(),
        availabilityZones: z.array(z.string()).optional(),
        subnetsPerAz: z.number().int().optional(),
        subnetPrefixLength: z.number().int().optional(),
        interfaceServices: z.array(z.string()).default([]),
        flowLogs: z.union([optOut, flowLogs]).optional(),
        endpointPolicy: z.union([optOut, endpointPolicy]).optional(),
      })
      .strict(),
    key: z.object({ alias: z.string().optional() }).strict().default({}),
    logBucket: z.object({ name: z.string() }).strict(),
    bucket: z.object({ name: z.string() }).strict(),
    /**
     * Principals the endpoint restriction of the bucket spares: a break-glass
     * role, and the role that applies this Terraform from outside the VPC.
     */
    exemptPrincipalArns: z.array(z.string()).default([]),
  })
  .strict();
