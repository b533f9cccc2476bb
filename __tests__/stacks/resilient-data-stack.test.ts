import { App, Testing } from 'cdktf';
import { ResilientDataStack } from '../../stacks';
import { AppConfig, ConfigError, DEFAULT_CONFIG, parseConfig } from '../../stacks/config';
import { expectError, policyOf, resourceOf, resourcesOf, synth } from '../helpers';

const ACCOUNT = '123456789012';
const OTHER = '444455556666';

function build(mutate: (c: AppConfig) => void = () => undefined) {
  const config = parseConfig(DEFAULT_CONFIG);
  mutate(config);
  const stack = new ResilientDataStack(Testing.app() as App, 'resilient-data', {
    ...config,
    resilience: config.resilience!,
  });
  return { stack, config, ...synth(stack) };
}

describe('ResilientDataStack (default configuration)', () => {
  const { stack, json, snapshot, config } = build();
  const r = config.resilience!;

  it('matches the snapshot', () => {
    expect(snapshot).toMatchSnapshot();
  });

  it('replicates the data bucket to its replica in the second region with RTC, KMS objects included', () => {
    const replication = resourceOf(json, 'aws_s3_bucket_replication_configuration') as {
      bucket: string;
      rule: { destination: Record<string, unknown>; source_selection_criteria: unknown }[];
    };
    expect(replication.bucket).toMatch(/aws_s3_bucket\.Data_Bucket/);
    expect(replication.rule[0].destination).toMatchObject({
      bucket: `arn:aws:s3:::${r.replica.name}`,
      replication_time: { status: 'Enabled', time: { minutes: 15 } },
      metrics: { status: 'Enabled', event_threshold: { minutes: 15 } },
      encryption_configuration: { replica_kms_key_id: expect.stringMatching(/ReplicaSite_Replica_Key/) },
    });
    expect(replication.rule[0].source_selection_criteria).toEqual({
      sse_kms_encrypted_objects: { status: 'Enabled' },
    });
  });

  it('creates the replica, its key and its log bucket in the replica region', () => {
    const regions = Object.values(resourcesOf(json, 'aws_s3_bucket')).map((b) => [b.bucket, b.region]);
    expect(regions).toEqual(
      expect.arrayContaining([
        [r.bucket.name, undefined],
        [r.logBucket.name, undefined],
        [r.replica.name, 'eu-central-1'],
        [r.replicaLogBucket.name, 'eu-central-1'],
      ]),
    );
    const replicaKey = resourceOf(json, 'aws_kms_key', 'ReplicaSite/Replica/Key/Key');
    expect(replicaKey.region).toBe('eu-central-1');
    expect(JSON.stringify(policyOf(replicaKey))).toContain('s3.eu-central-1.amazonaws.com');
  });

  it('adds a reader access point that blocks public access, delegated from the bucket', () => {
    const ap = resourceOf(json, 'aws_s3_access_point');
    expect(ap.name).toBe(r.accessPoint!.name);
    expect(ap.public_access_block_configuration).toEqual({
      block_public_acls: true,
      ignore_public_acls: true,
      block_public_policy: true,
      restrict_public_buckets: true,
    });
    expect(policyOf(ap).Statement[0]).toMatchObject({
      Principal: { AWS: r.accessPoint!.readerArns },
      Action: ['s3:GetObject', 's3:ListBucket'],
    });
    const bucketPolicy = policyOf(resourceOf(json, 'aws_s3_bucket_policy', 'Data/Policy'));
    expect(bucketPolicy.Statement.find((s) => s.Sid === 'DelegateToOwnAccessPoints')?.Condition).toEqual({
      StringEquals: {
        's3:DataAccessPointArn': `arn:aws:s3:${config.environment.region}:${ACCOUNT}:accesspoint/${r.accessPoint!.name}`,
        'aws:PrincipalAccount': ACCOUNT,
      },
    });
    expect(stack.node.tryFindChild('MultiRegionAccessPoint')).toBeUndefined();
  });

  it('states the replication role in its outputs', () => {
    expect(json.output?.replication_role_arn.value).toBe(
      `arn:aws:iam::${ACCOUNT}:role/s3-replication-${r.bucket.name}`,
    );
  });
});

describe('ResilientDataStack replicating to another account', () => {
  const otherAccount = (c: AppConfig) => {
    c.resilience!.replicaAccount = {
      accountId: OTHER,
      deployRoleArn: `arn:aws:iam::${OTHER}:role/terraform-deployer`,
    };
  };
  const { json } = build(otherAccount);

  it('creates the replica with a provider pinned to that account, and the destination owns replicas', () => {
    const providers = (json.provider?.aws ?? []) as Record<string, unknown>[];
    expect(providers).toContainEqual(
      expect.objectContaining({
        alias: 'replica',
        allowed_account_ids: [OTHER],
        assume_role: [{ role_arn: `arn:aws:iam::${OTHER}:role/terraform-deployer` }],
      }),
    );
    expect(resourceOf(json, 'aws_s3_bucket', 'ReplicaSite/Replica/Bucket').provider).toBe('aws.replica');
    const replication = resourceOf(json, 'aws_s3_bucket_replication_configuration') as {
      rule: { destination: Record<string, unknown> }[];
    };
    expect(replication.rule[0].destination).toMatchObject({
      account: OTHER,
      access_control_translation: { owner: 'Destination' },
    });
  });

  it('refuses a Multi-Region Access Point over buckets of two accounts', () => {
    expectError(
      () =>
        build((c) => {
          otherAccount(c);
          c.resilience!.multiRegionAccessPoint = { name: 'example-global' };
        }),
      'resilient-data/MultiRegionAccessPoint: buckets[1] "resilient-data/ReplicaSite/Replica" belongs to another account',
    );
  });
});

describe('resilience configuration', () => {
  it.each([
    [
      (c: Record<string, any>) => (c.resilience.replicaAccount = { accountId: '12' }),
      /resilience\.replicaAccount\.accountId: must be a 12-digit AWS account id/,
    ],
    [
      (c: Record<string, any>) => (c.resilience.replication = { storageClass: 'COLD' }),
      /resilience\.replication\.storageClass: /,
    ],
    [(c: Record<string, any>) => (c.resilience.extra = true), /resilience: Unrecognized key/],
  ])('rejects bad values with their path (%#)', (mutate, message) => {
    const c = structuredClone(DEFAULT_CONFIG) as Record<string, any>;
    mutate(c);
    expect(() => parseConfig(c, 'test')).toThrow(ConfigError);
    expectError(() => parseConfig(c, 'test'), message);
  });

  it('reports a bad replica region from the module, naming the construct', () => {
    expectError(
      () => build((c) => (c.resilience!.replicaRegion = 'Frankfurt')),
      'resilient-data/ReplicaSite: region "Frankfurt"',
    );
  });
});
