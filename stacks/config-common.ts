import { z } from 'zod';
import { versionConstraintRule } from '../modules/core/provider-version';
import { regionRule } from '../modules/core/rules';

/** Schema pieces shared by every section of the default app's configuration. */

const reasonText = (required: string) =>
  z
    .string({
      error: (issue) =>
        issue.input === undefined ? required : 'must be a string explaining the accepted risk',
    })
    .trim()
    .min(10, 'an opt-out reason must explain the accepted risk in at least 10 characters');
/** The reason of a weaker choice that is not an `{ enabled: false }` opt-out (SSE_S3 encryption). */
export const reason = reasonText('reason is required: say why this weaker choice is accepted');
export const optOut = z
  .object({
    enabled: z.literal(false, {
      error: 'must be false: an opt-out turns a secure default off (leave the setting out to keep it on)',
    }),
    reason: reasonText('reason is required when enabled is false'),
  })
  .strict();
/** An AWS Region code (modules/core/regions.ts lists them). */
export const region = z.string().superRefine((value, ctx) => {
  const broken = regionRule(value);
  if (broken) ctx.addIssue({ code: 'custom', message: broken });
});
export const accountId = z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id');
export const tags = z.record(z.string(), z.string());
export const kmsKeyArn = z
  .string()
  .regex(/^arn:[a-z-]+:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[A-Za-z0-9/_-]+$/, 'must be a KMS key ARN');

export const stackName = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,63}$/, 'must be lowercase letters, digits and -');
export const nonEmpty = (what: string) => z.array(z.string()).min(1, `must list at least one ${what}`);
export const versionConstraint = z
  .string()
  .refine(
    (v) => versionConstraintRule(v) === undefined,
    'must be a Terraform version constraint such as "~> 6.25"',
  );
