import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import {
  denySseCUploads,
  denyUnexpectedEncryption,
  restrictToPrincipals,
  restrictToSourceIps,
  restrictToVpcEndpoints,
  restrictToVpcs,
} from '../modules/bucket-policy';
import { S3DataKey } from '../modules/kms';
import { AccessLogBucket, SecureBucket } from '../modules/secure-bucket';
import { BaseStack, BaseStackProps } from './base';
import type { PolicyShowcaseConfig } from './config';

export interface PolicyShowcaseStackProps extends BaseStackProps {
  readonly policyShowcase: PolicyShowcaseConfig;
}

/** The showcase buckets, by the restriction each carries. */
export interface ShowcaseBuckets {
  readonly sourceIp: SecureBucket;
  readonly principals: SecureBucket;
  readonly vpcEndpoint: SecureBucket;
  readonly vpc: SecureBucket;
}

const OWNER = 'PolicyShowcaseStack';

/**
 * The seed's access-control bucket policies as deployable examples: one
 * SecureBucket per restriction (source IP ranges, named IAM principals, a VPC
 * endpoint, a VPC), each also keeping SecureBucket's TLS denies, all logging
 * to one AccessLogBucket and encrypted with one customer managed key. Every
 * restriction exempts the configured break-glass and deployer principals.
 */
export class PolicyShowcaseStack extends BaseStack {
  public readonly key: S3DataKey;
  public readonly logBucket: AccessLogBucket;
  public readonly buckets: ShowcaseBuckets;

  constructor(scope: Construct, id: string, props: PolicyShowcaseStackProps) {
    super(scope, id, props);
    const config = props.policyShowcase;
    const exempt = { exemptPrincipalArns: config.exemptPrincipalArns };
    this.key = new S3DataKey(this, 'DataKey', {
      alias: `alias/s3-security/${id}`,
      description: `Encrypts the S3 data of the ${id} stack`,
    });
    this.logBucket = new AccessLogBucket(this, 'AccessLogs', {
      bucketName: config.logBucket.name,
    });
    const bucket = (constructId: string, bucketName: string) =>
      new SecureBucket(this, constructId, {
        bucketName,
        encryption: { key: this.key },
        accessLogs: { bucket: this.logBucket, prefix: `${constructId}/` },
      });

    const sourceIp = bucket('ip-restricted', config.sourceIp.bucketName);
    sourceIp.addPolicyTemplates(OWNER, (arn) =>
      restrictToSourceIps(arn, { cidrs: config.sourceIp.cidrs, ...exempt }),
    );

    const principals = bucket('principal-restricted', config.principals.bucketName);
    principals.addPolicyTemplates(OWNER, (arn) => [
      ...restrictToPrincipals(arn, {
        principalArns: config.principals.principalArns,
        access: config.principals.access,
        ...exempt,
      }),
      denyUnexpectedEncryption(arn, { algorithm: 'aws:kms' }),
      denySseCUploads(arn),
    ]);

    const vpcEndpoint = bucket('vpce-restricted', config.vpcEndpoint.bucketName);
    vpcEndpoint.addPolicyTemplates(OWNER, (arn) =>
      restrictToVpcEndpoints(arn, { endpointIds: config.vpcEndpoint.endpointIds, ...exempt }),
    );

    const vpc = bucket('vpc-restricted', config.vpc.bucketName);
    vpc.addPolicyTemplates(OWNER, (arn) => restrictToVpcs(arn, { vpcIds: config.vpc.vpcIds, ...exempt }));

    this.buckets = { sourceIp, principals, vpcEndpoint, vpc };
    new TerraformOutput(this, 'bucket_names', {
      value: Object.fromEntries(Object.entries(this.buckets).map(([k, b]) => [k, b.bucketName])),
      description: 'Name of each showcase bucket, by restriction',
    });
  }
}
