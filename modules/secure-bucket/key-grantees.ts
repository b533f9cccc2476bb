import type { PolicyStatement } from '../core';
import type { BucketKeyUse } from '../kms';

/** A role or user ARN without wildcards: a principal a key policy can name. */
const IAM_PRINCIPAL = /^arn:[a-z-]+:iam::(\d{12}):(role|user)\/[^*?]+$/;

/**
 * The IAM principals of the bucket's account that the bucket policy lets read
 * (s3:GetObject, s3:GetObjectVersion) or write (s3:PutObject) objects, for the
 * bucket's key policy: S3 calls KMS as them, so without the key policy naming
 * them their reads fail unless their own IAM policy allows the key. Account
 * roots and other accounts are left out: they delegate to IAM policies.
 */
export function bucketKeyUses(statements: readonly PolicyStatement[], ownAccount?: string): BucketKeyUse[] {
  const uses: BucketKeyUse[] = [];
  for (const st of statements) {
    if (st.Effect !== 'Allow' || st.Principal === undefined || st.Principal === '*') continue;
    const actions = new Set(list(st.Action));
    const writes = actions.has('s3:PutObject');
    const reads = writes || actions.has('s3:GetObject') || actions.has('s3:GetObjectVersion');
    if (!reads) continue;
    const principalArns = list(st.Principal.AWS).filter((arn) => {
      const match = IAM_PRINCIPAL.exec(arn);
      return match !== null && (ownAccount === undefined || match[1] === ownAccount);
    });
    if (principalArns.length > 0) uses.push({ principalArns, access: writes ? 'read-write' : 'read' });
  }
  return uses;
}

function list(value: string | readonly string[] | undefined): string[] {
  return value === undefined ? [] : typeof value === 'string' ? [value] : [...value];
}
