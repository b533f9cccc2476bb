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
    key.allowService('test', {
      Sid: 'AllowEventBridge',
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
      Resource: '*',
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
      'AccountUsesKeyThroughServices',
      'AllowEventBridge',
    ]);
    expect(policy.Statement[1].Condition).toEqual({
      StringEquals: { 'kms:ViaService': 'sns.eu-west-1.amazonaws.com', 'kms:CallerAccount': ACCOUNT },
    });
  });

  it('refuses a statement that would replace a base statement', () => {
    const { key } = build();
    expectError(
      () =>
        key.allowService('test', {
          Sid: 'AccountAdministersKey',
          Effect: 'Allow',
          Principal: '*',
          Action: 'kms:*',
          Resource: '*',
        }),
      'would replace a mandatory statement of ServiceKey',
    );
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
