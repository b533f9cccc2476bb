import { TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { accountIdRule, partitionRule, regionRule } from './rules';
import { PropsValidator } from './validation';

/** The account, region and partition a stack deploys to, when known at synth time. */
export interface AwsEnvironmentProps {
  /**
   * The 12-digit account id. When given, policies are rendered with literal ARNs
   * and a plan shows them in full.
   * @default - read at apply time from `data.aws_caller_identity`
   */
  readonly accountId?: string;
  /**
   * The region code, such as `eu-west-1`.
   * @default - read at apply time from `data.aws_region`
   */
  readonly region?: string;
  /**
   * The partition: `aws`, `aws-cn`, `aws-us-gov`...
   * @default 'aws' when a region is given (derived from it), otherwise `data.aws_partition`
   */
  readonly partition?: string;
}

const ID = 'S3SecurityAwsEnvironment';

/**
 * One per stack: answers "which account, region and partition?" with literals
 * when the stack was configured with them, or with Terraform data sources
 * (created only when first needed) when it was not.
 */
export class AwsEnvironment extends Construct {
  /** Configures the environment of a stack. Call before adding modules to it. */
  public static configure(stack: TerraformStack, props: AwsEnvironmentProps): AwsEnvironment {
    if (stack.node.tryFindChild(ID)) {
      throw new Error(
        `${stack.node.path}: the AWS environment is already configured (configure it once, before adding modules)`,
      );
    }
    return new AwsEnvironment(stack, ID, props);
  }

  /**
   * The environment of the nearest scope that holds `scope`: a scope placed in
   * another region or account with {@link AwsEnvironment.place}, otherwise the
   * stack (unconfigured stacks use data sources).
   */
  public static of(scope: IConstruct): AwsEnvironment {
    for (let s: IConstruct | undefined = scope; s !== undefined; s = s.node.scope) {
      const found = s.node.tryFindChild(ID);
      if (found instanceof AwsEnvironment) return found;
      if (s instanceof TerraformStack) break;
    }
    const stack = TerraformStack.of(scope);
    return (stack.node.tryFindChild(ID) as AwsEnvironment | undefined) ?? new AwsEnvironment(stack, ID, {});
  }

  /**
   * Gives a scope inside a stack its own environment: modules added under it
   * see this region (and account, when given) instead of the stack's. What is
   * not given is inherited from the enclosing environment. Used by
   * `AwsPlacement`, which also points the scope's resources there.
   */
  public static place(scope: Construct, props: AwsEnvironmentProps): AwsEnvironment {
    if (scope instanceof TerraformStack) return AwsEnvironment.configure(scope, props);
    if (scope.node.tryFindChild(ID)) {
      throw new Error(`${scope.node.path}: the AWS environment of this scope is already placed`);
    }
    const parent = AwsEnvironment.of(scope);
    return new AwsEnvironment(scope, ID, props, parent);
  }

  private readonly literal: AwsEnvironmentProps;
  private readonly parent?: AwsEnvironment;
  private identity?: DataAwsCallerIdentity;
  private regionData?: DataAwsRegion;
  private partitionData?: DataAwsPartition;

  private constructor(scope: Construct, id: string, props: AwsEnvironmentProps, parent?: AwsEnvironment) {
    super(scope, id);
    const v = new PropsValidator(this);
    v.rule('accountId', props.accountId, accountIdRule);
    v.rule('region', props.region, regionRule);
    v.rule('partition', props.partition, partitionRule);
    v.throwIfAny();
    const partition = props.partition ?? (props.region ? partitionOfRegion(props.region) : undefined);
    this.literal = { ...props, partition };
    this.parent = parent;
  }

  /** Account id: a literal if configured, otherwise a token. */
  public get accountId(): string {
    if (this.literal.accountId) return this.literal.accountId;
    if (this.parent) return this.parent.accountId;
    this.identity ??= new DataAwsCallerIdentity(this, 'caller');
    return this.identity.accountId;
  }

  public get region(): string {
    if (this.literal.region) return this.literal.region;
    if (this.parent) return this.parent.region;
    this.regionData ??= new DataAwsRegion(this, 'region');
    return this.regionData.region;
  }

  public get partition(): string {
    if (this.literal.partition) return this.literal.partition;
    if (this.parent) return this.parent.partition;
    this.partitionData ??= new DataAwsPartition(this, 'partition');
    return this.partitionData.partition;
  }

  /** The region when it is known at synth time. */
  public get knownRegion(): string | undefined {
    return this.literal.region ?? this.parent?.knownRegion;
  }

  /** The account id when it is known at synth time. */
  public get knownAccountId(): string | undefined {
    return this.literal.accountId ?? this.parent?.knownAccountId;
  }

  /** True when this environment is a placed scope's rather than its stack's. */
  public get isPlaced(): boolean {
    return this.parent !== undefined;
  }

  /** `arn:<partition>:iam::<account>:root`. */
  public get accountRootArn(): string {
    return `arn:${this.partition}:iam::${this.accountId}:root`;
  }

  /** `arn:<partition>:s3:::<bucket>`. */
  public bucketArn(bucketName: string): string {
    return `arn:${this.partition}:s3:::${bucketName}`;
  }
}

/** The partition a region code belongs to. */
export function partitionOfRegion(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('eu-isoe-')) return 'aws-iso-e';
  if (region.startsWith('us-isof-')) return 'aws-iso-f';
  if (region.startsWith('eusc-')) return 'aws-eusc';
  return 'aws';
}
