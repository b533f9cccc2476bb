/**
 * Shared fixtures of the scanner tests: S3 and EventBridge mocked at the SDK
 * level (aws-sdk-client-mock), "Object Created" events as EventBridge delivers
 * them through SQS, and a small stored-zip writer for archive cases.
 */
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  PutObjectTaggingCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import type { ScannerConfig } from '../../../lambda/clamav-scanner/config';
import type { Engine } from '../../../lambda/clamav-scanner/engine';
import type { ScannerDeps } from '../../../lambda/clamav-scanner/scan';

export const BUCKET = 'uploads-111122223333';
export const QUARANTINE = 'quarantine-111122223333';
export const DEFINITIONS = 'definitions-111122223333';
export const NOW = new Date('2026-12-03T12:00:00.000Z');

/** The EICAR test string, split so no scanner flags this source file. */
export const EICAR = Buffer.from(
  ['X5O!P%@AP[4\\PZX54(P^)7CC)7}$', 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'].join(''),
  'latin1',
);

/** An SQS record carrying the bucket's "Object Created" event. */
export function objectCreated(
  key: string,
  opts: { size?: number; versionId?: string; bucket?: string } = {},
) {
  return {
    messageId: `m-${key}`,
    body: JSON.stringify({
      version: '0',
      source: 'aws.s3',
      'detail-type': 'Object Created',
      account: '111122223333',
      region: 'eu-west-1',
      detail: {
        version: '0',
        bucket: { name: opts.bucket ?? BUCKET },
        object: {
          key,
          ...(opts.size === undefined ? {} : { size: opts.size }),
          ...(opts.versionId ? { 'version-id': opts.versionId } : {}),
        },
        reason: 'PutObject',
      },
    }),
  };
}

export function config(over: Partial<ScannerConfig> = {}): ScannerConfig {
  return {
    maxObjectBytes: 1024 * 1024,
    definitionsBucket: DEFINITIONS,
    definitionsPrefix: 'clamav/',
    quarantineBucket: QUARANTINE,
    eventBusName: 'default',
    clamscanPath: 'clamscan',
    workDir: '/tmp',
    ...over,
  };
}

/** S3 and EventBridge mocks answering the scanner's calls; `objects` maps keys to their content. */
export function mockAws(
  objects: Record<string, Buffer>,
  existingTags: { Key: string; Value: string }[] = [],
) {
  const s3 = mockClient(S3Client);
  const events = mockClient(EventBridgeClient);
  s3.on(GetObjectCommand).callsFake((input: { Key: string }) => {
    const body = objects[input.Key];
    if (body === undefined) {
      const e = new Error('The specified key does not exist.');
      e.name = 'NoSuchKey';
      throw e;
    }
    return { Body: Readable.from([body]), ContentLength: body.length };
  });
  s3.on(GetObjectTaggingCommand).resolves({ TagSet: existingTags });
  s3.on(PutObjectTaggingCommand).resolves({});
  s3.on(CopyObjectCommand).resolves({});
  s3.on(DeleteObjectCommand).resolves({});
  events.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] });
  return { s3, events };
}

export function deps(
  _aws: ReturnType<typeof mockAws>,
  engine: Engine,
  definitions: ScannerDeps['definitions'],
  over: Partial<ScannerConfig> = {},
): ScannerDeps {
  return {
    s3: new S3Client({ region: 'eu-west-1' }),
    events: new EventBridgeClient({ region: 'eu-west-1' }),
    engine,
    definitions,
    config: config(over),
    now: () => NOW,
  };
}

/** The tag set the scanner wrote (the last PutObjectTagging). */
export function writtenTags(aws: ReturnType<typeof mockAws>): Record<string, string> {
  const calls = aws.s3.commandCalls(PutObjectTaggingCommand);
  const last = calls[calls.length - 1];
  if (!last) throw new Error('the scanner wrote no tags');
  return Object.fromEntries((last.args[0].input.Tagging?.TagSet ?? []).map((t) => [t.Key, t.Value]));
}

/** The verdict events published. */
export function publishedDetails(aws: ReturnType<typeof mockAws>): Record<string, unknown>[] {
  return aws.events
    .commandCalls(PutEventsCommand)
    .flatMap((c) => c.args[0].input.Entries ?? [])
    .map((e) => JSON.parse(e.Detail ?? '{}'));
}

/** A zip archive with the files stored uncompressed (enough for the engine to unpack). */
export function storedZip(files: Record<string, Buffer>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of Object.entries(files)) {
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}
