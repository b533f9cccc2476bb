import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { DataAwsAvailabilityZones } from '@cdktf/provider-aws/lib/data-aws-availability-zones';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import {
  AwsEnvironment,
  OptOut,
  OptOutRecord,
  OptOuts,
  PropsValidator,
  isOptOut,
  mergeTags,
  recordSecurity,
} from '../core';
import { VpcEndpoints, VpcEndpointsProps } from '../vpc-endpoints';
import { FlowLogSettings, VpcFlowLogs } from './flow-logs';
import { planSubnets } from './layout';

/** The endpoints of a PrivateVpc: everything of {@link VpcEndpointsProps} but where they go. */
export type PrivateVpcEndpoints = Omit<
  VpcEndpointsProps,
  'vpcId' | 'allowedCidrBlocks' | 'routeTableIds' | 'subnetIds' | 'tags'
>;

export interface PrivateVpcProps {
  /** The VPC's IPv4 block, /16 to /28, such as `10.20.0.0/16`. */
  readonly cidrBlock: string;
  /**
   * Availability Zones of the subnets, by name (`eu-west-1a`) or id (`euw1-az1`).
   * Ids name the same physical zone in every account.
   * @default - the first `azCount` zones the region offers
   */
  readonly availabilityZones?: readonly string[];
  /**
   * Number of Availability Zones (1 to 6), when they are not listed.
   * @default 2
   */
  readonly azCount?: number;
  /**
   * Private subnets in each Availability Zone (1 to 16).
   * @default 1
   */
  readonly subnetsPerAz?: number;
  /**
   * Prefix length of every subnet (16 to 28, at least the VPC's).
   * @default 24, or the largest equal split of a smaller VPC
   */
  readonly subnetPrefixLength?: number;
  /**
   * The subnets' blocks, instead of an equal split: one per subnet, zone by
   * zone (the first `subnetsPerAz` in the first zone, ...).
   * @default - consecutive blocks of `subnetPrefixLength` from the start of the VPC
   */
  readonly subnetCidrs?: readonly string[];
  /** @default flow logs of all traffic into a KMS-encrypted CloudWatch Logs group kept 365 days */
  readonly flowLogs?: FlowLogSettings | OptOut;
  /** @default the S3 gateway endpoint, with a policy limited to the account's buckets */
  readonly endpoints?: PrivateVpcEndpoints;
  /**
   * Name used in Name tags and the log group name; letters, digits and `-_.`.
   * @default - the construct id
   */
  readonly name?: string;
  readonly tags?: Record<string, string>;
}

/**
 * The seed's private-only VPC: private subnets across Availability Zones, one
 * route table per zone with no route out (no internet gateway, no NAT
 * gateway, no public address on launch), the default security group stripped
 * of its rules, a security group for workloads that may only reach the VPC
 * endpoints, flow logs of all traffic, and VPC endpoints so workloads reach S3
 * (and the listed services) without leaving the AWS network.
 *
 * ```ts
 * const vpc = new PrivateVpc(this, 'network', { cidrBlock: '10.20.0.0/16', azCount: 3 });
 * ```
 */
export class PrivateVpc extends Construct {
  public readonly vpc: Vpc;
  public readonly subnets: readonly Subnet[];
  public readonly routeTables: readonly RouteTable[];
  public readonly defaultSecurityGroup: DefaultSecurityGroup;
  /** For workloads: no inbound rule, outbound HTTPS to the endpoints only. */
  public readonly workloadSecurityGroup: SecurityGroup;
  public readonly endpoints: VpcEndpoints;
  public readonly flowLogs?: VpcFlowLogs;
  /** The subnets' blocks, in order. */
  public readonly subnetCidrs: readonly string[];
  public readonly optOuts: readonly OptOutRecord[];

  constructor(scope: Construct, id: string, props: PrivateVpcProps) {
    super(scope, id);
    const env = AwsEnvironment.of(this);
    const v = new PropsValidator(this);
    const name = props.name ?? id;
    v.rule('name', name, (n: string) =>
      /^[A-Za-z0-9._-]{1,64}$/.test(n) ? undefined : 'must be 1 to 64 letters, digits and . _ -',
    );
    const plan = planSubnets(v, props, env.knownRegion);
    const optOuts = new OptOuts(v);
    optOuts.keep('flowLogs', props.flowLogs);
    const tags = mergeTags(v, 'tags', props.tags);
    v.throwIfAny();
    this.optOuts = optOuts.records;
    this.subnetCidrs = plan.subnetCidrs;
    const named = (suffix: string) => ({ ...tags, Name: `${name}-${suffix}` });

    this.vpc = new Vpc(this, 'Vpc', {
      cidrBlock: props.cidrBlock,
      // Private DNS names of interface endpoints need both.
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: named('vpc'),
    });

    this.defaultSecurityGroup = new DefaultSecurityGroup(this, 'DefaultSecurityGroup', {
      vpcId: this.vpc.id,
      ingress: [],
      egress: [],
      tags: named('default-closed'),
    });
    recordSecurity(this.defaultSecurityGroup, { module: 'PrivateVpc', controls: [], optOuts: [] });

    const zones: readonly { readonly name?: string; readonly id?: string }[] =
      plan.zones ??
      (() => {
        const available = new DataAwsAvailabilityZones(this, 'Zones', {
          state: 'available',
          filter: [{ name: 'opt-in-status', values: ['opt-in-not-required'] }],
        });
        return Array.from({ length: plan.azCount }, (_, i) => ({
          name: Fn.element(available.names, i),
        }));
      })();

    const routeTables: RouteTable[] = [];
    const subnets: Subnet[] = [];
    zones.forEach((zone, z) => {
      const table = new RouteTable(this, `RouteTable${z}`, {
        vpcId: this.vpc.id,
        tags: named(`private-${z}`),
      });
      routeTables.push(table);
      for (let s = 0; s < plan.subnetsPerAz; s++) {
        const n = z * plan.subnetsPerAz + s;
        const subnet = new Subnet(this, `Subnet${n}`, {
          vpcId: this.vpc.id,
          cidrBlock: plan.subnetCidrs[n],
          availabilityZone: zone.name,
          availabilityZoneId: zone.id,
          mapPublicIpOnLaunch: false,
          tags: named(`private-${n}`),
        });
        subnets.push(subnet);
        new RouteTableAssociation(this, `RouteTableAssociation${n}`, {
          subnetId: subnet.id,
          routeTableId: table.id,
        });
      }
    });
    this.routeTables = routeTables;
    this.subnets = subnets;

    this.endpoints = new VpcEndpoints(this, 'Endpoints', {
      ...(props.endpoints ?? {}),
      vpcId: this.vpc.id,
      allowedCidrBlocks: [props.cidrBlock],
      routeTableIds: routeTables.map((t) => t.id),
      // Interface endpoints take one subnet per zone: the first of each.
      subnetIds: subnets.filter((_, n) => n % plan.subnetsPerAz === 0).map((s) => s.id),
      tags: props.tags,
    });

    this.workloadSecurityGroup = this.workloadGroup(named('workloads'));

    if (!isOptOut(props.flowLogs)) {
      this.flowLogs = new VpcFlowLogs(this, 'FlowLogs', {
        vpcId: this.vpc.id,
        name,
        settings: props.flowLogs,
        tags: props.tags,
      });
    }
    recordSecurity(this.vpc, { module: 'PrivateVpc', controls: [], optOuts: this.optOuts });
  }

  /** No inbound rule; outbound HTTPS to the interface endpoints and to S3 through the gateway endpoint. */
  private workloadGroup(tags: Record<string, string>): SecurityGroup {
    const sg = new SecurityGroup(this, 'WorkloadSecurityGroup', {
      vpcId: this.vpc.id,
      description: 'Workloads of the private VPC: HTTPS to its endpoints only (managed by cdktf-s3-security)',
      tags,
    });
    const egress = (id: string, target: { referencedSecurityGroupId?: string; prefixListId?: string }) =>
      new VpcSecurityGroupEgressRule(this, id, {
        securityGroupId: sg.id,
        description: 'HTTPS to the VPC endpoints',
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        ...target,
      });
    if (this.endpoints.securityGroup) {
      egress('WorkloadHttpsToInterfaceEndpoints', {
        referencedSecurityGroupId: this.endpoints.securityGroup.id,
      });
    }
    if (this.endpoints.s3GatewayEndpoint) {
      egress('WorkloadHttpsToS3Gateway', { prefixListId: this.endpoints.s3GatewayEndpoint.prefixListId });
    }
    return sg;
  }
}
