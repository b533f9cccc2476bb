/**
 * The object tags the scanner owns. The read gate of the bucket
 * (`requireMalwareScan` with scanner "clamav") opens an object only when
 * `scan-status` is CLEAN, and lets nobody but this scanner write these keys.
 */
export const STATUS_TAG = 'scan-status';
export const ENGINE_TAG = 'scan-engine';
export const DEFINITIONS_TAG = 'scan-definitions';
export const TIME_TAG = 'scan-time';
export const SCANNER_TAG_KEYS = [STATUS_TAG, ENGINE_TAG, DEFINITIONS_TAG, TIME_TAG] as const;

/** The verdicts. Only CLEAN makes an object readable. */
export type ScanStatus = 'CLEAN' | 'INFECTED' | 'ERROR' | 'TOO-LARGE';

/** S3 allows at most 10 tags per object. */
export const MAX_OBJECT_TAGS = 10;

export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

/** Characters S3 accepts in a tag value; others are replaced by `_`. */
export function tagValue(text: string): string {
  return text
    .replace(/[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu, '_')
    .trim()
    .slice(0, 256);
}

/**
 * The object's tags with the verdict: the scanner's keys replaced, the others
 * kept. When the other tags leave no room for all four, the details are
 * dropped before the verdict; when not even the verdict fits, it throws (the
 * message is retried, then lands in the dead-letter queue).
 */
export function withVerdict(existing: readonly Tag[], verdict: Record<string, string>): Tag[] {
  const others = existing.filter((t) => !(SCANNER_TAG_KEYS as readonly string[]).includes(t.Key));
  const room = MAX_OBJECT_TAGS - others.length;
  if (room < 1) {
    throw new Error(
      `the object has ${others.length} tags of its own, so the ${STATUS_TAG} tag does not fit (S3 allows ${MAX_OBJECT_TAGS})`,
    );
  }
  const ours = SCANNER_TAG_KEYS.filter((k) => verdict[k] !== undefined)
    .slice(0, room)
    .map((k) => ({ Key: k, Value: tagValue(verdict[k]) }));
  return [...others, ...ours];
}
