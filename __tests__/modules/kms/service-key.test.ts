import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { ServiceKey, ServiceKeyProps } from '../../../modules/kms';
import { ACCOUNT, expectError, policyOf, resourceOf, synth, testStack } from '../../helpers';

function build(props: Partial<ServiceKeyProps> = {}) {
  const stack = testStack();
  const key = new ServiceKey(stack, 'key', { description: 'Encrypts a topic', ...props });
  return { key, stack };
}

describe('ServiceKey', () => {
  it('rotates, waits 30 days, and lets the account use it only through the named services', () => {
    const { key, stack } = build({ alias: 'alias/sns/alerts', viaServices: ['sns.eu-west-1.amazonaws.com'] });
    key.grantService({
      service: 'events.amazonaws.com',
      sourceAccount: { enabled: false, reason: 'the topic policy restricts who publishes' },
    });
    const { text, json } = synth(stack);
    expect(text).toHaveResourceWithProperties(KmsKey, {
      enable_key_rotation: true,
      deletion_window_in_days: 30,
      lifecycle: { prevent_destroy: true },
    });
    const policy = policyOf(resourceOf(json, 'aws_kms_key'));
    expect(policy.Statement.map((s) => s.Sid)).toEqual([
      'AccountAdministersKey',
      'AccountAdministersKeyGrantsForAwsResources',
      'AccountUsesKeyThroughServices',
      'AllowEventBridgePublish',
    ]);
    expect(policy.Statement[2].Condition).toEqual({
      StringEquals: { 'kms:ViaService': 'sns.eu-west-1.amazonaws.com', 'kms:CallerAccount': ACCOUNT },
    });
  });

  it('grants a service without aws:SourceAccount only with a reason, recorded on the key', () => {
    const { key, stack } = build();
    key.grantService({
      service: 'cloudwatch.amazonaws.com',
      sourceAccount: { enabled: false, reason: 'the topic policy restricts who publishes' },
    });
    key.grantService({ service: 'sns.amazonaws.com' });
    const { json } = synth(stack);
    const policy = policyOf(resourceOf(json, 'aws_kms_key'));
    expect(policy.Statement.slice(2)).toEqual([
      {
        Sid: 'AllowCloudWatchAlarmPublish',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        Resource: '*',
      },
      {
        Sid: 'AllowSnsDelivery',
        Effect: 'Allow',
        Principal: { Service: 'sns.amazonaws.com' },
        Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
      },
    ]);
    expect((resourceOf(json, 'aws_kms_key')['//'] as Record<string, unknown>)['s3-security']).toEqual({
      module: 'ServiceKey',
      controls: [],
      optOuts: [
        {
          setting: 'grantService(cloudwatch.amazonaws.com).sourceAccount',
          controls: [],
          reason: 'the topic policy restricts who publishes',
        },
      ],
    });
  });

  it.each<[Parameters<ServiceKey['grantService']>[0], string]>([
    [
      { service: 'events.amazonaws.com', sourceAccount: { enabled: false, reason: 'short' } },
      'grantService("events.amazonaws.com").sourceAccount.reason "short" must explain the accepted risk',
    ],
    [
      {
        service: 'logs.eu-west-1.amazonaws.com',
        conditions: {
          ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-west-1:1:log-group:x' },
        },
        sourceAccount: { enabled: false, reason: 'a reason long enough' },
      },
      'grantService("logs.eu-west-1.amazonaws.com").sourceAccount {"enabled":false,"reason":"a reason long enough"} is not used by logs.eu-west-1.amazonaws.com: its grant is scoped by the kms:EncryptionContext:aws:logs:arn condition',
    ],
    [{ service: 'sns' }, 'grantService("sns").service "sns" is not an AWS service principal'],
  ])('refuses the grant %j', (grant, message) => {
    const { key } = build();
    expectError(() => key.grantService(grant), `test/key: ${message}`);
  });

  it.each<[Partial<ServiceKeyProps>, string]>([
    [{ alias: 'alias/aws/sns' }, 'alias "alias/aws/sns" is not a usable KMS alias'],
    [{ deletionWindowInDays: 3 }, 'deletionWindowInDays 3 must be a whole number from 7 to 30'],
    [{ viaServices: ['sns'] }, 'viaServices[0] "sns" is not a regional service endpoint'],
    [{ preventDestroy: { enabled: false, reason: 'tmp' } }, 'preventDestroy.reason "tmp" must explain'],
  ])('rejects %j', (props, message) => {
    expectError(() => build(props), `test/key: ${message}`);
  });
});
