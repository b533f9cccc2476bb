import { createHash } from 'node:crypto';

/** Eight hex characters of a SHA-256: stable, short suffixes for derived names. */
export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}

/**
 * The name itself when it fits in `max` characters; otherwise its first
 * characters and a hash of the whole name, so two long names that share their
 * beginning still differ.
 */
export function fittedName(name: string, max: number): string {
  return name.length <= max ? name : `${name.slice(0, max - 9)}-${shortHash(name)}`;
}
