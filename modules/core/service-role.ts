import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { AwsEnvironment } from './environment';
import { OptOut, OptOuts, recordSecurity } from './opt-out';
import { PolicyComposer, PolicyDocument, PolicyKind, PolicyStatement } from './policy';
import { servicePrincipalRule } from './rules';
import { iamRoleNameRule } from './service-values';
import { mergeTags } from './tags';
import { PropsValidator, isToken } from './validation';

/** Inline identity policies: no Principal, at most 10,240 characters for all inline policies of a role. */
export const IAM_INLINE_POLICY: PolicyKind = {
  name: 'IAM role policy',
  maxLength: 10 * 1024,
  principal: 'forbidden',
};

export interface ServiceRoleProps {
  /** The service principal that assumes the role, such as `ssm.amazonaws.com`. */
  readonly service: string;
  /** @default - a name chosen by Terraform */
  readonly roleName?: string;
  readonly description: string;
  /**
   * ARNs or ArnLike patterns of the resources the service acts for
   * (`aws:SourceArn` in the trust policy).
   * @default - any resource of this account (`aws:SourceAccount` only)
   */
  readonly sourceArns?: readonly string[];
  /**
   * Confused deputy protection of the trust policy: `aws:SourceAccount` (and
   * `aws:SourceArn` with `sourceArns`). Turn it off only for a service that does
   * not send these keys when it assumes the role, naming the documentation that
   * says so in the reason: with the conditions, such a service is refused and
   * the feature fails (CloudTrail's CloudWatch Logs role is one). The reason is
   * recorded in the role's metadata.
   * @default true
   * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
   */
  readonly sourceConditions?: true | OptOut;
  /** The role's permissions, as one inline policy. */
  readonly statements: readonly PolicyStatement[];
  /** AWS managed policies to attach, by ARN. @default [] */
  readonly managedPolicyArns?: readonly string[];
  readonly tags?: Record<string, string>;
}

/**
 * An IAM role that one AWS service assumes, only for this account
 * (`aws:SourceAccount`, and `aws:SourceArn` when given: the confused deputy
 * protection), with one inline least-privilege policy. A service that sends no
 * source keys when it assumes a role gets a trust without them only through the
 * `sourceConditions` opt-out, whose reason is recorded.
 */
export class ServiceRole extends Construct {
  public readonly role: IamRole;
  public readonly policy: IamRolePolicy;
  /** The trust policy document. */
  public readonly trustPolicy: PolicyDocument;
  private readonly composer: PolicyComposer;

  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id);
    const env = AwsEnvironment.of(this);
    const v = new PropsValidator(this);
    v.rule('roleName', props.roleName, iamRoleNameRule);
    v.rule('service', props.service, servicePrincipalRule);
    v.check(
      props.sourceArns === undefined || props.sourceArns.length > 0,
      'sourceArns',
      props.sourceArns,
      'must not be empty (omit it to trust the service for any resource of this account)',
    );
    v.check(props.statements.length > 0, 'statements', props.statements, 'must grant something');
    const optOuts = new OptOuts(v);
    const sourceConditions = optOuts.keep('sourceConditions', props.sourceConditions);
    v.check(
      sourceConditions || props.sourceArns === undefined,
      'sourceArns',
      props.sourceArns,
      'cannot be used with sourceConditions turned off (aws:SourceArn is a source condition)',
    );
    const tags = mergeTags(v, 'tags', props.tags);
    v.throwIfAny();

    this.trustPolicy = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'TrustedService',
          Effect: 'Allow',
          Principal: { Service: props.service },
          Action: 'sts:AssumeRole',
          ...(sourceConditions
            ? {
                Condition: {
                  StringEquals: { 'aws:SourceAccount': env.accountId },
                  ...(props.sourceArns
                    ? {
                        ArnLike: {
                          'aws:SourceArn':
                            props.sourceArns.length === 1 ? props.sourceArns[0] : [...props.sourceArns],
                        },
                      }
                    : {}),
                },
              }
            : {}),
        },
      ],
    };
    this.composer = new PolicyComposer(this, IAM_INLINE_POLICY);
    this.composer.addMandatory(id, ...props.statements);

    this.role = new IamRole(this, 'Role', {
      name: props.roleName,
      description: props.description,
      assumeRolePolicy: render(this.trustPolicy),
      maxSessionDuration: 3600,
      tags,
    });
    recordSecurity(this.role, { module: 'ServiceRole', controls: [], optOuts: optOuts.records });
    this.policy = new IamRolePolicy(this, 'Policy', {
      name: 'least-privilege',
      role: this.role.id,
      policy: this.composer.render(),
    });
    (props.managedPolicyArns ?? []).forEach(
      (arn, i) =>
        new IamRolePolicyAttachment(this, `Managed${i}`, {
          role: this.role.name,
          policyArn: arn,
        }),
    );
  }

  public get roleArn(): string {
    return this.role.arn;
  }

  /** The inline permissions policy document. */
  public get policyDocument(): PolicyDocument {
    return this.composer.document;
  }
}

/** Literal JSON when every value is known, `jsonencode` otherwise. */
export function renderPolicyDocument(doc: PolicyDocument): string {
  return render(doc);
}

function render(doc: PolicyDocument): string {
  const json = JSON.stringify(doc);
  return isToken(json) ? Fn.jsonencode(doc) : json;
}
