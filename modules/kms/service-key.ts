import { Lazy } from 'cdktf';
import { Construct } from 'constructs';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import {
  AwsEnvironment,
  KEY_POLICY,
  OptOut,
  PolicyComposer,
  PolicyStatement,
  PropsValidator,
  checkReason,
  integerBetween,
  isOptOut,
  kmsAliasRule,
  mergeTags,
  recordSecurity,
} from '../core';
import { KEY_ADMIN_ACTIONS } from './index';

export interface ServiceKeyProps {
  /** What the key encrypts, for its description and messages. */
  readonly description: string;
  /** @default - no alias */
  readonly alias?: string;
  /** @default 30 */
  readonly deletionWindowInDays?: number;
  /**
   * Service endpoints through which principals of this account may use the key
   * (`kms:ViaService`), such as `sns.eu-west-1.amazonaws.com`.
   * @default [] - only the service statements added with allowService
   */
  readonly viaServices?: readonly string[];
  /** @default true */
  readonly preventDestroy?: true | OptOut;
  readonly tags?: Record<string, string>;
}

/**
 * A customer managed key for an AWS service that encrypts what it holds (an SNS
 * topic, a CloudWatch Logs log group), where {@link S3DataKey} is for S3 data:
 * rotation on, a 30-day deletion window, the account administers it, its
 * principals use it only through the named services, and each service
 * principal gets exactly the statement its documentation asks for (its
 * conditions differ by service, so the caller writes them).
 */
export class ServiceKey extends Construct {
  public readonly key: KmsKey;
  public readonly alias?: KmsAlias;
  private readonly composer: PolicyComposer;

  constructor(scope: Construct, id: string, props: ServiceKeyProps) {
    super(scope, id);
    const env = AwsEnvironment.of(this);
    const v = new PropsValidator(this);
    v.rule('alias', props.alias, kmsAliasRule);
    v.rule('deletionWindowInDays', props.deletionWindowInDays, integerBetween(7, 30));
    if (isOptOut(props.preventDestroy)) checkReason(v, 'preventDestroy.reason', props.preventDestroy.reason);
    (props.viaServices ?? []).forEach((s, i) =>
      v.check(
        /^[a-z0-9-]+\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/.test(s),
        `viaServices[${i}]`,
        s,
        'is not a regional service endpoint (expected a name like sns.eu-west-1.amazonaws.com)',
      ),
    );
    const tags = mergeTags(v, 'tags', props.tags);
    v.throwIfAny();

    this.composer = new PolicyComposer(this, KEY_POLICY);
    const root = env.accountRootArn;
    this.composer.addMandatory('ServiceKey', {
      Sid: 'AccountAdministersKey',
      Effect: 'Allow',
      Principal: { AWS: root },
      Action: KEY_ADMIN_ACTIONS,
      Resource: '*',
    });
    if (props.viaServices?.length) {
      this.composer.addMandatory('ServiceKey', {
        Sid: 'AccountUsesKeyThroughServices',
        Effect: 'Allow',
        Principal: { AWS: root },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        Resource: '*',
        Condition: {
          StringEquals: {
            'kms:ViaService': props.viaServices.length === 1 ? props.viaServices[0] : [...props.viaServices],
            'kms:CallerAccount': env.accountId,
          },
        },
      });
    }
    const preventDestroy = !isOptOut(props.preventDestroy);
    this.key = new KmsKey(this, 'Key', {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: props.deletionWindowInDays ?? 30,
      bypassPolicyLockoutSafetyCheck: false,
      policy: Lazy.stringValue({ produce: () => this.composer.render() }),
      tags,
      lifecycle: { preventDestroy },
    });
    recordSecurity(this.key, {
      module: 'ServiceKey',
      controls: [],
      optOuts: isOptOut(props.preventDestroy)
        ? [{ setting: 'preventDestroy', controls: [], reason: props.preventDestroy.reason }]
        : [],
    });
    if (props.alias) {
      this.alias = new KmsAlias(this, 'Alias', { name: props.alias, targetKeyId: this.key.keyId });
    }
  }

  public get keyArn(): string {
    return this.key.arn;
  }

  /** Adds the statement a service principal needs; Sids are unique and the base statements cannot be replaced. */
  public allowService(owner: string, statement: PolicyStatement): void {
    this.composer.addStatements(owner, statement);
  }

  /** The key policy statements, for tests and reviews. */
  public get policyStatements(): PolicyStatement[] {
    return this.composer.statements;
  }
}
