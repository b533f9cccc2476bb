import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { restrictToVpcEndpoints } from '../modules/bucket-policy';
import { S3DataKey } from '../modules/kms';
import { CloudWatchFlowLogs, PrivateVpc } from '../modules/private-vpc';
import { AccessLogBucket, SecureBucket } from '../modules/secure-bucket';
import { BaseStack, BaseStackProps } from './base';
import type { PrivateNetworkConfig } from './config';

export interface PrivateNetworkStackProps extends BaseStackProps {
  readonly privateNetwork: PrivateNetworkConfig;
}

const OWNER = 'PrivateNetworkStack';

/**
 * The seed's private-only VPC as a package: the VPC with its endpoints and
 * flow logs, one customer managed key (flow logs and buckets), an access log
 * bucket, and a SecureBucket reachable only through the VPC's S3 endpoints,
 * except for the configured break-glass and deployer principals.
 */
export class PrivateNetworkStack extends BaseStack {
  public readonly key: S3DataKey;
  public readonly network: PrivateVpc;
  public readonly logBucket: AccessLogBucket;
  public readonly bucket: SecureBucket;
  /** The endpoint ids the bucket policy admits (Terraform references, known after apply). */
  public readonly bucketEndpointIds: readonly string[];

  constructor(scope: Construct, id: string, props: PrivateNetworkStackProps) {
    super(scope, id, props);
    const c = props.privateNetwork;
    this.key = new S3DataKey(this, 'DataKey', {
      alias: c.key.alias,
      description: `Encrypts the S3 data and VPC flow logs of the ${id} stack`,
    });
    const vpc = c.vpc;
    this.network = new PrivateVpc(this, 'Network', {
      name: id,
      cidrBlock: vpc.cidrBlock,
      azCount: vpc.azCount,
      availabilityZones: vpc.availabilityZones,
      subnetsPerAz: vpc.subnetsPerAz,
      subnetPrefixLength: vpc.subnetPrefixLength,
      flowLogs:
        vpc.flowLogs && 'enabled' in vpc.flowLogs
          ? vpc.flowLogs
          : {
              key: this.key,
              // The module checks both values against those CloudWatch Logs and EC2 accept.
              retentionDays: vpc.flowLogs?.retentionDays as CloudWatchFlowLogs['retentionDays'],
              maxAggregationInterval: vpc.flowLogs
                ?.maxAggregationInterval as CloudWatchFlowLogs['maxAggregationInterval'],
            },
      endpoints: { interfaceServices: vpc.interfaceServices, policy: vpc.endpointPolicy },
    });
    this.logBucket = new AccessLogBucket(this, 'AccessLogs', {
      bucketName: c.logBucket.name,
    });
    this.bucket = new SecureBucket(this, 'PrivateData', {
      bucketName: c.bucket.name,
      encryption: { key: this.key },
      accessLogs: { bucket: this.logBucket, prefix: 'private-data/' },
    });
    this.bucketEndpointIds = this.network.endpoints.s3EndpointIds;
    this.bucket.addPolicyTemplates(OWNER, (arn) =>
      restrictToVpcEndpoints(arn, {
        endpointIds: [...this.bucketEndpointIds],
        exemptPrincipalArns: c.exemptPrincipalArns,
      }),
    );

    new TerraformOutput(this, 'vpc_id', { value: this.network.vpc.id });
    new TerraformOutput(this, 'subnet_ids', { value: this.network.subnets.map((s) => s.id) });
    new TerraformOutput(this, 'workload_security_group_id', {
      value: this.network.workloadSecurityGroup.id,
      description: 'Security group for workloads: HTTPS to the VPC endpoints only',
    });
    new TerraformOutput(this, 's3_endpoint_ids', { value: [...this.bucketEndpointIds] });
    new TerraformOutput(this, 'bucket_name', { value: this.bucket.bucketName });
  }
}
