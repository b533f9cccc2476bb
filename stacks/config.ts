import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { decodeUtf8, describeJsonError } from '../modules/core/json-text';
import { TRANSITION_STORAGE_CLASSES } from '../modules/secure-bucket/props';
import { DEFAULT_ACCOUNT_BASELINE, accountBaselineSchema } from './account-baseline-config';
import { DEFAULT_DATA_CLASSIFICATION, dataClassificationSchema } from './data-classification-config';
import { accountId, kmsKeyArn, optOut, reason, region, tags, versionConstraint } from './config-common';
import { DEFAULT_MALWARE_PROTECTION, malwareProtectionSchema } from './malware-protection-config';
import { organizationGuardrailsSchema, policyShowcaseSchema, privateNetworkSchema } from './section-configs';
import { DEFAULT_RESILIENCE, resilienceSchema } from './resilience-config';

/**
 * The typed configuration of the default app, with the embedded default. A user
 * points `S3_SECURITY_CONFIG` at a JSON file of this shape; it is validated here
 * (shape and types) and by the modules (AWS rules), with messages that name the
 * file and the path of each bad value.
 */

const environment = z
  .object({
    /**
     * Account the stacks deploy to; the provider refuses any other
     * (allowed_account_ids). Required unless `accountPin` is turned off.
     */
    accountId: accountId.optional(),
    /**
     * Leaves the provider unpinned (no allowed_account_ids) on purpose, with a
     * reason recorded in each stack's metadata; only without `accountId`.
     */
    accountPin: optOut.optional(),
    region,
    partition: z.enum(['aws', 'aws-cn', 'aws-us-gov']).optional(),
  })
  .strict();

const backend = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('local'),
      /** Relative to cdktf.out/stacks/<stack>; absolute paths would make the output machine-specific. */
      path: z
        .string()
        .refine((p) => !p.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(p), 'must be a relative path')
        .optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('s3'),
      bucket: z.string().min(3),
      key: z.string().min(1).optional(),
      region,
      kmsKeyId: z.string().optional(),
    })
    .strict(),
]);

const transition = z
  .object({
    days: z.number().int().min(0),
    storageClass: z.enum(TRANSITION_STORAGE_CLASSES),
  })
  .strict();

const lifecycle = z
  .object({
    abortIncompleteMultipartUploadDays: z.number().int().optional(),
    noncurrentVersionExpiration: z
      .object({ days: z.number().int(), newerNoncurrentVersions: z.number().int().optional() })
      .strict()
      .optional(),
    noncurrentVersionTransitions: z.array(transition).optional(),
    transitions: z.array(transition).optional(),
    expirationDays: z.number().int().optional(),
  })
  .strict();

const encryption = z.discriminatedUnion('type', [
  z
    .object({ type: z.literal('SSE_KMS'), keyArn: kmsKeyArn.optional(), bucketKey: optOut.optional() })
    .strict(),
  z.object({ type: z.literal('DSSE_KMS'), keyArn: kmsKeyArn.optional() }).strict(),
  z.object({ type: z.literal('SSE_S3'), reason }).strict(),
]);

const bucket = z
  .object({
    /** Construct id: stable, because it is part of the Terraform address. */
    id: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9-]{0,63}$/, 'must start with a letter and use letters, digits and -'),
    name: z.string(),
    encryption: encryption.optional(),
    versioning: optOut.optional(),
    accessLogs: z.union([optOut, z.object({ prefix: z.string() }).strict()]).optional(),
    minimumTlsVersion: z.union([z.literal(1.2), z.literal(1.3)]).optional(),
    lifecycle: z.union([optOut, lifecycle]).optional(),
    objectLock: z
      .object({
        mode: z.enum(['GOVERNANCE', 'COMPLIANCE']),
        days: z.number().int().optional(),
        years: z.number().int().optional(),
      })
      .strict()
      .optional(),
    eventBridge: optOut.optional(),
    preventDestroy: optOut.optional(),
    tags: tags.optional(),
  })
  .strict();

const secureData = z
  .object({
    stackName: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,63}$/)
      .default('secure-data'),
    key: z
      .object({
        alias: z.string().optional(),
        deletionWindowInDays: z.number().int().optional(),
        preventDestroy: optOut.optional(),
      })
      .strict()
      .default({}),
    logBucket: z
      .object({
        name: z.string(),
        retentionDays: z.number().int().optional(),
        preventDestroy: optOut.optional(),
      })
      .strict(),
    buckets: z.array(bucket).min(1, 'must list at least one bucket'),
  })
  .strict()
  .superRefine((sd, ctx) => {
    const seen = new Map<string, number>();
    sd.buckets.forEach((b, i) => {
      if (seen.has(b.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['buckets', i, 'id'],
          message: `duplicates the id of buckets[${seen.get(b.id)}]`,
        });
      }
      seen.set(b.id, i);
    });
  });

export const appConfigSchema = z
  .object({
    $schema: z.string().optional(),
    environment,
    backend: backend.default({ type: 'local' }),
    tags: tags.optional(),
    /** The AWS provider version constraint in required_providers; absent: the exact version of the bindings. */
    awsProviderVersion: versionConstraint.optional(),
    /** The data buckets (stacks/secure-data-stack.ts); absent: not deployed (a management-account configuration, say). */
    secureData: secureData.optional(),
    /** Absent: no showcase stack. */
    policyShowcase: policyShowcaseSchema.optional(),
    /** The per-account baseline (stacks/account-baseline-stack.ts); absent: not deployed. */
    accountBaseline: accountBaselineSchema.optional(),
    /** Absent: no organization guardrails stack. */
    organizationGuardrails: organizationGuardrailsSchema.optional(),
    /** Absent: no private network stack. */
    privateNetwork: privateNetworkSchema.optional(),
    /** A data bucket replicated to a second region, and an access point (stacks/resilient-data-stack.ts); absent: not deployed. */
    resilience: resilienceSchema.optional(),
    /** Amazon Macie (stacks/data-classification-stack.ts); absent: not deployed. */
    dataClassification: dataClassificationSchema.optional(),
    /** Malware scanning of uploads (stacks/malware-protection-stack.ts); absent: not deployed. */
    malwareProtection: malwareProtectionSchema.optional(),
  })
  .strict()
  .superRefine((config, ctx) => {
    const seen = new Map<string, string>();
    if (config.secureData) seen.set(config.secureData.stackName, 'secureData');
    const sections = [
      'policyShowcase',
      'accountBaseline',
      'organizationGuardrails',
      'privateNetwork',
      'resilience',
      'dataClassification',
      'malwareProtection',
    ] as const;
    for (const section of sections) {
      const stack = config[section];
      if (!stack?.enabled) continue;
      const other = seen.get(stack.stackName);
      if (other) {
        ctx.addIssue({
          code: 'custom',
          path: [section, 'stackName'],
          message: `must differ from ${other}.stackName (each stack needs its own name)`,
        });
      }
      seen.set(stack.stackName, section);
    }
    if (seen.size === 0) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message:
          'deploys no stack: add secureData or enable one of policyShowcase, accountBaseline, organizationGuardrails, privateNetwork, resilience, dataClassification, malwareProtection',
      });
    }
  });

export type AppConfig = z.output<typeof appConfigSchema>;
export type AppConfigInput = z.input<typeof appConfigSchema>;
export type EnvironmentConfig = z.output<typeof environment>;
export type BackendConfig = z.output<typeof backend>;
export type SecureDataConfig = z.output<typeof secureData>;
export type BucketConfig = z.output<typeof bucket>;
export type PolicyShowcaseConfig = z.output<typeof policyShowcaseSchema>;
export type OrganizationGuardrailsConfig = z.output<typeof organizationGuardrailsSchema>;
export type PrivateNetworkConfig = z.output<typeof privateNetworkSchema>;
export type { MalwareProtectionConfig } from './malware-protection-config';

/** A configuration file that cannot be read or does not match the schema. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * The embedded default: a placeholder account (AWS's documentation example),
 * so `npm run synth` works anywhere, while the provider's allowed_account_ids
 * stops an accidental deploy to a real account until the user sets theirs.
 */
export const DEFAULT_CONFIG: AppConfigInput = {
  environment: { accountId: '123456789012', region: 'eu-west-1' },
  backend: { type: 'local' },
  tags: { project: 's3-security-example' },
  secureData: {
    stackName: 'secure-data',
    key: { alias: 'alias/s3-security/data' },
    logBucket: { name: 'example-access-logs-123456789012-eu-west-1', retentionDays: 365 },
    buckets: [
      {
        id: 'documents',
        name: 'example-documents-123456789012-eu-west-1',
        // The data-classification stack's weekly Macie job analyzes the buckets with this tag.
        tags: { 'data-classification': 'confidential' },
        lifecycle: { noncurrentVersionExpiration: { days: 90, newerNoncurrentVersions: 3 } },
      },
      {
        id: 'records',
        name: 'example-records-123456789012-eu-west-1',
        objectLock: { mode: 'GOVERNANCE', days: 30 },
        lifecycle: {
          noncurrentVersionTransitions: [{ days: 30, storageClass: 'GLACIER_IR' }],
          noncurrentVersionExpiration: { days: 365 },
        },
      },
    ],
  },
  // Placeholders: documentation address ranges (RFC 5737, RFC 3849) and example ids.
  policyShowcase: {
    enabled: true,
    stackName: 'policy-showcase',
    logBucket: { name: 'example-showcase-logs-123456789012-eu-west-1' },
    exemptPrincipalArns: [
      'arn:aws:iam::123456789012:role/break-glass',
      'arn:aws:iam::123456789012:role/terraform-deployer',
    ],
    sourceIp: {
      bucketName: 'example-ip-restricted-123456789012-eu-west-1',
      cidrs: ['203.0.113.0/24', '2001:db8::/32'],
    },
    principals: {
      bucketName: 'example-principal-restricted-123456789012-eu-west-1',
      principalArns: ['arn:aws:iam::123456789012:role/data-processor'],
      access: 'read-write',
    },
    vpcEndpoint: {
      bucketName: 'example-vpce-restricted-123456789012-eu-west-1',
      endpointIds: ['vpce-0a1b2c3d4e5f67890'],
    },
    vpc: {
      bucketName: 'example-vpc-restricted-123456789012-eu-west-1',
      vpcIds: ['vpc-0a1b2c3d4e5f67890'],
    },
  },
  accountBaseline: DEFAULT_ACCOUNT_BASELINE,
  // Placeholders: example organization, OU and role ids in the placeholder account.
  organizationGuardrails: {
    enabled: true,
    stackName: 'organization-guardrails',
    targetIds: ['ou-a1b2-c3d4e5f6'],
    // The break-glass role, and the role that deploys account baselines (trail, Config), in every member
    // account: SCPs never apply to the management account, so only `*` (or member account ids) spares anyone.
    breakGlassPrincipalArns: ['arn:aws:iam::*:role/break-glass', 'arn:aws:iam::*:role/terraform-deployer'],
    protectedBuckets: ['example-*'],
    // The account baseline's trail, Config and access log buckets (its audit key alias is the default).
    auditLogs: {
      bucketNames: ['example-audit-access-logs-*', 'example-cloudtrail-*', 'example-config-*'],
    },
    resourceControlPolicies: { organizationId: 'o-a1b2c3d4e5' },
  },
  // Placeholders: a documentation address range (RFC 5737) for the VPC.
  privateNetwork: {
    enabled: true,
    stackName: 'private-network',
    vpc: { cidrBlock: '198.51.100.0/24', azCount: 2, interfaceServices: ['s3', 'sts'] },
    key: { alias: 'alias/s3-security/private-network' },
    logBucket: { name: 'example-private-logs-123456789012-eu-west-1' },
    bucket: { name: 'example-private-data-123456789012-eu-west-1' },
    exemptPrincipalArns: [
      'arn:aws:iam::123456789012:role/break-glass',
      'arn:aws:iam::123456789012:role/terraform-deployer',
    ],
  },
  resilience: DEFAULT_RESILIENCE,
  dataClassification: DEFAULT_DATA_CLASSIFICATION,
  malwareProtection: DEFAULT_MALWARE_PROTECTION,
};

/** Validates a parsed configuration; `source` names it in messages. */
export function parseConfig(data: unknown, source = 'configuration'): AppConfig {
  const result = appConfigSchema.safeParse(data);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const path = issue.path.length
      ? issue.path
          .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
          .join('')
          .replace(/^\./, '')
      : '(top level)';
    return `${source}: ${path}: ${issue.message}`;
  });
  throw new ConfigError(lines.join('\n'));
}

/** Reads and validates a JSON configuration file. */
export function loadConfigFile(path: string): AppConfig {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new ConfigError(
      `${path}: cannot read the configuration file (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  const text = decodeUtf8(bytes);
  if (text === undefined)
    throw new ConfigError(`${path}: not a JSON configuration file (binary, or not UTF-8 text)`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`${path}: not valid JSON: ${describeJsonError(text, e)}`);
  }
  return parseConfig(data, path);
}

/** The configuration the default app uses: the file named by S3_SECURITY_CONFIG, or the embedded default. */
export function resolveConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const path = env.S3_SECURITY_CONFIG;
  return path ? loadConfigFile(path) : parseConfig(DEFAULT_CONFIG, 'embedded default configuration');
}
