import { Construct } from 'constructs';
import { DataAwsVpc } from '@cdktf/provider-aws/lib/data-aws-vpc';
import { DataAwsVpcEndpointService } from '@cdktf/provider-aws/lib/data-aws-vpc-endpoint-service';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import {
  AwsEnvironment,
  OptOut,
  OptOutRecord,
  OptOuts,
  PolicyComposer,
  PolicyStatement,
  PropsValidator,
  VPC_ENDPOINT_POLICY,
  accountIdRule,
  isListToken,
  ipv4CidrRule,
  isToken,
  mergeTags,
  organizationIdRule,
  principalArnPatternRule,
  recordSecurity,
  s3BucketArnRule,
  vpcIdRule,
} from '../core';
import {
  EndpointPolicyProps,
  ResolvedEndpointPolicy,
  s3EndpointStatements,
  serviceEndpointStatements,
} from './policy';

export interface VpcEndpointsProps {
  /** The VPC the endpoints go in (`vpc-...`, or a Terraform token). */
  readonly vpcId: string;
  /**
   * Address ranges allowed to reach the interface endpoints on HTTPS (443).
   * @default - the VPC's primary CIDR block, read with `data.aws_vpc`
   */
  readonly allowedCidrBlocks?: readonly string[];
  /**
   * Route tables that get the route to the S3 gateway endpoint; the subnets
   * associated with them reach S3 without leaving the AWS network.
   * @default [] (required when the gateway endpoint is on)
   */
  readonly routeTableIds?: readonly string[];
  /**
   * Subnets of the interface endpoints' network interfaces, at most one per
   * Availability Zone.
   * @default [] (required when any interface endpoint is listed)
   */
  readonly subnetIds?: readonly string[];
  /**
   * The S3 gateway endpoint (no hourly charge).
   * @default true
   */
  readonly s3Gateway?: true | OptOut;
  /**
   * Services that get an interface endpoint with private DNS, by the last
   * part of their endpoint service name: `s3`, `sts`, `kms`, `logs`,
   * `ecr.api`... Each is billed per hour and per Availability Zone.
   * @default []
   * @see https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-privatelink-support.html
   */
  readonly interfaceServices?: readonly string[];
  /**
   * What the endpoints let through. Turning it off leaves AWS's default
   * policy, full access to any bucket of any account.
   * @default buckets of the stack's account only, any principal
   */
  readonly policy?: EndpointPolicyProps | OptOut;
  /** Tags for the endpoints and the security group. */
  readonly tags?: Record<string, string>;
}

const SERVICE_PATTERN = /^[a-z0-9-]+(\.[a-z0-9-]+)*$/;

/** Partitions whose endpoint service names are `com.amazonaws.<region>.<service>`. */
const COM_AMAZONAWS_PARTITIONS = ['aws', 'aws-us-gov'];

/**
 * VPC endpoints for an existing VPC: the S3 gateway endpoint on the given route
 * tables, interface endpoints with private DNS for the listed services, a
 * security group that admits HTTPS from the VPC only, and endpoint policies
 * that keep S3 requests inside your account's buckets (or the buckets and
 * principals you trust).
 *
 * ```ts
 * new VpcEndpoints(this, 'endpoints', {
 *   vpcId: 'vpc-0a1b2c3d4e5f67890',
 *   routeTableIds: ['rtb-0a1b2c3d'],
 *   subnetIds: ['subnet-0a1b2c3d', 'subnet-4e5f6a7b'],
 *   interfaceServices: ['s3', 'sts'],
 * });
 * ```
 */
export class VpcEndpoints extends Construct {
  /** The S3 gateway endpoint, unless opted out. */
  public readonly s3GatewayEndpoint?: VpcEndpoint;
  /** Interface endpoints by service (`s3`, `sts`, ...). */
  public readonly interfaceEndpoints: Readonly<Record<string, VpcEndpoint>>;
  /** The security group of the interface endpoints, when there is any. */
  public readonly securityGroup?: SecurityGroup;
  /** Accepted risks. */
  public readonly optOuts: readonly OptOutRecord[];
  /** The endpoint policy settings in force (undefined when opted out). */
  public readonly policySettings?: ResolvedEndpointPolicy;

  private readonly env: AwsEnvironment;

  constructor(scope: Construct, id: string, props: VpcEndpointsProps) {
    super(scope, id);
    this.env = AwsEnvironment.of(this);
    const v = new PropsValidator(this);
    const optOuts = new OptOuts(v);
    if (props.vpcId === undefined) v.fail('vpcId', props.vpcId, 'is required');
    v.rule('vpcId', props.vpcId, vpcIdRule);
    (props.allowedCidrBlocks ?? []).forEach((cidr, i) =>
      v.rule(`allowedCidrBlocks[${i}]`, cidr, ipv4CidrRule),
    );

    const gateway = optOuts.keep('s3Gateway', props.s3Gateway);
    const services = [...(props.interfaceServices ?? [])];
    services.forEach((svc, i) =>
      v.rule(`interfaceServices[${i}]`, svc, (s: string) =>
        SERVICE_PATTERN.test(s) ? undefined : 'is not an endpoint service name (such as s3, sts or ecr.api)',
      ),
    );
    const dup = services.find((s, i) => services.indexOf(s) !== i);
    if (dup !== undefined) v.fail('interfaceServices', services, `lists ${dup} twice`);
    const routeTableIds = props.routeTableIds ?? [];
    const subnetIds = props.subnetIds ?? [];
    if (gateway && !isListToken(routeTableIds)) {
      v.check(
        routeTableIds.length > 0,
        'routeTableIds',
        routeTableIds,
        'must name the route tables of the subnets that use the S3 gateway endpoint',
      );
    }
    if (services.length > 0 && !isListToken(subnetIds)) {
      v.check(
        subnetIds.length > 0,
        'subnetIds',
        subnetIds,
        'must name the subnets of the interface endpoints (one per Availability Zone)',
      );
      const dupSubnet = subnetIds.find((s, i) => !isToken(s) && subnetIds.indexOf(s) !== i);
      if (dupSubnet !== undefined) v.fail('subnetIds', subnetIds, `lists ${dupSubnet} twice`);
    }
    let policy: ResolvedEndpointPolicy | undefined;
    if (optOuts.keep('policy', props.policy)) {
      policy = this.resolvePolicy(v, (props.policy as EndpointPolicyProps | undefined) ?? {});
    }
    const tags = mergeTags(v, 'tags', props.tags);
    v.throwIfAny();
    this.optOuts = optOuts.records;
    this.policySettings = policy;

    const record = (resource: VpcEndpoint) =>
      recordSecurity(resource, { module: 'VpcEndpoints', controls: [], optOuts: this.optOuts });
    const s3Policy = policy ? this.render('S3Policy', s3EndpointStatements(policy)) : undefined;

    if (gateway) {
      this.s3GatewayEndpoint = new VpcEndpoint(this, 'S3Gateway', {
        vpcId: props.vpcId,
        serviceName: this.serviceName('s3', 'Gateway'),
        vpcEndpointType: 'Gateway',
        routeTableIds: [...routeTableIds],
        policy: s3Policy,
        tags,
      });
      record(this.s3GatewayEndpoint);
    }

    const interfaces: Record<string, VpcEndpoint> = {};
    if (services.length > 0) {
      this.securityGroup = this.interfaceSecurityGroup(props, tags);
      for (const svc of services) {
        const statements = policy
          ? svc === 's3'
            ? s3EndpointStatements(policy)
            : serviceEndpointStatements(policy)
          : undefined;
        const endpoint = new VpcEndpoint(this, `Interface-${svc}`, {
          vpcId: props.vpcId,
          serviceName: this.serviceName(svc, 'Interface'),
          vpcEndpointType: 'Interface',
          subnetIds: [...subnetIds],
          securityGroupIds: [this.securityGroup.id],
          privateDnsEnabled: true,
          // With a gateway endpoint, S3 traffic from the VPC keeps using it (no
          // per-GB charge); on-premises resolvers get the interface addresses.
          dnsOptions:
            svc === 's3'
              ? { privateDnsOnlyForInboundResolverEndpoint: this.s3GatewayEndpoint !== undefined }
              : undefined,
          dependsOn: svc === 's3' && this.s3GatewayEndpoint ? [this.s3GatewayEndpoint] : undefined,
          policy: statements ? this.render(`Policy-${svc}`, statements) : undefined,
          tags,
        });
        record(endpoint);
        interfaces[svc] = endpoint;
      }
    }
    this.interfaceEndpoints = interfaces;
  }

  /** Ids of the endpoints that carry S3 requests (gateway and interface), for `aws:SourceVpce`. */
  public get s3EndpointIds(): string[] {
    return [this.s3GatewayEndpoint, this.interfaceEndpoints.s3]
      .filter((e) => e !== undefined)
      .map((e) => e.id);
  }

  private resolvePolicy(v: PropsValidator, p: EndpointPolicyProps): ResolvedEndpointPolicy {
    const bucketAccounts = p.bucketAccounts ?? [this.env.accountId];
    (p.bucketAccounts ?? []).forEach((a, i) => v.rule(`policy.bucketAccounts[${i}]`, a, accountIdRule));
    v.rule('policy.bucketOrganizationId', p.bucketOrganizationId, organizationIdRule);
    v.rule('policy.principalOrganizationId', p.principalOrganizationId, organizationIdRule);
    (p.bucketArns ?? []).forEach((arn, i) => v.rule(`policy.bucketArns[${i}]`, arn, s3BucketArnRule));
    (p.principalArns ?? []).forEach((arn, i) =>
      v.rule(`policy.principalArns[${i}]`, arn, principalArnPatternRule),
    );
    const resolved: ResolvedEndpointPolicy = {
      bucketAccounts,
      bucketOrganizationId: p.bucketOrganizationId,
      bucketArns: p.bucketArns ?? [],
      principalArns: p.principalArns ?? [],
      principalOrganizationId: p.principalOrganizationId,
    };
    v.check(
      bucketAccounts.length > 0 ||
        resolved.bucketArns.length > 0 ||
        resolved.bucketOrganizationId !== undefined,
      'policy.bucketAccounts',
      p.bucketAccounts,
      'is empty and no bucketOrganizationId or bucketArns is given: the S3 endpoints would reach no bucket',
    );
    return resolved;
  }

  private render(id: string, statements: PolicyStatement[]): string {
    const composer = new PolicyComposer(this, VPC_ENDPOINT_POLICY);
    composer.addMandatory(`VpcEndpoints ${id}`, ...statements);
    return composer.render();
  }

  /** `com.amazonaws.<region>.<service>` when the partition is known to use it, else read from AWS. */
  private serviceName(service: string, type: 'Gateway' | 'Interface'): string {
    const partition = this.env.partition;
    if (!isToken(partition) && COM_AMAZONAWS_PARTITIONS.includes(partition) && this.env.knownRegion) {
      return `com.amazonaws.${this.env.knownRegion}.${service}`;
    }
    return new DataAwsVpcEndpointService(this, `Service-${type}-${service}`, { service, serviceType: type })
      .serviceName;
  }

  private interfaceSecurityGroup(props: VpcEndpointsProps, tags: Record<string, string>): SecurityGroup {
    const sg = new SecurityGroup(this, 'InterfaceSecurityGroup', {
      vpcId: props.vpcId,
      description: 'HTTPS from the VPC to its interface endpoints (managed by cdktf-s3-security)',
      tags,
    });
    const cidrs = props.allowedCidrBlocks ?? [new DataAwsVpc(this, 'Vpc', { id: props.vpcId }).cidrBlock];
    cidrs.forEach((cidr, i) => {
      new VpcSecurityGroupIngressRule(this, `HttpsFrom${i}`, {
        securityGroupId: sg.id,
        description: 'HTTPS to the interface endpoints',
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        cidrIpv4: cidr,
        tags,
      });
    });
    return sg;
  }
}
