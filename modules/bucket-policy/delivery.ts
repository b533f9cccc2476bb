import {
  PolicyStatement,
  accountIdRule,
  cloudTrailArnRule,
  logPrefixRule,
  organizationIdRule,
  regionRule,
} from '../core';
import { TemplateValidator, conditionValues, oneOrMany, partitionOf, uniqueSorted } from './common';

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

export const CLOUDTRAIL_ACL_CHECK_SID = 'AWSCloudTrailAclCheck';
export const CLOUDTRAIL_WRITE_SID = 'AWSCloudTrailWrite';

export interface CloudTrailDeliveryProps {
  /**
   * ARNs of the trails that deliver into the bucket (`aws:SourceArn`). Build
   * them from the trail name (`arn:<partition>:cloudtrail:<region>:<account>:trail/<name>`):
   * the trail itself waits for this policy, so it cannot be referenced.
   */
  readonly trailArns: readonly string[];
  /**
   * Accounts whose logs the trails write (`AWSLogs/<account>/`).
   * @default - the accounts of the trail ARNs
   */
  readonly accountIds?: readonly string[];
  /**
   * An organization trail also writes under `AWSLogs/<organization id>/`.
   * @default - not an organization trail
   */
  readonly organizationId?: string;
  /**
   * The trail's S3 key prefix, ending in `/`.
   * @default '' - no prefix
   */
  readonly prefix?: string;
}

/**
 * Lets CloudTrail check the bucket ACL and write log files under
 * `[prefix]AWSLogs/<account>/`, only for the named trails (`aws:SourceArn`)
 * and with the `bucket-owner-full-control` ACL CloudTrail sends. With ACLs
 * disabled the bucket owner owns the files anyway.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html
 */
export function allowCloudTrailDelivery(
  bucketArn: string,
  props: CloudTrailDeliveryProps,
): PolicyStatement[] {
  const v = new TemplateValidator('allowCloudTrailDelivery');
  v.bucketArn(bucketArn);
  v.list('trailArns', props.trailArns, cloudTrailArnRule, 'would let no trail deliver');
  v.optionalList('accountIds', props.accountIds, accountIdRule);
  v.rule('organizationId', props.organizationId, organizationIdRule);
  v.rule('prefix', props.prefix, logPrefixRule);
  const fromTrails = (Array.isArray(props.trailArns) ? props.trailArns : []).map(
    (arn) => String(arn).split(':')[4],
  );
  const accounts: readonly string[] = Array.isArray(props.accountIds) ? props.accountIds : fromTrails;
  v.check(
    accounts.length > 0 && accounts.every((a) => a !== undefined && a !== ''),
    'accountIds',
    props.accountIds,
    'is required when the trail ARNs are Terraform tokens (the accounts cannot be read from them)',
  );
  v.throwIfAny();
  const trails = conditionValues(props.trailArns);
  const prefix = props.prefix ?? '';
  const owners = [...uniqueSorted(accounts), ...(props.organizationId ? [props.organizationId] : [])];
  return [
    {
      Sid: CLOUDTRAIL_ACL_CHECK_SID,
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:GetBucketAcl',
      Resource: bucketArn,
      Condition: { StringEquals: { 'aws:SourceArn': trails } },
    },
    {
      Sid: CLOUDTRAIL_WRITE_SID,
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: oneOrMany(owners.map((o) => `${bucketArn}/${prefix}AWSLogs/${o}/*`)),
      Condition: {
        StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trails },
      },
    },
  ];
}

export const CONFIG_PERMISSIONS_CHECK_SID = 'AWSConfigBucketPermissionsCheck';
export const CONFIG_EXISTENCE_CHECK_SID = 'AWSConfigBucketExistenceCheck';
export const CONFIG_DELIVERY_SID = 'AWSConfigBucketDelivery';

/** A delivery by AWS services acting for accounts (AWS Config, log delivery), into a bucket. */
export interface AccountDeliveryProps {
  /** Accounts whose resources deliver into the bucket (`aws:SourceAccount`). */
  readonly accountIds: readonly string[];
  /**
   * Regions of the delivering resources; the service's `aws:SourceArn` is
   * `arn:<partition>:<service>:<region>:<account>:*`.
   * @default - any region (`aws:SourceArn` still names the accounts)
   */
  readonly regions?: readonly string[];
  /**
   * The S3 key prefix the service writes under, ending in `/`.
   * @default '' - no prefix
   */
  readonly prefix?: string;
}

export type ConfigDeliveryProps = AccountDeliveryProps;

/**
 * Validates an account-scoped delivery and returns its accounts, sorted, and
 * the conditions that limit the delivering service to them:
 * `aws:SourceAccount` and `aws:SourceArn` (`arn:<partition>:<service>:<region>:<account>:*`).
 */
export function accountDeliverySources(
  template: string,
  bucketArn: string,
  props: AccountDeliveryProps,
  arnService: string,
) {
  const v = new TemplateValidator(template);
  v.bucketArn(bucketArn);
  v.list('accountIds', props.accountIds, accountIdRule, 'would let no account deliver');
  if (props.regions !== undefined)
    v.list('regions', props.regions, regionRule, 'would let no region deliver');
  v.rule('prefix', props.prefix, logPrefixRule);
  v.throwIfAny();
  const accounts = uniqueSorted(props.accountIds);
  const regions = props.regions ? uniqueSorted(props.regions) : ['*'];
  const partition = partitionOf(bucketArn);
  const sourceArns = accounts.flatMap((a) =>
    regions.map((r) => `arn:${partition}:${arnService}:${r}:${a}:*`),
  );
  return {
    accounts,
    condition: {
      StringEquals: { 'aws:SourceAccount': oneOrMany(accounts) },
      ArnLike: { 'aws:SourceArn': oneOrMany(sourceArns) },
    },
  };
}

/**
 * Lets AWS Config check the bucket ACL, check that the bucket exists
 * (HeadBucket needs `s3:ListBucket`) and write configuration history and
 * snapshots under `[prefix]AWSLogs/<account>/Config/`, only for the named
 * accounts (`aws:SourceAccount`) and their delivery channels (`aws:SourceArn`).
 * @see https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-policy.html
 */
export function allowConfigDelivery(bucketArn: string, props: ConfigDeliveryProps): PolicyStatement[] {
  const { accounts, condition } = accountDeliverySources('allowConfigDelivery', bucketArn, props, 'config');
  const prefix = props.prefix ?? '';
  const service = { Service: 'config.amazonaws.com' };
  return [
    {
      Sid: CONFIG_PERMISSIONS_CHECK_SID,
      Effect: 'Allow',
      Principal: service,
      Action: 's3:GetBucketAcl',
      Resource: bucketArn,
      Condition: condition,
    },
    {
      Sid: CONFIG_EXISTENCE_CHECK_SID,
      Effect: 'Allow',
      Principal: service,
      Action: 's3:ListBucket',
      Resource: bucketArn,
      Condition: condition,
    },
    {
      Sid: CONFIG_DELIVERY_SID,
      Effect: 'Allow',
      Principal: service,
      Action: 's3:PutObject',
      Resource: oneOrMany(accounts.map((a) => `${bucketArn}/${prefix}AWSLogs/${a}/Config/*`)),
      Condition: {
        ...condition,
        StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', ...condition.StringEquals },
      },
    },
  ];
}
