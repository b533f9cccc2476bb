/**
 * The scanner handler with the real ClamAV engine (Debian's clamscan and
 * sigtool; `.ci/clamav-e2e.sh` installs them). The signature database is built
 * here for the EICAR test string with `sigtool --md5` (an .hdb line), served
 * from a mocked definitions bucket, and loaded by clamscan; S3 and EventBridge
 * are mocked at the SDK level. Run with `npm run test:clamav`: it fails, never
 * skips, when the engine is missing.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectTaggingCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { DefinitionsStore } from '../../../lambda/clamav-scanner/definitions';
import { ClamScanEngine } from '../../../lambda/clamav-scanner/engine';
import { handleBatch } from '../../../lambda/clamav-scanner/handler';
import {
  BUCKET,
  DEFINITIONS,
  EICAR,
  QUARANTINE,
  deps,
  mockAws,
  objectCreated,
  publishedDetails,
  storedZip,
  writtenTags,
} from './fixtures';

const MAX = 64 * 1024;
let work: string;
let eicarHdb: Buffer;

function which(tool: string): string {
  try {
    return execFileSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(`${tool} is not installed: install Debian's clamav package (.ci/clamav-e2e.sh does)`);
  }
}

beforeAll(async () => {
  which('clamscan');
  which('sigtool');
  work = await mkdtemp(join(tmpdir(), 'clamav-e2e-'));
  const sample = join(work, 'eicar.com');
  await writeFile(sample, EICAR);
  // `sigtool --md5 file` prints `<md5>:<size>:<name>`: one hash signature, named after the file.
  eicarHdb = Buffer.from(execFileSync('sigtool', ['--md5', sample], { cwd: work }));
  expect(eicarHdb.toString()).toMatch(/^44d88612fea8a8f36de82e1278abb02f:68:/);
});

/** Mocks with the objects to scan and a definitions bucket holding `databases`. */
function setup(objects: Record<string, Buffer>, databases: Record<string, Buffer>, dbDir: string) {
  const aws = mockAws(objects);
  aws.s3.on(ListObjectsV2Command, { Bucket: DEFINITIONS }).resolves({
    Contents: Object.keys(databases).map((name, i) => ({ Key: `clamav/${name}`, ETag: `"${i}"` })),
  });
  aws.s3.on(GetObjectCommand).callsFake((input: { Bucket: string; Key: string }) => {
    const source =
      input.Bucket === DEFINITIONS ? databases[input.Key.replace('clamav/', '')] : objects[input.Key];
    if (source === undefined) throw Object.assign(new Error('no such key'), { name: 'NoSuchKey' });
    return { Body: Readable.from([source]), ContentLength: source.length };
  });
  const store = new DefinitionsStore(new S3Client({ region: 'eu-west-1' }), DEFINITIONS, 'clamav/', dbDir);
  const engine = new ClamScanEngine('clamscan', MAX);
  return { aws, deps: deps(aws, engine, store, { maxObjectBytes: MAX, workDir: work }) };
}

describe('ClamAV scanner with the real engine', () => {
  it('tags a clean file CLEAN, EICAR and EICAR in a zip INFECTED (quarantined), and an oversized object TOO-LARGE', async () => {
    const objects = {
      'docs/clean.txt': Buffer.from('quarterly report, nothing to see\n'),
      'docs/eicar.com': EICAR,
      'docs/archive.zip': storedZip({ 'readme.txt': Buffer.from('hello'), 'inner/eicar.com': EICAR }),
      'docs/huge.bin': Buffer.alloc(MAX + 1, 0x41),
    };
    const { aws, deps: d } = setup(objects, { 'eicar.hdb': eicarHdb }, join(work, 'db-ok'));
    const keys = Object.keys(objects);
    const result = await handleBatch(
      d,
      { Records: keys.map((k) => objectCreated(k, { versionId: `v-${k.length}` })) },
      () => undefined,
    );
    expect(result.batchItemFailures).toEqual([]);

    const tagsOf = (key: string) =>
      Object.fromEntries(
        aws.s3
          .commandCalls(PutObjectTaggingCommand)
          .filter((c) => c.args[0].input.Key === key)
          .flatMap((c) => c.args[0].input.Tagging?.TagSet ?? [])
          .map((t) => [t.Key, t.Value]),
      );
    expect(tagsOf('docs/clean.txt')).toMatchObject({
      'scan-status': 'CLEAN',
      'scan-definitions': expect.stringMatching(/^custom:/),
    });
    expect(tagsOf('docs/clean.txt')['scan-engine']).toMatch(/^ClamAV \d+\.\d+/);
    expect(tagsOf('docs/eicar.com')['scan-status']).toBe('INFECTED');
    expect(tagsOf('docs/archive.zip')['scan-status']).toBe('INFECTED');
    expect(tagsOf('docs/huge.bin')['scan-status']).toBe('TOO-LARGE');

    const byKey = Object.fromEntries(publishedDetails(aws).map((e) => [e.key as string, e]));
    expect(byKey['docs/clean.txt']).toMatchObject({ status: 'CLEAN', signatures: [] });
    expect(byKey['docs/eicar.com']).toMatchObject({
      status: 'INFECTED',
      signatures: [expect.stringMatching(/eicar/i)],
      quarantineBucket: QUARANTINE,
      quarantineKey: `${BUCKET}/docs/eicar.com.v-14`,
    });
    expect(byKey['docs/archive.zip']).toMatchObject({
      status: 'INFECTED',
      quarantineKey: `${BUCKET}/docs/archive.zip.v-16`,
    });
    expect(byKey['docs/huge.bin']).toMatchObject({ status: 'TOO-LARGE', quarantineKey: null });

    expect(
      aws.s3
        .commandCalls(CopyObjectCommand)
        .map((c) => c.args[0].input.Key)
        .sort(),
    ).toEqual([`${BUCKET}/docs/archive.zip.v-16`, `${BUCKET}/docs/eicar.com.v-14`]);
    expect(
      aws.s3
        .commandCalls(DeleteObjectCommand)
        .map((c) => c.args[0].input.Key)
        .sort(),
    ).toEqual(['docs/archive.zip', 'docs/eicar.com']);
  });

  it('tags ERROR and fails the message when the engine cannot load its definitions', async () => {
    const { aws, deps: d } = setup(
      { 'docs/clean.txt': Buffer.from('hello\n') },
      { 'broken.hdb': Buffer.from('this is not a signature line\n') },
      join(work, 'db-broken'),
    );
    const result = await handleBatch(d, { Records: [objectCreated('docs/clean.txt')] }, () => undefined);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-docs/clean.txt' }]);
    expect(writtenTags(aws)['scan-status']).toBe('ERROR');
    expect(publishedDetails(aws)[0]).toMatchObject({
      status: 'ERROR',
      error: expect.stringMatching(/clamscan exited with 2/),
    });
  });
});
