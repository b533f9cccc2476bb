import { Construct } from 'constructs';
import { OrganizationsPolicy } from '@cdktf/provider-aws/lib/organizations-policy';
import { OrganizationsPolicyAttachment } from '@cdktf/provider-aws/lib/organizations-policy-attachment';
import {
  AwsEnvironment,
  OptOut,
  OptOutRecord,
  OptOuts,
  PolicyComposer,
  PolicyDocument,
  PolicyKind,
  PolicyStatement,
  PropsValidator,
  RESOURCE_CONTROL_POLICY,
  SERVICE_CONTROL_POLICY,
  accountIdRule,
  iamPrincipalArnRule,
  isToken,
  mergeTags,
  organizationIdRule,
  organizationalUnitIdRule,
  recordSecurity,
} from '../core';
import {
  GUARDRAIL_CONTROLS,
  denyAccountPublicAccessBlockChanges,
  denyCloudTrailTampering,
  denyConfigRecordingShutdown,
  denyMacieShutdown,
  denyNonKmsUploadEncryption,
  denyProtectedBucketSettingChanges,
  denySseCUploads,
  enforceOrganizationIdentitiesForS3,
  enforceTlsForS3,
} from './statements';

/** Resource control policies for S3 on the same targets. */
export interface ResourceControlPolicySettings {
  /** The organization (`o-...`) whose principals may use the buckets. */
  readonly organizationId: string;
  /**
   * Deny S3 requests without TLS on every bucket.
   * @default true
   */
  readonly enforceTls?: true | OptOut;
  /**
   * Deny S3 requests by principals outside the organization on every bucket.
   * @default true
   */
  readonly organizationOnly?: true | OptOut;
}

export interface OrganizationGuardrailsProps {
  /**
   * Where the policies are attached: the organization root (`r-...`),
   * organizational units (`ou-...`) or member accounts (12 digits).
   */
  readonly targetIds: readonly string[];
  /**
   * Principals the service control policy does not restrict, as ARN patterns
   * (`arn:aws:iam::*:role/break-glass` names that role in every account; SCPs
   * only ever apply to the organization's own accounts). Put the role that
   * deploys baselines (CloudTrail, Config, Macie) here too.
   */
  readonly breakGlassPrincipalArns: readonly string[] | OptOut;
  /**
   * Deny changes to the account's S3 Block Public Access (`s3:PutAccountPublicAccessBlock`).
   * @default true
   */
  readonly protectAccountPublicAccessBlock?: true | OptOut;
  /**
   * Deny stopping, deleting or reconfiguring CloudTrail trails.
   * @default true
   */
  readonly protectCloudTrail?: true | OptOut;
  /**
   * Deny stopping or deleting the AWS Config recorder and delivery channel.
   * @default true
   */
  readonly protectConfig?: true | OptOut;
  /**
   * Deny disabling or pausing Amazon Macie.
   * @default true
   */
  readonly protectMacie?: true | OptOut;
  /**
   * Buckets whose default encryption and Block Public Access cannot be changed
   * or removed, by name or name pattern (`acme-prod-*`).
   * @default [] - no bucket
   */
  readonly protectedBuckets?: readonly string[];
  /**
   * Deny uploads that request an encryption other than a KMS key.
   * @default true
   */
  readonly requireKmsUploads?: true | OptOut;
  /**
   * Deny uploads with customer-provided keys (SSE-C).
   * @default true
   */
  readonly denySseC?: true | OptOut;
  /**
   * Resource control policies for S3 (TLS only, organization principals only).
   * RCPs must be enabled in the organization first.
   * @default - none
   * @see https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html
   */
  readonly resourceControlPolicies?: ResourceControlPolicySettings;
  /**
   * Name of the policies: `<name>-scp` and `<name>-rcp`.
   * @default 's3-security-guardrails'
   */
  readonly name?: string;
  readonly tags?: Record<string, string>;
}

const ROOT_ID = /^r-[0-9a-z]{4,32}$/;
const BUCKET_PATTERN = /^[a-z0-9*?][a-z0-9.*?-]{0,62}$/;

/** A policy target: the root, an organizational unit or an account. */
export function policyTargetRule(id: string): string | undefined {
  return typeof id === 'string' &&
    (ROOT_ID.test(id) || organizationalUnitIdRule(id) === undefined || accountIdRule(id) === undefined)
    ? undefined
    : 'is not a policy target: expected a root (r-...), an organizational unit (ou-...-...) or an account id (12 digits)';
}

/**
 * Service control policies (and, as an option, resource control policies)
 * that keep S3 protections on across an AWS Organization: the account Block
 * Public Access cannot be changed, CloudTrail, AWS Config and Macie cannot be
 * turned off, protected buckets keep their encryption and Block Public Access,
 * and uploads cannot ask for SSE-S3 or SSE-C. Break-glass principals are
 * exempt. Every policy is checked against the 5,120-character limit at synth.
 *
 * Deploy from the management account (or a delegated administrator). SCPs do
 * not restrict the management account itself; RCPs do not protect its resources.
 */
export class OrganizationGuardrails extends Construct {
  public readonly serviceControlPolicy?: OrganizationsPolicy;
  public readonly resourceControlPolicy?: OrganizationsPolicy;
  /** The SCP as synthesized (undefined when every SCP guardrail is off). */
  public readonly serviceControlDocument?: PolicyDocument;
  /** The RCP as synthesized (undefined without RCPs). */
  public readonly resourceControlDocument?: PolicyDocument;
  public readonly optOuts: readonly OptOutRecord[];

  constructor(scope: Construct, id: string, props: OrganizationGuardrailsProps) {
    super(scope, id);
    const env = AwsEnvironment.of(this);
    const v = new PropsValidator(this);
    const optOuts = new OptOuts(v);
    const on = (setting: string, value: true | OptOut | undefined) => optOuts.keep(setting, value);

    const name = props.name ?? 's3-security-guardrails';
    v.rule('name', name, (n: string) =>
      /^[A-Za-z0-9+=,.@_-]{1,124}$/.test(n)
        ? undefined
        : 'must be 1 to 124 letters, digits and + = , . @ _ -',
    );
    const targets = props.targetIds ?? [];
    v.check(targets.length > 0, 'targetIds', props.targetIds, 'must name at least one root, OU or account');
    targets.forEach((t, i) => {
      if (isToken(t)) v.fail(`targetIds[${i}]`, t, 'must be literal: it names the attachment resource');
      else v.rule(`targetIds[${i}]`, t, policyTargetRule);
    });
    const dup = targets.find((t, i) => targets.indexOf(t) !== i);
    if (dup !== undefined) v.fail('targetIds', targets, `lists ${dup} twice`);

    // Without break-glass principals (an opt-out), every guardrail applies to every principal of the targets.
    let exempt: string[] = [];
    if (optOuts.keep('breakGlassPrincipalArns', props.breakGlassPrincipalArns)) {
      exempt = [...((props.breakGlassPrincipalArns as readonly string[] | undefined) ?? [])];
      v.check(
        exempt.length > 0,
        'breakGlassPrincipalArns',
        props.breakGlassPrincipalArns,
        'must name at least one principal (or opt out with a reason): without one, nobody can repair a guarded setting in a member account',
      );
      exempt.forEach((arn, i) => {
        v.rule(`breakGlassPrincipalArns[${i}]`, arn, iamPrincipalArnRule);
        if (!isToken(arn) && /:(role|user)\/[*?/]*$/.test(arn)) {
          v.fail(
            `breakGlassPrincipalArns[${i}]`,
            arn,
            'matches every role or user: the guardrails would apply to nobody',
          );
        }
      });
    }
    const buckets = [...(props.protectedBuckets ?? [])];
    buckets.forEach((b, i) =>
      v.rule(`protectedBuckets[${i}]`, b, (p: string) =>
        BUCKET_PATTERN.test(p) && !/^[*?]+$/.test(p)
          ? undefined
          : 'is not a bucket name or name pattern (lowercase letters, digits, . - and the wildcards * ?, not only wildcards)',
      ),
    );

    const statements: PolicyStatement[] = [];
    if (on('protectAccountPublicAccessBlock', props.protectAccountPublicAccessBlock))
      statements.push(denyAccountPublicAccessBlockChanges(exempt));
    if (on('protectCloudTrail', props.protectCloudTrail)) statements.push(denyCloudTrailTampering(exempt));
    if (on('protectConfig', props.protectConfig)) statements.push(denyConfigRecordingShutdown(exempt));
    if (on('protectMacie', props.protectMacie)) statements.push(denyMacieShutdown(exempt));
    if (buckets.length > 0)
      statements.push(
        denyProtectedBucketSettingChanges(
          buckets.map((b) => env.bucketArn(b)),
          exempt,
        ),
      );
    if (on('requireKmsUploads', props.requireKmsUploads)) statements.push(denyNonKmsUploadEncryption(exempt));
    if (on('denySseC', props.denySseC)) statements.push(denySseCUploads(exempt));

    const rcpStatements: PolicyStatement[] = [];
    const rcp = props.resourceControlPolicies;
    if (rcp) {
      if (rcp.organizationId === undefined)
        v.fail('resourceControlPolicies.organizationId', rcp.organizationId, 'is required');
      v.rule('resourceControlPolicies.organizationId', rcp.organizationId, organizationIdRule);
      if (on('resourceControlPolicies.enforceTls', rcp.enforceTls)) rcpStatements.push(enforceTlsForS3());
      if (on('resourceControlPolicies.organizationOnly', rcp.organizationOnly))
        rcpStatements.push(enforceOrganizationIdentitiesForS3(rcp.organizationId));
      v.check(
        rcpStatements.length > 0,
        'resourceControlPolicies',
        rcp,
        'turns every resource control off: leave resourceControlPolicies out instead',
      );
    }
    const tags = mergeTags(v, 'tags', props.tags);
    v.throwIfAny();
    this.optOuts = optOuts.records;

    const create = (
      kind: PolicyKind,
      id: string,
      type: string,
      suffix: string,
      description: string,
      list: PolicyStatement[],
    ) => {
      const composer = new PolicyComposer(this, kind);
      composer.addMandatory('OrganizationGuardrails', ...list);
      const policy = new OrganizationsPolicy(this, id, {
        name: `${name}-${suffix}`,
        description: `${description} (managed by cdktf-s3-security)`,
        type,
        content: composer.render(),
        tags,
      });
      recordSecurity(policy, {
        module: 'OrganizationGuardrails',
        controls: list.flatMap((st) => GUARDRAIL_CONTROLS[st.Sid] ?? []),
        optOuts: optOuts.records,
      });
      for (const target of targets) {
        new OrganizationsPolicyAttachment(this, `${id}Attachment-${target}`, {
          policyId: policy.id,
          targetId: target,
        });
      }
      return { policy, document: composer.document };
    };
    if (statements.length > 0) {
      const scp = create(
        SERVICE_CONTROL_POLICY,
        'ServiceControlPolicy',
        'SERVICE_CONTROL_POLICY',
        'scp',
        'S3 guardrails: account Block Public Access, CloudTrail, Config, Macie, bucket protection, upload encryption',
        statements,
      );
      this.serviceControlPolicy = scp.policy;
      this.serviceControlDocument = scp.document;
    }
    if (rcpStatements.length > 0) {
      const rcp = create(
        RESOURCE_CONTROL_POLICY,
        'ResourceControlPolicy',
        'RESOURCE_CONTROL_POLICY',
        'rcp',
        'S3 resource perimeter: TLS only, organization principals only',
        rcpStatements,
      );
      this.resourceControlPolicy = rcp.policy;
      this.resourceControlDocument = rcp.document;
    }
  }
}
