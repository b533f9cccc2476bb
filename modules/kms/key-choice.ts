import { Construct } from 'constructs';
import { PropsValidator, kmsKeyArnRule } from '../core';
import { S3DataKey, S3DataKeyProps, isS3DataKey } from './s3-data-key';

/** A key given to a module: an S3DataKey it may add grants to, or the ARN of a key whose policy you manage. */
export type KeyChoice = S3DataKey | string;

/** Validates a key prop: an S3DataKey or a KMS key ARN. */
export function checkKeyChoice(v: PropsValidator, prop: string, key: unknown): void {
  if (typeof key === 'string') v.rule(prop, key, kmsKeyArnRule);
  else if (key !== undefined && !isS3DataKey(key)) v.fail(prop, key, 'must be an S3DataKey or a KMS key ARN');
}

/**
 * The given key, or a new S3DataKey with `props` when none was given. `created`
 * is the new key (undefined when one was given); `arn` is the key ARN either way.
 */
export function keyOrNew(
  scope: Construct,
  id: string,
  given: KeyChoice | undefined,
  props: S3DataKeyProps,
): { key: KeyChoice; created?: S3DataKey; arn: string } {
  if (given !== undefined) return { key: given, arn: typeof given === 'string' ? given : given.keyArn };
  const created = new S3DataKey(scope, id, props);
  return { key: created, created, arn: created.keyArn };
}
