import { TerraformResource } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { AwsEnvironment, PropsValidator, S3SecurityValidationError } from '../core';
import { allowServerAccessLogDelivery } from '../bucket-policy';
import type { IAccessLogTarget, LifecycleSettings, SecureBucketProps } from './props';
import { SecureBucket } from './secure-bucket';

export interface AccessLogBucketProps extends Omit<
  SecureBucketProps,
  'accessLogs' | 'objectLock' | 'encryption' | 'lifecycle'
> {
  /**
   * Days log objects are kept; after that they expire.
   * @default - kept until deleted
   */
  readonly retentionDays?: number;
  /** @default abort incomplete uploads after 7 days, delete noncurrent versions after 30 days */
  readonly lifecycle?: LifecycleSettings;
}

/**
 * The reason recorded for encrypting logs with S3 managed keys: S3 documents
 * SSE-S3 as the only default encryption supported on a server access log target.
 */
export const LOG_BUCKET_ENCRYPTION_REASON =
  'server access log target: S3 supports only SSE-S3 default encryption on the destination of server access logs (SSE-KMS is not supported)';

/** The reason recorded for not logging the log bucket itself. */
export const LOG_BUCKET_SELF_LOGGING_REASON =
  'server access log target: logging it would record every log delivery; reads of it are covered by CloudTrail data events';

interface LogSource {
  readonly path: string;
  readonly arn: string;
  readonly prefix: string;
}

/**
 * The target of server access logs: a {@link SecureBucket} encrypted with
 * SSE-S3 (the only default encryption S3 supports on a log destination), with
 * no Object Lock default retention (S3 cannot deliver logs into one), whose bucket policy lets
 * `logging.s3.amazonaws.com` write each source's logs under its prefix, for this
 * account and the registered source buckets only. ACLs stay disabled.
 */
export class AccessLogBucket extends Construct implements IAccessLogTarget {
  public readonly bucket: SecureBucket;
  private readonly sources: LogSource[] = [];
  private readonly byPrefix = new Map<string, LogSource>();
  /** Every beginning of a registered prefix (the whole prefix too), with the first source that has it. */
  private readonly byBeginning = new Map<string, LogSource>();

  constructor(scope: Construct, id: string, props: AccessLogBucketProps) {
    super(scope, id);
    const v = new PropsValidator(this);
    const extra = props as { objectLock?: unknown; accessLogs?: unknown; encryption?: unknown };
    v.check(
      extra.encryption === undefined,
      'encryption',
      extra.encryption,
      'is not allowed: S3 supports only SSE-S3 default encryption on the destination of server access logs',
    );
    v.check(
      extra.objectLock === undefined,
      'objectLock',
      extra.objectLock,
      'is not allowed: S3 cannot deliver server access logs to a bucket with an Object Lock default retention',
    );
    v.check(
      extra.accessLogs === undefined,
      'accessLogs',
      extra.accessLogs,
      'is not allowed: the log bucket does not log to another bucket',
    );
    if (props.retentionDays !== undefined) {
      v.check(
        Number.isInteger(props.retentionDays) && props.retentionDays >= 1 && props.retentionDays <= 36500,
        'retentionDays',
        props.retentionDays,
        'must be a whole number from 1 to 36500',
      );
    }
    v.throwIfAny();

    const versioned = !(props.versioning && 'enabled' in props.versioning);
    this.bucket = new SecureBucket(this, 'Bucket', {
      ...props,
      accessLogs: { enabled: false, reason: LOG_BUCKET_SELF_LOGGING_REASON },
      encryption: { type: 'SSE_S3', reason: LOG_BUCKET_ENCRYPTION_REASON },
      lifecycle: props.lifecycle ?? {
        abortIncompleteMultipartUploadDays: 7,
        noncurrentVersionExpiration: versioned ? { days: 30 } : undefined,
        expirationDays: props.retentionDays,
      },
    });
    const env = AwsEnvironment.of(this);
    this.bucket.addDeferredPolicyStatements('AccessLogBucket', () =>
      this.sources.length === 0
        ? []
        : [
            allowServerAccessLogDelivery({
              targetBucketArn: this.bucket.bucketArn,
              prefixes: this.sources.map((s) => s.prefix),
              sourceBucketArns: this.sources.map((s) => s.arn),
              sourceAccountId: env.accountId,
            }),
          ],
    );
  }

  public get bucketName(): string {
    return this.bucket.bucketName;
  }

  public get bucketArn(): string {
    return this.bucket.bucketArn;
  }

  /** Registers a source bucket; two sources cannot share or nest prefixes (their logs would mix). */
  public addLogSource(source: IConstruct, sourceBucketArn: string, prefix: string): TerraformResource[] {
    const clash = this.overlapping(prefix);
    if (clash) {
      throw new S3SecurityValidationError([
        `${source.node.path}: accessLogs.prefix ${JSON.stringify(prefix)} overlaps the prefix ${JSON.stringify(clash.prefix)} of ${clash.path} in ${this.node.path}; give each source its own prefix`,
      ]);
    }
    const entry = { path: source.node.path, arn: sourceBucketArn, prefix };
    this.sources.push(entry);
    this.byPrefix.set(prefix, entry);
    for (let end = 0; end <= prefix.length; end++) {
      const beginning = prefix.slice(0, end);
      if (!this.byBeginning.has(beginning)) this.byBeginning.set(beginning, entry);
    }
    return [this.bucket.policy];
  }

  /**
   * A registered source whose prefix starts with `prefix` (looked up among the
   * beginnings of every registered prefix) or begins it (looked up by each
   * beginning of `prefix`), so registering many sources stays linear.
   */
  private overlapping(prefix: string): LogSource | undefined {
    const longer = this.byBeginning.get(prefix);
    if (longer) return longer;
    for (let end = 0; end < prefix.length; end++) {
      const shorter = this.byPrefix.get(prefix.slice(0, end));
      if (shorter) return shorter;
    }
    return undefined;
  }
}
