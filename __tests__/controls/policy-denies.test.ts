import { NormalizedStatement, normalizePolicy } from '../../controls/policy-analysis';
import {
  findBucketWideDeny,
  findNetworkRestriction,
  isInsecureTransportCondition,
  tlsVersionCondition,
} from '../../controls/policy-denies';
import { isUnknown } from '../../controls/posture';

const ARN = 'arn:aws:s3:::data-bucket';

function statements(...st: Record<string, unknown>[]): NormalizedStatement[] {
  const n = normalizePolicy({ Version: '2012-10-17', Statement: st });
  if (isUnknown(n)) throw new Error(n.unknown);
  return n;
}

describe('transport and network denies', () => {
  const tls = {
    Sid: 'Tls',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [ARN, `${ARN}/*`],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };

  it('finds a bucket-wide TLS deny and explains a narrower one', () => {
    expect(findBucketWideDeny(statements(tls), ARN, isInsecureTransportCondition)).toEqual({ met: 'Tls' });
    const objectsOnly = findBucketWideDeny(
      statements({ ...tls, Resource: `${ARN}/*` }),
      ARN,
      isInsecureTransportCondition,
    );
    expect(objectsOnly.shortfall).toBe('statement Tls does not cover the bucket ARN');
    const narrowed = findBucketWideDeny(
      statements({
        ...tls,
        Principal: { AWS: 'arn:aws:iam::1:root' },
        Action: 's3:GetObject',
        Condition: { ...tls.Condition, StringEquals: { 'aws:SourceVpce': 'v' } },
      }),
      ARN,
      isInsecureTransportCondition,
    );
    expect(narrowed.shortfall).toBe(
      'statement Tls is not for Principal "*", has further conditions that narrow it, does not cover every S3 action (s3:*)',
    );
  });

  it('requires the TLS version at least 1.2', () => {
    const deny = (v: string) =>
      statements({ ...tls, Condition: { NumericLessThan: { 's3:TlsVersion': v } } });
    expect(findBucketWideDeny(deny('1.2'), ARN, tlsVersionCondition(1.2)).met).toBe('Tls');
    expect(findBucketWideDeny(deny('1.3'), ARN, tlsVersionCondition(1.2)).met).toBe('Tls');
    expect(findBucketWideDeny(deny('1.0'), ARN, tlsVersionCondition(1.2)).met).toBeUndefined();
  });

  it('finds a VPC endpoint restriction on the objects', () => {
    const vpce = {
      Sid: 'Vpce',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: `${ARN}/*`,
      Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1' } },
    };
    expect(findNetworkRestriction(statements(vpce), ARN)).toBe('Vpce');
    expect(findNetworkRestriction(statements({ ...vpce, Effect: 'Allow' }), ARN)).toBeUndefined();
    expect(isUnknown(findNetworkRestriction(statements({ ...vpce, Resource: '${var.r}' }), ARN))).toBe(true);
  });
});
