import { Aspects, IAspect, TerraformDataSource, TerraformProvider, TerraformResource } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { AwsEnvironment } from './environment';
import { accountIdRule, regionRule } from './rules';
import { PropsValidator } from './validation';

export interface AwsPlacementProps {
  /**
   * The region of everything created under this scope. With AWS provider 6 each
   * regional resource carries its own `region` argument, so a second region of
   * the same account needs no second provider.
   * @default - the region of the enclosing environment (the provider's)
   */
  readonly region?: string;
  /**
   * The account of everything created under this scope. Another account needs
   * a `provider` whose credentials belong to it.
   * @default - the account of the enclosing environment
   */
  readonly accountId?: string;
  /**
   * The (aliased) AWS provider for the resources under this scope, for another
   * account. Pin it to that account with `allowedAccountIds`.
   * @default - the stack's default provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * A scope inside a stack whose resources live in another region or account:
 * modules added under it build their policies for that region and account
 * (`kms:ViaService`, account root ARNs), and every resource under it is
 * pointed there (the per-resource `region` argument of AWS provider 6, and the
 * given provider).
 *
 * ```ts
 * const replicaSite = new AwsPlacement(stack, 'replica', { region: 'eu-central-1' });
 * const replica = new SecureBucket(replicaSite, 'replica', { ... });
 * ```
 */
export class AwsPlacement extends Construct {
  public readonly environment: AwsEnvironment;
  public readonly region?: string;
  public readonly provider?: TerraformProvider;

  constructor(scope: Construct, id: string, props: AwsPlacementProps) {
    super(scope, id);
    const v = new PropsValidator(this);
    v.rule('region', props.region, regionRule);
    v.rule('accountId', props.accountId, accountIdRule);
    const outer = AwsEnvironment.of(scope);
    v.check(
      props.accountId === undefined ||
        props.accountId === outer.knownAccountId ||
        props.provider !== undefined,
      'provider',
      props.provider,
      `is required for account ${props.accountId}: another account needs a provider with its credentials`,
    );
    v.check(
      props.region !== undefined || props.accountId !== undefined || props.provider !== undefined,
      'region',
      props.region,
      'or accountId or provider must be given: a placement that changes nothing is a mistake',
    );
    v.throwIfAny();
    this.region = props.region;
    this.provider = props.provider;
    this.environment = AwsEnvironment.place(this, { region: props.region, accountId: props.accountId });
    Aspects.of(this).add(new PlaceResources(props.region, props.provider));
  }
}

/** Points every resource and data source of a scope at a region and a provider. */
class PlaceResources implements IAspect {
  constructor(
    private readonly region: string | undefined,
    private readonly provider: TerraformProvider | undefined,
  ) {}

  public visit(node: IConstruct): void {
    // Not instanceof: under CDK Terrain the provider classes can extend another copy of the
    // framework than the one this package imports; the framework's own checks work across copies.
    if (!TerraformResource.isTerraformResource(node) && !TerraformDataSource.isTerraformDataSource(node))
      return;
    if (this.provider !== undefined && node.provider === undefined) node.provider = this.provider;
    if (this.region !== undefined && hasRegionArgument(node)) {
      const placed = node as unknown as { region: string; regionInput?: string };
      if (placed.regionInput === undefined) placed.region = this.region;
    }
  }
}

/** The generated class has a settable `region` argument (regional resources of AWS provider 6). */
function hasRegionArgument(node: object): boolean {
  for (let proto = Object.getPrototypeOf(node); proto; proto = Object.getPrototypeOf(proto)) {
    const d = Object.getOwnPropertyDescriptor(proto, 'region');
    if (d) return typeof d.set === 'function';
  }
  return false;
}
