/** The replicated pairs the replication tests share: synthesized once per test file. */
import { TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { restrictToVpcEndpoints } from '../../../modules/bucket-policy';
import { AwsPlacement } from '../../../modules/core';
import { BucketReplication } from '../../../modules/replication';
import { AccessLogBucket, SecureBucket } from '../../../modules/secure-bucket';
import { ACCOUNT, REGION, testStack } from '../../helpers';

export const REPLICA_REGION = 'eu-central-1';
export const REPLICA_ACCOUNT = '444455556666';
export const SOURCE_NAME = 'acme-data-111122223333';
export const REPLICA_NAME = 'acme-replica-444455556666';
export const ENDPOINT = 'vpce-0a1b2c3d4e5f67890';

export interface Pair {
  readonly stack: TerraformStack;
  readonly source: SecureBucket;
  readonly replica: SecureBucket;
  readonly replication: BucketReplication;
}

/** A source in eu-west-1 and its replica, in another region of the same account or in another account. */
export function replicatedPair(kind: 'cross-region' | 'cross-account'): Pair {
  const stack = testStack();
  const logs = new AccessLogBucket(stack, 'logs', { bucketName: `acme-logs-${ACCOUNT}` });
  const source = new SecureBucket(stack, 'source', { bucketName: SOURCE_NAME, accessLogs: { bucket: logs } });
  // Restrictions on both ends: replication must pass through them.
  source.addPolicyTemplates('test', (arn) => restrictToVpcEndpoints(arn, { endpointIds: [ENDPOINT] }));
  const site =
    kind === 'cross-region'
      ? new AwsPlacement(stack, 'replica-site', { region: REPLICA_REGION })
      : new AwsPlacement(stack, 'replica-site', {
          region: REPLICA_REGION,
          accountId: REPLICA_ACCOUNT,
          provider: new AwsProvider(stack, 'replica-account', {
            alias: 'replica',
            region: REGION,
            allowedAccountIds: [REPLICA_ACCOUNT],
          }),
        });
  const replicaLogs = new AccessLogBucket(site, 'logs', {
    bucketName: `acme-replica-logs-${REPLICA_ACCOUNT}`,
  });
  const replica = new SecureBucket(site, 'replica', {
    bucketName: REPLICA_NAME,
    accessLogs: { bucket: replicaLogs },
  });
  replica.addPolicyTemplates('test', (arn) => restrictToVpcEndpoints(arn, { endpointIds: [ENDPOINT] }));
  const replication = new BucketReplication(stack, 'replication', {
    source,
    destination: replica,
    rules: [{ id: 'everything', replicationTimeControl: true, deleteMarkerReplication: true }],
  });
  return { stack, source, replica, replication };
}
