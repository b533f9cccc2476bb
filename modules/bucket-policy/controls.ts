import type { ControlId } from '../../controls/catalog';
import { DENY_OUTSIDE_VPC_ENDPOINTS_SID, DENY_OUTSIDE_VPCS_SID } from './network';

/**
 * Controls a bucket satisfies because its policy holds a statement, by Sid.
 * The TLS denies are not listed: SecureBucket decides those from its props.
 */
export const POLICY_STATEMENT_CONTROLS: Readonly<Record<string, readonly ControlId[]>> = {
  [DENY_OUTSIDE_VPC_ENDPOINTS_SID]: ['s3-vpc-endpoint-restriction'],
  [DENY_OUTSIDE_VPCS_SID]: ['s3-vpc-endpoint-restriction'],
};
