import { PolicyStatement, asList, isToken } from '../core';

/** True when an action pattern (`s3:*`, `s3:Put*`, `s3:PutObject`) covers `action`. */
export function actionCovers(pattern: string, action: string): boolean {
  if (isToken(pattern)) return false;
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );
  return re.test(action) || pattern === '*';
}

/** The 12-digit accounts named in a statement's `Principal.AWS` (account ids or IAM ARNs). */
export function principalAccounts(statement: PolicyStatement): string[] {
  const principal = statement.Principal;
  if (principal === undefined || principal === '*') return [];
  const accounts = asList(principal.AWS).flatMap((p) => {
    if (isToken(p)) return [];
    if (/^\d{12}$/.test(p)) return [p];
    const account = p.split(':')[4];
    return account && /^\d{12}$/.test(account) ? [account] : [];
  });
  return [...new Set(accounts)];
}

/**
 * Problems of Allow statements that let another account write objects into a
 * bucket whose objects the writer would own (ACLs enabled): the bucket owner
 * could neither read nor delete them through its own policies.
 */
export function crossAccountWriteProblems(
  statements: readonly PolicyStatement[],
  ownAccount: string | undefined,
  objectOwnership: string,
): string[] {
  if (objectOwnership === 'BucketOwnerEnforced' || ownAccount === undefined) return [];
  return statements
    .filter((st) => st.Effect === 'Allow' && asList(st.Action).some((a) => actionCovers(a, 's3:PutObject')))
    .filter((st) => principalAccounts(st).some((a) => a !== ownAccount))
    .map(
      (st) =>
        `bucket policy, statement ${JSON.stringify(st.Sid)} lets another account write objects while object ownership is ${objectOwnership}: the writer would own them; keep objectOwnership BucketOwnerEnforced for cross-account writes`,
    );
}
