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
  denyProtectedBucketEncryptionChanges,
  denyProtectedBucketPublicAccessBlockChanges,
  denySseCUploads,
  enforceOrganizationIdentitiesForS3,
  enforceTlsForS3,
} from './statements';
import {
  AUDIT_KEY_ALIAS,
  denyAuditBucketTampering,
  denyAuditKeyAliasChanges,
  denyAuditKeyTampering,
  denyGuardedRoleChanges,
  denyRemediationRetargeting,
} from './protection';
import { remediationRoleArnPattern } from '../auto-remediation/runbooks';

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

/** Where the audit logs of the member accounts are kept. */
export interface AuditLogSettings {
  /**
   * The buckets of the trail, AWS Config and their access logs, by name or
   * name pattern (`acme-cloudtrail-*`): their policy, access logging, lifecycle
   * and versioning cannot change, and their objects cannot be deleted or
   * written over (the services that deliver the logs are not restricted).
   */
  readonly bucketNames: readonly string[];
  /**
   * Aliases of the keys that encrypt the audit logs: the keys cannot be
   * disabled, scheduled for deletion, stop rotating, get another policy or
   * more aliases, and the aliases cannot be deleted or moved.
   * @default ['alias/s3-security/audit'] - the AccountBaselineStack's audit key
   */
  readonly keyAliases?: readonly string[];
}

export interface OrganizationGuardrailsProps {
  /**
   * Where the policies are attached: the organization root (`r-...`),
   * organizational units (`ou-...`) or member accounts (12 digits).
   */
  readonly targetIds: readonly string[];
  /**
   * Roles the service control policy does not restrict, as ARN patterns
   * (`arn:aws:iam::*:role/break-glass` names that role in every account; SCPs
   * only ever apply to the organization's own accounts). Put the role that
   * deploys baselines (CloudTrail, Config, Macie) here too. Only roles: the
   * SCP keeps member-account administrators from changing or recreating them,
   * which it could not do for a user's keys, password and groups. An ARN of
   * the management account alone is refused: SCPs never apply there, so it
   * would spare nobody.
   */
  readonly breakGlassPrincipalArns: readonly string[] | OptOut;
  /**
   * The management account of the organization, whose principals SCPs never
   * restrict (checked against `breakGlassPrincipalArns`).
   * @default - the account of the stack (deploy from the management account)
   */
  readonly managementAccountId?: string;
  /**
   * Roles that may still turn the Block Public Access of protected buckets on:
   * the roles of S3AutoRemediation's `bucket-public-access-block` runbook,
   * whose fixed parameters turn the four settings on. They are spared by that
   * one statement only; they cannot be changed or passed, and remediation
   * configurations cannot be pointed at another runbook, except by the
   * break-glass principals. The encryption runbook's role is not spared: the
   * encryption of a protected bucket cannot be removed, so there is nothing
   * for it to repair, and sparing it would let a changed Config rule replace
   * a bucket's KMS key with SSE-S3.
   * @default - the default-named role in every account (`remediationRoleArnPattern`), when protectedBuckets is set
   */
  readonly remediationRoleArns?: readonly string[] | OptOut;
  /**
   * Keep the audit logs from being cut off where the trail does not see it:
   * at the bucket (policy, lifecycle, versioning) or at the key. Required while
   * protectCloudTrail is on: stopping the trail is denied, and this closes the
   * other ways to stop its delivery.
   */
  readonly auditLogs?: AuditLogSettings | OptOut;
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
   * Deny stopping or deleting the AWS Config recorder, and deleting or
   * redirecting its delivery channel.
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

/** A bucket name or name pattern: lowercase letters, digits, . - and the wildcards * ?, not only wildcards. */
function bucketPatternRule(p: string): string | undefined {
  return typeof p === 'string' && BUCKET_PATTERN.test(p) && !/^[*?]+$/.test(p)
    ? undefined
    : 'is not a bucket name or name pattern (lowercase letters, digits, . - and the wildcards * ?, not only wildcards)';
}

/**
 * An exemption of the SCP: a role ARN pattern that is not every role, and
 * that can match a member account (SCPs never apply to the management account).
 */
function checkExemptRole(v: PropsValidator, prop: string, arn: string, management: string | undefined): void {
  if (isToken(arn)) {
    v.fail(prop, arn, 'must be literal: the guardrails check which accounts it can match');
    return;
  }
  if (iamPrincipalArnRule(arn) !== undefined) {
    v.rule(prop, arn, iamPrincipalArnRule);
    return;
  }
  const match = /^arn:[^:]+:iam::([^:]+):role\/(.+)$/.exec(arn);
  if (!match) {
    v.fail(
      prop,
      arn,
      "must be a role ARN (arn:<partition>:iam::<account or *>:role/<name>): the guardrails keep exempt roles from being changed, which they cannot do for a user's keys, password and groups",
    );
    return;
  }
  if (/^[*?/]*$/.test(match[2])) {
    v.fail(prop, arn, 'matches every role: the guardrails would apply to nobody');
  } else if (management !== undefined && match[1] === management) {
    v.fail(
      prop,
      arn,
      `can only match the management account ${management}, where SCPs never apply: in every member account the role would be denied like anyone else; use * as the account (arn:<partition>:iam::*:role/<name>) or name member accounts`,
    );
  }
}

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

    const management = props.managementAccountId ?? env.knownAccountId;
    if (props.managementAccountId !== undefined)
      v.rule('managementAccountId', props.managementAccountId, accountIdRule);
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
      exempt.forEach((arn, i) => checkExemptRole(v, `breakGlassPrincipalArns[${i}]`, arn, management));
    }
    const buckets = [...(props.protectedBuckets ?? [])];
    let automation: string[] = [];
    if (optOuts.keep('remediationRoleArns', props.remediationRoleArns) && buckets.length > 0) {
      automation = [
        ...((props.remediationRoleArns as readonly string[] | undefined) ?? [
          remediationRoleArnPattern(env.partition, 'bucket-public-access-block'),
        ]),
      ];
      automation.forEach((arn, i) => checkExemptRole(v, `remediationRoleArns[${i}]`, arn, management));
    }
    const cloudTrail = on('protectCloudTrail', props.protectCloudTrail);
    let audit: { bucketNames: string[]; keyAliases: string[] } | undefined;
    if (optOuts.keep('auditLogs', props.auditLogs)) {
      const a = props.auditLogs as AuditLogSettings | undefined;
      if (a === undefined) {
        v.check(
          !cloudTrail,
          'auditLogs',
          undefined,
          'is required while protectCloudTrail is on: without it, a member-account administrator stops the trail delivering by changing its bucket policy or disabling its key (name the audit log buckets, or opt out with a reason)',
        );
      } else {
        audit = {
          bucketNames: [...(a.bucketNames ?? [])],
          keyAliases: [...(a.keyAliases ?? [AUDIT_KEY_ALIAS])],
        };
        v.check(
          audit.bucketNames.length > 0,
          'auditLogs.bucketNames',
          a.bucketNames,
          'must name at least one bucket',
        );
        audit.bucketNames.forEach((b, i) => v.rule(`auditLogs.bucketNames[${i}]`, b, bucketPatternRule));
        audit.keyAliases.forEach((k, i) =>
          v.rule(`auditLogs.keyAliases[${i}]`, k, (x: string) =>
            typeof x === 'string' && /^alias\/[A-Za-z0-9/_-]{1,250}$/.test(x) && !x.startsWith('alias/aws/')
              ? undefined
              : 'is not a key alias of this account: expected alias/<name> (letters, digits, / _ -), not an AWS managed alias/aws/...',
          ),
        );
      }
    }
    buckets.forEach((b, i) => v.rule(`protectedBuckets[${i}]`, b, bucketPatternRule));

    const statements: PolicyStatement[] = [];
    if (on('protectAccountPublicAccessBlock', props.protectAccountPublicAccessBlock))
      statements.push(denyAccountPublicAccessBlockChanges(exempt));
    if (cloudTrail) statements.push(denyCloudTrailTampering(exempt));
    if (on('protectConfig', props.protectConfig)) statements.push(denyConfigRecordingShutdown(exempt));
    if (on('protectMacie', props.protectMacie)) statements.push(denyMacieShutdown(exempt));
    if (buckets.length > 0) {
      const arns = buckets.map((b) => env.bucketArn(b));
      statements.push(
        denyProtectedBucketPublicAccessBlockChanges(arns, exempt, automation),
        denyProtectedBucketEncryptionChanges(arns, exempt),
      );
    }
    if (on('requireKmsUploads', props.requireKmsUploads)) statements.push(denyNonKmsUploadEncryption(exempt));
    if (on('denySseC', props.denySseC)) statements.push(denySseCUploads(exempt));
    // The roles spared above cannot be taken over, nor the automation retargeted.
    const guarded = [...exempt, ...automation];
    if (guarded.length > 0 && statements.length > 0) statements.push(denyGuardedRoleChanges(guarded, exempt));
    if (automation.length > 0) statements.push(denyRemediationRetargeting(exempt));
    if (audit) {
      statements.push(
        denyAuditBucketTampering(
          audit.bucketNames.map((b) => env.bucketArn(b)),
          exempt,
        ),
      );
      statements.push(denyAuditKeyTampering(audit.keyAliases, exempt));
      statements.push(denyAuditKeyAliasChanges(env.partition, audit.keyAliases, exempt));
    }

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
