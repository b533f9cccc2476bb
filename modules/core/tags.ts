import { PropsValidator } from './validation';
import { tagKeyRule, tagValueRule } from './rules';

/** Tags every module adds so resources can be traced back to this project. */
export const MANAGED_BY_TAG = { 'managed-by': 'cdktf-s3-security' } as const;

/** AWS allows at most 50 user tags on a resource. */
export const MAX_TAGS = 50;

/** Validates user tags and returns them merged over the project's tags. */
export function mergeTags(
  v: PropsValidator,
  prop: string,
  tags: Record<string, string> | undefined,
  extra: Record<string, string> = {},
): Record<string, string> {
  const merged: Record<string, string> = { ...MANAGED_BY_TAG, ...extra, ...(tags ?? {}) };
  for (const [key, value] of Object.entries(tags ?? {})) {
    v.rule(`${prop} key`, key, tagKeyRule);
    v.rule(`${prop}[${JSON.stringify(key)}]`, value, tagValueRule);
  }
  v.check(
    Object.keys(merged).length <= MAX_TAGS,
    prop,
    Object.keys(merged).length,
    `tags in all must be at most ${MAX_TAGS}`,
  );
  return merged;
}
