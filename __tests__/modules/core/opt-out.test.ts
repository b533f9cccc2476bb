import { OptOuts, PropsValidator, S3SecurityValidationError } from '../../../modules/core';
import { testStack } from '../../helpers';

const REASON = 'a reason long enough to record';

describe('OptOuts', () => {
  it('keeps a secure default, and records an opt-out with the controls it leaves unmet', () => {
    const v = new PropsValidator(testStack());
    const optOuts = new OptOuts(v);
    expect(optOuts.keep('versioning', undefined, ['s3-versioning'])).toBe(true);
    expect(optOuts.keep('versioning', true, ['s3-versioning'])).toBe(true);
    expect(optOuts.keep('versioning', { enabled: false, reason: REASON }, ['s3-versioning'])).toBe(false);
    expect(optOuts.keep('preventDestroy', { enabled: false, reason: REASON })).toBe(false);
    expect(optOuts.records).toEqual([
      { setting: 'versioning', controls: ['s3-versioning'], reason: REASON },
      { setting: 'preventDestroy', controls: [], reason: REASON },
    ]);
    expect(() => v.throwIfAny()).not.toThrow();
  });

  it('records a weaker choice whose reason sits in another prop', () => {
    const v = new PropsValidator(testStack());
    const optOuts = new OptOuts(v);
    optOuts.record('blockPublicAccess.blockPublicAcls', REASON, ['s3-bucket-public-access-block'], 'reason');
    expect(optOuts.records).toEqual([
      {
        setting: 'blockPublicAccess.blockPublicAcls',
        controls: ['s3-bucket-public-access-block'],
        reason: REASON,
      },
    ]);
  });

  it('checks every reason, naming the prop that holds it', () => {
    const v = new PropsValidator(testStack());
    const optOuts = new OptOuts(v);
    optOuts.keep('lifecycle', { enabled: false, reason: 'n/a' });
    optOuts.record('encryption', undefined, ['s3-kms-encryption']);
    optOuts.record('blockPublicAccess.ignorePublicAcls', 'short', [], 'reason');
    let error: unknown;
    try {
      v.throwIfAny();
    } catch (e) {
      error = e;
    }
    expect((error as S3SecurityValidationError).problems).toEqual([
      'test: lifecycle.reason "n/a" must explain the accepted risk in at least 10 characters',
      'test: encryption.reason undefined must explain the accepted risk in at least 10 characters',
      'test: reason "short" must explain the accepted risk in at least 10 characters',
    ]);
  });
});
