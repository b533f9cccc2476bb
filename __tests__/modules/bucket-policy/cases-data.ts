import { ACCOUNT } from '../../helpers';
import {
  ALLOWED,
  BREAK_GLASS,
  DENIED,
  HTTP,
  KEY,
  NOT_GRANTED,
  OTHER_KEY,
  OWNER_ACL,
  PARTNER,
  RequestCase,
  SSE_C,
  STRANGER,
  SUPPLIER,
  TRAIL,
  arnOf,
  casesFor,
  nameOf,
  role,
  sse,
} from './fixtures';

const enc = casesFor('encryption');
const strict = casesFor('strict');
const protection = casesFor('protection');
const grants = casesFor('grants');
const audit = casesFor('audit');
const logs = casesFor('logs');
const PUT = { action: 's3:PutObject' };
const ANALYST = { principal: role('analyst', PARTNER), identity: 'admin' as const };
const WRITER = { principal: role('writer', SUPPLIER), identity: 'admin' as const };
const TRAIL_WRITE = {
  principal: 'cloudtrail.amazonaws.com',
  action: 's3:PutObject',
  key: `trail/AWSLogs/${ACCOUNT}/CloudTrail/eu-west-1/2025/01/01/log.json.gz`,
  sourceArn: TRAIL,
  context: OWNER_ACL,
};
const TRAIL_ACL = { principal: 'cloudtrail.amazonaws.com', action: 's3:GetBucketAcl', sourceArn: TRAIL };
const CONFIG = {
  principal: 'config.amazonaws.com',
  sourceAccount: ACCOUNT,
  sourceArn: `arn:aws:config:eu-west-1:${ACCOUNT}:*`,
};
const CONFIG_WRITE = {
  ...CONFIG,
  action: 's3:PutObject',
  key: `config/AWSLogs/${ACCOUNT}/Config/eu-west-1/2025/1/1/snapshot.json.gz`,
  context: OWNER_ACL,
};
const LOG_DELIVERY = {
  principal: 'logging.s3.amazonaws.com',
  action: 's3:PutObject',
  key: `tls/${ACCOUNT}/eu-west-1/${nameOf('tls')}/2025/01/01/log`,
  sourceAccount: ACCOUNT,
  sourceArn: arnOf('tls'),
};
const by = (principal: string, action: string) => ({ principal, action });

/** Requests against the encryption denies, the protections, the grants and the service deliveries. */
export const DATA_CASES: Record<string, RequestCase[]> = {
  'encryption denies': [
    enc('upload without an encryption header (default encryption)', ALLOWED, PUT),
    enc('upload with SSE-KMS naming no key (the default key)', ALLOWED, sse('aws:kms')),
    enc('upload with SSE-KMS and the right key', ALLOWED, sse('aws:kms', KEY)),
    enc('upload with SSE-KMS and another key', DENIED, sse('aws:kms', OTHER_KEY)),
    enc(
      'upload naming the key by alias',
      DENIED,
      sse('aws:kms', `arn:aws:kms:eu-west-1:${ACCOUNT}:alias/data`),
    ),
    enc('upload with SSE-S3', DENIED, sse('AES256')),
    enc('upload with DSSE-KMS', DENIED, sse('aws:kms:dsse')),
    enc('upload with SSE-C', DENIED, SSE_C),
    enc('break-glass upload with SSE-S3', ALLOWED, { principal: BREAK_GLASS, ...sse('AES256') }),
    enc('break-glass upload with SSE-C', ALLOWED, { principal: BREAK_GLASS, ...SSE_C }),
    enc('read (uploads only are checked)', ALLOWED),
    enc('upload with the right key over HTTP', DENIED, { ...sse('aws:kms', KEY), ...HTTP }),
    strict('upload without a header when one is required', DENIED, PUT),
    strict('upload with SSE-KMS when it is required', ALLOWED, sse('aws:kms')),
    strict('upload with SSE-S3 when SSE-KMS is required', DENIED, sse('AES256')),
  ],
  'deletion and policy-change protection': [
    protection('an app role deletes an object', DENIED, { action: 's3:DeleteObject' }),
    protection('an app role deletes a version', DENIED, { action: 's3:DeleteObjectVersion' }),
    protection('the data admin deletes an object', ALLOWED, by(role('data-admin'), 's3:DeleteObject')),
    protection('the data admin deletes a version', ALLOWED, by(role('data-admin'), 's3:DeleteObjectVersion')),
    protection('the deployer deletes an object', DENIED, by(role('terraform'), 's3:DeleteObject')),
    protection('an app role replaces the policy', DENIED, { action: 's3:PutBucketPolicy' }),
    protection('an app role deletes the policy', DENIED, { action: 's3:DeleteBucketPolicy' }),
    protection('the deployer replaces the policy', ALLOWED, by(role('terraform'), 's3:PutBucketPolicy')),
    protection('the deployer deletes the policy', ALLOWED, by(role('terraform'), 's3:DeleteBucketPolicy')),
    protection('the data admin replaces the policy', DENIED, by(role('data-admin'), 's3:PutBucketPolicy')),
    protection('break-glass deletes a version', ALLOWED, by(BREAK_GLASS, 's3:DeleteObjectVersion')),
    protection('break-glass replaces the policy', ALLOWED, by(BREAK_GLASS, 's3:PutBucketPolicy')),
    protection('an app role reads', ALLOWED),
    protection('an app role uploads', ALLOWED, PUT),
  ],
  'read and read-write grants': [
    grants('a partner role reads with its IAM policy', ALLOWED, ANALYST),
    grants('a partner role reads without an IAM policy', NOT_GRANTED, { ...ANALYST, identity: 'none' }),
    grants('a partner role lists', ALLOWED, { ...ANALYST, action: 's3:ListBucket' }),
    grants('a partner reader uploads: read only', NOT_GRANTED, { ...ANALYST, ...PUT }),
    grants('the supplier uploads under its prefix', ALLOWED, {
      ...WRITER,
      ...PUT,
      key: 'incoming/batch-1.csv',
    }),
    grants('the supplier uploads elsewhere', NOT_GRANTED, { ...WRITER, ...PUT, key: 'outgoing/batch-1.csv' }),
    grants('the supplier deletes under its prefix', ALLOWED, {
      ...WRITER,
      action: 's3:DeleteObject',
      key: 'incoming/batch-1.csv',
    }),
    grants('the supplier deletes a version: never granted', NOT_GRANTED, {
      ...WRITER,
      action: 's3:DeleteObjectVersion',
      key: 'incoming/batch-1.csv',
    }),
    grants('the supplier lists its prefix', ALLOWED, {
      ...WRITER,
      action: 's3:ListBucket',
      context: { 's3:prefix': 'incoming/' },
    }),
    grants('the supplier lists another prefix', NOT_GRANTED, {
      ...WRITER,
      action: 's3:ListBucket',
      context: { 's3:prefix': 'outgoing/' },
    }),
    grants('the supplier replaces the policy: never granted', NOT_GRANTED, {
      ...WRITER,
      action: 's3:PutBucketPolicy',
    }),
    grants('a stranger account with its IAM policy', NOT_GRANTED, {
      ...ANALYST,
      principal: role('x', STRANGER),
    }),
    grants('a partner role over HTTP', DENIED, { ...ANALYST, ...HTTP }),
  ],
  'service delivery': [
    audit('CloudTrail checks the ACL for the trail', ALLOWED, { ...TRAIL_ACL }),
    audit('CloudTrail checks the ACL for another trail', NOT_GRANTED, {
      ...TRAIL_ACL,
      sourceArn: `${TRAIL}-other`,
    }),
    audit('CloudTrail writes a log file', ALLOWED, TRAIL_WRITE),
    audit('CloudTrail writes without the owner ACL', NOT_GRANTED, { ...TRAIL_WRITE, context: {} }),
    audit('CloudTrail writes for another trail', NOT_GRANTED, {
      ...TRAIL_WRITE,
      sourceArn: `arn:aws:cloudtrail:eu-west-1:${STRANGER}:trail/main`,
    }),
    audit("CloudTrail writes under another account's folder", NOT_GRANTED, {
      ...TRAIL_WRITE,
      key: `trail/AWSLogs/${STRANGER}/log.json.gz`,
    }),
    audit('CloudTrail over HTTP', DENIED, { ...TRAIL_WRITE, ...HTTP }),
    audit('Config checks the ACL', ALLOWED, { ...CONFIG, action: 's3:GetBucketAcl' }),
    audit('Config checks that the bucket exists', ALLOWED, { ...CONFIG, action: 's3:ListBucket' }),
    audit('Config delivers a snapshot', ALLOWED, CONFIG_WRITE),
    audit('Config delivers for another account', NOT_GRANTED, {
      ...CONFIG_WRITE,
      sourceAccount: STRANGER,
      sourceArn: `arn:aws:config:eu-west-1:${STRANGER}:*`,
    }),
    audit('Config delivers from another region', NOT_GRANTED, {
      ...CONFIG_WRITE,
      sourceArn: `arn:aws:config:us-east-1:${ACCOUNT}:*`,
    }),
    audit('an IAM role uses the Config statement', NOT_GRANTED, {
      ...CONFIG_WRITE,
      principal: role('app'),
      identity: 'none',
    }),
    logs('S3 delivers access logs of a registered bucket', ALLOWED, LOG_DELIVERY),
    logs('S3 delivers access logs for another account', NOT_GRANTED, {
      ...LOG_DELIVERY,
      sourceAccount: STRANGER,
    }),
    logs('S3 delivers access logs of an unregistered bucket', NOT_GRANTED, {
      ...LOG_DELIVERY,
      sourceArn: 'arn:aws:s3:::someone-elses-bucket',
    }),
  ],
};
