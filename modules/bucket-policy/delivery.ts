import type { PolicyStatement } from '../core';

export const ALLOW_ACCESS_LOG_DELIVERY_SID = 'AllowServerAccessLogDelivery';

/** Above this many sources, the statement names the account only (keeps the policy under 20 KB). */
export const MAX_LISTED_LOG_SOURCES = 25;

export interface AccessLogDeliveryProps {
  /** ARN of the bucket that receives the logs. */
  readonly targetBucketArn: string;
  /** Key prefixes the sources write under, each ending in `/`. */
  readonly prefixes: readonly string[];
  /** ARNs of the buckets whose logs are delivered (`aws:SourceArn`). */
  readonly sourceBucketArns: readonly string[];
  /** The account that owns the source buckets (`aws:SourceAccount`). */
  readonly sourceAccountId: string;
}

/**
 * Lets the S3 logging service write server access logs into the target bucket,
 * only under the given prefixes, only for buckets of the given account, and
 * (for up to 25 sources) only for the named source buckets. This replaces the
 * log-delivery ACL grant, which buckets with ACLs disabled cannot use.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html
 */
export function allowServerAccessLogDelivery(props: AccessLogDeliveryProps): PolicyStatement {
  const prefixes = [...new Set(props.prefixes)].sort();
  const sources = [...new Set(props.sourceBucketArns)].sort();
  const resources =
    prefixes.length === 0 || prefixes.length > MAX_LISTED_LOG_SOURCES || prefixes.includes('')
      ? [`${props.targetBucketArn}/*`]
      : prefixes.map((p) => `${props.targetBucketArn}/${p}*`);
  return {
    Sid: ALLOW_ACCESS_LOG_DELIVERY_SID,
    Effect: 'Allow',
    Principal: { Service: 'logging.s3.amazonaws.com' },
    Action: 's3:PutObject',
    Resource: resources.length === 1 ? resources[0] : resources,
    Condition: {
      StringEquals: { 'aws:SourceAccount': props.sourceAccountId },
      ...(sources.length > 0 && sources.length <= MAX_LISTED_LOG_SOURCES
        ? { ArnLike: { 'aws:SourceArn': sources.length === 1 ? sources[0] : sources } }
        : {}),
    },
  };
}
