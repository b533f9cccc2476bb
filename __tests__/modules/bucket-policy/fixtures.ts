import type { PolicyDocument } from '../../../modules/core';
import { ACCOUNT } from '../../helpers';
import { ALLOW_ALL_S3, Decision, SimulationRequest, simulate } from '../../support/simulate';

/** Principals and values shared by the simulation tests. */
export const PARTNER = '444455556666';
export const STRANGER = '777788889999';
export const SUPPLIER = '210987654321';
export const role = (name: string, account = ACCOUNT) => `arn:aws:iam::${account}:role/${name}`;
export const session = (roleName: string, account = ACCOUNT) =>
  `arn:aws:sts::${account}:assumed-role/${roleName}/session-1`;
export const APP = role('app');
export const OTHER = role('other');
export const BREAK_GLASS = role('break-glass');
/** S3 log delivery writing into a bucket whose policy grants it nothing: no restriction may let it through. */
export const SERVICE_WITHOUT_GRANT = {
  principal: 'logging.s3.amazonaws.com',
  action: 's3:PutObject',
  sourceAccount: ACCOUNT,
};
export const KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const OTHER_KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/0000aaaa-00aa-00aa-00aa-000000000000`;
export const ENDPOINT = 'vpce-0a1b2c3d4e5f67890';
export const VPC = 'vpc-0a1b2c3d4e5f67890';
export const ORG = 'o-a1b2c3d4e5';

export const nameOf = (id: string) => `sim-${id}-${ACCOUNT}`;
export const arnOf = (id: string) => `arn:aws:s3:::${nameOf(id)}`;
export const TRAIL = `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/main`;

export const ALLOWED: Decision = 'Allowed';
export const DENIED: Decision = 'ExplicitlyDenied';
export const NOT_GRANTED: Decision = 'ImplicitlyDenied';

/** Request fragments. */
export const HTTP = { secureTransport: false };
export const INSIDE_V4 = '203.0.113.10';
export const VIA_ENDPOINT = { sourceVpce: ENDPOINT, sourceVpc: VPC, sourceIp: '10.0.1.5' };
export const OWNER_ACL = { 's3:x-amz-acl': 'bucket-owner-full-control' };
export const sse = (algorithm: string, key?: string) => ({
  action: 's3:PutObject',
  context: {
    's3:x-amz-server-side-encryption': algorithm,
    ...(key ? { 's3:x-amz-server-side-encryption-aws-kms-key-id': key } : {}),
  },
});
export const SSE_C = {
  action: 's3:PutObject',
  context: { 's3:x-amz-server-side-encryption-customer-algorithm': 'AES256' },
};

/** A case builder for one bucket: `ip('read from inside', ALLOWED, { sourceIp })`. */
export function casesFor(bucket: string) {
  return (what: string, expect: Decision, request: Omit<RequestCase, 'bucket' | 'what' | 'expect'> = {}) =>
    ({ bucket, what, expect, ...request }) as RequestCase;
}

/** S3 actions whose resource is the bucket, not an object. */
const BUCKET_ACTIONS = new Set([
  's3:ListBucket',
  's3:GetBucketAcl',
  's3:GetBucketLocation',
  's3:GetBucketPolicy',
  's3:PutBucketPolicy',
  's3:DeleteBucketPolicy',
  's3:ListBucketMultipartUploads',
]);

/** One request against one bucket's synthesized policy, and the decision it must get. */
export interface RequestCase extends Partial<SimulationRequest> {
  /** The bucket, by its key in the policy map. */
  readonly bucket: string;
  readonly what: string;
  readonly expect: Decision;
  /** Object key; `null` for a bucket-level request. @default 'data/report.csv', or the bucket for bucket actions */
  readonly key?: string | null;
  /** The principal's IAM policy. @default 'admin' (all of S3) for this account's IAM principals, 'none' otherwise */
  readonly identity?: 'admin' | 'none';
}

/** Runs a case against `policies[case.bucket]`, a policy of a bucket named by `bucketArn(case.bucket)`. */
export async function runCase(
  c: RequestCase,
  policies: Readonly<Record<string, PolicyDocument>>,
  bucketArn: (bucket: string) => string,
): Promise<Decision> {
  const { bucket, what: _what, expect: _expect, key, identity, ...request } = c;
  const policy = policies[bucket];
  if (!policy) throw new Error(`no synthesized policy for ${bucket}`);
  const action = request.action ?? 's3:GetObject';
  const principal = request.principal ?? APP;
  const onBucket = key === null || (key === undefined && BUCKET_ACTIONS.has(action));
  const resource = onBucket ? bucketArn(bucket) : `${bucketArn(bucket)}/${key ?? 'data/report.csv'}`;
  const ownIam = principal.split(':')[4] === ACCOUNT;
  const admin = (identity ?? (ownIam ? 'admin' : 'none')) === 'admin';
  return simulate(
    { resourcePolicy: policy, identityPolicies: admin ? [ALLOW_ALL_S3] : [] },
    { ...request, principal, action, resource, resourceAccount: ACCOUNT },
  );
}

/** `bucket: what -> expected`, the test title of a case. */
export function caseTitle(c: RequestCase): string {
  return `${c.bucket}: ${c.what} -> ${c.expect}`;
}
