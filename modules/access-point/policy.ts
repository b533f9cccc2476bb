/**
 * What an access point policy may say, and the bucket statement that delegates
 * access control to the app's own access points. Pure functions.
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-points-policies.html
 */
import { accountOfPrincipal } from '../../controls/policy-analysis';
import { PolicyStatement, asList, isToken } from '../core';

/**
 * Object and listing actions an access point can be delegated: reading,
 * writing, deleting and tagging objects and listing them. Never the bucket's
 * configuration (policy, ACL, encryption, replication, lifecycle).
 */
export const ACCESS_POINT_DATA_ACTIONS = [
  's3:AbortMultipartUpload',
  's3:DeleteObject',
  's3:DeleteObjectTagging',
  's3:DeleteObjectVersion',
  's3:GetObject',
  's3:GetObjectAttributes',
  's3:GetObjectTagging',
  's3:GetObjectVersion',
  's3:ListBucket',
  's3:ListBucketMultipartUploads',
  's3:ListMultipartUploadParts',
  's3:PutObject',
  's3:PutObjectTagging',
] as const;

const DATA_ACTIONS = new Set(ACCESS_POINT_DATA_ACTIONS.map((a) => a.toLowerCase()));

/**
 * The bucket statement that delegates access control to the given access
 * points (those the app creates, all of the bucket's account): a request
 * through one of them, by a principal of the account, may use the data
 * actions; the access point's policy (and the caller's IAM policy) decide the
 * rest. A request through any other access point gets nothing from it. The
 * bucket's Deny statements still apply to every request.
 */
export function delegateToOwnAccessPoints(
  bucketArn: string,
  accountId: string,
  accessPointArns: readonly string[],
): PolicyStatement {
  return {
    Sid: 'DelegateToOwnAccessPoints',
    Effect: 'Allow',
    Principal: { AWS: '*' },
    Action: [...ACCESS_POINT_DATA_ACTIONS],
    Resource: [bucketArn, `${bucketArn}/*`],
    Condition: {
      StringEquals: {
        's3:DataAccessPointArn': accessPointArns.length === 1 ? accessPointArns[0] : [...accessPointArns],
        'aws:PrincipalAccount': accountId,
      },
    },
  };
}

/**
 * Why statements of an access point policy would widen what the bucket
 * allows, or would be rejected: an Allow must name principals of the bucket's
 * account (no `*`, no NotPrincipal, no other account), grant data actions only,
 * and name this access point's resources.
 */
export function accessPointPolicyProblems(
  statements: readonly PolicyStatement[],
  accessPointArn: string,
  accountId: string,
): string[] {
  const problems: string[] = [];
  statements.forEach((st) => {
    const sid = JSON.stringify(st.Sid);
    for (const r of [...asList(st.Resource), ...asList(st.NotResource)]) {
      if (isToken(r) || isToken(accessPointArn)) continue;
      if (r !== accessPointArn && !r.startsWith(`${accessPointArn}/object/`))
        problems.push(
          `access point policy, statement ${sid}: Resource ${JSON.stringify(r)} is not this access point (${accessPointArn}) or its objects (${accessPointArn}/object/*)`,
        );
    }
    if (st.Effect !== 'Allow') return;
    if (st.NotPrincipal !== undefined || st.Principal === '*' || st.Principal === undefined)
      problems.push(
        `access point policy, statement ${sid} allows every principal: name principals of account ${accountId}`,
      );
    const aws = typeof st.Principal === 'object' ? asList(st.Principal.AWS) : [];
    for (const p of aws) {
      const account = isToken(p) ? undefined : accountOfPrincipal(p);
      if (p === '*' || (typeof account === 'string' && account !== accountId))
        problems.push(
          `access point policy, statement ${sid} allows ${JSON.stringify(p)}, outside account ${accountId}: an access point of this bucket serves its own account only`,
        );
    }
    if (typeof st.Principal === 'object' && (st.Principal.Service || st.Principal.Federated))
      problems.push(`access point policy, statement ${sid} allows a service or federated principal`);
    if (st.NotAction !== undefined)
      problems.push(`access point policy, statement ${sid} uses NotAction: list the data actions it allows`);
    for (const a of asList(st.Action)) {
      if (!DATA_ACTIONS.has(a.toLowerCase()))
        problems.push(
          `access point policy, statement ${sid} allows ${JSON.stringify(a)}: only the data actions ${ACCESS_POINT_DATA_ACTIONS.join(', ')} (no wildcards)`,
        );
    }
  });
  return problems;
}
