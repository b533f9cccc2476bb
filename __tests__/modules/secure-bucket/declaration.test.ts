import { SECURE_BUCKET_OPT_OUTS } from '../../../controls/opt-outs';
import { restrictToVpcs } from '../../../modules/bucket-policy';
import { OptOut } from '../../../modules/core';
import { SECURE_BUCKET_CONTROLS, SecureBucket, SecureBucketProps } from '../../../modules/secure-bucket';
import { testStack } from '../../helpers';

const REASON = 'a reason long enough to record';
const optOut: OptOut = { enabled: false, reason: REASON };

function bucket(props: Partial<SecureBucketProps> = {}): SecureBucket {
  return new SecureBucket(testStack(), 'b', {
    bucketName: 'declared-bucket',
    accessLogs: { bucket: 'declared-logs' },
    ...props,
  });
}

describe('SECURE_BUCKET_CONTROLS', () => {
  const declared = (byDefault: boolean) =>
    new Set(SECURE_BUCKET_CONTROLS.controls.filter((c) => c.byDefault === byDefault).map((c) => c.control));

  it('declares by default exactly the controls a default bucket records', () => {
    expect(new Set(bucket().controls)).toEqual(declared(true));
  });

  it('declares as opt-in the controls a bucket records only when asked', () => {
    const withOptIns = bucket({
      objectLock: { mode: 'GOVERNANCE', days: 1 },
      versioning: {
        mfaDelete: {
          serialNumber: 'arn:aws:iam::111122223333:mfa/root-account-mfa-device',
          tokenCode: '123456',
        },
      },
      lifecycle: optOut,
      requireMalwareScan: {
        scanner: 'guardduty',
        scannerPrincipalArns: ['arn:aws:iam::111122223333:role/scanner'],
      },
    });
    withOptIns.addPolicyTemplates('test', (arn) => restrictToVpcs(arn, { vpcIds: ['vpc-0a1b2c3d'] }));
    for (const c of declared(false)) expect(withOptIns.controls).toContain(c);
    for (const c of declared(false)) expect(bucket().controls).not.toContain(c);
  });

  it.each(Object.entries(SECURE_BUCKET_OPT_OUTS).filter(([s]) => !s.includes('.')))(
    'the review maps the %s opt-out to the controls the module records for it',
    (setting, controls) => {
      const props: Record<string, unknown> =
        setting === 'encryption'
          ? { encryption: { type: 'SSE_S3', reason: REASON } }
          : setting === 'objectOwnership'
            ? { objectOwnership: { mode: 'ObjectWriter', reason: REASON } }
            : setting === 'enforceTls'
              ? { enforceTls: optOut, minimumTlsVersion: undefined }
              : { [setting]: optOut };
      const b = bucket(props as Partial<SecureBucketProps>);
      const record = b.optOuts.find((o) => o.setting === setting);
      expect(record?.controls).toEqual(controls);
      for (const c of controls) expect(b.controls).not.toContain(c);
    },
  );
});
