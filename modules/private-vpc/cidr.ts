/**
 * IPv4 address arithmetic for laying out a VPC: blocks as numbers, so
 * containment, overlap and carving are exact. Validate a block with
 * `ipv4CidrRule` (modules/core/rules.ts) before parsing it.
 */

/** An IPv4 block: its first address as a number and its prefix length. */
export interface Ipv4Block {
  readonly base: number;
  readonly prefix: number;
}

/** The smallest and largest prefix lengths AWS accepts for a VPC or a subnet. */
export const MIN_PREFIX = 16;
export const MAX_PREFIX = 28;

/** Ranges no VPC can use: "this network", loopback, link-local, multicast and the reserved class E. */
export const SPECIAL_PURPOSE_BLOCKS = ['0.0.0.0/8', '127.0.0.0/8', '169.254.0.0/16', '224.0.0.0/3'];

/** Number of addresses in a block of this prefix length. */
export function blockSize(prefix: number): number {
  return 2 ** (32 - prefix);
}

/** The block of a CIDR text, or undefined when it is not `a.b.c.d/n`. */
export function parseIpv4Block(cidr: string): Ipv4Block | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  return { base: octets.reduce((acc, o) => acc * 256 + o, 0), prefix };
}

export function formatIpv4Block(block: Ipv4Block): string {
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(block.base / 2 ** shift) % 256);
  return `${octets.join('.')}/${block.prefix}`;
}

/** True when `inner` lies entirely inside `outer`. */
export function containsBlock(outer: Ipv4Block, inner: Ipv4Block): boolean {
  return (
    inner.prefix >= outer.prefix &&
    inner.base >= outer.base &&
    inner.base + blockSize(inner.prefix) <= outer.base + blockSize(outer.prefix)
  );
}

/** True when two blocks share at least one address. */
export function overlapBlocks(a: Ipv4Block, b: Ipv4Block): boolean {
  return a.base < b.base + blockSize(b.prefix) && b.base < a.base + blockSize(a.prefix);
}

/**
 * `count` consecutive blocks of `prefix` from the start of `parent`, or
 * undefined when they do not fit in it.
 */
export function carveBlocks(parent: Ipv4Block, prefix: number, count: number): Ipv4Block[] | undefined {
  if (prefix < parent.prefix || count * blockSize(prefix) > blockSize(parent.prefix)) return undefined;
  return Array.from({ length: count }, (_, i) => ({ base: parent.base + i * blockSize(prefix), prefix }));
}

/**
 * The default subnet size: /24 when the VPC has room for every subnet at that
 * size, else the largest equal split of the VPC.
 */
export function defaultSubnetPrefix(vpc: Ipv4Block, count: number): number {
  return Math.max(24, vpc.prefix + Math.ceil(Math.log2(Math.max(count, 1))));
}
