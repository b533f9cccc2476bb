import {
  NormalizedStatement,
  accountOfPrincipal,
  allowsAllActions,
  coversAction,
  coversResource,
  crossAccountSensitiveGrants,
  hasUnrestrictedWildcardPrincipal,
  isPublicGrant,
  normalizePolicy,
  publicAccessKind,
} from '../../controls/policy-analysis';
import { isUnknown } from '../../controls/posture';

const ARN = 'arn:aws:s3:::data-bucket';

function statements(...st: Record<string, unknown>[]): NormalizedStatement[] {
  const n = normalizePolicy({ Version: '2012-10-17', Statement: st });
  if (isUnknown(n)) throw new Error(n.unknown);
  return n;
}

const allow = (extra: Record<string, unknown>) => ({
  Effect: 'Allow',
  Action: 's3:GetObject',
  Resource: `${ARN}/*`,
  ...extra,
});

describe('normalizePolicy', () => {
  it('accepts a single statement object and labels statements without Sid by position', () => {
    const n = normalizePolicy({
      Statement: { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' },
    });
    expect(n).toEqual([expect.objectContaining({ label: '#0', effect: 'Deny', actions: ['s3:*'] })]);
  });

  it('is unknown, never empty, for documents it cannot read', () => {
    for (const doc of [null, 'text', [], {}, { Statement: null }, { Statement: [1] }]) {
      expect(isUnknown(normalizePolicy(doc))).toBe(true);
    }
    const effect = normalizePolicy({ Statement: [{ Effect: '${var.effect}' }] });
    expect(!isUnknown(effect) && isUnknown(effect[0].effect)).toBe(true);
  });
});

describe('public grants (the S3 Block Public Access meaning of public)', () => {
  it('an Allow for * without condition is public, and says what it grants', () => {
    const [st] = statements(allow({ Principal: '*' }));
    expect(isPublicGrant(st)).toBe(true);
    expect(publicAccessKind(st)).toBe('public read');
    const [rw] = statements(allow({ Principal: { AWS: '*' }, Action: ['s3:GetObject', 's3:PutObject'] }));
    expect(publicAccessKind(rw)).toBe('public read and write');
  });

  it('fixed values of restricting keys make it non-public; wildcards, IfExists and 0.0.0.0/0 do not', () => {
    const restricted = (Condition: Record<string, unknown>) =>
      isPublicGrant(statements(allow({ Principal: '*', Condition }))[0]);
    expect(restricted({ StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } })).toBe(false);
    expect(restricted({ StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } })).toBe(false);
    expect(restricted({ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } })).toBe(false);
    expect(restricted({ IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } })).toBe(true);
    expect(restricted({ StringLike: { 'aws:SourceVpce': 'vpce-*' } })).toBe(true);
    expect(restricted({ StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } })).toBe(true);
    expect(restricted({ StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } })).toBe(true);
    expect(restricted({ Bool: { 'aws:SecureTransport': 'true' } })).toBe(true);
  });

  it('NotPrincipal in an Allow counts as anyone', () => {
    expect(
      isPublicGrant(statements(allow({ NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' } }))[0]),
    ).toBe(true);
  });
});

describe('wildcard principals and actions', () => {
  it('a wildcard principal narrowed by a principal key is accepted; by a network key it is not', () => {
    const [org] = statements(
      allow({ Principal: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } }),
    );
    expect(hasUnrestrictedWildcardPrincipal(org)).toBe(false);
    const [vpce] = statements(
      allow({ Principal: '*', Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } } }),
    );
    expect(hasUnrestrictedWildcardPrincipal(vpce)).toBe(true);
  });

  it('s3:*, * and NotAction are all actions; Deny statements do not count', () => {
    expect(allowsAllActions(statements(allow({ Principal: '*', Action: 'S3:*' }))[0])).toBe(true);
    expect(allowsAllActions(statements(allow({ Principal: '*', Action: '*' }))[0])).toBe(true);
    expect(
      allowsAllActions(statements({ Effect: 'Allow', NotAction: 's3:DeleteBucket', Resource: '*' })[0]),
    ).toBe(true);
    expect(allowsAllActions(statements({ Effect: 'Deny', Action: 's3:*', Resource: '*' })[0])).toBe(false);
    expect(allowsAllActions(statements(allow({ Action: 's3:Get*' }))[0])).toBe(false);
  });
});

describe('action and resource coverage', () => {
  it('matches IAM wildcards, actions ignoring case, resources exactly', () => {
    const [st] = statements({ Effect: 'Allow', Action: 's3:put*', Resource: `${ARN}/logs/*` });
    expect(coversAction(st, 's3:PutBucketPolicy')).toBe(true);
    expect(coversAction(st, 's3:GetObject')).toBe(false);
    expect(coversResource(st, `${ARN}/logs/2024/a.gz`)).toBe(true);
    expect(coversResource(st, `${ARN.toUpperCase()}/logs/a`)).toBe(false);
    const [not] = statements({ Effect: 'Allow', NotAction: ['s3:Delete*'], NotResource: `${ARN}/private/*` });
    expect(coversAction(not, 's3:DeleteObject')).toBe(false);
    expect(coversAction(not, 's3:PutObjectAcl')).toBe(true);
    expect(coversResource(not, `${ARN}/public/x`)).toBe(true);
  });

  it('is unknown for values known only at apply, except the bucket itself in reference form', () => {
    const self = '${aws_s3_bucket.b.arn}';
    const [st] = statements({ Effect: 'Deny', Action: '${var.action}', Resource: [self, `${self}/*`] });
    expect(isUnknown(coversAction(st, 's3:GetObject'))).toBe(true);
    expect(coversResource(st, self, self)).toBe(true);
    expect(coversResource(st, `${self}/key`, self)).toBe(true);
    expect(isUnknown(coversResource(st, `${self}/key`))).toBe(true);
  });
});

describe('cross-account grants of sensitive actions (S3.6)', () => {
  const owner = '111122223333';

  it('flags other accounts, and * unless pinned to the owner account', () => {
    const other = statements(
      allow({ Sid: 'Partner', Principal: { AWS: '999988887777' }, Action: 's3:Put*' }),
    );
    expect(crossAccountSensitiveGrants(other, owner)).toEqual([
      'Partner grants s3:PutBucketAcl, s3:PutBucketPolicy, s3:PutEncryptionConfiguration, s3:PutObjectAcl to account 999988887777',
    ]);
    const star = statements(allow({ Sid: 'Any', Principal: '*', Action: 's3:PutObjectAcl' }));
    expect(crossAccountSensitiveGrants(star, owner)).toEqual(['Any grants s3:PutObjectAcl to any account']);
    const pinned = statements(
      allow({
        Principal: '*',
        Action: 's3:*',
        Condition: { StringEquals: { 'aws:PrincipalAccount': owner } },
      }),
    );
    expect(crossAccountSensitiveGrants(pinned, owner)).toEqual([]);
  });

  it('passes the owner account and non-sensitive actions; unknown without an owner', () => {
    const own = statements(
      allow({ Principal: { AWS: `arn:aws:iam::${owner}:role/admin` }, Action: 's3:PutBucketPolicy' }),
    );
    expect(crossAccountSensitiveGrants(own, owner)).toEqual([]);
    expect(isUnknown(crossAccountSensitiveGrants(own, undefined))).toBe(true);
    const read = statements(allow({ Principal: { AWS: '999988887777' } }));
    expect(crossAccountSensitiveGrants(read, owner)).toEqual([]);
  });

  it('reads accounts from account ids and IAM / STS ARNs', () => {
    expect(accountOfPrincipal('arn:aws-us-gov:iam::123456789012:role/x')).toBe('123456789012');
    expect(accountOfPrincipal('arn:aws:sts::123456789012:assumed-role/r/s')).toBe('123456789012');
    expect(isUnknown(accountOfPrincipal('${var.role}'))).toBe(true);
  });
});
