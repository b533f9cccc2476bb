import { App, Testing } from 'cdktf';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { S3SecurityValidationError } from '../../modules/core';
import { PrivateNetworkStack } from '../../stacks';
import { AppConfig, DEFAULT_CONFIG, parseConfig } from '../../stacks/config';
import { expectError, policyOf, resolveTokens, resourceOf, resourcesOf, synth } from '../helpers';

const ACCOUNT = '123456789012';

function build(mutate: (c: AppConfig) => void = () => undefined) {
  const config = parseConfig(DEFAULT_CONFIG);
  mutate(config);
  const stack = new PrivateNetworkStack(Testing.app() as App, 'private-network', {
    ...config,
    privateNetwork: config.privateNetwork!,
  });
  return { stack, config, ...synth(stack) };
}

const recordOf = (resource: Record<string, unknown>) =>
  (resource['//'] as Record<string, { controls: string[]; optOuts: unknown[] }>)['s3-security'];

describe('PrivateNetworkStack (default configuration)', () => {
  const { stack, text, json, snapshot } = build();
  const network = parseConfig(DEFAULT_CONFIG).privateNetwork!;

  it('matches the snapshot', () => {
    expect(snapshot).toMatchSnapshot();
  });

  it('has no internet or NAT gateway and no route out', () => {
    for (const type of [
      'aws_internet_gateway',
      'aws_nat_gateway',
      'aws_egress_only_internet_gateway',
      'aws_route',
    ]) {
      expect(resourcesOf(json, type)).toEqual({});
    }
    expect(
      Object.values(resourcesOf(json, 'aws_subnet')).map((s) => [s.cidr_block, s.map_public_ip_on_launch]),
    ).toEqual([
      ['198.51.100.0/25', false],
      ['198.51.100.128/25', false],
    ]);
  });

  it('records flow logs into a log group encrypted with the stack key, kept a year', () => {
    expect(text).toHaveResourceWithProperties(FlowLog, {
      traffic_type: 'ALL',
      log_destination_type: 'cloud-watch-logs',
    });
    const group = resourceOf(json, 'aws_cloudwatch_log_group');
    expect(group).toMatchObject({
      name: '/vpc-flow-logs/private-network',
      retention_in_days: 365,
      kms_key_id: '${aws_kms_key.DataKey_0F118E08.arn}',
    });
    expect(Object.keys(resourcesOf(json, 'aws_kms_key'))).toEqual(['DataKey_0F118E08']);
    // The key is granted to CloudWatch Logs only: no service grant to log delivery (the log bucket is SSE-S3).
    const services = policyOf(resourceOf(json, 'aws_kms_key'))
      .Statement.map((s) => (typeof s.Principal === 'object' ? s.Principal.Service : undefined))
      .filter((s) => s !== undefined);
    expect(services).toEqual(['logs.eu-west-1.amazonaws.com']);
    expect(
      resourceOf(json, 'aws_s3_bucket_server_side_encryption_configuration', 'AccessLogs/Bucket/Encryption')
        .rule,
    ).toEqual([
      expect.objectContaining({ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }),
    ]);
    const grant = policyOf(resourceOf(json, 'aws_kms_key')).Statement.find(
      (s) => s.Sid === 'AllowCloudWatchLogsEncryption',
    );
    expect(grant?.Condition).toEqual({
      ArnEquals: {
        'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/vpc-flow-logs/private-network`,
      },
    });
  });

  it('creates the S3 gateway and the configured interface endpoints, limited to the account buckets', () => {
    const endpoints = Object.values(resourcesOf(json, 'aws_vpc_endpoint'));
    expect(endpoints.map((e) => [e.vpc_endpoint_type, e.service_name])).toEqual([
      ['Gateway', 'com.amazonaws.eu-west-1.s3'],
      ['Interface', 'com.amazonaws.eu-west-1.s3'],
      ['Interface', 'com.amazonaws.eu-west-1.sts'],
    ]);
    for (const e of endpoints.filter((x) => x.service_name === 'com.amazonaws.eu-west-1.s3')) {
      expect(policyOf(e).Statement[0].Condition).toEqual({
        StringEquals: { 'aws:ResourceAccount': ACCOUNT },
      });
    }
  });

  it('lets the data bucket be reached only through the S3 endpoints, sparing break-glass and the deployer', () => {
    const deny = resolveTokens(stack, stack.bucket.policyDocument).Statement.find(
      (s) => s.Sid === 'DenyOutsideVpcEndpoints',
    )!;
    expect(deny.Condition).toEqual({
      StringNotEquals: {
        'aws:SourceVpce': [
          expect.stringMatching(/^\$\{aws_vpc_endpoint\.Network_Endpoints_S3Gateway_\w+\.id\}$/),
          expect.stringMatching(/^\$\{aws_vpc_endpoint\.Network_Endpoints_Interface-s3_\w+\.id\}$/),
        ],
      },
      ArnNotLike: {
        'aws:PrincipalArn': ['arn:aws:iam::*:role/aws-service-role/*', ...network.exemptPrincipalArns].sort(),
      },
      BoolIfExists: { 'aws:PrincipalIsAWSService': 'false', 'aws:ViaAWSService': 'false' },
    });
  });

  it('keeps every bucket fully secure: the data bucket logs to the access log bucket, only the log bucket opts out (self-logging, SSE-S3)', () => {
    const buckets = Object.values(resourcesOf(json, 'aws_s3_bucket'));
    expect(buckets.map((b) => b.bucket)).toEqual([network.logBucket.name, network.bucket.name]);
    expect(resourceOf(json, 'aws_s3_bucket_logging')).toMatchObject({
      target_bucket: network.logBucket.name,
      target_prefix: 'private-data/',
    });
    const data = recordOf(resourceOf(json, 'aws_s3_bucket', 'PrivateData/Bucket'));
    expect(data.optOuts).toEqual([]);
    expect(data.controls).toEqual(
      expect.arrayContaining([
        's3-access-logging',
        's3-kms-encryption',
        's3-tls-only',
        's3-bucket-public-access-block',
        's3-vpc-endpoint-restriction',
      ]),
    );
    const logs = recordOf(resourceOf(json, 'aws_s3_bucket', 'AccessLogs/Bucket/Bucket'));
    expect(logs.optOuts).toEqual([
      expect.objectContaining({ setting: 'encryption', controls: ['s3-kms-encryption'] }),
      expect.objectContaining({ setting: 'accessLogs' }),
    ]);
  });

  it('outputs the network and the bucket', () => {
    expect(Object.keys(json.output ?? {}).sort()).toEqual([
      'bucket_name',
      's3_endpoint_ids',
      'subnet_ids',
      'vpc_id',
      'workload_security_group_id',
    ]);
  });
});

describe('PrivateNetworkStack options', () => {
  it('records flow logs and the endpoint policy turned off', () => {
    const { json } = build((c) => {
      c.privateNetwork!.vpc.flowLogs = {
        enabled: false,
        reason: 'flow logs are collected by the network account',
      };
      c.privateNetwork!.vpc.endpointPolicy = {
        enabled: false,
        reason: 'workloads read partner buckets directly',
      };
    });
    expect(resourcesOf(json, 'aws_flow_log')).toEqual({});
    expect(resourceOf(json, 'aws_vpc_endpoint', '/S3Gateway').policy).toBeUndefined();
    expect(recordOf(resourceOf(json, 'aws_vpc')).optOuts).toEqual([
      {
        setting: 'flowLogs',
        controls: [],
        reason: 'flow logs are collected by the network account',
      },
    ]);
  });

  it('passes flow log settings and a trusted organization to the modules', () => {
    const { json } = build((c) => {
      c.privateNetwork!.vpc.flowLogs = { retentionDays: 731, maxAggregationInterval: 60 };
      c.privateNetwork!.vpc.endpointPolicy = { bucketOrganizationId: 'o-a1b2c3d4e5' };
    });
    expect(resourceOf(json, 'aws_cloudwatch_log_group').retention_in_days).toBe(731);
    expect(resourceOf(json, 'aws_flow_log').max_aggregation_interval).toBe(60);
    expect(policyOf(resourceOf(json, 'aws_vpc_endpoint', '/S3Gateway')).Statement.map((s) => s.Sid)).toEqual([
      'AllowBucketsOfTrustedAccounts',
      'AllowBucketsOfTrustedOrganization',
    ]);
  });

  it('stops with the construct path and the rule when a value is wrong', () => {
    expectError(
      () => build((c) => (c.privateNetwork!.vpc.cidrBlock = '198.51.100.0/30')),
      'private-network/Network: cidrBlock "198.51.100.0/30" must be /16 to /28',
    );
    expectError(
      () => build((c) => (c.privateNetwork!.vpc.flowLogs = { retentionDays: 100 })),
      /private-network\/Network\/FlowLogs: retentionDays 100 is not a retention CloudWatch Logs accepts/,
    );
    expectError(
      () => build((c) => (c.privateNetwork!.vpc.flowLogs = { maxAggregationInterval: 300 })),
      'private-network/Network/FlowLogs: maxAggregationInterval 300 must be 60 or 600 (seconds)',
    );
    expect(() => build((c) => (c.privateNetwork!.exemptPrincipalArns = ['admin']))).toThrow(
      S3SecurityValidationError,
    );
  });
});
