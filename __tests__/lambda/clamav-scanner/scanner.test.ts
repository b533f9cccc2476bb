/**
 * The scanner's logic with the engine mocked (the real clamscan runs in
 * `npm run test:clamav`): verdict tags, quarantine, events, size limits,
 * failures and retries, with S3 and EventBridge mocked at the SDK level.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { configFromEnv } from '../../../lambda/clamav-scanner/config';
import { definitionsVersion } from '../../../lambda/clamav-scanner/definitions';
import { Engine, EngineVerdict, parseClamscan } from '../../../lambda/clamav-scanner/engine';
import { handleBatch, requestOf } from '../../../lambda/clamav-scanner/handler';
import { refreshDefinitions } from '../../../lambda/clamav-scanner/refresh';
import { EVENT_SOURCE, RESULT_DETAIL_TYPE } from '../../../lambda/clamav-scanner/scan';
import { MAX_OBJECT_TAGS, SCANNER_TAG_KEYS, withVerdict } from '../../../lambda/clamav-scanner/tags';
import { CLAMAV_SCAN_TAG } from '../../../modules/bucket-policy';
import { CLAMAV_EVENT_SOURCE, CLAMAV_RESULT_DETAIL_TYPE } from '../../../modules/malware-protection';
import {
  BUCKET,
  NOW,
  QUARANTINE,
  deps,
  mockAws,
  objectCreated,
  publishedDetails,
  writtenTags,
} from './fixtures';

/** An engine that answers from the file's content, and records what it was asked. */
function fakeEngine(answer: (content: string) => EngineVerdict): Engine & { scanned: string[] } {
  const scanned: string[] = [];
  return {
    scanned,
    async scan(file) {
      const { readFile } = await import('node:fs/promises');
      const content = await readFile(file, 'utf8');
      scanned.push(content);
      return answer(content);
    },
    async version() {
      return 'ClamAV 1.4.6';
    },
  };
}

const engine = () =>
  fakeEngine((c) =>
    c.includes('virus')
      ? { status: 'INFECTED', signatures: ['Test.Virus'] }
      : c.includes('crash')
        ? { status: 'ERROR', message: 'clamscan exited with 2: LibClamAV Error' }
        : { status: 'CLEAN' },
  );
const definitions = { ensure: async () => ({ dir: '/tmp/db', version: 'daily:27500 main:62' }) };
const log = () => undefined;

describe('ClamAV scanner handler (engine mocked)', () => {
  it('tags a clean object CLEAN with engine, definitions and time, keeping its other tags', async () => {
    const aws = mockAws({ 'a.txt': Buffer.from('hello') }, [
      { Key: 'project', Value: 'x' },
      { Key: 'scan-status', Value: 'ERROR' },
    ]);
    const e = engine();
    const result = await handleBatch(
      deps(aws, e, definitions),
      { Records: [objectCreated('a.txt', { size: 5, versionId: 'v1' })] },
      log,
    );
    expect(result.batchItemFailures).toEqual([]);
    expect(e.scanned).toEqual(['hello']);
    expect(writtenTags(aws)).toEqual({
      project: 'x',
      'scan-status': 'CLEAN',
      'scan-engine': 'ClamAV 1.4.6',
      'scan-definitions': 'daily:27500 main:62',
      'scan-time': NOW.toISOString(),
    });
    expect(aws.s3.commandCalls(PutObjectTaggingCommand)[0].args[0].input).toMatchObject({
      Bucket: BUCKET,
      Key: 'a.txt',
      VersionId: 'v1',
    });
    expect(aws.s3.commandCalls(GetObjectCommand)[0].args[0].input).toMatchObject({ VersionId: 'v1' });
    expect(publishedDetails(aws)).toEqual([
      expect.objectContaining({
        bucket: BUCKET,
        key: 'a.txt',
        versionId: 'v1',
        status: 'CLEAN',
        signatures: [],
        quarantineKey: null,
      }),
    ]);
    expect(aws.s3.commandCalls(CopyObjectCommand)).toHaveLength(0);
  });

  it('tags an infected object INFECTED, moves it to quarantine and publishes the signatures', async () => {
    const aws = mockAws({ 'dir/bad file.exe': Buffer.from('a virus') });
    await handleBatch(
      deps(aws, engine(), definitions),
      { Records: [objectCreated('dir/bad file.exe', { versionId: 'v9' })] },
      log,
    );
    expect(writtenTags(aws)['scan-status']).toBe('INFECTED');
    const copy = aws.s3.commandCalls(CopyObjectCommand)[0].args[0].input;
    expect(copy).toMatchObject({
      Bucket: QUARANTINE,
      Key: `${BUCKET}/dir/bad file.exe.v9`,
      CopySource: `${BUCKET}/dir/bad%20file.exe?versionId=v9`,
      TaggingDirective: 'COPY',
    });
    expect(aws.s3.commandCalls(DeleteObjectCommand)[0].args[0].input).toEqual({
      Bucket: BUCKET,
      Key: 'dir/bad file.exe',
      VersionId: 'v9',
    });
    // The verdict is written before the move, so a failed move leaves the object unreadable.
    const order = aws.s3.calls().map((c) => c.args[0].constructor.name);
    expect(order.indexOf('PutObjectTaggingCommand')).toBeLessThan(order.indexOf('CopyObjectCommand'));
    expect(publishedDetails(aws)).toEqual([
      expect.objectContaining({
        status: 'INFECTED',
        signatures: ['Test.Virus'],
        quarantineBucket: QUARANTINE,
        quarantineKey: `${BUCKET}/dir/bad file.exe.v9`,
      }),
    ]);
  });

  it('leaves an infected object in place (unreadable) without a quarantine bucket', async () => {
    const aws = mockAws({ 'b.exe': Buffer.from('virus') });
    await handleBatch(
      deps(aws, engine(), definitions, { quarantineBucket: undefined }),
      { Records: [objectCreated('b.exe')] },
      log,
    );
    expect(writtenTags(aws)['scan-status']).toBe('INFECTED');
    expect(aws.s3.commandCalls(CopyObjectCommand)).toHaveLength(0);
    expect(aws.s3.commandCalls(DeleteObjectCommand)).toHaveLength(0);
  });

  it('tags TOO-LARGE without reading an object the event says is over the limit', async () => {
    const aws = mockAws({ 'big.iso': Buffer.alloc(10) });
    const e = engine();
    const result = await handleBatch(
      deps(aws, e, definitions, { maxObjectBytes: 5 }),
      { Records: [objectCreated('big.iso', { size: 6 })] },
      log,
    );
    expect(result.batchItemFailures).toEqual([]);
    expect(writtenTags(aws)['scan-status']).toBe('TOO-LARGE');
    expect(aws.s3.commandCalls(GetObjectCommand)).toHaveLength(0);
    expect(e.scanned).toEqual([]);
    expect(publishedDetails(aws)[0]).toMatchObject({ status: 'TOO-LARGE', maxObjectBytes: 5 });
  });

  it('stops streaming and tags TOO-LARGE when the object is larger than the event said', async () => {
    const aws = mockAws({});
    const { Readable } = await import('node:stream');
    aws.s3.on(GetObjectCommand).callsFake(() => ({
      Body: Readable.from([Buffer.alloc(4), Buffer.alloc(4), Buffer.alloc(4)]),
    }));
    const e = engine();
    await handleBatch(
      deps(aws, e, definitions, { maxObjectBytes: 10 }),
      { Records: [objectCreated('lies.bin', { size: 3 })] },
      log,
    );
    expect(writtenTags(aws)['scan-status']).toBe('TOO-LARGE');
    expect(e.scanned).toEqual([]);
  });

  it('tags ERROR when the engine fails, publishes it, and reports the message for retry', async () => {
    const aws = mockAws({ 'c.bin': Buffer.from('crash me') });
    const result = await handleBatch(
      deps(aws, engine(), definitions),
      { Records: [objectCreated('c.bin'), objectCreated('a.txt')] },
      log,
    );
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-c.bin' }]);
    const tagged = aws.s3.commandCalls(PutObjectTaggingCommand).map((c) => c.args[0].input);
    expect(tagged.find((t) => t.Key === 'c.bin')?.Tagging?.TagSet).toContainEqual({
      Key: 'scan-status',
      Value: 'ERROR',
    });
    expect(publishedDetails(aws)[0]).toMatchObject({
      status: 'ERROR',
      error: 'clamscan exited with 2: LibClamAV Error',
    });
  });

  it('tags ERROR when the definitions cannot be loaded', async () => {
    const aws = mockAws({ 'a.txt': Buffer.from('hello') });
    const missing = {
      ensure: async () => Promise.reject(new Error('no virus definitions under s3://d/clamav/')),
    };
    const result = await handleBatch(
      deps(aws, engine(), missing),
      { Records: [objectCreated('a.txt')] },
      log,
    );
    expect(result.batchItemFailures).toHaveLength(1);
    expect(writtenTags(aws)['scan-status']).toBe('ERROR');
  });

  it('skips an object deleted before the scan, without tagging', async () => {
    const aws = mockAws({});
    const result = await handleBatch(
      deps(aws, engine(), definitions),
      { Records: [objectCreated('gone.txt')] },
      log,
    );
    expect(result.batchItemFailures).toEqual([]);
    expect(aws.s3.commandCalls(PutObjectTaggingCommand)).toHaveLength(0);
  });

  it('fails the message when the verdict event is refused or the message is not an S3 event', async () => {
    const aws = mockAws({ 'a.txt': Buffer.from('hello') });
    aws.events
      .on(PutEventsCommand)
      .resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'AccessDenied', ErrorMessage: 'no' }] });
    const result = await handleBatch(
      deps(aws, engine(), definitions),
      { Records: [objectCreated('a.txt'), { messageId: 'junk', body: '{"source":"aws.ec2"}' }] },
      log,
    );
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-a.txt' }, { itemIdentifier: 'junk' }]);
    expect(() => requestOf('{"source":"aws.s3","detail-type":"Object Deleted","detail":{}}')).toThrow(
      'not an S3 "Object Created" event',
    );
  });
});

describe('verdict tags', () => {
  it('drops the details before the verdict when the object has little room, and fails when none is left', () => {
    const own = (n: number) => Array.from({ length: n }, (_, i) => ({ Key: `t${i}`, Value: 'v' }));
    const verdict = {
      'scan-status': 'CLEAN',
      'scan-engine': 'ClamAV 1.4.6',
      'scan-definitions': 'd',
      'scan-time': 't',
    };
    expect(withVerdict(own(6), verdict)).toHaveLength(MAX_OBJECT_TAGS);
    expect(withVerdict(own(9), verdict)).toEqual([...own(9), { Key: 'scan-status', Value: 'CLEAN' }]);
    expect(() => withVerdict(own(10), verdict)).toThrow('the scan-status tag does not fit');
  });

  it('are the keys the bucket policy locks, and the events are those the alerts match', () => {
    expect([...SCANNER_TAG_KEYS]).toEqual([...CLAMAV_SCAN_TAG.ownedKeys]);
    expect(SCANNER_TAG_KEYS[0]).toBe(CLAMAV_SCAN_TAG.key);
    expect(EVENT_SOURCE).toBe(CLAMAV_EVENT_SOURCE);
    expect(RESULT_DETAIL_TYPE).toBe(CLAMAV_RESULT_DETAIL_TYPE);
  });
});

describe('reading clamscan', () => {
  const file = '/tmp/scan/x/object';
  it('is CLEAN only on exit 0 with an OK line for the file', () => {
    expect(parseClamscan({ code: 0, stdout: `${file}: OK\n`, stderr: '' }, file)).toEqual({
      status: 'CLEAN',
    });
    expect(parseClamscan({ code: 0, stdout: '', stderr: '' }, file).status).toBe('ERROR');
  });
  it('is INFECTED on exit 1 with FOUND lines, ERROR otherwise', () => {
    expect(parseClamscan({ code: 1, stdout: `${file}: Eicar-Signature FOUND\n`, stderr: '' }, file)).toEqual({
      status: 'INFECTED',
      signatures: ['Eicar-Signature'],
    });
    expect(parseClamscan({ code: 1, stdout: '', stderr: '' }, file).status).toBe('ERROR');
    expect(parseClamscan({ code: 2, stdout: '', stderr: 'LibClamAV Error: cl_load()' }, file)).toEqual({
      status: 'ERROR',
      message: 'clamscan exited with 2: LibClamAV Error: cl_load()',
    });
  });
});

describe('configuration and definitions', () => {
  it('names the variable that is missing or wrong', () => {
    expect(() => configFromEnv({})).toThrow('MAX_OBJECT_BYTES is not set');
    expect(() => configFromEnv({ MAX_OBJECT_BYTES: '-1', DEFINITIONS_BUCKET: 'd' })).toThrow(
      'MAX_OBJECT_BYTES "-1" is not a positive whole number',
    );
    expect(() => configFromEnv({ MAX_OBJECT_BYTES: '10' })).toThrow('DEFINITIONS_BUCKET is not set');
    expect(configFromEnv({ MAX_OBJECT_BYTES: '10', DEFINITIONS_BUCKET: 'd' })).toMatchObject({
      quarantineBucket: undefined,
      eventBusName: 'default',
    });
  });

  it('reads the version of official databases from their headers, or hashes custom ones', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'defs-'));
    await writeFile(join(dir, 'test.hdb'), '44d88612fea8a8f36de82e1278abb02f:68:Eicar\n');
    expect(await definitionsVersion(dir)).toMatch(/^custom:[0-9a-f]{12}$/);
    await writeFile(join(dir, 'daily.cvd'), 'ClamAV-VDB:03 Dec 2026 07-24 -0500:27500:2073125:90:x:y:z:1\n');
    expect(await definitionsVersion(dir)).toBe('daily:27500');
  });

  it('the refresh uploads only the databases whose version changed', async () => {
    const aws = mockAws({});
    aws.s3
      .on(HeadObjectCommand, { Key: 'clamav/main.cvd' })
      .resolves({ Metadata: { 'clamav-version': '62' } });
    aws.s3
      .on(HeadObjectCommand, { Key: 'clamav/daily.cvd' })
      .rejects(Object.assign(new Error('nf'), { name: 'NotFound' }));
    aws.s3.on(PutObjectCommand).resolves({});
    const work = await mkdtemp(join(tmpdir(), 'refresh-'));
    const result = await refreshDefinitions(
      new S3Client({ region: 'eu-west-1' }),
      {
        definitionsBucket: 'defs',
        definitionsPrefix: 'clamav/',
        freshclamPath: 'freshclam',
        databaseMirror: 'mirror.example',
        workDir: work,
      },
      async (configFile, dir) => {
        const { readFile } = await import('node:fs/promises');
        expect(await readFile(configFile, 'utf8')).toContain('DatabaseMirror mirror.example');
        await writeFile(join(dir, 'main.cvd'), 'ClamAV-VDB:01 Jan 2026:62:1:90:x\n');
        await writeFile(join(dir, 'daily.cvd'), 'ClamAV-VDB:03 Dec 2026:27500:1:90:x\n');
        return 'updated';
      },
    );
    expect(result).toEqual({ uploaded: ['daily.cvd'], unchanged: ['main.cvd'] });
    expect(aws.s3.commandCalls(PutObjectCommand)[0].args[0].input).toMatchObject({
      Bucket: 'defs',
      Key: 'clamav/daily.cvd',
      Metadata: { 'clamav-version': '27500' },
    });
  });
});
