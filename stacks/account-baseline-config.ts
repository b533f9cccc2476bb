import { z } from 'zod';
import { optOut } from './config-common';
import { RUNBOOK_NAMES } from '../modules/auto-remediation/runbooks';
import { RULE_PACKS, S3_MANAGED_RULES } from '../modules/config-compliance/managed-rules';

/**
 * The `accountBaseline` section of the default app's configuration: the
 * per-account package of account Block Public Access, the S3 data events trail,
 * AWS Config with the S3 rules and their remediation, and e-mail alerts.
 * Values are checked here for shape; the modules check the AWS rules.
 */

const target = z.object({ bucketName: z.string(), prefix: z.string().optional() }).strict();
const packNames = Object.keys(RULE_PACKS) as [keyof typeof RULE_PACKS, ...(keyof typeof RULE_PACKS)[]];
const ruleNames = S3_MANAGED_RULES.map((r) => r.name) as [
  (typeof S3_MANAGED_RULES)[number]['name'],
  ...(typeof S3_MANAGED_RULES)[number]['name'][],
];
const automaticRunbooks = RUNBOOK_NAMES.filter((r) => r !== 'access-logging') as [
  Exclude<(typeof RUNBOOK_NAMES)[number], 'access-logging'>,
  ...Exclude<(typeof RUNBOOK_NAMES)[number], 'access-logging'>[],
];

export const accountBaselineSchema = z
  .object({
    /** Build the stack; false keeps the section without deploying it. */
    enabled: z.boolean().default(true),
    stackName: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,63}$/)
      .default('account-baseline'),
    /** Recipients of the security alerts; each confirms the subscription by e-mail. */
    alertEmails: z.array(z.string()).min(1, 'must list at least one address'),
    /** The account-level Block Public Access settings (all four on), or an opt-out. */
    accountPublicAccessBlock: optOut.optional(),
    /** The target of server access logs of the trail and Config buckets. */
    accessLogBucket: z.object({ name: z.string(), retentionDays: z.number().int().optional() }).strict(),
    trail: z
      .object({
        name: z.string().default('s3-security-trail'),
        bucketName: z.string(),
        retentionDays: z.number().int().optional(),
        cloudWatchLogsRetentionDays: z.number().int().default(365),
        dataEvents: z
          .union([
            optOut,
            z
              .object({
                readWrite: z.enum(['ALL', 'READ_ONLY', 'WRITE_ONLY']).optional(),
                exclude: z.array(target).optional(),
              })
              .strict(),
          ])
          .optional(),
      })
      .strict(),
    config: z
      .object({
        /** 'existing' when AWS Config already records in this account and region. */
        recorder: z.enum(['create', 'existing']).default('create'),
        bucketName: z.string().optional(),
        createServiceLinkedRole: z.boolean().default(true),
        packs: z.array(z.enum(packNames)).optional(),
        rules: z.array(z.enum(ruleNames)).optional(),
        /**
         * Buckets that are public on purpose: s3-bucket-level-public-access-prohibited
         * reports them compliant (its excludedPublicBuckets parameter), so remediation leaves them alone.
         */
        excludedPublicBuckets: z.array(z.string()).optional(),
      })
      .strict()
      .superRefine((c, ctx) => {
        if (c.recorder === 'create' && !c.bucketName) {
          ctx.addIssue({
            code: 'custom',
            path: ['bucketName'],
            message: "is required when recorder is 'create' (the delivery bucket)",
          });
        }
      }),
    remediation: z
      .union([
        optOut,
        z
          .object({
            runbooks: z.array(z.enum(automaticRunbooks)).optional(),
            automatic: z.boolean().optional(),
            maximumAttempts: z.number().int().optional(),
            retrySeconds: z.number().int().optional(),
            sseAlgorithm: z.enum(['AES256', 'aws:kms']).optional(),
          })
          .strict(),
      ])
      .optional(),
    tags: z.record(z.string(), z.string()).optional(),
  })
  .strict();

export type AccountBaselineConfig = z.output<typeof accountBaselineSchema>;
export type AccountBaselineConfigInput = z.input<typeof accountBaselineSchema>;

/** The embedded default: a placeholder address, example bucket names of the placeholder account. */
export const DEFAULT_ACCOUNT_BASELINE: AccountBaselineConfigInput = {
  stackName: 'account-baseline',
  alertEmails: ['security-alerts@example.com'],
  accessLogBucket: { name: 'example-audit-access-logs-123456789012-eu-west-1', retentionDays: 365 },
  trail: {
    name: 's3-security-trail',
    bucketName: 'example-cloudtrail-123456789012-eu-west-1',
    retentionDays: 365,
    cloudWatchLogsRetentionDays: 365,
  },
  config: { recorder: 'create', bucketName: 'example-config-123456789012-eu-west-1' },
  remediation: { automatic: true, maximumAttempts: 5, retrySeconds: 60 },
};
