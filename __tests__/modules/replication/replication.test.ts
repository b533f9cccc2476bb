import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { AwsPlacement, OptOut, S3SecurityValidationError } from '../../../modules/core';
import {
  BucketReplication,
  BucketReplicationProps,
  ReplicationRuleProps,
} from '../../../modules/replication';
import { AccessLogBucket, SecureBucket, SecureBucketProps } from '../../../modules/secure-bucket';
import { ACCOUNT, expectError, policyOf, resourceOf, synth, testStack } from '../../helpers';
import { REPLICA_ACCOUNT, REPLICA_NAME, REPLICA_REGION, SOURCE_NAME, replicatedPair } from './fixtures';

const crossRegion = replicatedPair('cross-region');
const crossAccount = replicatedPair('cross-account');
const regional = synth(crossRegion.stack);
const accounts = synth(crossAccount.stack);
/** Resources of the replica site, by type and construct path. */
const PLACED = [
  ['aws_s3_bucket', 'replica-site/replica/Bucket'],
  ['aws_kms_key', 'replica-site/replica/Key/Key'],
  ['aws_s3_bucket_versioning', 'replica-site/replica/Versioning'],
  ['aws_s3_bucket_policy', 'replica-site/replica/Policy'],
  ['aws_s3_bucket_policy', 'replica-site/logs/Bucket/Policy'],
] as const;
/** SecureBuckets in `scope` (a stack or a placement) that log to one AccessLogBucket there. */
function logged(scope: Construct, logsName = 'acme-logs-111122223333') {
  const logs = new AccessLogBucket(scope, 'logs', { bucketName: logsName });
  const bucket = (id: string, name: string, props: Partial<SecureBucketProps> = {}) =>
    new SecureBucket(scope, id, { bucketName: name, accessLogs: { bucket: logs }, ...props });
  return { stack: TerraformStack.of(scope), bucket };
}

const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/s3-replication-${SOURCE_NAME}`;

type Rule = {
  id: string;
  priority: number;
  filter: Record<string, unknown>;
  delete_marker_replication: { status: string };
  source_selection_criteria?: Record<string, unknown>;
  destination: Record<string, unknown>;
};
const configOf = (json: typeof regional.json) =>
  resourceOf(json, 'aws_s3_bucket_replication_configuration') as { rule: Rule[]; depends_on: string[] };

describe('BucketReplication to another region of the same account', () => {
  const config = configOf(regional.json);

  it('matches the snapshot', () => {
    expect(regional.snapshot).toMatchSnapshot();
  });

  it('writes one V2 rule with RTC, metrics at 15 minutes, delete markers and KMS objects re-encrypted', () => {
    expect(config.rule).toHaveLength(1);
    const [rule] = config.rule;
    expect(rule).toMatchObject({
      id: 'everything',
      priority: 1,
      status: 'Enabled',
      filter: {},
      delete_marker_replication: { status: 'Enabled' },
      source_selection_criteria: { sse_kms_encrypted_objects: { status: 'Enabled' } },
    });
    expect(rule.destination).toMatchObject({
      bucket: `arn:aws:s3:::${REPLICA_NAME}`,
      encryption_configuration: {
        replica_kms_key_id: expect.stringMatching(/aws_kms_key\.replica-site_replica/),
      },
      metrics: { status: 'Enabled', event_threshold: { minutes: 15 } },
      replication_time: { status: 'Enabled', time: { minutes: 15 } },
    });
    expect(rule.destination.account).toBeUndefined();
    expect(rule.destination.access_control_translation).toBeUndefined();
  });

  it('waits for versioning of both buckets, the role policy and the destination policy', () => {
    expect(config.depends_on).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^aws_s3_bucket_versioning\.source_Versioning/),
        expect.stringMatching(/^aws_s3_bucket_versioning\.replica-site_replica_Versioning/),
        expect.stringMatching(/^aws_iam_role_policy\.replication_Policy/),
        expect.stringMatching(/^aws_s3_bucket_policy\.replica-site_replica_Policy/),
      ]),
    );
  });

  it('puts every resource of the replica site in its region, with the default provider', () => {
    for (const [type, path] of PLACED) {
      const replica = resourceOf(regional.json, type, path);
      expect([type, replica.region, replica.provider]).toEqual([type, REPLICA_REGION, undefined]);
    }
    expect(resourceOf(regional.json, 'aws_s3_bucket', 'test/source/Bucket').region).toBeUndefined();
    expect(resourceOf(regional.json, 'aws_iam_role').region).toBeUndefined();
  });

  it('gives the replica its own key, usable through S3 in the replica region only', () => {
    const key = policyOf(resourceOf(regional.json, 'aws_kms_key', 'replica-site/replica/Key/Key'));
    const use = key.Statement.find((s) => s.Sid === 'AccountUsesKeyThroughS3');
    expect(use?.Condition?.StringEquals).toEqual({
      'kms:ViaService': `s3.${REPLICA_REGION}.amazonaws.com`,
      'kms:CallerAccount': ACCOUNT,
    });
    expect(key.Statement.map((s) => s.Sid)).not.toContain('ReplicationRoleEncryptsReplicas');
  });

  it('trusts only Amazon S3 with the role', () => {
    const role = resourceOf(regional.json, 'aws_iam_role');
    expect(JSON.parse(role.assume_role_policy as string)).toEqual(crossRegion.replication.trustPolicy);
    expect(crossRegion.replication.trustPolicy.Statement).toEqual([
      expect.objectContaining({ Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }),
    ]);
    expect(role.name).toBe(`s3-replication-${SOURCE_NAME}`);
  });

  it('exempts the role from the restrictions of both buckets but not from their TLS denies', () => {
    for (const path of ['test/source/Policy', 'replica-site/replica/Policy']) {
      const policy = policyOf(resourceOf(regional.json, 'aws_s3_bucket_policy', path));
      const exempt = (sid: string) =>
        JSON.stringify(policy.Statement.find((s) => s.Sid === sid)?.Condition ?? {}).includes(ROLE_ARN);
      expect([path, exempt('DenyOutsideVpcEndpoints')]).toEqual([path, true]);
      expect([path, exempt('DenyInsecureTransport'), exempt('DenyOutdatedTls')]).toEqual([
        path,
        false,
        false,
      ]);
    }
  });

  it('keeps every control of both buckets and records the replication control', () => {
    expect(crossRegion.source.controls).toContain('s3-vpc-endpoint-restriction');
    expect(crossRegion.replica.controls).toEqual(expect.arrayContaining(['s3-tls-only', 's3-minimum-tls']));
    const record = (
      resourceOf(regional.json, 'aws_s3_bucket_replication_configuration')['//'] as Record<string, unknown>
    )['s3-security'];
    expect(record).toEqual({ module: 'BucketReplication', controls: ['s3-replication'], optOuts: [] });
  });
});

describe('BucketReplication to another account', () => {
  const config = configOf(accounts.json);
  const destinationPolicy = policyOf(
    resourceOf(accounts.json, 'aws_s3_bucket_policy', 'replica-site/replica/Policy'),
  );
  const destinationKey = resourceOf(accounts.json, 'aws_kms_key', 'replica-site/replica/Key/Key');

  it('matches the snapshot', () => {
    expect(accounts.snapshot).toMatchSnapshot();
  });

  it('names the destination account and makes it the owner of the replicas', () => {
    expect(config.rule[0].destination).toMatchObject({
      account: REPLICA_ACCOUNT,
      access_control_translation: { owner: 'Destination' },
    });
  });

  it('creates the replica site with the aliased provider of the other account', () => {
    for (const [type, path] of PLACED) {
      const r = resourceOf(accounts.json, type, path);
      expect([type, r.provider, r.region]).toEqual([type, 'aws.replica', REPLICA_REGION]);
    }
  });

  it('admits the role in the destination bucket policy for replica writes only', () => {
    const allow = destinationPolicy.Statement.find((s) => s.Sid === 'ReplicationRoleWritesReplicas');
    expect(allow).toEqual({
      Sid: 'ReplicationRoleWritesReplicas',
      Effect: 'Allow',
      Principal: { AWS: ROLE_ARN },
      Action: [
        's3:ReplicateObject',
        's3:ReplicateDelete',
        's3:ReplicateTags',
        's3:ObjectOwnerOverrideToBucketOwner',
      ],
      Resource: `arn:aws:s3:::${REPLICA_NAME}/*`,
    });
  });

  it('admits the role in the destination key policy through S3 in its region, for the replica bucket', () => {
    const statement = policyOf(destinationKey).Statement.find(
      (s) => s.Sid === 'ReplicationRoleEncryptsReplicas',
    );
    expect(statement).toEqual({
      Sid: 'ReplicationRoleEncryptsReplicas',
      Effect: 'Allow',
      Principal: { AWS: ROLE_ARN },
      Action: ['kms:Decrypt', 'kms:Encrypt'],
      Resource: '*',
      Condition: {
        StringEquals: { 'kms:ViaService': `s3.${REPLICA_REGION}.amazonaws.com` },
        StringLike: {
          'kms:EncryptionContext:aws:s3:arn': [
            `arn:aws:s3:::${REPLICA_NAME}`,
            `arn:aws:s3:::${REPLICA_NAME}/*`,
          ],
        },
      },
    });
  });

  it('creates the destination policy and key only after the role they name', () => {
    const role = 'aws_iam_role.replication_Role_F3C241D5';
    expect(
      resourceOf(accounts.json, 'aws_s3_bucket_policy', 'replica-site/replica/Policy').depends_on,
    ).toContain(role);
    expect(destinationKey.depends_on).toContain(role);
  });

  it('lets nobody but the replication role write replicas', () => {
    const guard = destinationPolicy.Statement.find((s) => s.Sid === 'OnlyReplicationRolesReplicate');
    expect(guard).toMatchObject({
      Effect: 'Deny',
      Principal: '*',
      Resource: `arn:aws:s3:::${REPLICA_NAME}/*`,
      Condition: { ArnNotLike: { 'aws:PrincipalArn': ROLE_ARN } },
    });
  });
});

describe('BucketReplication rules and filters', () => {
  const { stack, bucket } = logged(testStack());
  const source = bucket('source', 'acme-src-111122223333');
  const replica = bucket('replica', 'acme-dst-111122223333', {
    encryption: {
      type: 'SSE_KMS',
      bucketKey: { enabled: false, reason: 'measuring KMS request volume per object' },
    },
  });
  const replication = new BucketReplication(stack, 'replication', {
    source,
    destination: replica,
    rules: [
      {
        id: 'reports',
        prefix: 'reports/',
        priority: 10,
        storageClass: 'STANDARD_IA',
        replicaModifications: true,
      },
      { id: 'tagged', prefix: 'exports/', tags: { class: 'gold', keep: 'yes' }, priority: 5 },
      { id: 'one-tag', tags: { class: 'silver' } },
    ],
  });
  const { rule } = configOf(synth(stack).json);

  it('renders prefix, tag and combined filters with their priorities', () => {
    expect(rule.map((r) => [r.id, r.priority, r.filter])).toEqual([
      ['reports', 10, { prefix: 'reports/' }],
      ['tagged', 5, { and: { prefix: 'exports/', tags: { class: 'gold', keep: 'yes' } } }],
      ['one-tag', 3, { tag: { key: 'class', value: 'silver' } }],
    ]);
    expect(rule[0].destination.storage_class).toBe('STANDARD_IA');
    expect(rule[0].source_selection_criteria).toEqual({
      replica_modifications: { status: 'Enabled' },
      sse_kms_encrypted_objects: { status: 'Enabled' },
    });
    expect(rule.map((r) => r.delete_marker_replication.status)).toEqual(['Disabled', 'Disabled', 'Disabled']);
    expect(rule[0].destination.metrics).toBeUndefined();
  });

  it('asks for kms:Encrypt alone on a replica key without S3 Bucket Keys', () => {
    const encrypt = replication.rolePolicyDocument.Statement.find((s) => s.Sid === 'EncryptReplicas');
    expect(encrypt?.Action).toBe('kms:Encrypt');
  });

  it('covers every object when a rule has no prefix', () => {
    const read = replication.rolePolicyDocument.Statement.find((s) => s.Sid === 'ReadSourceObjectVersions');
    expect(read?.Resource).toBe('arn:aws:s3:::acme-src-111122223333/*');
  });
});

describe('BucketReplication limited to prefixes', () => {
  const { stack, bucket } = logged(testStack());
  const source = bucket('source', 'acme-src-111122223333');
  const replica = bucket('replica', 'acme-dst-111122223333');
  const replication = new BucketReplication(stack, 'replication', {
    source,
    destination: replica,
    rules: [
      { id: 'a', prefix: 'a/' },
      { id: 'b', prefix: 'b/' },
    ],
  });

  it('grants the role the prefixes of the rules only, in S3 and in the key context', () => {
    const doc = replication.rolePolicyDocument.Statement;
    expect(doc.find((s) => s.Sid === 'ReadSourceObjectVersions')?.Resource).toEqual([
      'arn:aws:s3:::acme-src-111122223333/a/*',
      'arn:aws:s3:::acme-src-111122223333/b/*',
    ]);
    expect(doc.find((s) => s.Sid === 'WriteReplicas')?.Resource).toEqual([
      'arn:aws:s3:::acme-dst-111122223333/a/*',
      'arn:aws:s3:::acme-dst-111122223333/b/*',
    ]);
    expect(doc.find((s) => s.Sid === 'DecryptSourceObjects')?.Condition?.StringLike).toEqual({
      'kms:EncryptionContext:aws:s3:arn': [
        'arn:aws:s3:::acme-src-111122223333',
        'arn:aws:s3:::acme-src-111122223333/a/*',
        'arn:aws:s3:::acme-src-111122223333/b/*',
      ],
    });
  });
});

describe('BucketReplication from an Object Lock bucket', () => {
  const { stack, bucket } = logged(testStack());
  const lock = { mode: 'GOVERNANCE', days: 30 } as const;
  const source = bucket('source', 'acme-src-111122223333', {
    objectLock: lock,
  });
  const replica = bucket('replica', 'acme-dst-111122223333', {
    objectLock: lock,
  });
  const replication = new BucketReplication(stack, 'replication', {
    source,
    destination: replica,
    objectLockToken: 'token-from-support',
  });
  const config = resourceOf(synth(stack).json, 'aws_s3_bucket_replication_configuration');

  it('passes the token and reads retention and legal holds', () => {
    expect(config.token).toBe('token-from-support');
    const read = replication.rolePolicyDocument.Statement.find((s) => s.Sid === 'ReadSourceObjectVersions');
    expect(read?.Action).toEqual(expect.arrayContaining(['s3:GetObjectRetention', 's3:GetObjectLegalHold']));
  });
});

describe('BucketReplication to an existing bucket given by ARN', () => {
  const { stack, bucket } = logged(testStack());
  const source = bucket('source', 'acme-src-111122223333');
  const replication = new BucketReplication(stack, 'replication', {
    source,
    destination: {
      bucketArn: 'arn:aws:s3:::vault-444455556666',
      accountId: REPLICA_ACCOUNT,
      region: 'us-east-1',
      kmsKeyArn: 'arn:aws:kms:us-east-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      versioningEnabled: true,
    },
  });

  it('hands its owner the bucket and key policy statements to apply', () => {
    expect(replication.crossAccount).toBe(true);
    expect(replication.destinationBucketPolicyStatements.map((s) => s.Sid)).toEqual([
      'OnlyReplicationRolesReplicate',
      'ReplicationRoleWritesReplicas',
    ]);
    expect(replication.destinationKeyPolicyStatements).toEqual([
      expect.objectContaining({
        Condition: expect.objectContaining({
          StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' },
        }),
      }),
    ]);
  });
});

describe('BucketReplication validation', () => {
  const OK_REASON = 'a reason long enough to explain the risk';
  const off: OptOut = { enabled: false, reason: OK_REASON };

  /** A fresh source and destination (so one case cannot poison the next) with the given overrides. */
  function attempt(
    overrides: {
      source?: Partial<SecureBucketProps>;
      destination?: Partial<SecureBucketProps>;
      rules?: ReplicationRuleProps[];
      props?: Partial<BucketReplicationProps>;
    } = {},
  ): () => BucketReplication {
    return () => {
      const { stack, bucket } = logged(testStack());
      const source = bucket('source', 'acme-src-111122223333', overrides.source);
      const destination = bucket('dst', 'acme-dst-111122223333', overrides.destination);
      return new BucketReplication(stack, 'replication', {
        source,
        destination,
        rules: overrides.rules,
        ...overrides.props,
      });
    };
  }

  const CASES: [string, Parameters<typeof attempt>[0], RegExp][] = [
    [
      'versioning off at the source',
      { source: { versioning: off } },
      /replication: source "test\/source" has versioning turned off: replication needs versioning on both buckets/,
    ],
    [
      'versioning off at the destination',
      { destination: { versioning: off } },
      /destination "test\/dst" has versioning turned off/,
    ],
    [
      'KMS source without a replica key',
      { destination: { encryption: { type: 'SSE_S3', reason: OK_REASON } } },
      /destination "test\/dst" has no KMS key, but the source encrypts with KMS/,
    ],
    [
      'RTC without metrics',
      { rules: [{ id: 'r', replicationTimeControl: true, metrics: false }] },
      /rules\[0\]\.metrics false must be on with replicationTimeControl/,
    ],
    [
      'delete markers with a tag filter',
      { rules: [{ id: 'r', tags: { a: 'b' }, deleteMarkerReplication: true }] },
      /rules\[0\]\.deleteMarkerReplication true cannot be on for a rule with a tag filter/,
    ],
    [
      'duplicate priorities',
      {
        rules: [
          { id: 'a', priority: 2 },
          { id: 'b', priority: 2 },
        ],
      },
      /rules\[1\]\.priority 2 is also the priority of rule "a"/,
    ],
    ['duplicate ids', { rules: [{ id: 'a' }, { id: 'a' }] }, /rules\[1\]\.id "a" is used by another rule/],
    ['no rules', { rules: [] }, /rules \[\] must hold at least one rule/],
    [
      'a bad storage class',
      { rules: [{ id: 'r', storageClass: 'COLD' as never }] },
      /rules\[0\]\.storageClass "COLD" is not a replica storage class/,
    ],
    [
      'a negative priority',
      { rules: [{ id: 'r', priority: -1 }] },
      /rules\[0\]\.priority -1 must be a whole number, 0 or more/,
    ],
    [
      'an Object Lock source to a bucket without it',
      { source: { objectLock: { mode: 'GOVERNANCE', days: 1 } } },
      /destination "test\/dst" has no Object Lock, but the source does/,
    ],
    ['a bad role name', { props: { roleName: 'has space' } }, /roleName "has space"/],
  ];

  it.each(CASES)('rejects %s', (_name, overrides, message) => {
    let error: unknown;
    try {
      attempt(overrides)();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(S3SecurityValidationError);
    expect((error as Error).message).toMatch(message);
  });

  it('rejects a second replication configuration for the same bucket', () => {
    const { stack, bucket } = logged(testStack());
    const source = bucket('source', 'acme-src-111122223333');
    new BucketReplication(stack, 'first', { source, destination: bucket('a', 'acme-a-111122223333') });
    expectError(
      () =>
        new BucketReplication(stack, 'second', { source, destination: bucket('b', 'acme-b-111122223333') }),
      'test/second: source "test/source" already has a replication configuration (test/first): S3 keeps one per bucket',
    );
  });

  it('rejects the source as its own destination', () => {
    const { stack, bucket } = logged(testStack());
    const source = bucket('source', 'acme-src-111122223333');
    expectError(
      () => new BucketReplication(stack, 'self', { source, destination: source }),
      'is the source bucket itself',
    );
  });

  it('rejects a replication created outside the scope of its source', () => {
    const stack = testStack();
    const site = new AwsPlacement(stack, 'site', { region: REPLICA_REGION });
    const source = logged(stack).bucket('source', 'acme-src-111122223333');
    const replica = logged(site, 'acme-logs-fra-111122223333').bucket('replica', 'acme-dst-111122223333');
    expectError(
      () => new BucketReplication(site, 'replication', { source, destination: replica }),
      'test/site/replication: source "test/source" is in another region or account than this construct',
    );
  });

  it('rejects an existing destination given with bad values, naming each', () => {
    const { stack, bucket } = logged(testStack());
    const source = bucket('source', 'acme-src-111122223333');
    expectError(
      () =>
        new BucketReplication(stack, 'replication', {
          source,
          destination: {
            bucketArn: 'vault',
            accountId: '4444',
            region: 'Europe',
            kmsKeyArn: 'alias/vault',
            versioningEnabled: true,
          },
        }),
      'destination.bucketArn "vault" is not an S3 bucket ARN',
      'destination.accountId "4444"',
      'destination.region "Europe"',
      'destination.kmsKeyArn "alias/vault" is not a KMS key ARN',
    );
  });

  it('rejects another account whose provider is missing, and a placement that changes nothing', () => {
    const stack = testStack();
    expectError(
      () => new AwsPlacement(stack, 'other', { accountId: REPLICA_ACCOUNT }),
      `test/other: provider undefined is required for account ${REPLICA_ACCOUNT}`,
    );
    expectError(
      () => new AwsPlacement(stack, 'nothing', {}),
      'test/nothing: region undefined or accountId or provider must be given',
    );
  });

  it('cuts a long default role name to 64 characters with a hash of the whole name, so two do not collide', () => {
    const stack = testStack();
    const { bucket } = logged(stack);
    const site = new AwsPlacement(stack, 'site', { region: REPLICA_REGION });
    const replica = logged(site, 'acme-logs-fra-111122223333').bucket('replica', 'acme-dst-111122223333');
    const common = 'acme-analytics-landing-zone-raw-events-eu-west-1-';
    const names = ['a', 'b'].map((end, i) =>
      new BucketReplication(stack, `replication-${end}`, {
        source: bucket(`source-${end}`, `${common}${end}${i}`),
        destination: replica,
        rules: [{ id: 'all', priority: i }],
      }).roleArn
        .split('/')
        .pop()!,
    );
    expect(names.map((n) => n.length)).toEqual([64, 64]);
    expect(names[0]).not.toBe(names[1]);
    expect(names[0]).toMatch(/^s3-replication-acme-analytics-landing-zone-raw-events-e-[0-9a-f]{8}$/);
    expect(crossRegion.replication.roleArn).toBe(ROLE_ARN);
  });

  it('rejects replication to another account when the source account is known only at apply', () => {
    const stack: TerraformStack = testStack('unknown');
    const provider = new AwsProvider(stack, 'other', { alias: 'other', region: 'eu-west-1' });
    const site = new AwsPlacement(stack, 'site', { accountId: REPLICA_ACCOUNT, provider });
    const source = logged(stack).bucket('source', 'acme-src-111122223333');
    const replica = logged(site, 'acme-logs-444455556666').bucket('replica', 'acme-dst-444455556666');
    expectError(
      () => new BucketReplication(stack, 'replication', { source, destination: replica }),
      'roleName undefined must be known at synth time, with the source account id',
    );
  });
});
