import { TerraformOutput } from 'cdktf';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { VpcEndpoints, VpcEndpointsProps } from '../../../modules/vpc-endpoints';
import { ACCOUNT, expectError, policyOf, resourceOf, resourcesOf, synth, testStack } from '../../helpers';

const VPC = 'vpc-0a1b2c3d4e5f67890';
const base: VpcEndpointsProps = {
  vpcId: VPC,
  routeTableIds: ['rtb-0a1b2c3d', 'rtb-4e5f6a7b'],
  subnetIds: ['subnet-0a1b2c3d', 'subnet-4e5f6a7b'],
  interfaceServices: ['s3', 'sts'],
};

function build(props: Partial<VpcEndpointsProps> = {}, env?: Parameters<typeof testStack>[0]) {
  const stack = testStack(env);
  const endpoints = new VpcEndpoints(stack, 'endpoints', { ...base, ...props });
  new TerraformOutput(stack, 's3_endpoint_ids', { value: endpoints.s3EndpointIds });
  return { endpoints, ...synth(stack) };
}

const endpointAt = (json: ReturnType<typeof build>['json'], path: string) =>
  resourceOf(json, 'aws_vpc_endpoint', path);

describe('VpcEndpoints in an existing VPC', () => {
  const { endpoints, text, json, snapshot } = build();

  it('matches the snapshot', () => {
    expect(snapshot).toMatchSnapshot();
  });

  it('puts the S3 gateway endpoint on the given route tables', () => {
    expect(text).toHaveResourceWithProperties(VpcEndpoint, {
      vpc_id: VPC,
      vpc_endpoint_type: 'Gateway',
      service_name: 'com.amazonaws.eu-west-1.s3',
      route_table_ids: ['rtb-0a1b2c3d', 'rtb-4e5f6a7b'],
    });
  });

  it('creates interface endpoints with private DNS in the given subnets, behind one security group', () => {
    for (const svc of ['s3', 'sts']) {
      expect(endpointAt(json, `/Interface-${svc}`)).toMatchObject({
        vpc_endpoint_type: 'Interface',
        service_name: `com.amazonaws.eu-west-1.${svc}`,
        subnet_ids: ['subnet-0a1b2c3d', 'subnet-4e5f6a7b'],
        private_dns_enabled: true,
        security_group_ids: [expect.stringMatching(/^\$\{aws_security_group\..*\.id\}$/)],
      });
    }
    expect(Object.keys(endpoints.interfaceEndpoints)).toEqual(['s3', 'sts']);
  });

  it('keeps S3 traffic of the VPC on the gateway: private DNS of the S3 interface serves inbound resolvers only', () => {
    const s3 = endpointAt(json, '/Interface-s3');
    expect(s3.dns_options).toEqual({ private_dns_only_for_inbound_resolver_endpoint: true });
    expect(s3.depends_on).toEqual([expect.stringMatching(/^aws_vpc_endpoint\..*S3Gateway/)]);
    expect(endpointAt(json, '/Interface-sts').dns_options).toBeUndefined();
  });

  it('admits HTTPS only, from the VPC block read from AWS, and opens nothing outbound', () => {
    expect(text).toHaveResourceWithProperties(VpcSecurityGroupIngressRule, {
      ip_protocol: 'tcp',
      from_port: 443,
      to_port: 443,
      cidr_ipv4: expect.stringMatching(/^\$\{data\.aws_vpc\..*\.cidr_block\}$/),
    });
    expect(Object.keys(resourcesOf(json, 'aws_vpc_security_group_ingress_rule'))).toHaveLength(1);
    expect(resourcesOf(json, 'aws_vpc_security_group_egress_rule')).toEqual({});
    const sg = resourceOf(json, 'aws_security_group');
    expect(sg.ingress).toBeUndefined();
    expect(sg.egress).toBeUndefined();
  });

  it('limits both S3 endpoints to buckets of the stack account by default', () => {
    for (const path of ['/S3Gateway', '/Interface-s3']) {
      expect(policyOf(endpointAt(json, path)).Statement).toEqual([
        {
          Sid: 'AllowBucketsOfTrustedAccounts',
          Effect: 'Allow',
          Principal: '*',
          Action: 's3:*',
          Resource: '*',
          Condition: { StringEquals: { 'aws:ResourceAccount': ACCOUNT } },
        },
      ]);
    }
  });

  it('leaves other services with the AWS default policy when no principal is named', () => {
    expect(endpointAt(json, '/Interface-sts').policy).toBeUndefined();
  });

  it('lists the ids of the endpoints that carry S3 requests', () => {
    expect(json.output!.s3_endpoint_ids.value).toEqual([
      expect.stringMatching(/^\$\{aws_vpc_endpoint\.endpoints_S3Gateway_.*\.id\}$/),
      expect.stringMatching(/^\$\{aws_vpc_endpoint\.endpoints_Interface-s3_.*\.id\}$/),
    ]);
  });
});

describe('VpcEndpoints policies', () => {
  it('adds trusted organizations, listed buckets and a principal perimeter on every endpoint', () => {
    const { json } = build({
      policy: {
        bucketAccounts: ['444455556666', ACCOUNT],
        bucketOrganizationId: 'o-a1b2c3d4e5',
        bucketArns: ['arn:aws:s3:::al2023-repos-eu-west-1-de612dc2'],
        principalArns: [`arn:aws:iam::${ACCOUNT}:role/app-*`],
        principalOrganizationId: 'o-a1b2c3d4e5',
      },
    });
    const gateway = policyOf(endpointAt(json, '/S3Gateway'));
    expect(gateway.Statement.map((s) => s.Sid)).toEqual([
      'AllowBucketsOfTrustedAccounts',
      'AllowBucketsOfTrustedOrganization',
      'AllowListedBuckets',
      'DenyUntrustedPrincipals',
    ]);
    expect(gateway.Statement[0].Condition).toEqual({
      StringEquals: { 'aws:ResourceAccount': [ACCOUNT, '444455556666'] },
    });
    expect(gateway.Statement[1].Condition).toEqual({ StringEquals: { 'aws:ResourceOrgID': 'o-a1b2c3d4e5' } });
    expect(gateway.Statement[2].Resource).toEqual([
      'arn:aws:s3:::al2023-repos-eu-west-1-de612dc2',
      'arn:aws:s3:::al2023-repos-eu-west-1-de612dc2/*',
    ]);
    const perimeter = {
      Sid: 'DenyUntrustedPrincipals',
      Effect: 'Deny',
      Principal: '*',
      Action: '*',
      Resource: '*',
      Condition: {
        ArnNotLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/app-*` },
        StringNotEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' },
      },
    };
    expect(gateway.Statement[3]).toEqual(perimeter);
    expect(policyOf(endpointAt(json, '/Interface-sts')).Statement).toEqual([
      { Sid: 'AllowThroughEndpoint', Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
      perimeter,
    ]);
  });

  it('records an opted-out policy and leaves AWS full access on the endpoints', () => {
    const reason = 'shared services VPC: workloads reach third-party buckets';
    const { endpoints, json } = build({ policy: { enabled: false, reason } });
    for (const path of ['/S3Gateway', '/Interface-s3', '/Interface-sts']) {
      const endpoint = endpointAt(json, path);
      expect(endpoint.policy).toBeUndefined();
      expect((endpoint['//'] as Record<string, { optOuts: unknown }>)['s3-security'].optOuts).toEqual([
        { setting: 'policy', controls: [], reason },
      ]);
    }
    expect(endpoints.policySettings).toBeUndefined();
  });

  it('without the gateway, sends the VPC S3 traffic to the interface endpoint', () => {
    const { json, endpoints } = build({
      s3Gateway: {
        enabled: false,
        reason: 'S3 requests are inspected by a firewall in front of the interface',
      },
      routeTableIds: undefined,
    });
    expect(endpoints.s3GatewayEndpoint).toBeUndefined();
    const s3 = endpointAt(json, '/Interface-s3');
    expect(s3.dns_options).toEqual({ private_dns_only_for_inbound_resolver_endpoint: false });
    expect(s3.depends_on).toBeUndefined();
  });

  it('creates no security group when there is no interface endpoint', () => {
    const { json, endpoints } = build({ interfaceServices: [], subnetIds: undefined });
    expect(resourcesOf(json, 'aws_security_group')).toEqual({});
    expect(Object.keys(resourcesOf(json, 'aws_vpc_endpoint'))).toHaveLength(1);
    expect(endpoints.s3GatewayEndpoint).toBeDefined();
    expect(json.output!.s3_endpoint_ids.value).toEqual([
      expect.stringMatching(/^\$\{aws_vpc_endpoint\.endpoints_S3Gateway_.*\.id\}$/),
    ]);
  });

  it('admits HTTPS from the given blocks, one rule each', () => {
    const { json } = build({ allowedCidrBlocks: ['10.20.0.0/16', '10.30.0.0/16'] });
    expect(
      Object.values(resourcesOf(json, 'aws_vpc_security_group_ingress_rule')).map((r) => r.cidr_ipv4),
    ).toEqual(['10.20.0.0/16', '10.30.0.0/16']);
    expect(json.data?.aws_vpc).toBeUndefined();
  });

  it('reads service names from AWS when the region is not known at synth time', () => {
    const { json } = build({}, 'unknown');
    expect(endpointAt(json, '/S3Gateway').service_name).toMatch(
      /^\$\{data\.aws_vpc_endpoint_service\..*\.service_name\}$/,
    );
    const services = Object.values(json.data!.aws_vpc_endpoint_service).map((d) => [
      d.service,
      d.service_type,
    ]);
    expect(services).toEqual([
      ['s3', 'Gateway'],
      ['s3', 'Interface'],
      ['sts', 'Interface'],
    ]);
    expect(endpointAt(json, '/S3Gateway').policy).toMatch(
      /^\$\{jsonencode\(.*"aws:ResourceAccount" = data\.aws_caller_identity\./s,
    );
  });
});

describe('VpcEndpoints validation', () => {
  it.each([
    [{ vpcId: undefined as unknown as string }, /test\/endpoints: vpcId undefined is required/],
    [
      { routeTableIds: [] },
      /routeTableIds \[\] must name the route tables of the subnets that use the S3 gateway endpoint/,
    ],
    [
      { subnetIds: [] },
      /subnetIds \[\] must name the subnets of the interface endpoints \(one per Availability Zone\)/,
    ],
    [{ subnetIds: ['subnet-1', 'subnet-1'] }, /subnetIds \["subnet-1","subnet-1"\] lists subnet-1 twice/],
    [{ interfaceServices: ['S3 '] }, /interfaceServices\[0\] "S3 " is not an endpoint service name/],
    [{ interfaceServices: ['sts', 'sts'] }, /interfaceServices \["sts","sts"\] lists sts twice/],
    [
      { s3Gateway: { enabled: false as const, reason: 'no' } },
      /s3Gateway.reason "no" must explain the accepted risk/,
    ],
    [
      { policy: { enabled: false as const, reason: 'later' } },
      /policy.reason "later" must explain the accepted risk/,
    ],
    [{ vpcId: 'vpc-xyz' }, /vpcId "vpc-xyz" is not a VPC id: expected vpc- and 8 or 17 lowercase hex digits/],
    [
      { allowedCidrBlocks: ['10.20.0.0/33'] },
      /allowedCidrBlocks\[0\] "10.20.0.0\/33" is not an IPv4 CIDR block/,
    ],
    [
      { policy: { bucketOrganizationId: 'org-1' } },
      /policy.bucketOrganizationId "org-1" is not an AWS Organizations id/,
    ],
    [
      { policy: { principalOrganizationId: 'o-1' } },
      /policy.principalOrganizationId "o-1" is not an AWS Organizations id/,
    ],
    [{ policy: { bucketArns: ['my-bucket'] } }, /policy.bucketArns\[0\] "my-bucket" is not an S3 bucket ARN/],
    [
      { policy: { principalArns: ['arn:aws:iam::*:role/app'] } },
      /policy.principalArns\[0\] "arn:aws:iam::\*:role\/app" is not an IAM principal ARN pattern/,
    ],
    [
      { policy: { bucketAccounts: ['12345'] } },
      /policy.bucketAccounts\[0\] "12345" is not an AWS account id/,
    ],
    [
      { policy: { bucketAccounts: [] } },
      /policy.bucketAccounts \[\] is empty and no bucketOrganizationId or bucketArns is given: the S3 endpoints would reach no bucket/,
    ],
  ])('rejects %j', (props, message) => {
    expectError(() => build(props), message);
  });
});
