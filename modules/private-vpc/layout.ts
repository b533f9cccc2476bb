import { PropsValidator, integerBetween, ipv4CidrRule, isToken } from '../core';
import {
  Ipv4Block,
  MAX_PREFIX,
  MIN_PREFIX,
  SPECIAL_PURPOSE_BLOCKS,
  carveBlocks,
  containsBlock,
  defaultSubnetPrefix,
  formatIpv4Block,
  overlapBlocks,
  parseIpv4Block,
} from './cidr';
import type { PrivateVpcProps } from './private-vpc';

/** The most Availability Zones a region offers today. */
export const MAX_AZS = 6;

const AZ_NAME = /^[a-z]{2}(-[a-z]+)+-\d{1,2}[a-z]$/;
const AZ_ID = /^[a-z]{2,5}\d{1,2}-az\d{1,2}$/;

/** Where the subnets go, decided from the props. */
export interface SubnetPlan {
  /** The zones, when listed (a name or an id each); otherwise read from the region. */
  readonly zones?: readonly { readonly name?: string; readonly id?: string }[];
  readonly azCount: number;
  readonly subnetsPerAz: number;
  /** One block per subnet, zone by zone. */
  readonly subnetCidrs: readonly string[];
}

/**
 * Validates the VPC's block, zones and subnets and lays the subnets out.
 * Problems go to `v`; the plan it returns is only used when there are none.
 */
export function planSubnets(v: PropsValidator, props: PrivateVpcProps, region?: string): SubnetPlan {
  const vpc = checkVpcBlock(v, props.cidrBlock);

  let zones: SubnetPlan['zones'];
  let azCount = props.azCount ?? 2;
  if (props.availabilityZones !== undefined) {
    const listed = [...props.availabilityZones];
    v.check(
      listed.length >= 1 && listed.length <= MAX_AZS,
      'availabilityZones',
      listed,
      `must list 1 to ${MAX_AZS} zones`,
    );
    listed.forEach((z, i) => {
      if (isToken(z)) return;
      if (!AZ_NAME.test(z) && !AZ_ID.test(z)) {
        v.fail(
          `availabilityZones[${i}]`,
          z,
          'is not an Availability Zone name (eu-west-1a) or id (euw1-az1)',
        );
      } else if (AZ_NAME.test(z) && region && !z.startsWith(region)) {
        v.fail(`availabilityZones[${i}]`, z, `is not a zone of the stack's region ${region}`);
      }
    });
    const dup = listed.find((z, i) => listed.indexOf(z) !== i);
    if (dup !== undefined) v.fail('availabilityZones', listed, `lists ${dup} twice`);
    if (props.azCount !== undefined) {
      v.check(
        props.azCount === listed.length,
        'azCount',
        props.azCount,
        `must match the ${listed.length} availabilityZones listed (or be left out)`,
      );
    }
    zones = listed.map((z) => (AZ_ID.test(z) ? { id: z } : { name: z }));
    azCount = listed.length;
  } else {
    v.rule('azCount', props.azCount, integerBetween(1, MAX_AZS));
  }
  v.rule('subnetsPerAz', props.subnetsPerAz, integerBetween(1, 16));
  const subnetsPerAz = props.subnetsPerAz ?? 1;
  const count = azCount * subnetsPerAz;

  let subnetCidrs: string[] = [];
  if (props.subnetCidrs !== undefined) {
    v.check(
      props.subnetPrefixLength === undefined,
      'subnetPrefixLength',
      props.subnetPrefixLength,
      'cannot be combined with subnetCidrs (each block has its own size)',
    );
    subnetCidrs = [...props.subnetCidrs];
    v.check(
      subnetCidrs.length === count,
      'subnetCidrs',
      subnetCidrs,
      `must list ${count} blocks: ${azCount} zone(s) x ${subnetsPerAz} subnet(s) per zone`,
    );
    checkSubnetBlocks(v, vpc, subnetCidrs);
  } else if (vpc) {
    const prefix = props.subnetPrefixLength ?? defaultSubnetPrefix(vpc, count);
    if (props.subnetPrefixLength !== undefined) {
      v.rule(
        'subnetPrefixLength',
        props.subnetPrefixLength,
        integerBetween(Math.max(MIN_PREFIX, vpc.prefix), MAX_PREFIX),
      );
    }
    const blocks = prefix <= MAX_PREFIX ? carveBlocks(vpc, prefix, count) : undefined;
    if (blocks) {
      subnetCidrs = blocks.map(formatIpv4Block);
    } else {
      v.fail(
        'cidrBlock',
        props.cidrBlock,
        `is too small for ${count} subnets of /${Math.min(prefix, MAX_PREFIX)} (the smallest subnet AWS accepts is /${MAX_PREFIX}); use a larger block or fewer subnets`,
      );
    }
  }
  return { zones, azCount, subnetsPerAz, subnetCidrs };
}

function checkVpcBlock(v: PropsValidator, cidr: string): Ipv4Block | undefined {
  if (cidr === undefined || cidr === null) {
    v.fail('cidrBlock', cidr, 'is required');
    return undefined;
  }
  if (isToken(cidr)) {
    v.fail('cidrBlock', cidr, 'must be a literal block: the subnets are laid out from it at synth time');
    return undefined;
  }
  const problem = ipv4CidrRule(cidr);
  if (problem) {
    v.fail('cidrBlock', cidr, problem);
    return undefined;
  }
  const block = parseIpv4Block(cidr)!;
  if (block.prefix < MIN_PREFIX || block.prefix > MAX_PREFIX) {
    v.fail('cidrBlock', cidr, `must be /${MIN_PREFIX} to /${MAX_PREFIX}: AWS accepts no other VPC size`);
    return undefined;
  }
  const special = SPECIAL_PURPOSE_BLOCKS.find((s) => overlapBlocks(block, parseIpv4Block(s)!));
  if (special) {
    v.fail('cidrBlock', cidr, `overlaps the special-purpose range ${special}, which no VPC can use`);
    return undefined;
  }
  return block;
}

function checkSubnetBlocks(v: PropsValidator, vpc: Ipv4Block | undefined, cidrs: string[]): void {
  const blocks: (Ipv4Block | undefined)[] = cidrs.map((cidr, i) => {
    const prop = `subnetCidrs[${i}]`;
    const problem = ipv4CidrRule(cidr);
    if (problem) {
      v.fail(prop, cidr, problem);
      return undefined;
    }
    const block = parseIpv4Block(cidr)!;
    if (block.prefix < MIN_PREFIX || block.prefix > MAX_PREFIX) {
      v.fail(prop, cidr, `must be /${MIN_PREFIX} to /${MAX_PREFIX}: AWS accepts no other subnet size`);
      return undefined;
    }
    if (vpc && !containsBlock(vpc, block)) {
      v.fail(prop, cidr, `is not inside the VPC block ${formatIpv4Block(vpc)}`);
      return undefined;
    }
    return block;
  });
  blocks.forEach((a, i) => {
    for (let j = 0; j < i; j++) {
      const b = blocks[j];
      if (a && b && overlapBlocks(a, b))
        v.fail(`subnetCidrs[${i}]`, cidrs[i], `overlaps subnetCidrs[${j}] ${cidrs[j]}`);
    }
  });
}
