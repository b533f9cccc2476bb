import { Construct } from 'constructs';
import { S3AccountPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-account-public-access-block';
import type { ControlId } from '../../controls/catalog';
import { declareControls } from '../../controls/declarations';
import {
  AwsEnvironment,
  OptOutRecord,
  OptOuts,
  PropsValidator,
  accountIdRule,
  isToken,
  recordSecurity,
} from '../core';

/** The four account-level Block Public Access settings. Any `false` needs a `reason`. */
export interface AccountPublicAccessBlockProps {
  /**
   * The account whose setting this is. S3 accepts the call only from the
   * account itself, so it must be the account the provider runs in.
   * @default - the stack's account (a literal when the stack's environment names it)
   */
  readonly accountId?: string;
  /**
   * Reject requests that add a public ACL to any bucket or object of the account.
   * @default true
   */
  readonly blockPublicAcls?: boolean;
  /**
   * Ignore every public ACL already on buckets and objects of the account.
   * @default true
   */
  readonly ignorePublicAcls?: boolean;
  /**
   * Reject bucket and access point policies that grant public access.
   * @default true
   */
  readonly blockPublicPolicy?: boolean;
  /**
   * Limit buckets with a public policy to AWS services and principals of the account.
   * @default true
   */
  readonly restrictPublicBuckets?: boolean;
  /** Why a setting is off. Required when any setting is false, refused otherwise. */
  readonly reason?: string;
}

const FLAGS = ['blockPublicAcls', 'ignorePublicAcls', 'blockPublicPolicy', 'restrictPublicBuckets'] as const;

/** The control AccountPublicAccessBlock satisfies: all four settings, each on by default. */
export const ACCOUNT_PUBLIC_ACCESS_CONTROLS = declareControls({
  module: 'AccountPublicAccessBlock',
  controls: FLAGS.map((prop) => ({ control: 's3-account-public-access-block', prop, byDefault: true })),
});

/**
 * S3 Block Public Access for the whole account: all four settings on, which
 * overrides any bucket that would allow public access (Security Hub S3.1, CIS
 * 2.1.4). Turning a setting off is an explicit, recorded decision with a reason.
 *
 * ```ts
 * new AccountPublicAccessBlock(this, 'account-bpa');
 * ```
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
 */
export class AccountPublicAccessBlock extends Construct {
  public readonly resource: S3AccountPublicAccessBlock;
  /** Controls the settings satisfy. */
  public readonly controls: readonly ControlId[];
  /** Settings turned off, with their reason. */
  public readonly optOuts: readonly OptOutRecord[];

  constructor(scope: Construct, id: string, props: AccountPublicAccessBlockProps = {}) {
    super(scope, id);
    const env = AwsEnvironment.of(this);
    const v = new PropsValidator(this);
    v.rule('accountId', props.accountId, accountIdRule);
    const known = env.knownAccountId;
    if (props.accountId !== undefined && !isToken(props.accountId) && known !== undefined) {
      v.check(
        props.accountId === known,
        'accountId',
        props.accountId,
        `is not the stack's account ${known}: S3 changes an account's Block Public Access only when called from that account`,
      );
    }
    const settings = Object.fromEntries(FLAGS.map((f) => [f, props[f] ?? true])) as Record<
      (typeof FLAGS)[number],
      boolean
    >;
    for (const f of FLAGS) {
      v.check(typeof settings[f] === 'boolean', f, settings[f], 'must be true or false');
    }
    const off = FLAGS.filter((f) => settings[f] === false);
    const optOuts = new OptOuts(v);
    const controls: ControlId[] = [];
    if (off.length > 0) {
      optOuts.record(
        `blockPublicAccess.${off.join('+')}`,
        props.reason,
        ['s3-account-public-access-block'],
        'reason',
      );
    } else {
      controls.push('s3-account-public-access-block');
      v.check(props.reason === undefined, 'reason', props.reason, 'is only allowed when a setting is false');
    }
    v.throwIfAny();
    this.controls = controls;
    this.optOuts = optOuts.records;

    this.resource = new S3AccountPublicAccessBlock(this, 'PublicAccessBlock', {
      accountId: props.accountId ?? known,
      ...settings,
    });
    recordSecurity(this.resource, { module: 'AccountPublicAccessBlock', controls, optOuts: this.optOuts });
  }
}
