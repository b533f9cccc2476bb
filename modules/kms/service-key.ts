import { Construct } from 'constructs';
import { CustomerManagedKey, CustomerManagedKeyProps } from './key';

export interface ServiceKeyProps extends CustomerManagedKeyProps {
  /** What the key encrypts, for its description and messages. */
  readonly description: string;
  /**
   * Service endpoints through which principals of this account may use the key
   * (`kms:ViaService`), such as `sns.eu-west-1.amazonaws.com`.
   * @default [] - only the service principals granted with grantService
   */
  readonly viaServices?: readonly string[];
}

/**
 * A customer managed key for an AWS service that encrypts what it holds (an SNS
 * topic, a CloudWatch Logs log group), where {@link S3DataKey} is for S3 data:
 * the same rotation, deletion window, administration and service grants, and
 * principals of the account use it only through the named services.
 */
export class ServiceKey extends CustomerManagedKey {
  constructor(scope: Construct, id: string, props: ServiceKeyProps) {
    const via = props.viaServices ?? [];
    super(scope, id, props, {
      module: 'ServiceKey',
      description: props.description,
      validate: (v) =>
        via.forEach((s, i) =>
          v.check(
            /^[a-z0-9-]+\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/.test(s),
            `viaServices[${i}]`,
            s,
            'is not a regional service endpoint (expected a name like sns.eu-west-1.amazonaws.com)',
          ),
        ),
      statements: (env) =>
        via.length === 0
          ? []
          : [
              {
                Sid: 'AccountUsesKeyThroughServices',
                Effect: 'Allow',
                Principal: { AWS: env.accountRootArn },
                Action: ['kms:Decrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
                Resource: '*',
                Condition: {
                  StringEquals: {
                    'kms:ViaService': via.length === 1 ? via[0] : [...via],
                    'kms:CallerAccount': env.accountId,
                  },
                },
              },
            ],
    });
  }
}
