import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PutEventsCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectTaggingCommand,
  PutObjectTaggingCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { ScannerConfig } from './config';
import type { LoadedDefinitions } from './definitions';
import type { Engine } from './engine';
import { ObjectRef, ObjectTooLargeError, downloadObject } from './s3-io';
import { DEFINITIONS_TAG, ENGINE_TAG, STATUS_TAG, ScanStatus, TIME_TAG, withVerdict } from './tags';

/** The source and detail type of the verdict events (alerts match on them). */
export const EVENT_SOURCE = 'cdktf-s3-security.clamav-scanner';
export const RESULT_DETAIL_TYPE = 'S3 Object Malware Scan Result';

export interface ScannerDeps {
  readonly s3: S3Client;
  readonly events: EventBridgeClient;
  readonly engine: Engine;
  readonly definitions: { ensure(): Promise<LoadedDefinitions> };
  readonly config: ScannerConfig;
  readonly now: () => Date;
}

/** An object to scan, as the bucket's "Object Created" event describes it. */
export interface ScanRequest extends ObjectRef {
  /** The size the event reports, when it does. */
  readonly size?: number;
}

export interface ScanOutcome {
  readonly status: ScanStatus;
  readonly signatures: readonly string[];
  /** Why the scan failed (ERROR only). */
  readonly error?: string;
  /** Where an infected object was moved. */
  readonly quarantine?: { readonly bucket: string; readonly key: string };
}

/** An object that was deleted before it could be scanned: nothing to tag. */
export interface ScanSkipped {
  readonly skipped: string;
}

/** Thrown after an ERROR verdict was recorded, so the message is retried (and lands in the DLQ at last). */
export class ScanFailedError extends Error {}

/**
 * Scans one object and records the verdict: the object's tags (scan-status,
 * engine, definitions, time), an event on the bus, and for an infected object
 * with a quarantine bucket, a move there. An object over the size limit is
 * TOO-LARGE without being read further; a failure of the engine is ERROR
 * (recorded, then thrown so the message is retried). Never CLEAN without a
 * clean answer from the engine.
 */
export async function scanObject(
  deps: ScannerDeps,
  request: ScanRequest,
): Promise<ScanOutcome | ScanSkipped> {
  const { config } = deps;
  const engineVersion = await deps.engine.version().catch(() => 'ClamAV (version unknown)');
  let definitions = 'unknown';
  let outcome: ScanOutcome;
  if (request.size !== undefined && request.size > config.maxObjectBytes) {
    outcome = { status: 'TOO-LARGE', signatures: [] };
  } else {
    const dir = join(config.workDir, 'scan', randomUUID());
    try {
      const loaded = await deps.definitions.ensure();
      definitions = loaded.version;
      await mkdir(dir, { recursive: true });
      const file = join(dir, 'object');
      await downloadObject(deps.s3, request, file, config.maxObjectBytes);
      const verdict = await deps.engine.scan(file, loaded.dir);
      outcome =
        verdict.status === 'CLEAN'
          ? { status: 'CLEAN', signatures: [] }
          : verdict.status === 'INFECTED'
            ? { status: 'INFECTED', signatures: verdict.signatures }
            : { status: 'ERROR', signatures: [], error: verdict.message };
    } catch (e) {
      if (e instanceof ObjectTooLargeError) outcome = { status: 'TOO-LARGE', signatures: [] };
      else if (isGone(e)) return { skipped: 'the object (or this version) no longer exists' };
      else outcome = { status: 'ERROR', signatures: [], error: e instanceof Error ? e.message : String(e) };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  await tagObject(deps, request, outcome.status, engineVersion, definitions);
  if (outcome.status === 'INFECTED' && config.quarantineBucket) {
    outcome = { ...outcome, quarantine: await quarantine(deps, request, config.quarantineBucket) };
  }
  await publish(deps, request, outcome, engineVersion, definitions);
  if (outcome.status === 'ERROR')
    throw new ScanFailedError(`s3://${request.bucket}/${request.key}: ${outcome.error}`);
  return outcome;
}

async function tagObject(
  deps: ScannerDeps,
  ref: ObjectRef,
  status: ScanStatus,
  engine: string,
  definitions: string,
): Promise<void> {
  const current = await deps.s3.send(
    new GetObjectTaggingCommand({ Bucket: ref.bucket, Key: ref.key, VersionId: ref.versionId }),
  );
  const tags = withVerdict(
    (current.TagSet ?? []).map((t) => ({ Key: t.Key ?? '', Value: t.Value ?? '' })),
    {
      [STATUS_TAG]: status,
      [ENGINE_TAG]: engine,
      [DEFINITIONS_TAG]: definitions,
      [TIME_TAG]: deps.now().toISOString(),
    },
  );
  await deps.s3.send(
    new PutObjectTaggingCommand({
      Bucket: ref.bucket,
      Key: ref.key,
      VersionId: ref.versionId,
      Tagging: { TagSet: tags },
    }),
  );
}

/**
 * Moves an infected object version to the quarantine bucket: a copy (with its
 * tags, under `<bucket>/<key>`, keeping the version in the key) then the
 * deletion of that version from the source.
 */
async function quarantine(
  deps: ScannerDeps,
  ref: ObjectRef,
  quarantineBucket: string,
): Promise<{ bucket: string; key: string }> {
  const key = `${ref.bucket}/${ref.key}${ref.versionId ? `.${ref.versionId}` : ''}`;
  const source = `${ref.bucket}/${encodeURIComponent(ref.key).replace(/%2F/g, '/')}${
    ref.versionId ? `?versionId=${encodeURIComponent(ref.versionId)}` : ''
  }`;
  await deps.s3.send(
    new CopyObjectCommand({
      Bucket: quarantineBucket,
      Key: key,
      CopySource: source,
      TaggingDirective: 'COPY',
      MetadataDirective: 'COPY',
    }),
  );
  await deps.s3.send(new DeleteObjectCommand({ Bucket: ref.bucket, Key: ref.key, VersionId: ref.versionId }));
  return { bucket: quarantineBucket, key };
}

async function publish(
  deps: ScannerDeps,
  ref: ScanRequest,
  outcome: ScanOutcome,
  engine: string,
  definitions: string,
): Promise<void> {
  const detail = {
    bucket: ref.bucket,
    key: ref.key,
    versionId: ref.versionId ?? null,
    status: outcome.status,
    signatures: outcome.signatures,
    error: outcome.error ?? null,
    engine,
    definitions,
    maxObjectBytes: deps.config.maxObjectBytes,
    quarantineBucket: outcome.quarantine?.bucket ?? null,
    quarantineKey: outcome.quarantine?.key ?? null,
    scannedAt: deps.now().toISOString(),
  };
  const result = await deps.events.send(
    new PutEventsCommand({
      Entries: [
        {
          EventBusName: deps.config.eventBusName,
          Source: EVENT_SOURCE,
          DetailType: RESULT_DETAIL_TYPE,
          Resources: [`arn:aws:s3:::${ref.bucket}`],
          Detail: JSON.stringify(detail),
        },
      ],
    }),
  );
  if ((result.FailedEntryCount ?? 0) > 0) {
    const entry = result.Entries?.find((e) => e.ErrorCode);
    throw new Error(
      `the verdict event was not accepted: ${entry?.ErrorCode ?? 'unknown'} ${entry?.ErrorMessage ?? ''}`.trim(),
    );
  }
}

function isGone(e: unknown): boolean {
  const name = (e as { name?: string } | undefined)?.name;
  return name === 'NoSuchKey' || name === 'NoSuchVersion' || name === 'NotFound';
}
