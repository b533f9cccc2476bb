import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { PrivateVpc, PrivateVpcProps } from '../../../modules/private-vpc';
import { resourceOf, resourcesOf, synth, testStack } from '../../helpers';

function build(props: Partial<PrivateVpcProps> = {}, env?: Parameters<typeof testStack>[0]) {
  const stack = testStack(env);
  const vpc = new PrivateVpc(stack, 'network', { cidrBlock: '10.20.0.0/16', ...props });
  return { vpc, ...synth(stack) };
}

const metadataOf = (resource: Record<string, unknown>) =>
  (resource['//'] as Record<string, unknown>)['s3-security'];

describe('PrivateVpc (defaults)', () => {
  const { vpc, text, json, snapshot } = build({ endpoints: { interfaceServices: ['s3', 'sts'] } });

  it('matches the snapshot', () => {
    expect(snapshot).toMatchSnapshot();
  });

  it('has no way out: no internet gateway, NAT gateway, egress-only gateway or route', () => {
    for (const type of [
      'aws_internet_gateway',
      'aws_nat_gateway',
      'aws_egress_only_internet_gateway',
      'aws_eip',
      'aws_route',
      'aws_vpn_gateway',
    ]) {
      expect(resourcesOf(json, type)).toEqual({});
    }
    for (const table of Object.values(resourcesOf(json, 'aws_route_table'))) {
      expect(table.route).toBeUndefined();
    }
  });

  it('creates the VPC with DNS support for private endpoint names', () => {
    expect(text).toHaveResourceWithProperties(Vpc, {
      cidr_block: '10.20.0.0/16',
      enable_dns_support: true,
      enable_dns_hostnames: true,
      tags: { Name: 'network-vpc', 'managed-by': 'cdktf-s3-security' },
    });
  });

  it('lays out one private /24 per zone in the first two zones of the region, never with public addresses', () => {
    const subnets = Object.values(resourcesOf(json, 'aws_subnet'));
    expect(subnets.map((s) => s.cidr_block)).toEqual(['10.20.0.0/24', '10.20.1.0/24']);
    expect(subnets.map((s) => s.availability_zone)).toEqual([
      expect.stringMatching(/^\$\{element\(data\.aws_availability_zones\..*\.names, 0\)\}$/),
      expect.stringMatching(/^\$\{element\(data\.aws_availability_zones\..*\.names, 1\)\}$/),
    ]);
    expect(text).toHaveResourceWithProperties(Subnet, { map_public_ip_on_launch: false });
    expect(Object.values(json.data!.aws_availability_zones)[0]).toMatchObject({ state: 'available' });
    expect(vpc.subnetCidrs).toEqual(['10.20.0.0/24', '10.20.1.0/24']);
  });

  it('gives each zone its route table and associates every subnet with it', () => {
    expect(Object.keys(resourcesOf(json, 'aws_route_table'))).toHaveLength(2);
    const associations = Object.values(resourcesOf(json, 'aws_route_table_association'));
    expect(associations.map((a) => [a.subnet_id, a.route_table_id])).toEqual([
      [expect.stringContaining('aws_subnet.network_Subnet0_'), expect.stringContaining('RouteTable0_')],
      [expect.stringContaining('aws_subnet.network_Subnet1_'), expect.stringContaining('RouteTable1_')],
    ]);
  });

  it('strips every rule from the default security group', () => {
    expect(text).toHaveResourceWithProperties(DefaultSecurityGroup, { ingress: [], egress: [] });
    expect(metadataOf(resourceOf(json, 'aws_default_security_group'))).toEqual({
      module: 'PrivateVpc',
      controls: [],
      optOuts: [],
    });
  });

  it('lets workloads out on HTTPS to the endpoints only, and in not at all', () => {
    const workloads = resourceOf(json, 'aws_security_group', '/WorkloadSecurityGroup');
    expect(workloads.ingress).toBeUndefined();
    const egress = Object.values(resourcesOf(json, 'aws_vpc_security_group_egress_rule'));
    expect(egress).toHaveLength(2);
    for (const rule of egress) {
      expect(rule).toMatchObject({ ip_protocol: 'tcp', from_port: 443, to_port: 443 });
      expect(rule.cidr_ipv4).toBeUndefined();
    }
    expect(egress.map((r) => r.referenced_security_group_id ?? r.prefix_list_id)).toEqual([
      expect.stringMatching(/^\$\{aws_security_group\.network_Endpoints_InterfaceSecurityGroup_.*\.id\}$/),
      expect.stringMatching(/^\$\{aws_vpc_endpoint\.network_Endpoints_S3Gateway_.*\.prefix_list_id\}$/),
    ]);
  });

  it('puts the S3 gateway on every route table and the interface endpoints in one subnet per zone', () => {
    const gateway = resourceOf(json, 'aws_vpc_endpoint', '/S3Gateway');
    expect(gateway.route_table_ids).toEqual([
      expect.stringContaining('RouteTable0_'),
      expect.stringContaining('RouteTable1_'),
    ]);
    expect(resourceOf(json, 'aws_vpc_endpoint', '/Interface-sts').subnet_ids).toEqual([
      expect.stringContaining('Subnet0_'),
      expect.stringContaining('Subnet1_'),
    ]);
    expect(resourceOf(json, 'aws_vpc_security_group_ingress_rule').cidr_ipv4).toBe('10.20.0.0/16');
  });

  it('records flow logs of all traffic', () => {
    expect(text).toHaveResourceWithProperties(FlowLog, {
      traffic_type: 'ALL',
      log_destination_type: 'cloud-watch-logs',
      vpc_id: expect.stringMatching(/^\$\{aws_vpc\.network_Vpc_.*\.id\}$/),
    });
    expect(vpc.flowLogs).toBeDefined();
    expect(metadataOf(resourceOf(json, 'aws_vpc'))).toEqual({
      module: 'PrivateVpc',
      controls: [],
      optOuts: [],
    });
  });
});

describe('PrivateVpc options', () => {
  it('uses the listed zones by name or id, several subnets per zone', () => {
    const { json, vpc } = build({ availabilityZones: ['eu-west-1a', 'euw1-az3'], subnetsPerAz: 2 });
    const subnets = Object.values(resourcesOf(json, 'aws_subnet'));
    expect(subnets.map((s) => [s.cidr_block, s.availability_zone, s.availability_zone_id])).toEqual([
      ['10.20.0.0/24', 'eu-west-1a', undefined],
      ['10.20.1.0/24', 'eu-west-1a', undefined],
      ['10.20.2.0/24', undefined, 'euw1-az3'],
      ['10.20.3.0/24', undefined, 'euw1-az3'],
    ]);
    expect(json.data?.aws_availability_zones).toBeUndefined();
    expect(Object.keys(resourcesOf(json, 'aws_route_table'))).toHaveLength(2);
    expect(vpc.subnets).toHaveLength(4);
  });

  it('takes explicit subnet blocks', () => {
    const { vpc } = build({ azCount: 3, subnetCidrs: ['10.20.0.0/20', '10.20.16.0/20', '10.20.32.0/20'] });
    expect(vpc.subnetCidrs).toEqual(['10.20.0.0/20', '10.20.16.0/20', '10.20.32.0/20']);
  });

  it('splits a small VPC equally when /24 subnets do not fit', () => {
    const { vpc } = build({ cidrBlock: '198.51.100.0/24', azCount: 3 });
    expect(vpc.subnetCidrs).toEqual(['198.51.100.0/26', '198.51.100.64/26', '198.51.100.128/26']);
  });

  it('records flow logs turned off, with the reason', () => {
    const reason = 'sandbox VPC without workloads, torn down every evening';
    const { json, vpc } = build({ flowLogs: { enabled: false, reason } });
    expect(resourcesOf(json, 'aws_flow_log')).toEqual({});
    expect(vpc.flowLogs).toBeUndefined();
    expect(metadataOf(resourceOf(json, 'aws_vpc'))).toEqual({
      module: 'PrivateVpc',
      controls: [],
      optOuts: [{ setting: 'flowLogs', controls: [], reason }],
    });
  });

  it('without the gateway endpoint, lets workloads reach only the interface endpoints', () => {
    const { json } = build({
      endpoints: {
        s3Gateway: { enabled: false, reason: 'all S3 traffic goes through the inspected interface endpoint' },
        interfaceServices: ['s3'],
      },
    });
    expect(Object.keys(resourcesOf(json, 'aws_vpc_security_group_egress_rule'))).toHaveLength(1);
  });
});
