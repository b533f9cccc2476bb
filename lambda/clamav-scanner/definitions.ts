import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { downloadObject } from './s3-io';

/** Definition files clamscan loads (official databases and custom signature files). */
const DATABASE_FILE =
  /\.(cvd|cld|cud|hdb|hsb|hdu|hsu|mdb|msb|ndb|ndu|ldb|ldu|cdb|crb|ftm|ign2|pdb|wdb|yar|yara|cbc|cat|info)$/;

/** How long a container keeps the definitions it downloaded before checking the bucket again. */
export const DEFINITIONS_RECHECK_MS = 15 * 60 * 1000;

export interface LoadedDefinitions {
  readonly dir: string;
  /** Such as `bytecode:339 daily:27500 main:62`, or `custom:1a2b3c4d` for unversioned files. */
  readonly version: string;
}

/**
 * The virus definitions, kept in a private bucket (a mirror that the refresh
 * function fills) and downloaded to local storage. Re-downloaded only when the
 * bucket's listing changed.
 */
export class DefinitionsStore {
  private loaded?: { at: number; listing: string; definitions: LoadedDefinitions };

  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly prefix: string,
    private readonly dir: string,
    private readonly now: () => number = Date.now,
  ) {}

  public async ensure(): Promise<LoadedDefinitions> {
    if (this.loaded && this.now() - this.loaded.at < DEFINITIONS_RECHECK_MS) return this.loaded.definitions;
    const objects = await this.list();
    const files = objects.filter((o) => DATABASE_FILE.test(o.key));
    if (files.length === 0) {
      throw new Error(
        `no virus definitions under s3://${this.bucket}/${this.prefix}: run the definitions refresh first`,
      );
    }
    const listing = files.map((f) => `${f.key}@${f.etag}`).join('\n');
    if (this.loaded && this.loaded.listing === listing) {
      this.loaded = { ...this.loaded, at: this.now() };
      return this.loaded.definitions;
    }
    await rm(this.dir, { recursive: true, force: true });
    await mkdir(this.dir, { recursive: true });
    for (const f of files) {
      const name = f.key.slice(f.key.lastIndexOf('/') + 1);
      await downloadObject(
        this.s3,
        { bucket: this.bucket, key: f.key },
        join(this.dir, name),
        Number.MAX_SAFE_INTEGER,
      );
    }
    const definitions = { dir: this.dir, version: await definitionsVersion(this.dir) };
    this.loaded = { at: this.now(), listing, definitions };
    return definitions;
  }

  private async list(): Promise<{ key: string; etag: string }[]> {
    const out: { key: string; etag: string }[] = [];
    let token: string | undefined;
    do {
      const page = await this.s3.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.prefix, ContinuationToken: token }),
      );
      for (const o of page.Contents ?? []) if (o.Key) out.push({ key: o.Key, etag: o.ETag ?? '' });
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out.sort((a, b) => a.key.localeCompare(b.key));
  }
}

/**
 * The version of the definitions in a directory: the version in the header of
 * each official database (`ClamAV-VDB:<date>:<version>:...`), or a hash of the
 * files when none is versioned.
 */
export async function definitionsVersion(dir: string): Promise<string> {
  const names = (await readdir(dir)).filter((n) => DATABASE_FILE.test(n)).sort();
  const versions: string[] = [];
  const hash = createHash('sha256');
  for (const name of names) {
    const content = await readFile(join(dir, name));
    hash.update(name).update('\0').update(content);
    const header = /^ClamAV-VDB:[^:]*:(\d+):/.exec(content.subarray(0, 512).toString('latin1'));
    if (header) versions.push(`${name.replace(/\.[^.]+$/, '')}:${header[1]}`);
  }
  return versions.length > 0 ? versions.join(' ') : `custom:${hash.digest('hex').slice(0, 12)}`;
}
