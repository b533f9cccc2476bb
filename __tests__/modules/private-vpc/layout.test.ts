import { Fn } from 'cdktf';
import {
  PrivateVpc,
  PrivateVpcProps,
  carveBlocks,
  containsBlock,
  defaultSubnetPrefix,
  formatIpv4Block,
  overlapBlocks,
  parseIpv4Block,
} from '../../../modules/private-vpc';
import { expectError, testStack } from '../../helpers';

const block = (cidr: string) => parseIpv4Block(cidr)!;

describe('IPv4 block arithmetic', () => {
  it('parses and formats blocks', () => {
    expect(block('10.20.0.0/16')).toEqual({ base: 10 * 2 ** 24 + 20 * 2 ** 16, prefix: 16 });
    expect(formatIpv4Block(block('198.51.100.64/26'))).toBe('198.51.100.64/26');
    expect(parseIpv4Block('10.20.0.0')).toBeUndefined();
    expect(parseIpv4Block('10.256.0.0/16')).toBeUndefined();
    expect(parseIpv4Block('10.0.0.0/33')).toBeUndefined();
  });

  it('tells containment and overlap at the edges', () => {
    expect(containsBlock(block('10.20.0.0/16'), block('10.20.255.0/24'))).toBe(true);
    expect(containsBlock(block('10.20.0.0/16'), block('10.21.0.0/24'))).toBe(false);
    expect(containsBlock(block('10.20.0.0/24'), block('10.20.0.0/16'))).toBe(false);
    expect(overlapBlocks(block('10.20.0.0/24'), block('10.20.0.128/25'))).toBe(true);
    expect(overlapBlocks(block('10.20.0.0/25'), block('10.20.0.128/25'))).toBe(false);
  });

  it('carves consecutive blocks that fit, and nothing when they do not', () => {
    expect(carveBlocks(block('10.20.0.0/24'), 26, 4)!.map(formatIpv4Block)).toEqual([
      '10.20.0.0/26',
      '10.20.0.64/26',
      '10.20.0.128/26',
      '10.20.0.192/26',
    ]);
    expect(carveBlocks(block('10.20.0.0/24'), 26, 5)).toBeUndefined();
    expect(carveBlocks(block('10.20.0.0/24'), 23, 1)).toBeUndefined();
  });

  it('sizes default subnets at /24, or the largest equal split of a small VPC', () => {
    expect(defaultSubnetPrefix(block('10.20.0.0/16'), 6)).toBe(24);
    expect(defaultSubnetPrefix(block('10.20.0.0/24'), 3)).toBe(26);
    expect(defaultSubnetPrefix(block('10.20.0.0/24'), 1)).toBe(24);
  });
});

describe('PrivateVpc validation', () => {
  const build = (props: Partial<PrivateVpcProps>) =>
    new PrivateVpc(testStack(), 'network', { cidrBlock: '10.20.0.0/16', ...props });

  it.each([
    [{ cidrBlock: undefined as unknown as string }, /test\/network: cidrBlock undefined is required/],
    [
      { cidrBlock: '10.20.0.0' },
      /cidrBlock "10.20.0.0" is not an IPv4 CIDR block: expected <address>\/<prefix length 0-32>/,
    ],
    [
      { cidrBlock: '10.20.0.1/16' },
      /cidrBlock "10.20.0.1\/16" is not an IPv4 CIDR block: host bits are set; the block is 10.20.0.0\/16/,
    ],
    [
      { cidrBlock: '10.0.0.0/8' },
      /cidrBlock "10.0.0.0\/8" must be \/16 to \/28: AWS accepts no other VPC size/,
    ],
    [{ cidrBlock: '10.20.0.0/29' }, /must be \/16 to \/28/],
    [
      { cidrBlock: '169.254.0.0/16' },
      /overlaps the special-purpose range 169.254.0.0\/16, which no VPC can use/,
    ],
    [{ cidrBlock: '127.0.0.0/16' }, /overlaps the special-purpose range 127.0.0.0\/8/],
    [
      { cidrBlock: Fn.cidrsubnet('10.0.0.0/8', 8, 20) },
      /cidrBlock <Terraform token> must be a literal block/,
    ],
    [{ azCount: 0 }, /azCount 0 must be a whole number from 1 to 6/],
    [{ azCount: 7 }, /azCount 7 must be a whole number from 1 to 6/],
    [{ availabilityZones: [] }, /availabilityZones \[\] must list 1 to 6 zones/],
    [
      { availabilityZones: ['eu-west-1'] },
      /availabilityZones\[0\] "eu-west-1" is not an Availability Zone name \(eu-west-1a\) or id \(euw1-az1\)/,
    ],
    [
      { availabilityZones: ['us-east-1a'] },
      /availabilityZones\[0\] "us-east-1a" is not a zone of the stack's region eu-west-1/,
    ],
    [{ availabilityZones: ['eu-west-1a', 'eu-west-1a'] }, /lists eu-west-1a twice/],
    [
      { availabilityZones: ['eu-west-1a'], azCount: 2 },
      /azCount 2 must match the 1 availabilityZones listed/,
    ],
    [{ subnetsPerAz: 0 }, /subnetsPerAz 0 must be a whole number from 1 to 16/],
    [
      { azCount: 6, subnetsPerAz: 16, cidrBlock: '10.20.0.0/22' },
      /cidrBlock "10.20.0.0\/22" is too small for 96 subnets of \/28/,
    ],
    [{ subnetPrefixLength: 15 }, /subnetPrefixLength 15 must be a whole number from 16 to 28/],
    [
      { cidrBlock: '10.20.0.0/24', subnetPrefixLength: 23 },
      /subnetPrefixLength 23 must be a whole number from 24 to 28/,
    ],
    [
      { cidrBlock: '198.51.100.0/27', azCount: 3 },
      /cidrBlock "198.51.100.0\/27" is too small for 3 subnets of \/28 \(the smallest subnet AWS accepts is \/28\); use a larger block or fewer subnets/,
    ],
    [
      { subnetCidrs: ['10.20.0.0/24'] },
      /subnetCidrs \["10.20.0.0\/24"\] must list 2 blocks: 2 zone\(s\) x 1 subnet\(s\) per zone/,
    ],
    [
      { subnetCidrs: ['10.20.0.0/24', '10.30.0.0/24'] },
      /subnetCidrs\[1\] "10.30.0.0\/24" is not inside the VPC block 10.20.0.0\/16/,
    ],
    [
      { subnetCidrs: ['10.20.0.0/23', '10.20.1.0/24'] },
      /subnetCidrs\[1\] "10.20.1.0\/24" overlaps subnetCidrs\[0\] 10.20.0.0\/23/,
    ],
    [
      { subnetCidrs: ['10.20.0.0/24', '10.20.1.0/29'] },
      /subnetCidrs\[1\] "10.20.1.0\/29" must be \/16 to \/28/,
    ],
    [
      { subnetCidrs: ['10.20.0.0/24', '10.20.1.1/24'] },
      /subnetCidrs\[1\] "10.20.1.1\/24" is not an IPv4 CIDR block: host bits are set; the block is 10.20.1.0\/24/,
    ],
    [
      { subnetCidrs: ['10.20.0.0/24', '10.20.1.0/24'], subnetPrefixLength: 24 },
      /subnetPrefixLength 24 cannot be combined with subnetCidrs/,
    ],
    [{ name: 'my network' }, /name "my network" must be 1 to 64 letters, digits and . _ -/],
    [
      { flowLogs: { enabled: false, reason: 'cost' } },
      /flowLogs.reason "cost" must explain the accepted risk/,
    ],
  ])('rejects %j', (props, message) => {
    expectError(() => build(props as Partial<PrivateVpcProps>), message);
  });

  it('reports every problem at once', () => {
    expectError(
      () => build({ cidrBlock: '10.20.0.0/29', azCount: 9, name: 'a b' }),
      /cidrBlock "10.20.0.0\/29"/,
      /azCount 9/,
      /name "a b"/,
    );
  });
});
