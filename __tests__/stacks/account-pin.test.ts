/**
 * Every stack is pinned to its account (the provider's allowed_account_ids),
 * or says why not: a stack without an account is refused unless
 * environment.accountPin opts out with a reason, recorded in its metadata.
 */
import { Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { BaseStack, BaseStackProps, DEFAULT_CONFIG, buildApp, parseConfig } from '../../stacks';
import { TfJson, expectError } from '../helpers';

const REASON = 'sandbox accounts are chosen by the CI credentials of each run';

function stack(environment: BaseStackProps['environment']) {
  const s = new BaseStack(Testing.app(), 'data', { environment });
  return { text: Testing.synth(s), json: s.toTerraform() as TfJson & Record<string, any> };
}

describe('account pin', () => {
  it('pins the provider to the configured account', () => {
    const { text, json } = stack({ accountId: '111122223333', region: 'eu-west-1' });
    expect(text).toHaveProviderWithProperties(AwsProvider, { allowed_account_ids: ['111122223333'] });
    expect(json['//']?.['s3-security']).toBeUndefined();
  });

  it('refuses a stack without an account, saying how to fix it', () => {
    expectError(
      () => stack({ region: 'eu-west-1' }),
      'data: environment.accountId undefined is required: without it the provider gets no allowed_account_ids',
      'set environment.accountPin to { enabled: false, reason } to deploy unpinned on purpose',
    );
  });

  it('refuses it through the default app configuration too, naming each stack', () => {
    const input = JSON.parse(JSON.stringify(DEFAULT_CONFIG));
    delete input.environment.accountId;
    expectError(
      () => buildApp(Testing.app(), parseConfig(input, 'no-account.json')),
      'secure-data: environment.accountId undefined is required',
    );
  });

  it.each<[BaseStackProps['environment'], string]>([
    [
      { region: 'eu-west-1', accountPin: { enabled: false, reason: 'ci' } },
      'data: environment.accountPin.reason "ci" must explain the accepted risk in at least 10 characters',
    ],
    [
      { accountId: '111122223333', region: 'eu-west-1', accountPin: { enabled: false, reason: REASON } },
      'data: environment.accountPin {"enabled":false,"reason":"sandbox accounts are chosen by the CI credentials of each run"} must be left out when environment.accountId is set',
    ],
  ])('rejects an inconsistent pin (%#)', (environment, message) => {
    expectError(() => stack(environment), message);
  });

  it('deploys unpinned only as an opt-out with a reason, recorded in the stack metadata', () => {
    const { text, json } = stack({ region: 'eu-west-1', accountPin: { enabled: false, reason: REASON } });
    const provider = JSON.parse(text).provider.aws[0];
    expect(provider.allowed_account_ids).toBeUndefined();
    expect(json['//']['s3-security']).toEqual({
      module: 'BaseStack',
      controls: [],
      optOuts: [{ setting: 'environment.accountPin', controls: [], reason: REASON }],
    });
  });

  it('accepts the opt-out in the configuration file', () => {
    const input = JSON.parse(JSON.stringify(DEFAULT_CONFIG));
    delete input.environment.accountId;
    input.environment.accountPin = { enabled: false, reason: REASON };
    expect(parseConfig(input, 'unpinned.json').environment.accountPin).toEqual({
      enabled: false,
      reason: REASON,
    });
  });
});
