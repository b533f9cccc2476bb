/**
 * The ClamAV scanner Lambda: SQS delivers the bucket's EventBridge "Object
 * Created" events; each object is scanned and tagged with its verdict. A
 * message whose scan failed is reported in `batchItemFailures`, so SQS
 * retries it and, after the queue's maximum receives, moves it to the
 * dead-letter queue.
 *
 * This folder imports nothing from the constructs or CDKTF: it is bundled on
 * its own (esbuild) into the function's code.
 */
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { S3Client } from '@aws-sdk/client-s3';
import { join } from 'node:path';
import { configFromEnv } from './config';
import { DefinitionsStore } from './definitions';
import { ClamScanEngine } from './engine';
import { ScanRequest, ScannerDeps, scanObject } from './scan';

export interface SqsRecord {
  readonly messageId: string;
  readonly body: string;
}

export interface SqsEvent {
  readonly Records: readonly SqsRecord[];
}

export interface BatchResponse {
  readonly batchItemFailures: { readonly itemIdentifier: string }[];
}

/** Minimal logger: one JSON line per entry (CloudWatch Logs). */
export type Log = (entry: Record<string, unknown>) => void;
const jsonLog: Log = (entry) => console.log(JSON.stringify(entry));

/**
 * The object an "Object Created" event names. EventBridge gives the key as
 * stored (not URL-encoded, unlike S3 event notifications).
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html
 */
export function requestOf(body: string): ScanRequest {
  const event = JSON.parse(body) as {
    source?: string;
    'detail-type'?: string;
    detail?: { bucket?: { name?: string }; object?: { key?: string; size?: number; 'version-id'?: string } };
  };
  const bucket = event.detail?.bucket?.name;
  const key = event.detail?.object?.key;
  if (event.source !== 'aws.s3' || event['detail-type'] !== 'Object Created' || !bucket || !key) {
    throw new Error(`not an S3 "Object Created" event: ${body.slice(0, 200)}`);
  }
  const size = event.detail?.object?.size;
  return {
    bucket,
    key,
    versionId: event.detail?.object?.['version-id'] || undefined,
    size: typeof size === 'number' ? size : undefined,
  };
}

/** Scans every record; the failed ones are returned for SQS to retry. */
export async function handleBatch(
  deps: ScannerDeps,
  event: SqsEvent,
  log: Log = jsonLog,
): Promise<BatchResponse> {
  const failures: { itemIdentifier: string }[] = [];
  for (const record of event.Records) {
    try {
      const request = requestOf(record.body);
      const result = await scanObject(deps, request);
      log({ messageId: record.messageId, bucket: request.bucket, key: request.key, ...result });
    } catch (e) {
      log({ messageId: record.messageId, error: e instanceof Error ? e.message : String(e) });
      failures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures: failures };
}

let deps: ScannerDeps | undefined;

/** Builds the clients once per container (they are reused across invocations). */
function defaultDeps(): ScannerDeps {
  const config = configFromEnv();
  const s3 = new S3Client({});
  return {
    s3,
    events: new EventBridgeClient({}),
    engine: new ClamScanEngine(config.clamscanPath, config.maxObjectBytes),
    definitions: new DefinitionsStore(
      s3,
      config.definitionsBucket,
      config.definitionsPrefix,
      join(config.workDir, 'clamav-db'),
    ),
    config,
    now: () => new Date(),
  };
}

export async function handler(event: SqsEvent): Promise<BatchResponse> {
  deps ??= defaultDeps();
  return handleBatch(deps, event);
}
