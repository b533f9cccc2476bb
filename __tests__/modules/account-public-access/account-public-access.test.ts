import { S3AccountPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-account-public-access-block';
import { AccountPublicAccessBlock } from '../../../modules/account-public-access';
import { ACCOUNT, expectError, resourceOf, synth, testStack } from '../../helpers';

describe('AccountPublicAccessBlock', () => {
  const stack = testStack();
  const bpa = new AccountPublicAccessBlock(stack, 'account-bpa');
  const { text, json, snapshot } = synth(stack);

  it('matches the snapshot', () => {
    expect(snapshot).toMatchSnapshot();
  });

  it('turns all four settings on for the stack account', () => {
    expect(text).toHaveResourceWithProperties(S3AccountPublicAccessBlock, {
      account_id: ACCOUNT,
      block_public_acls: true,
      ignore_public_acls: true,
      block_public_policy: true,
      restrict_public_buckets: true,
    });
    expect(bpa.controls).toEqual(['s3-account-public-access-block']);
  });

  it('records the control it satisfies in the synthesized metadata', () => {
    const resource = resourceOf(json, 'aws_s3_account_public_access_block');
    expect((resource['//'] as Record<string, unknown>)['s3-security']).toEqual({
      module: 'AccountPublicAccessBlock',
      controls: ['s3-account-public-access-block'],
      optOuts: [],
    });
  });

  it('leaves the account to the provider when the stack does not name it', () => {
    const s = testStack('unknown');
    new AccountPublicAccessBlock(s, 'bpa');
    const r = resourceOf(synth(s).json, 'aws_s3_account_public_access_block');
    expect(r.account_id).toBeUndefined();
    expect(r.block_public_policy).toBe(true);
  });

  it('records a setting turned off, with its reason, and no longer claims the control', () => {
    const s = testStack();
    const weak = new AccountPublicAccessBlock(s, 'bpa', {
      restrictPublicBuckets: false,
      reason: 'the public website bucket of this account needs anonymous reads',
    });
    const r = resourceOf(synth(s).json, 'aws_s3_account_public_access_block');
    expect(r.restrict_public_buckets).toBe(false);
    expect(r.block_public_policy).toBe(true);
    expect(weak.controls).toEqual([]);
    expect((r['//'] as Record<string, unknown>)['s3-security']).toEqual({
      module: 'AccountPublicAccessBlock',
      controls: [],
      optOuts: [
        {
          setting: 'blockPublicAccess.restrictPublicBuckets',
          controls: ['s3-account-public-access-block'],
          reason: 'the public website bucket of this account needs anonymous reads',
        },
      ],
    });
  });
});

describe('AccountPublicAccessBlock validation', () => {
  it.each([
    [{ accountId: '1234' }, /test\/bpa: accountId "1234" is not an AWS account id/],
    [
      { accountId: '444455556666' },
      /accountId "444455556666" is not the stack's account 111122223333: S3 changes an account's Block Public Access only when called from that account/,
    ],
    [{ blockPublicAcls: false }, /test\/bpa: reason undefined must explain the accepted risk/],
    [{ blockPublicPolicy: false, reason: 'n/a' }, /reason "n\/a" must explain the accepted risk/],
    [
      { reason: 'nothing is turned off here' },
      /reason "nothing is turned off here" is only allowed when a setting is false/,
    ],
    [{ ignorePublicAcls: 'yes' as unknown as boolean }, /ignorePublicAcls "yes" must be true or false/],
  ])('rejects %j', (props, message) => {
    expectError(() => new AccountPublicAccessBlock(testStack(), 'bpa', props), message);
  });

  it('accepts the stack account named explicitly', () => {
    const s = testStack();
    new AccountPublicAccessBlock(s, 'bpa', { accountId: ACCOUNT });
    expect(resourceOf(synth(s).json, 'aws_s3_account_public_access_block').account_id).toBe(ACCOUNT);
  });
});
