import type { PolicyStatement } from '../core';

/** PENDING: replaced by the CloudTrail delivery template of modules/bucket-policy when it lands. */
export function trailDeliveryStatements(
  _bucketArn: string,
  _props: { trailArns: string[]; accountIds: string[]; prefix?: string },
): PolicyStatement[] {
  return [];
}
