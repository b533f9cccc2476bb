import { z } from 'zod';
import { REPLICA_STORAGE_CLASSES } from '../modules/replication/props';
import { accountId, stackName } from './config-common';

/**
 * The resilience section of the default app's configuration: a data bucket
 * replicated to a second region (optionally of another account), and an access
 * point. Values are checked here for shape; the modules check the AWS rules.
 */
export const resilienceSchema = z
  .object({
    enabled: z.boolean().default(true),
    stackName: stackName.default('resilient-data'),
    /** The region of the replica. */
    replicaRegion: z.string(),
    /**
     * Replicate to another account: its id, and the role Terraform assumes in
     * it to create the replica bucket and key.
     */
    replicaAccount: z.object({ accountId, deployRoleArn: z.string() }).strict().optional(),
    logBucket: z.object({ name: z.string() }).strict(),
    bucket: z.object({ name: z.string() }).strict(),
    replicaLogBucket: z.object({ name: z.string() }).strict(),
    replica: z.object({ name: z.string() }).strict(),
    replication: z
      .object({
        replicationTimeControl: z.boolean().default(true),
        deleteMarkerReplication: z.boolean().default(false),
        storageClass: z.enum(REPLICA_STORAGE_CLASSES).optional(),
        roleName: z.string().optional(),
      })
      .strict()
      .default({ replicationTimeControl: true, deleteMarkerReplication: false }),
    accessPoint: z
      .object({
        name: z.string(),
        vpcId: z.string().optional(),
        /** Principals of the account the access point lets read. */
        readerArns: z.array(z.string()).default([]),
        delegateFromBucket: z.boolean().default(true),
      })
      .strict()
      .optional(),
    /** A Multi-Region Access Point over the bucket and its replica (takes up to an hour to create). */
    multiRegionAccessPoint: z.object({ name: z.string() }).strict().optional(),
  })
  .strict();

export type ResilienceConfig = z.output<typeof resilienceSchema>;

/** The default: a replica in eu-central-1 with Replication Time Control, and a reader access point. */
export const DEFAULT_RESILIENCE: z.input<typeof resilienceSchema> = {
  enabled: true,
  stackName: 'resilient-data',
  replicaRegion: 'eu-central-1',
  logBucket: { name: 'example-resilient-logs-123456789012-eu-west-1' },
  bucket: { name: 'example-resilient-data-123456789012-eu-west-1' },
  replicaLogBucket: { name: 'example-replica-logs-123456789012-eu-central-1' },
  replica: { name: 'example-replica-data-123456789012-eu-central-1' },
  replication: { replicationTimeControl: true, deleteMarkerReplication: false },
  accessPoint: {
    name: 'example-data-readers',
    readerArns: ['arn:aws:iam::123456789012:role/data-reader'],
    delegateFromBucket: true,
  },
};
