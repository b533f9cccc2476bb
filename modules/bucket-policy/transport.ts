import type { PolicyStatement } from '../core';

/** Sid of the statement that denies requests over plain HTTP. */
export const DENY_INSECURE_TRANSPORT_SID = 'DenyInsecureTransport';
/** Sid of the statement that denies TLS older than the minimum version. */
export const DENY_OUTDATED_TLS_SID = 'DenyOutdatedTls';

/** TLS versions S3 can require with `s3:TlsVersion`. */
export const TLS_VERSIONS = [1.2, 1.3] as const;
export type TlsVersion = (typeof TLS_VERSIONS)[number];

/**
 * Denies every request that does not use TLS (`aws:SecureTransport` false), on
 * the bucket and on its objects. Satisfies Security Hub S3.5 and CIS 2.1.1.
 */
export function denyInsecureTransport(bucketArn: string): PolicyStatement {
  return {
    Sid: DENY_INSECURE_TRANSPORT_SID,
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [bucketArn, `${bucketArn}/*`],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

/**
 * Denies requests made with a TLS version older than `minimumVersion`
 * (`s3:TlsVersion`). Plain HTTP requests carry no TLS version, so this statement
 * only works together with {@link denyInsecureTransport}.
 */
export function denyOutdatedTls(bucketArn: string, minimumVersion: TlsVersion = 1.2): PolicyStatement {
  return {
    Sid: DENY_OUTDATED_TLS_SID,
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [bucketArn, `${bucketArn}/*`],
    Condition: { NumericLessThan: { 's3:TlsVersion': minimumVersion.toFixed(1) } },
  };
}
