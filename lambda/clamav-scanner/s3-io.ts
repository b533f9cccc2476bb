import { createWriteStream } from 'node:fs';
import { Transform, TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';

export interface ObjectRef {
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string;
}

/** Thrown when an object turns out larger than the limit while it streams. */
export class ObjectTooLargeError extends Error {
  constructor(public readonly bytes: number) {
    super(`the object is larger than the limit (${bytes} bytes read so far)`);
  }
}

/** Counts bytes and fails the stream once they pass the limit. */
class ByteLimit extends Transform {
  public seen = 0;

  constructor(private readonly limit: number) {
    super();
  }

  public override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) done(new ObjectTooLargeError(this.seen));
    else done(null, chunk);
  }
}

/**
 * Streams an object (one version when given) to a local file, never holding it
 * in memory, and stops with {@link ObjectTooLargeError} past `maxBytes`.
 * Returns the object's size.
 */
export async function downloadObject(
  s3: S3Client,
  ref: ObjectRef,
  path: string,
  maxBytes: number,
): Promise<number> {
  const response = await s3.send(
    new GetObjectCommand({ Bucket: ref.bucket, Key: ref.key, VersionId: ref.versionId }),
  );
  if (response.ContentLength !== undefined && response.ContentLength > maxBytes) {
    (response.Body as { destroy?: () => void } | undefined)?.destroy?.();
    throw new ObjectTooLargeError(response.ContentLength);
  }
  const body = response.Body as NodeJS.ReadableStream | undefined;
  if (!body || typeof (body as { pipe?: unknown }).pipe !== 'function')
    throw new Error(`s3://${ref.bucket}/${ref.key}: GetObject returned no stream`);
  const limit = new ByteLimit(maxBytes);
  await pipeline(body, limit, createWriteStream(path));
  return limit.seen;
}
