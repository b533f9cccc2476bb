import { Construct } from 'constructs';
import { Macie2Account } from '@cdktf/provider-aws/lib/macie2-account';
import { Macie2OrganizationAdminAccount } from '@cdktf/provider-aws/lib/macie2-organization-admin-account';
import { Macie2OrganizationConfiguration } from '@cdktf/provider-aws/lib/macie2-organization-configuration';
import type { ControlId } from '../../controls/catalog';
import {
  AwsEnvironment,
  OptOut,
  OptOutRecord,
  OptOuts,
  PropsValidator,
  accountIdRule,
  recordSecurity,
} from '../core';
import { FINDING_PUBLISHING_FREQUENCIES, FindingPublishingFrequency } from './limits';

/** This account's part in an AWS Organization's use of Macie. */
export interface MacieOrganizationProps {
  /**
   * Run from the organization's management account: make this account the
   * delegated Macie administrator (`aws_macie2_organization_admin_account`).
   * @default - no delegation from this stack
   */
  readonly delegatedAdministratorAccountId?: string;
  /**
   * Run from the delegated administrator account: enable Macie for accounts
   * that join the organization (`aws_macie2_organization_configuration`).
   * Existing members are enabled from the Macie console or API once.
   * @default - not the administrator; with `{}` (or `true`), new members are enabled
   */
  readonly autoEnableMembers?: true | OptOut;
}

export interface MacieAccountProps {
  /**
   * How often Macie publishes updates of existing findings to EventBridge and
   * Security Hub; new findings are published within minutes either way.
   * @default 'FIFTEEN_MINUTES'
   */
  readonly findingPublishingFrequency?: FindingPublishingFrequency;
  /**
   * Keep Macie running. Pausing stops jobs and monitoring but keeps findings
   * and settings (status PAUSED); the review fails it.
   * @default true
   */
  readonly enabled?: true | OptOut;
  /** Organization roles of this account. @default - a standalone account */
  readonly organization?: MacieOrganizationProps;
}

/**
 * Amazon Macie for this account and region (`aws_macie2_account`, ENABLED),
 * and optionally its organization roles: the delegated administrator
 * (declared from the management account) and auto-enable of new members
 * (declared from the administrator). Every other Macie resource of this
 * project depends on {@link MacieAccount.account}: Macie refuses them until it
 * is enabled. Security Hub Macie.1, CIS 2.1.3, AWS Config MACIE_STATUS_CHECK.
 */
export class MacieAccount extends Construct {
  public readonly account: Macie2Account;
  public readonly administrator?: Macie2OrganizationAdminAccount;
  public readonly organizationConfiguration?: Macie2OrganizationConfiguration;
  public readonly controls: readonly ControlId[];
  public readonly optOuts: readonly OptOutRecord[];
  /** The account id and region Macie runs in (literal when the stack's environment is). */
  public readonly accountId: string;
  public readonly region: string;
  public readonly partition: string;

  constructor(scope: Construct, id: string, props: MacieAccountProps = {}) {
    super(scope, id);
    const env = AwsEnvironment.of(this);
    const v = new PropsValidator(this);
    const optOuts = new OptOuts(v);
    const frequency = props.findingPublishingFrequency ?? 'FIFTEEN_MINUTES';
    v.check(
      FINDING_PUBLISHING_FREQUENCIES.includes(frequency),
      'findingPublishingFrequency',
      frequency,
      `must be one of ${FINDING_PUBLISHING_FREQUENCIES.join(', ')}`,
    );
    const enabled = optOuts.keep('enabled', props.enabled, ['macie-enabled']);
    const org = props.organization;
    v.rule(
      'organization.delegatedAdministratorAccountId',
      org?.delegatedAdministratorAccountId,
      accountIdRule,
    );
    const autoEnable =
      org?.autoEnableMembers === undefined
        ? undefined
        : optOuts.keep('organization.autoEnableMembers', org.autoEnableMembers);
    v.throwIfAny();

    this.accountId = env.accountId;
    this.region = env.region;
    this.partition = env.partition;
    this.optOuts = optOuts.records;
    this.controls = enabled ? ['macie-enabled'] : [];

    this.account = new Macie2Account(this, 'Account', {
      status: enabled ? 'ENABLED' : 'PAUSED',
      findingPublishingFrequency: frequency,
    });
    recordSecurity(this.account, { module: 'MacieAccount', controls: this.controls, optOuts: this.optOuts });

    if (org?.delegatedAdministratorAccountId) {
      this.administrator = new Macie2OrganizationAdminAccount(this, 'DelegatedAdministrator', {
        adminAccountId: org.delegatedAdministratorAccountId,
        dependsOn: [this.account],
      });
    }
    if (autoEnable !== undefined) {
      this.organizationConfiguration = new Macie2OrganizationConfiguration(
        this,
        'OrganizationConfiguration',
        {
          autoEnable,
          dependsOn: [this.account],
        },
      );
    }
  }

  /** `arn:<partition>:macie2:<region>:<account>:<resource>`, for source conditions. */
  public arn(resource: string): string {
    return `arn:${this.partition}:macie2:${this.region}:${this.accountId}:${resource}`;
  }
}
