import { ACCOUNT } from '../../helpers';
import {
  ALLOWED,
  BREAK_GLASS,
  DENIED,
  HTTP,
  NOT_GRANTED,
  ORG,
  OTHER,
  PARTNER,
  RequestCase,
  STRANGER,
  VIA_ENDPOINT,
  SERVICE_WITHOUT_GRANT,
  casesFor,
  role,
  session,
} from './fixtures';

const principals = casesFor('principals');
const reader = casesFor('principals-read');
const org = casesFor('org');
const paths = casesFor('orgpaths');
const composed = casesFor('composed');
const CONFIG_SLR = `arn:aws:iam::${ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`;
const READER = { principal: role('reader'), identity: 'none' as const };
const ANALYST = { principal: role('analyst', PARTNER), identity: 'admin' as const };
const GRANTED = { principal: role('admin', STRANGER), identity: 'admin' as const };
const inPath = (path: string) => ({ principalOrgPaths: [path] });

/** Requests against the principal and organization restrictions, and a composed policy. */
export const ACCESS_CASES: Record<string, RequestCase[]> = {
  restrictToPrincipals: [
    principals('listed role reads without an IAM policy', ALLOWED, { identity: 'none' }),
    principals('listed role uploads without an IAM policy', ALLOWED, {
      identity: 'none',
      action: 's3:PutObject',
    }),
    principals('listed role lists without an IAM policy', ALLOWED, {
      identity: 'none',
      action: 's3:ListBucket',
    }),
    principals('listed role deletes a version: not granted', NOT_GRANTED, {
      identity: 'none',
      action: 's3:DeleteObjectVersion',
    }),
    principals('listed role deletes a version with its IAM policy', ALLOWED, {
      action: 's3:DeleteObjectVersion',
    }),
    principals('a session of the listed role', ALLOWED, { principal: session('app'), identity: 'none' }),
    principals('another role of the account reads', DENIED, { principal: OTHER }),
    principals('another role of the account uploads', DENIED, { principal: OTHER, action: 's3:PutObject' }),
    principals('another role of the account lists', DENIED, { principal: OTHER, action: 's3:ListBucket' }),
    principals('the account root user', DENIED, { principal: `arn:aws:iam::${ACCOUNT}:root` }),
    principals('break-glass role reads', ALLOWED, { principal: BREAK_GLASS }),
    principals('break-glass role uploads', ALLOWED, { principal: BREAK_GLASS, action: 's3:PutObject' }),
    principals('a role of the same name in another account', DENIED, {
      principal: role('app', STRANGER),
      identity: 'admin',
    }),
    principals('anonymous', DENIED, { principal: 'anonymous' }),
    principals('listed role over HTTP', DENIED, HTTP),
    principals('a service principal without a grant', NOT_GRANTED, SERVICE_WITHOUT_GRANT),
    // Forward access sessions carry the caller's own ARN: an unlisted caller stays denied through a service.
    principals('another role of the account through an AWS service (Athena, Glue)', DENIED, {
      principal: OTHER,
      viaAwsService: true,
    }),
    principals('the listed role through an AWS service', ALLOWED, { identity: 'none', viaAwsService: true }),
    principals('AWS Config reads the bucket configuration with its service-linked role', ALLOWED, {
      principal: CONFIG_SLR,
      action: 's3:GetBucketPolicy',
    }),
    reader('listed reader reads without an IAM policy', ALLOWED, READER),
    reader('listed reader uploads without an IAM policy', NOT_GRANTED, { ...READER, action: 's3:PutObject' }),
    reader('listed reader uploads with its IAM policy', ALLOWED, {
      ...READER,
      identity: 'admin',
      action: 's3:PutObject',
    }),
    reader('an unlisted admin role reads', DENIED),
  ],
  restrictToOrganization: [
    org('a role of the organization reads', ALLOWED, { principalOrgId: ORG }),
    org('a role of the organization uploads', ALLOWED, { principalOrgId: ORG, action: 's3:PutObject' }),
    org('a role of another organization', DENIED, { principalOrgId: 'o-zzzzzzzzzz' }),
    org('a role of another organization through an AWS service', DENIED, {
      principalOrgId: 'o-zzzzzzzzzz',
      viaAwsService: true,
    }),
    org('a role of an account in no organization', DENIED),
    org('break-glass role in no organization', ALLOWED, { principal: BREAK_GLASS }),
    org('a partner account of the organization, granted read', ALLOWED, { ...ANALYST, principalOrgId: ORG }),
    org('the partner account after leaving the organization', DENIED, ANALYST),
    org('a service principal without a grant', NOT_GRANTED, SERVICE_WITHOUT_GRANT),
    org('anonymous', DENIED, { principal: 'anonymous' }),
    org('HTTP from the organization', DENIED, { principalOrgId: ORG, ...HTTP }),
  ],
  restrictToOrganizationPaths: [
    paths('an account in the OU', ALLOWED, inPath(`${ORG}/r-ab12/ou-ab12-11111111/`)),
    paths('an account in a child OU', ALLOWED, inPath(`${ORG}/r-ab12/ou-ab12-11111111/ou-ab12-22222222/`)),
    paths('an account in a sibling OU', DENIED, inPath(`${ORG}/r-ab12/ou-ab12-33333333/`)),
    paths('an account of another organization', DENIED, inPath('o-zzzzzzzzzz/r-zz99/ou-zz99-11111111/')),
    paths('an account in no organization', DENIED),
    paths('break-glass role in no organization', ALLOWED, { principal: BREAK_GLASS }),
  ],
  'composition with a user statement': [
    composed('the granted account through the endpoint', ALLOWED, { ...GRANTED, ...VIA_ENDPOINT }),
    composed('the granted account from the internet: the user Allow cannot lift the deny', DENIED, GRANTED),
    composed('the granted account over HTTP', DENIED, { ...GRANTED, ...VIA_ENDPOINT, ...HTTP }),
    composed('the granted account over TLS 1.1', DENIED, { ...GRANTED, ...VIA_ENDPOINT, tlsVersion: '1.1' }),
  ],
};
