import { PolicyStatement, accountIdRule, logPrefixRule, regionRule } from '../core';
import { TemplateValidator, oneOrMany, partitionOf, uniqueSorted } from './common';

export const LOG_DELIVERY_ACL_CHECK_SID = 'AWSLogDeliveryAclCheck';
export const LOG_DELIVERY_WRITE_SID = 'AWSLogDeliveryWrite';

export interface VendedLogDeliveryProps {
  /** Accounts whose logs are delivered (`aws:SourceAccount`). */
  readonly accountIds: readonly string[];
  /**
   * Regions of the log sources; `aws:SourceArn` is `arn:<partition>:logs:<region>:<account>:*`.
   * @default - any region (`aws:SourceArn` still names the accounts)
   */
  readonly regions?: readonly string[];
  /**
   * The key prefix the sources write under, ending in `/`.
   * @default '' - no prefix
   */
  readonly prefix?: string;
}

/**
 * Lets the log delivery service (`delivery.logs.amazonaws.com`), which writes
 * VPC flow logs and other vended logs into S3, check the bucket and write
 * under `[prefix]AWSLogs/<account>/`, only for the named accounts and their
 * log sources (`aws:SourceAccount`, `aws:SourceArn`). Objects are written with
 * the bucket-owner-full-control ACL, which buckets with ACLs disabled accept.
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-permissions.html
 */
export function allowVendedLogDelivery(bucketArn: string, props: VendedLogDeliveryProps): PolicyStatement[] {
  const v = new TemplateValidator('allowVendedLogDelivery');
  v.bucketArn(bucketArn);
  v.list('accountIds', props.accountIds, accountIdRule, 'would let no account deliver');
  if (props.regions !== undefined)
    v.list('regions', props.regions, regionRule, 'would let no region deliver');
  v.rule('prefix', props.prefix, logPrefixRule);
  v.throwIfAny();
  const accounts = uniqueSorted(props.accountIds);
  const regions = props.regions ? uniqueSorted(props.regions) : ['*'];
  const partition = partitionOf(bucketArn);
  const sources = {
    StringEquals: { 'aws:SourceAccount': oneOrMany(accounts) },
    ArnLike: {
      'aws:SourceArn': oneOrMany(
        accounts.flatMap((a) => regions.map((r) => `arn:${partition}:logs:${r}:${a}:*`)),
      ),
    },
  };
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
