import type { PolicyStatement } from '../core';
import { BreakGlassOptions, TemplateValidator, bucketAndObjects, withExemptions } from './common';

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
 * Locks nobody out: every AWS client can use HTTPS.
 */
export function denyInsecureTransport(bucketArn: string, options: BreakGlassOptions = {}): PolicyStatement {
  const v = new TemplateValidator('denyInsecureTransport');
  v.bucketArn(bucketArn);
  v.breakGlass(options);
  v.throwIfAny();
  return {
    Sid: DENY_INSECURE_TRANSPORT_SID,
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: bucketAndObjects(bucketArn),
    Condition: withExemptions({ Bool: { 'aws:SecureTransport': 'false' } }, options.exemptPrincipalArns),
  };
}

/**
 * Denies requests made with a TLS version older than `minimumVersion`
 * (`s3:TlsVersion`). Plain HTTP requests carry no TLS version, so this statement
 * only works together with {@link denyInsecureTransport}. Locks out only
 * clients too old to speak TLS 1.2 (current SDKs, the CLI and the console do).
 */
export function denyOutdatedTls(
  bucketArn: string,
  minimumVersion: TlsVersion = 1.2,
  options: BreakGlassOptions = {},
): PolicyStatement {
  const v = new TemplateValidator('denyOutdatedTls');
  v.bucketArn(bucketArn);
  v.check(
    (TLS_VERSIONS as readonly number[]).includes(minimumVersion),
    'minimumVersion',
    minimumVersion,
    `must be one of ${TLS_VERSIONS.join(', ')}`,
  );
  v.breakGlass(options);
  v.throwIfAny();
  return {
    Sid: DENY_OUTDATED_TLS_SID,
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: bucketAndObjects(bucketArn),
    Condition: withExemptions(
      { NumericLessThan: { 's3:TlsVersion': minimumVersion.toFixed(1) } },
      options.exemptPrincipalArns,
    ),
  };
}
