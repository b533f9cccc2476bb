import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { OrganizationGuardrails } from '../modules/organization-guardrails';
import { BaseStack, BaseStackProps } from './base';
import type { OrganizationGuardrailsConfig } from './config';

export interface OrganizationGuardrailsStackProps extends BaseStackProps {
  readonly organizationGuardrails: OrganizationGuardrailsConfig;
}

/**
 * The seed's organization guardrails as a package for the management account:
 * the service control policy (and, when configured, the resource control
 * policy) attached to the configured targets. Account-level Block Public
 * Access is per account: the account baseline stack deploys it.
 */
export class OrganizationGuardrailsStack extends BaseStack {
  public readonly guardrails: OrganizationGuardrails;

  constructor(scope: Construct, id: string, props: OrganizationGuardrailsStackProps) {
    super(scope, id, props);
    const c = props.organizationGuardrails;
    this.guardrails = new OrganizationGuardrails(this, 'Guardrails', {
      targetIds: c.targetIds,
      breakGlassPrincipalArns: c.breakGlassPrincipalArns,
      managementAccountId: c.managementAccountId,
      remediationRoleArns: c.remediationRoleArns,
      auditLogs: c.auditLogs,
      protectAccountPublicAccessBlock: c.protectAccountPublicAccessBlock,
      protectCloudTrail: c.protectCloudTrail,
      protectConfig: c.protectConfig,
      protectMacie: c.protectMacie,
      protectedBuckets: c.protectedBuckets,
      requireKmsUploads: c.requireKmsUploads,
      denySseC: c.denySseC,
      resourceControlPolicies: c.resourceControlPolicies,
    });
    if (this.guardrails.serviceControlPolicy) {
      new TerraformOutput(this, 'service_control_policy_id', {
        value: this.guardrails.serviceControlPolicy.id,
        description: 'Id of the S3 guardrails service control policy',
      });
    }
    if (this.guardrails.resourceControlPolicy) {
      new TerraformOutput(this, 'resource_control_policy_id', {
        value: this.guardrails.resourceControlPolicy.id,
        description: 'Id of the S3 resource control policy',
      });
    }
  }
}
