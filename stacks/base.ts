import { LocalBackend, S3Backend, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import {
  AwsEnvironment,
  MANAGED_BY_TAG,
  METADATA_KEY,
  OptOuts,
  PropsValidator,
  constrainProviderVersion,
} from '../modules/core';
import type { BackendConfig, EnvironmentConfig } from './config';

export interface BaseStackProps {
  readonly environment: EnvironmentConfig;
  readonly backend?: BackendConfig;
  /** Tags applied to every taggable resource through the provider's default_tags. */
  readonly tags?: Record<string, string>;
  /**
   * The AWS provider version constraint in `required_providers`, such as `~> 6.25`.
   * @default - the exact version the provider bindings were generated for (6.25.0)
   */
  readonly awsProviderVersion?: string;
}

/**
 * A stack with the AWS provider, a backend and the AWS environment configured
 * the same way everywhere: the provider refuses to run against any account other
 * than the configured one, and the local backend path is relative (so
 * synthesized output carries no absolute path). A stack without an account is
 * refused, unless `environment.accountPin` opts out with a reason, which is
 * recorded in the stack's `//` metadata.
 */
export class BaseStack extends TerraformStack {
  public readonly env: AwsEnvironment;
  public readonly provider: AwsProvider;

  constructor(scope: Construct, id: string, props: BaseStackProps) {
    super(scope, id);
    const { environment, backend = { type: 'local' } } = props;
    const v = new PropsValidator(this);
    const optOuts = new OptOuts(v);
    const unpinned = !optOuts.keep('environment.accountPin', environment.accountPin);
    if (environment.accountId === undefined) {
      v.check(
        unpinned,
        'environment.accountId',
        environment.accountId,
        'is required: without it the provider gets no allowed_account_ids and applies to whatever account ' +
          'the credentials reach; set it, or set environment.accountPin to { enabled: false, reason } to deploy ' +
          'unpinned on purpose',
      );
    } else {
      v.check(
        !unpinned,
        'environment.accountPin',
        environment.accountPin,
        `must be left out when environment.accountId is set: the provider is pinned to ${environment.accountId}`,
      );
    }
    v.throwIfAny();
    if (unpinned) {
      this.addOverride(`//.${METADATA_KEY}`, { module: 'BaseStack', controls: [], optOuts: optOuts.records });
    }
    this.provider = new AwsProvider(this, 'aws', {
      region: environment.region,
      allowedAccountIds: environment.accountId ? [environment.accountId] : undefined,
      defaultTags: [{ tags: { ...MANAGED_BY_TAG, 's3-security:stack': id, ...(props.tags ?? {}) } }],
    });
    if (props.awsProviderVersion !== undefined)
      constrainProviderVersion(this.provider, props.awsProviderVersion);
    this.env = AwsEnvironment.configure(this, {
      accountId: environment.accountId,
      region: environment.region,
      partition: environment.partition,
    });
    if (backend.type === 's3') {
      new S3Backend(this, {
        bucket: backend.bucket,
        key: backend.key ?? `${id}/terraform.tfstate`,
        region: backend.region,
        encrypt: true,
        kmsKeyId: backend.kmsKeyId,
      });
      // S3-native state locking (Terraform >= 1.10); the typed backend of cdktf 0.21 predates the option.
      this.addOverride('terraform.backend.s3.use_lockfile', true);
    } else {
      // cdktf runs Terraform in cdktf.out/stacks/<id>; keep state beside the project, not in the output.
      new LocalBackend(this, { path: backend.path ?? `../../../terraform.${id}.tfstate` });
    }
  }
}
