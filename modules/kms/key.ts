import { Lazy } from 'cdktf';
import { Construct } from 'constructs';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import {
  AwsEnvironment,
  KEY_POLICY,
  OptOut,
  OptOutRecord,
  OptOuts,
  PolicyComposer,
  PolicyStatement,
  PropsValidator,
  integerBetween,
  kmsAliasRule,
  mergeTags,
  recordSecurity,
} from '../core';
import { ServiceGrant, ServiceGrants } from './grants';

/**
 * Administrative key actions, listed one by one: manage the key, never use it on
 * data. No wildcard: `kms:Create*` would include `kms:CreateGrant`, and a grant
 * lets its grantee use the key outside every condition of this policy.
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-administrators
 */
export const KEY_ADMIN_ACTIONS = [
  'kms:CancelKeyDeletion',
  'kms:CreateAlias',
  'kms:DeleteAlias',
  'kms:DescribeKey',
  'kms:DisableKey',
  'kms:DisableKeyRotation',
  'kms:EnableKey',
  'kms:EnableKeyRotation',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListGrants',
  'kms:ListKeyPolicies',
  'kms:ListKeyRotations',
  'kms:ListResourceTags',
  'kms:PutKeyPolicy',
  'kms:RevokeGrant',
  'kms:RotateKeyOnDemand',
  'kms:ScheduleKeyDeletion',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:UpdateAlias',
  'kms:UpdateKeyDescription',
];

/**
 * The statements that let `principal` administer a key: {@link KEY_ADMIN_ACTIONS},
 * and `kms:CreateGrant` only for an AWS service integrated with KMS that creates
 * the grant for a resource (`kms:GrantIsForAWSResource`), never a grant to any
 * principal, which would reach the key's data outside S3.
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-grant-is-for-aws-resource
 */
export function keyAdministration(sid: string, principal: string | readonly string[]): PolicyStatement[] {
  const AWS = typeof principal === 'string' ? principal : [...principal];
  return [
    { Sid: sid, Effect: 'Allow', Principal: { AWS }, Action: KEY_ADMIN_ACTIONS, Resource: '*' },
    {
      Sid: `${sid}GrantsForAwsResources`,
      Effect: 'Allow',
      Principal: { AWS },
      Action: 'kms:CreateGrant',
      Resource: '*',
      Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    },
  ];
}

/** Cryptographic actions S3 performs with a key on behalf of a caller. */
export const KEY_USE_ACTIONS = [
  'kms:Decrypt',
  'kms:DescribeKey',
  'kms:Encrypt',
  'kms:GenerateDataKey*',
  'kms:ReEncrypt*',
];

/** What every customer managed key of this project takes. */
export interface CustomerManagedKeyProps {
  /**
   * Alias of the key, `alias/<name>`.
   * @default - no alias
   */
  readonly alias?: string;
  /**
   * Days the key waits in PendingDeletion before it is destroyed (7 to 30).
   * A long window is the last chance to undo a mistaken deletion of everything encrypted with it.
   * @default 30
   */
  readonly deletionWindowInDays?: number;
  /** Service principals that may use the key. More can be added with `grantService`. */
  readonly serviceGrants?: readonly ServiceGrant[];
  /**
   * Terraform's `prevent_destroy`: a `terraform destroy` or a change that replaces
   * the key fails instead of scheduling the deletion of everything encrypted with it.
   * @default true
   */
  readonly preventDestroy?: true | OptOut;
  /** Tags for the key. */
  readonly tags?: Record<string, string>;
}

/** What a kind of key adds to the common parts: its name, its base statements and its own rules. */
export interface KeyKind {
  /** Module name recorded in the metadata and in messages. */
  readonly module: string;
  readonly description: string;
  /** Statements nobody may replace, besides the account's administration. */
  readonly statements: (env: AwsEnvironment) => PolicyStatement[];
  /** Validates the kind's own props. */
  readonly validate?: (v: PropsValidator) => void;
}

/**
 * The common part of this project's customer managed keys: rotation on, a
 * 30-day deletion window, `prevent_destroy`, the account root administering
 * the key (so IAM policies can delegate administration, never data use), the
 * statements of the key's kind, and service grants added with
 * {@link grantService}, each scoped as its service's documentation asks.
 */
export abstract class CustomerManagedKey extends Construct {
  public readonly key: KmsKey;
  public readonly alias?: KmsAlias;
  private readonly ownOptOuts: readonly OptOutRecord[];
  private readonly base: PolicyComposer;
  private readonly grants = new ServiceGrants();
  private readonly extra: { owner: string; statement: PolicyStatement }[] = [];
  private readonly deferred: { owner: string; produce: () => PolicyStatement[] }[] = [];
  private readonly env: AwsEnvironment;
  private readonly module: string;

  protected constructor(scope: Construct, id: string, props: CustomerManagedKeyProps, kind: KeyKind) {
    super(scope, id);
    this.env = AwsEnvironment.of(this);
    this.module = kind.module;
    const v = new PropsValidator(this);
    v.rule('alias', props.alias, kmsAliasRule);
    v.rule('deletionWindowInDays', props.deletionWindowInDays, integerBetween(7, 30));
    const optOuts = new OptOuts(v);
    const preventDestroy = optOuts.keep('preventDestroy', props.preventDestroy);
    kind.validate?.(v);
    (props.serviceGrants ?? []).forEach((g, i) => ServiceGrants.check(v, `serviceGrants[${i}]`, g));
    const tags = mergeTags(v, 'tags', props.tags);
    v.throwIfAny();
    this.ownOptOuts = optOuts.records;

    this.base = new PolicyComposer(this, KEY_POLICY);
    this.base.addMandatory(
      kind.module,
      ...keyAdministration('AccountAdministersKey', this.env.accountRootArn),
    );
    this.base.addMandatory(kind.module, ...kind.statements(this.env));
    (props.serviceGrants ?? []).forEach((g) => this.grants.add(g));

    this.key = new KmsKey(this, 'Key', {
      description: kind.description,
      enableKeyRotation: true,
      deletionWindowInDays: props.deletionWindowInDays ?? 30,
      bypassPolicyLockoutSafetyCheck: false,
      policy: Lazy.stringValue({ produce: () => this.composer().render() }),
      tags,
      lifecycle: { preventDestroy },
    });
    recordSecurity(this.key, () => ({ module: kind.module, controls: [], optOuts: this.optOuts }));
    if (props.alias) {
      this.alias = new KmsAlias(this, 'Alias', { name: props.alias, targetKeyId: this.key.keyId });
    }
  }

  /** The key ARN, for `kms_master_key_id`, `kms_key_id` and IAM policies. */
  public get keyArn(): string {
    return this.key.arn;
  }

  /** Accepted risks of this key: its own opt-outs and service grants without `aws:SourceAccount`. */
  public get optOuts(): readonly OptOutRecord[] {
    return [...this.ownOptOuts, ...this.grants.optOuts];
  }

  /**
   * Lets a service principal use the key for this account. Grants to the same
   * service merge (their source ARNs and condition values are combined).
   */
  public grantService(grant: ServiceGrant): void {
    const v = new PropsValidator(this);
    ServiceGrants.check(v, `grantService(${JSON.stringify(grant.service)})`, grant);
    v.throwIfAny();
    this.grants.add(grant);
  }

  /**
   * Adds statements for principals other than services, such as the role of
   * another account that replicates into a bucket encrypted with this key.
   * They cannot replace the key's own statements; `owner` names who added them.
   */
  public addPolicyStatements(owner: string, ...statements: PolicyStatement[]): void {
    statements.forEach((statement) => this.extra.push({ owner, statement }));
  }

  /**
   * Adds statements built at synth time, once the module that owns them knows
   * them all (a bucket's grantees, for example). `owner` names it in messages.
   */
  protected addDeferredStatements(owner: string, produce: () => PolicyStatement[]): void {
    this.deferred.push({ owner, produce });
  }

  /** The statements of the key policy, for tests and reviews. */
  public get policyStatements(): PolicyStatement[] {
    return this.composer().statements;
  }

  private composer(): PolicyComposer {
    const composer = new PolicyComposer(this, KEY_POLICY);
    composer.addMandatory(this.module, ...this.base.statements);
    composer.addStatements('grantService', ...this.grants.statements(this.env.accountId));
    this.extra.forEach((e) => composer.addMandatory(e.owner, e.statement));
    for (const d of this.deferred) composer.addMandatory(d.owner, ...d.produce());
    return composer;
  }
}
