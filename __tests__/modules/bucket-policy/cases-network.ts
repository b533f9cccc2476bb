import { ACCOUNT } from '../../helpers';
import {
  ALLOWED,
  BREAK_GLASS,
  DENIED,
  HTTP,
  INSIDE_V4,
  NOT_GRANTED,
  OTHER,
  RequestCase,
  STRANGER,
  VIA_ENDPOINT,
  SERVICE_WITHOUT_GRANT,
  casesFor,
  role,
  session,
} from './fixtures';

const tls = casesFor('tls');
const tls13 = casesFor('tls13');
const ip = casesFor('ip');
const ipStrict = casesFor('ip-strict');
const vpce = casesFor('vpce');
const vpc = casesFor('vpc');
const OTHER_ENDPOINT = 'vpce-0fedcba9876543210';

/** Requests against the transport and network restrictions. */
export const NETWORK_CASES: Record<string, RequestCase[]> = {
  'TLS (SecureBucket defaults)': [
    ...['s3:GetObject', 's3:PutObject', 's3:ListBucket', 's3:DeleteObject'].flatMap((action) => [
      tls(`${action} over HTTP`, DENIED, { action, ...HTTP }),
      tls(`${action} over TLS 1.0`, DENIED, { action, tlsVersion: '1.0' }),
      tls(`${action} over TLS 1.1`, DENIED, { action, tlsVersion: '1.1' }),
      tls(`${action} over TLS 1.2`, ALLOWED, { action, tlsVersion: '1.2' }),
      tls(`${action} over TLS 1.3`, ALLOWED, { action, tlsVersion: '1.3' }),
    ]),
    tls('anonymous over HTTPS', NOT_GRANTED, { principal: 'anonymous' }),
    tls('anonymous over HTTP', DENIED, { principal: 'anonymous', ...HTTP }),
    tls('another account, admin there', NOT_GRANTED, {
      principal: role('admin', STRANGER),
      identity: 'admin',
    }),
    tls13('TLS 1.2 when 1.3 is required', DENIED, { tlsVersion: '1.2' }),
    tls13('upload over TLS 1.2 when 1.3 is required', DENIED, { action: 's3:PutObject', tlsVersion: '1.2' }),
    tls13('TLS 1.3', ALLOWED, { tlsVersion: '1.3' }),
    tls13('HTTP', DENIED, HTTP),
  ],
  restrictToSourceIps: [
    ip('read from inside the IPv4 range', ALLOWED, { sourceIp: INSIDE_V4 }),
    ip('upload from the last address of the range', ALLOWED, {
      action: 's3:PutObject',
      sourceIp: '203.0.113.255',
    }),
    ip('read from just below the range', DENIED, { sourceIp: '203.0.112.255' }),
    ip('read from just above the range', DENIED, { sourceIp: '203.0.114.0' }),
    ip('read from elsewhere on the internet', DENIED),
    ip('read from inside the IPv6 range', ALLOWED, { sourceIp: '2001:db8::1' }),
    ip('read from the top of the IPv6 range', ALLOWED, { sourceIp: '2001:db8:ffff:ffff::1' }),
    ip('read from just above the IPv6 range', DENIED, { sourceIp: '2001:db9::1' }),
    ip('read from just below the IPv6 range', DENIED, { sourceIp: '2001:db7:ffff::1' }),
    ip('list from inside', ALLOWED, { action: 's3:ListBucket', sourceIp: INSIDE_V4 }),
    ip('list from outside', DENIED, { action: 's3:ListBucket' }),
    ip('HTTP from inside (the TLS deny still applies)', DENIED, { sourceIp: INSIDE_V4, ...HTTP }),
    ip('break-glass role from outside', ALLOWED, { principal: BREAK_GLASS }),
    ip('break-glass session from outside', ALLOWED, {
      principal: session('break-glass'),
      action: 's3:PutObject',
    }),
    ip('an AWS service acting for the caller from outside', ALLOWED, { viaAwsService: true }),
    ip('through a VPC endpoint (no public source IP)', DENIED, VIA_ENDPOINT),
    ip('anonymous from inside', NOT_GRANTED, { principal: 'anonymous', sourceIp: INSIDE_V4 }),
    ip('anonymous from outside', DENIED, { principal: 'anonymous' }),
    ip('a service principal without a grant', NOT_GRANTED, SERVICE_WITHOUT_GRANT),
    ipStrict('an AWS service acting for the caller, services not exempt', DENIED, { viaAwsService: true }),
    ipStrict('a covered action from outside', DENIED, { action: 's3:PutObject' }),
    ipStrict('an action the restriction does not cover', ALLOWED, { action: 's3:ListBucket' }),
  ],
  restrictToVpcEndpoints: [
    vpce('read through the endpoint', ALLOWED, VIA_ENDPOINT),
    vpce('upload through the endpoint', ALLOWED, { ...VIA_ENDPOINT, action: 's3:PutObject' }),
    vpce('list through the endpoint', ALLOWED, { ...VIA_ENDPOINT, action: 's3:ListBucket' }),
    vpce('read through another endpoint', DENIED, { ...VIA_ENDPOINT, sourceVpce: OTHER_ENDPOINT }),
    vpce('read from the internet', DENIED),
    vpce('list from the internet', DENIED, { action: 's3:ListBucket' }),
    vpce('break-glass role from the internet', ALLOWED, { principal: BREAK_GLASS }),
    vpce('an AWS service acting for the caller', ALLOWED, { viaAwsService: true }),
    vpce('AWS Config reads the bucket configuration from outside the VPC', ALLOWED, {
      principal: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
      action: 's3:GetBucketPolicy',
    }),
    vpce('a role named like a service-linked role but outside aws-service-role/', DENIED, {
      principal: role('AWSServiceRoleForConfig'),
    }),
    vpce('HTTP through the endpoint', DENIED, { ...VIA_ENDPOINT, ...HTTP }),
    vpce('TLS 1.1 through the endpoint', DENIED, { ...VIA_ENDPOINT, tlsVersion: '1.1' }),
    vpce('anonymous through the endpoint', NOT_GRANTED, { ...VIA_ENDPOINT, principal: 'anonymous' }),
    vpce('anonymous from the internet', DENIED, { principal: 'anonymous' }),
  ],
  restrictToVpcs: [
    vpc('read from the VPC', ALLOWED, VIA_ENDPOINT),
    vpc('upload through another endpoint of the VPC', ALLOWED, {
      ...VIA_ENDPOINT,
      sourceVpce: OTHER_ENDPOINT,
      action: 's3:PutObject',
    }),
    vpc('read from another VPC', DENIED, { ...VIA_ENDPOINT, sourceVpc: 'vpc-0fedcba9876543210' }),
    vpc('read from the internet', DENIED),
    vpc('break-glass role from the internet', ALLOWED, { principal: BREAK_GLASS }),
    vpc('an AWS service acting for the caller', ALLOWED, { viaAwsService: true }),
    vpc('any role of the account from the VPC', ALLOWED, { ...VIA_ENDPOINT, principal: OTHER }),
    vpc('HTTP from the VPC', DENIED, { ...VIA_ENDPOINT, ...HTTP }),
  ],
};
