import type { PolicyStatement } from '../core';

/** PENDING: replaced by the AWS Config delivery template of modules/bucket-policy when it lands. */
export function configDeliveryStatements(
  _bucketArn: string,
  _props: { accountIds: string[]; regions?: string[]; prefix?: string },
): PolicyStatement[] {
  return [];
}
