import { SecurityAlerts } from '../../../modules/security-alerts';
import { ACCOUNT, REGION, expectError, policyOf, resourceOf, synth, testStack } from '../../helpers';

const alert = (id: string, name: string) => ({
  id,
  name,
  description: 'test alert',
  pattern: { source: ['aws.guardduty'] },
  message: { inputPaths: { account: '$.account' }, template: '"alert in <account>"' },
});

describe('SecurityAlerts.addEventAlert', () => {
  it('lets an alert added after construction publish, and only it', () => {
    const stack = testStack();
    const alerts = new SecurityAlerts(stack, 'alerts', { emails: ['a@example.com'], apiCallAlerts: false });
    alerts.addEventAlert(alert('Later', 'later-alert'));
    const { json } = synth(stack);
    const publish = policyOf(resourceOf(json, 'aws_sns_topic_policy')).Statement.find(
      (s) => s.Sid === 'AllowEventBridgeRules',
    );
    expect(publish?.Condition?.ArnLike).toEqual({
      'aws:SourceArn': `arn:aws:events:${REGION}:${ACCOUNT}:rule/later-alert`,
    });
  });

  it('refuses a bad rule name and an id used twice, and fails at synth when nothing alerts', () => {
    const stack = testStack();
    const alerts = new SecurityAlerts(stack, 'alerts', { emails: ['a@example.com'], apiCallAlerts: false });
    expectError(
      () => alerts.addEventAlert(alert('Bad', 'bad name')),
      'test/alerts: addEventAlert(Bad).name "bad name"',
    );
    expectError(() => synth(stack), 'test/alerts: apiCallAlerts false is false', 'nothing would alert');
    alerts.addEventAlert(alert('One', 'one'));
    expectError(
      () => alerts.addEventAlert(alert('One', 'two')),
      'addEventAlert(One).id "One" is already used',
    );
    expectError(
      () => alerts.addEventAlert(alert('Two', 'one')),
      'addEventAlert(Two).name "one" is already used',
    );
  });
});
