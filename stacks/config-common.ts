import { z } from 'zod';
import { versionConstraintRule } from '../modules/core/provider-version';

/** Schema pieces shared by every section of the default app's configuration. */

export const reason = z
  .string()
  .trim()
  .min(10, 'an opt-out reason must explain the accepted risk in at least 10 characters');
export const optOut = z.object({ enabled: z.literal(false), reason }).strict();
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
