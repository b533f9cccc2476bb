import { z } from 'zod';
import { optOut, stackName } from './config-common';
import {
  FILTER_FIELDS,
  FINDING_PUBLISHING_FREQUENCIES,
  FINDING_TYPES,
  SEVERITIES,
  WEEKDAYS,
} from '../modules/macie/limits';

/**
 * The `dataClassification` section of the default app's configuration: Amazon
 * Macie with custom data identifiers, discovery jobs, findings filters, the
 * export of discovery results and e-mail alerts on findings. Values are checked
 * here for shape; the modules check Macie's rules and limits.
 */

const id = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, 'must be 1 to 40 lowercase letters, digits and -, starting with a letter');
const tag = z.object({ key: z.string(), value: z.string() }).strict();

const customDataIdentifier = z
  .object({
    /** Stable: construct id, and how jobs and alerts refer to the identifier. */
    id,
    name: z.string(),
    description: z.string().optional(),
    regex: z.string(),
    keywords: z.array(z.string()).optional(),
    ignoreWords: z.array(z.string()).optional(),
    maximumMatchDistance: z.number().int().optional(),
  })
  .strict();

const schedule = z.discriminatedUnion('frequency', [
  z.object({ frequency: z.literal('ONE_TIME') }).strict(),
  z.object({ frequency: z.literal('DAILY') }).strict(),
  z.object({ frequency: z.literal('WEEKLY'), dayOfWeek: z.enum(WEEKDAYS) }).strict(),
  z.object({ frequency: z.literal('MONTHLY'), dayOfMonth: z.number().int() }).strict(),
]);

const job = z
  .object({
    id,
    name: z.string(),
    version: z.number().int().default(1),
    description: z.string().optional(),
    schedule,
    buckets: z.array(z.string()).optional(),
    bucketTags: z.record(z.string(), z.string()).optional(),
    samplingPercentage: z.number().int().optional(),
    objects: z
      .object({
        includeExtensions: z.array(z.string()).optional(),
        excludeExtensions: z.array(z.string()).optional(),
        keyPrefix: z.string().optional(),
        maxSizeBytes: z.number().int().optional(),
        modifiedAfter: z.string().optional(),
        excludeTag: tag.optional(),
      })
      .strict()
      .optional(),
    /** Ids of customDataIdentifiers entries. */
    customDataIdentifiers: z.array(z.string()).default([]),
    initialRun: optOut.optional(),
  })
  .strict();

const findingsFilter = z
  .object({
    id,
    name: z.string(),
    description: z.string().optional(),
    action: z.enum(['ARCHIVE', 'NOOP']),
    position: z.number().int().optional(),
    criteria: z
      .array(
        z
          .object({
            field: z.enum(FILTER_FIELDS),
            eq: z.array(z.string()).optional(),
            eqExactMatch: z.array(z.string()).optional(),
            neq: z.array(z.string()).optional(),
            gt: z.number().optional(),
            gte: z.number().optional(),
            lt: z.number().optional(),
            lte: z.number().optional(),
          })
          .strict(),
      )
      .min(1, 'must list at least one condition'),
  })
  .strict();

const alert = z
  .object({
    id,
    description: z.string().optional(),
    minimumSeverity: z.enum(SEVERITIES).default('High'),
    findingTypes: z.array(z.enum(FINDING_TYPES)).optional(),
    bucketNames: z.array(z.string()).optional(),
    bucketTag: tag.optional(),
    /** Ids of customDataIdentifiers entries. */
    customDataIdentifiers: z.array(z.string()).optional(),
  })
  .strict();

export const dataClassificationSchema = z
  .object({
    enabled: z.boolean().default(true),
    stackName: stackName.default('data-classification'),
    /** Recipients of the finding alerts; each confirms the subscription by e-mail. */
    alertEmails: z.array(z.string()).min(1, 'must list at least one address'),
    findingPublishingFrequency: z.enum(FINDING_PUBLISHING_FREQUENCIES).default('FIFTEEN_MINUTES'),
    organization: z
      .object({
        delegatedAdministratorAccountId: z.string().optional(),
        autoEnableMembers: z.union([z.literal(true), optOut]).optional(),
      })
      .strict()
      .optional(),
    /** The target of the server access logs of the results bucket. */
    accessLogBucket: z.object({ name: z.string(), retentionDays: z.number().int().optional() }).strict(),
    /** The repository of discovery results. */
    results: z
      .object({
        bucketName: z.string(),
        keyPrefix: z.string().optional(),
        retentionDays: z.number().int().optional(),
      })
      .strict(),
    customDataIdentifiers: z.array(customDataIdentifier).default([]),
    jobs: z.array(job).default([]),
    findingsFilters: z.array(findingsFilter).default([]),
    alerts: z
      .array(alert)
      .min(1, 'must list at least one alert: findings nobody hears about protect nothing'),
    tags: z.record(z.string(), z.string()).optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const known = new Set(c.customDataIdentifiers.map((i) => i.id));
    const refs: [string, number, string[] | undefined][] = [
      ...c.jobs.map((j, i) => ['jobs', i, j.customDataIdentifiers] as [string, number, string[]]),
      ...c.alerts.map(
        (a, i) => ['alerts', i, a.customDataIdentifiers] as [string, number, string[] | undefined],
      ),
    ];
    for (const [section, i, ids] of refs) {
      (ids ?? []).forEach((ref, j) => {
        if (!known.has(ref))
          ctx.addIssue({
            code: 'custom',
            path: [section, i, 'customDataIdentifiers', j],
            message: `names no entry of customDataIdentifiers (known: ${[...known].join(', ') || 'none'})`,
          });
      });
    }
    for (const section of ['customDataIdentifiers', 'jobs', 'findingsFilters', 'alerts'] as const) {
      const seen = new Map<string, number>();
      c[section].forEach((e, i) => {
        if (seen.has(e.id))
          ctx.addIssue({
            code: 'custom',
            path: [section, i, 'id'],
            message: `duplicates the id of ${section}[${seen.get(e.id)}]`,
          });
        seen.set(e.id, i);
      });
    }
  });

export type DataClassificationConfig = z.output<typeof dataClassificationSchema>;
export type DataClassificationConfigInput = z.input<typeof dataClassificationSchema>;

/**
 * The embedded default: one custom identifier (employee numbers), one weekly
 * job over the buckets tagged data-classification=confidential, a filter that
 * archives findings about buckets shared with CloudFront on purpose, and alerts
 * on high-severity findings and on any employee-number finding.
 */
export const DEFAULT_DATA_CLASSIFICATION: DataClassificationConfigInput = {
  stackName: 'data-classification',
  alertEmails: ['security-alerts@example.com'],
  findingPublishingFrequency: 'FIFTEEN_MINUTES',
  accessLogBucket: { name: 'example-macie-access-logs-123456789012-eu-west-1', retentionDays: 365 },
  results: { bucketName: 'example-macie-results-123456789012-eu-west-1', retentionDays: 730 },
  customDataIdentifiers: [
    {
      id: 'employee-id',
      name: 'employee-id',
      description: 'Employee numbers (EMP- and six digits) near the words employee or staff',
      regex: 'EMP-[0-9]{6}',
      keywords: ['employee', 'staff number'],
      ignoreWords: ['EMP-000000'],
      maximumMatchDistance: 50,
    },
  ],
  jobs: [
    {
      id: 'confidential-weekly',
      name: 'confidential-weekly',
      version: 1,
      description: 'Weekly discovery in buckets tagged data-classification=confidential',
      schedule: { frequency: 'WEEKLY', dayOfWeek: 'MONDAY' },
      bucketTags: { 'data-classification': 'confidential' },
      samplingPercentage: 100,
      objects: { excludeExtensions: ['jpg', 'jpeg', 'png', 'gif', 'mp4', 'mov'] },
      customDataIdentifiers: ['employee-id'],
    },
  ],
  findingsFilters: [
    {
      id: 'cloudfront-origins',
      name: 'cloudfront-origins-accepted',
      description: 'Buckets shared with CloudFront on purpose (static site origins)',
      action: 'ARCHIVE',
      position: 1,
      criteria: [
        { field: 'type', eq: ['Policy:IAMUser/S3BucketSharedWithCloudFront'] },
        { field: 'resourcesAffected.s3Bucket.tags.key', eq: ['cloudfront-origin'] },
      ],
    },
  ],
  alerts: [
    { id: 'high-severity', minimumSeverity: 'High' },
    { id: 'employee-ids', minimumSeverity: 'Low', customDataIdentifiers: ['employee-id'] },
  ],
};
