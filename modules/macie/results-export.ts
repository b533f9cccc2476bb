import { Construct } from 'constructs';
import { Macie2ClassificationExportConfiguration } from '@cdktf/provider-aws/lib/macie2-classification-export-configuration';
import type { ControlId } from '../../controls/catalog';
import { PolicyStatement, PropsValidator, logPrefixRule, recordSecurity } from '../core';
import { S3DataKey, checkKeyChoice, isS3DataKey, keyOrNew } from '../kms';
import { DeliveryBucketSettings, SecureBucket, createDeliveryBucket } from '../secure-bucket';
import type { MacieAccount } from './account';

export const MACIE_PRINCIPAL = 'macie.amazonaws.com';
export const MACIE_BUCKET_LOCATION_SID = 'AllowMacieGetBucketLocation';
export const MACIE_RESULTS_WRITE_SID = 'AllowMacieDiscoveryResults';

/** What Macie acts for when it writes results: the export configuration and the jobs of one account and region. */
export function macieSourceArns(macie: Pick<MacieAccount, 'arn'>): string[] {
  return [macie.arn('export-configuration:*'), macie.arn('classification-job/*')];
}

/**
 * The bucket statements the Macie User Guide asks for: Macie may find the
 * bucket's region and write objects under the prefix, only for this account
 * (`aws:SourceAccount`) and its export configuration and jobs (`aws:SourceArn`).
 * @see https://docs.aws.amazon.com/macie/latest/user/discovery-results-repository-s3.html
 */
export function allowMacieDiscoveryResults(
  bucketArn: string,
  props: { readonly accountId: string; readonly sourceArns: readonly string[]; readonly prefix?: string },
): PolicyStatement[] {
  const condition = {
    StringEquals: { 'aws:SourceAccount': props.accountId },
    ArnLike: { 'aws:SourceArn': [...props.sourceArns] },
  };
  return [
    {
      Sid: MACIE_BUCKET_LOCATION_SID,
      Effect: 'Allow',
      Principal: { Service: MACIE_PRINCIPAL },
      Action: 's3:GetBucketLocation',
      Resource: bucketArn,
      Condition: condition,
    },
    {
      Sid: MACIE_RESULTS_WRITE_SID,
      Effect: 'Allow',
      Principal: { Service: MACIE_PRINCIPAL },
      Action: 's3:PutObject',
      Resource: `${bucketArn}/${props.prefix ?? ''}*`,
      Condition: condition,
    },
  ];
}

export interface DiscoveryResultsExportProps {
  readonly macie: MacieAccount;
  /** The repository bucket, a {@link SecureBucket} in the same region. */
  readonly bucket: DeliveryBucketSettings;
  /** Key prefix of the results, ending in `/`. @default - none */
  readonly keyPrefix?: string;
  /**
   * The symmetric KMS key (same region) that encrypts the results: an
   * S3DataKey, whose policy then lets Macie encrypt for this account's export
   * and jobs only, or a key ARN whose policy you manage.
   * @default - a new S3DataKey
   */
  readonly key?: S3DataKey | string;
  readonly tags?: Record<string, string>;
}

/**
 * The long-term repository of Macie's sensitive data discovery results (Macie
 * keeps them 90 days otherwise): a KMS key Macie may encrypt with, a
 * SecureBucket Macie may write to, both limited to this account's Macie, and
 * the export configuration, created after the bucket policy and the key
 * (Macie checks that it can write when the configuration is saved).
 */
export class DiscoveryResultsExport extends Construct {
  public readonly bucket: SecureBucket;
  /** The key this construct created, when none was given. */
  public readonly key?: S3DataKey;
  public readonly kmsKeyArn: string;
  public readonly configuration: Macie2ClassificationExportConfiguration;
  public readonly controls: readonly ControlId[] = ['macie-results-exported'];

  constructor(scope: Construct, id: string, props: DiscoveryResultsExportProps) {
    super(scope, id);
    const v = new PropsValidator(this);
    v.rule('keyPrefix', props.keyPrefix, logPrefixRule);
    checkKeyChoice(v, 'key', props.key);
    v.throwIfAny();

    const sourceArns = macieSourceArns(props.macie);
    const chosen = keyOrNew(this, 'Key', props.key, {
      alias: 'alias/macie/discovery-results',
      description: 'Encrypts the sensitive data discovery results Amazon Macie exports',
      tags: props.tags,
    });
    this.key = chosen.created;
    this.kmsKeyArn = chosen.arn;
    if (isS3DataKey(chosen.key)) chosen.key.grantService({ service: MACIE_PRINCIPAL, sourceArns });

    this.bucket = createDeliveryBucket(this, 'Bucket', props.bucket, chosen.key, props.tags);
    this.bucket.addPolicyTemplates('DiscoveryResultsExport', (arn) =>
      allowMacieDiscoveryResults(arn, {
        accountId: props.macie.accountId,
        sourceArns,
        prefix: props.keyPrefix,
      }),
    );

    this.configuration = new Macie2ClassificationExportConfiguration(this, 'Configuration', {
      s3Destination: {
        bucketName: this.bucket.bucketName,
        keyPrefix: props.keyPrefix,
        kmsKeyArn: this.kmsKeyArn,
      },
      dependsOn: [
        props.macie.account,
        this.bucket.policy,
        ...(isS3DataKey(chosen.key) ? [chosen.key.key] : []),
      ],
    });
    recordSecurity(this.configuration, {
      module: 'DiscoveryResultsExport',
      controls: this.controls,
      optOuts: [],
    });
  }
}
