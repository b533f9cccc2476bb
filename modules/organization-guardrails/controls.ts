import { declareControls } from '../../controls/declarations';
import { GUARDRAIL_CONTROLS, GUARDRAIL_SIDS } from './statements';

/** Each guardrail prop, the statement it adds and whether it is on by default. */
const GUARDRAIL_PROPS: readonly [string, keyof typeof GUARDRAIL_SIDS, boolean][] = [
  ['protectAccountPublicAccessBlock', 'accountPublicAccessBlock', true],
  ['protectCloudTrail', 'cloudTrail', true],
  ['protectConfig', 'config', true],
  ['protectMacie', 'macie', true],
  ['protectedBuckets', 'bucketPublicAccessBlock', false],
  ['protectedBuckets', 'bucketEncryption', false],
  ['resourceControlPolicies.enforceTls', 'rcpTls', false],
  ['resourceControlPolicies.organizationOnly', 'rcpOrganization', false],
];

/**
 * The controls OrganizationGuardrails keeps in effect across the accounts it
 * is attached to: the settings cannot be turned off there (SCPs), or requests
 * are denied whatever a bucket policy says (RCPs).
 */
export const ORGANIZATION_GUARDRAILS_CONTROLS = declareControls({
  module: 'OrganizationGuardrails',
  role: 'keeps',
  controls: GUARDRAIL_PROPS.flatMap(([prop, sid, byDefault]) =>
    GUARDRAIL_CONTROLS[GUARDRAIL_SIDS[sid]].map((control) => ({ control, prop, byDefault })),
  ),
});
