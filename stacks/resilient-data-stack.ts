import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SecureAccessPoint, SecureMultiRegionAccessPoint } from '../modules/access-point';
import { AwsPlacement, MANAGED_BY_TAG } from '../modules/core';
import { BucketReplication } from '../modules/replication';
import { AccessLogBucket, SecureBucket } from '../modules/secure-bucket';
import { BaseStack, BaseStackProps } from './base';
import type { ResilienceConfig } from './resilience-config';

export interface ResilientDataStackProps extends BaseStackProps {
  readonly resilience: ResilienceConfig;
}

/**
 * The seed's "Backup and Resilience" as a deployable package: a data bucket
 * replicated to a bucket in a second region (of the same or another account)
 * with Replication Time Control, each with its own KMS key and access logs,
 * and an access point for readers with all Block Public Access settings on.
 */
export class ResilientDataStack extends BaseStack {
  public readonly bucket: SecureBucket;
  public readonly replica: SecureBucket;
  public readonly replication: BucketReplication;
  public readonly accessPoint?: SecureAccessPoint;

  constructor(scope: Construct, id: string, props: ResilientDataStackProps) {
    super(scope, id, props);
    const r = props.resilience;
    const logs = new AccessLogBucket(this, 'AccessLogs', { bucketName: r.logBucket.name });
    this.bucket = new SecureBucket(this, 'Data', { bucketName: r.bucket.name, accessLogs: { bucket: logs } });

    const other = r.replicaAccount;
    const site = new AwsPlacement(this, 'ReplicaSite', {
      region: r.replicaRegion,
      accountId: other?.accountId,
      provider: other
        ? new AwsProvider(this, 'replica-account', {
            alias: 'replica',
            region: r.replicaRegion,
            allowedAccountIds: [other.accountId],
            assumeRole: [{ roleArn: other.deployRoleArn }],
            defaultTags: [{ tags: { ...MANAGED_BY_TAG, 's3-security:stack': id, ...(props.tags ?? {}) } }],
          })
        : undefined,
    });
    const replicaLogs = new AccessLogBucket(site, 'AccessLogs', { bucketName: r.replicaLogBucket.name });
    this.replica = new SecureBucket(site, 'Replica', {
      bucketName: r.replica.name,
      accessLogs: { bucket: replicaLogs },
    });
    this.replication = new BucketReplication(this, 'Replication', {
      source: this.bucket,
      destination: this.replica,
      roleName: r.replication.roleName,
      rules: [
        {
          id: 'everything',
          replicationTimeControl: r.replication.replicationTimeControl,
          deleteMarkerReplication: r.replication.deleteMarkerReplication,
          storageClass: r.replication.storageClass,
        },
      ],
    });

    if (r.accessPoint) {
      const ap = r.accessPoint;
      const apArn = SecureAccessPoint.arnFor(this, ap.name);
      this.accessPoint = new SecureAccessPoint(this, 'AccessPoint', {
        bucket: this.bucket,
        name: ap.name,
        vpcId: ap.vpcId,
        delegateFromBucket: ap.delegateFromBucket,
        policyStatements: ap.readerArns.length
          ? [
              {
                Sid: 'ReadersRead',
                Effect: 'Allow',
                Principal: { AWS: ap.readerArns },
                Action: ['s3:GetObject', 's3:ListBucket'],
                Resource: [apArn, `${apArn}/object/*`],
              },
            ]
          : undefined,
      });
      new TerraformOutput(this, 'access_point_arn', { value: this.accessPoint.accessPointArn });
    }
    if (r.multiRegionAccessPoint) {
      new SecureMultiRegionAccessPoint(this, 'MultiRegionAccessPoint', {
        name: r.multiRegionAccessPoint.name,
        buckets: [this.bucket, this.replica],
      });
    }
    new TerraformOutput(this, 'bucket_arn', { value: this.bucket.bucketArn });
    new TerraformOutput(this, 'replica_arn', { value: this.replica.bucketArn });
    new TerraformOutput(this, 'replication_role_arn', { value: this.replication.roleArn });
  }
}
