import type { PolicyStatement } from '../core';
import { oneOrMany } from './common';
import { AccountDeliveryProps, accountDeliverySources } from './delivery';

export const LOG_DELIVERY_ACL_CHECK_SID = 'AWSLogDeliveryAclCheck';
export const LOG_DELIVERY_WRITE_SID = 'AWSLogDeliveryWrite';

/**
 * Lets the log delivery service (`delivery.logs.amazonaws.com`), which writes
 * VPC flow logs and other vended logs into S3, check the bucket and write
 * under `[prefix]AWSLogs/<account>/`, only for the named accounts and their
 * log sources (`aws:SourceAccount`, `aws:SourceArn`). Objects are written with
 * the bucket-owner-full-control ACL, which buckets with ACLs disabled accept.
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-permissions.html
 */
export function allowVendedLogDelivery(bucketArn: string, props: AccountDeliveryProps): PolicyStatement[] {
  const { accounts, condition: sources } = accountDeliverySources(
    'allowVendedLogDelivery',
    bucketArn,
    props,
    'logs',
  );
  const principal = { Service: 'delivery.logs.amazonaws.com' };
  return [
    {
      Sid: LOG_DELIVERY_ACL_CHECK_SID,
      Effect: 'Allow',
      Principal: principal,
      Action: ['s3:GetBucketAcl', 's3:ListBucket'],
      Resource: bucketArn,
      Condition: sources,
    },
    {
      Sid: LOG_DELIVERY_WRITE_SID,
      Effect: 'Allow',
      Principal: principal,
      Action: 's3:PutObject',
      Resource: oneOrMany(accounts.map((a) => `${bucketArn}/${props.prefix ?? ''}AWSLogs/${a}/*`)),
      Condition: {
        ...sources,
        StringEquals: { ...sources.StringEquals, 's3:x-amz-acl': 'bucket-owner-full-control' },
      },
    },
  ];
}
