/**
 * The definitions refresh Lambda, run on a schedule: freshclam downloads the
 * official databases (or those of the mirror given in DATABASE_MIRROR) to
 * local storage, and every database whose version changed is uploaded to the
 * private definitions bucket with the function's IAM credentials. freshclam
 * never talks to S3 (it cannot sign requests), and no bucket is public: the
 * scanners read the definitions from the private bucket only.
 */
import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

export interface RefreshConfig {
  readonly definitionsBucket: string;
  readonly definitionsPrefix: string;
  readonly freshclamPath: string;
  /** A host name or URL freshclam downloads from. */
  readonly databaseMirror: string;
  readonly workDir: string;
}

export function refreshConfigFromEnv(env: Record<string, string | undefined> = process.env): RefreshConfig {
  const bucket = env.DEFINITIONS_BUCKET;
  if (!bucket) throw new Error('refresh configuration: DEFINITIONS_BUCKET is not set');
  return {
    definitionsBucket: bucket,
    definitionsPrefix: env.DEFINITIONS_PREFIX ?? 'clamav/',
    freshclamPath: env.FRESHCLAM_PATH || 'freshclam',
    databaseMirror: env.DATABASE_MIRROR || 'database.clamav.net',
    workDir: env.WORK_DIR || '/tmp',
  };
}

/** Runs freshclam into `dir`; resolves with its output, rejects when it fails. */
export type Freshclam = (configFile: string, dir: string) => Promise<string>;

export const runFreshclam =
  (path: string): Freshclam =>
  (configFile, dir) =>
    new Promise((resolve, reject) => {
      execFile(
        path,
        [`--config-file=${configFile}`, `--datadir=${dir}`, '--stdout', '--foreground'],
        { timeout: 10 * 60 * 1000, maxBuffer: 4 * 1024 * 1024 },
        (error, stdout, stderr) =>
          error
            ? reject(new Error(`freshclam failed: ${String(stderr || stdout).trim()}`))
            : resolve(String(stdout)),
      );
    });

/** The version in a database's header (`ClamAV-VDB:<date>:<version>:...`), if it has one. */
export async function databaseVersion(file: string): Promise<string | undefined> {
  const head = (await readFile(file)).subarray(0, 512).toString('latin1');
  return /^ClamAV-VDB:[^:]*:(\d+):/.exec(head)?.[1];
}

export interface RefreshResult {
  readonly uploaded: readonly string[];
  readonly unchanged: readonly string[];
}

/** Downloads the databases and uploads those whose version the bucket does not have yet. */
export async function refreshDefinitions(
  s3: S3Client,
  config: RefreshConfig,
  freshclam: Freshclam,
): Promise<RefreshResult> {
  const dir = join(config.workDir, 'freshclam');
  await mkdir(dir, { recursive: true });
  const configFile = join(config.workDir, 'freshclam.conf');
  await writeFile(
    configFile,
    [
      `DatabaseDirectory ${dir}`,
      `DatabaseMirror ${config.databaseMirror}`,
      'DNSDatabaseInfo no',
      'ScriptedUpdates no',
      '',
    ].join('\n'),
  );
  await freshclam(configFile, dir);
  const uploaded: string[] = [];
  const unchanged: string[] = [];
  for (const name of (await readdir(dir)).filter((n) => /\.(cvd|cld)$/.test(n)).sort()) {
    const file = join(dir, name);
    const version = (await databaseVersion(file)) ?? 'unversioned';
    const key = `${config.definitionsPrefix}${name}`;
    const current = await s3
      .send(new HeadObjectCommand({ Bucket: config.definitionsBucket, Key: key }))
      .catch((e: { name?: string }) => {
        if (e?.name === 'NotFound' || e?.name === 'NoSuchKey') return undefined;
        throw e;
      });
    if (current?.Metadata?.['clamav-version'] === version) {
      unchanged.push(name);
      continue;
    }
    await s3.send(
      new PutObjectCommand({
        Bucket: config.definitionsBucket,
        Key: key,
        Body: createReadStream(file),
        ContentLength: (await stat(file)).size,
        Metadata: { 'clamav-version': version },
      }),
    );
    uploaded.push(name);
  }
  if (uploaded.length + unchanged.length === 0) throw new Error(`freshclam left no database in ${dir}`);
  return { uploaded, unchanged };
}

export async function handler(): Promise<RefreshResult> {
  const config = refreshConfigFromEnv();
  const result = await refreshDefinitions(new S3Client({}), config, runFreshclam(config.freshclamPath));
  console.log(JSON.stringify(result));
  return result;
}
