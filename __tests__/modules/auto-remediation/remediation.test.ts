import { ConfigRemediationConfiguration } from '@cdktf/provider-aws/lib/config-remediation-configuration';
import {
  RUNBOOKS,
  S3AutoRemediation,
  S3AutoRemediationProps,
  remediationRoleArnPattern,
} from '../../../modules/auto-remediation';
import { S3ComplianceRules, S3ComplianceRulesProps } from '../../../modules/config-compliance';
import { SecureBucket } from '../../../modules/secure-bucket';
import { ACCOUNT, expectError, resourcesOf, synth, testStack } from '../../helpers';
import { simulate } from '../../support/simulate';

function build(
  props: Partial<S3AutoRemediationProps> = {},
  rulesProps: Partial<S3ComplianceRulesProps> = {},
) {
  const stack = testStack();
  const rules = new S3ComplianceRules(stack, 'rules', { recorder: 'existing', ...rulesProps });
  const remediation = new S3AutoRemediation(stack, 'fix', { rules, ...props });
  return { remediation, ...synth(stack) };
}

const paramsOf = (r: Record<string, unknown>) =>
  Object.fromEntries(
    (r.parameter as { name: string; static_value?: string; resource_value?: string }[]).map((p) => [
      p.name,
      p.static_value ?? `resource:${p.resource_value}`,
    ]),
  );

describe('S3AutoRemediation', () => {
  const { remediation, text, json, snapshot } = build();
  const byDoc = Object.fromEntries(
    Object.values(resourcesOf(json, 'aws_config_remediation_configuration')).map((r) => [r.target_id, r]),
  ) as Record<string, Record<string, unknown>>;

  it('matches the snapshot', () => {
    expect(snapshot).toMatchSnapshot();
  });

  it('attaches the four default runbooks, automatic with retry limits', () => {
    expect(Object.keys(byDoc).sort()).toEqual([
      'AWS-ConfigureS3BucketVersioning',
      'AWS-EnableS3BucketEncryption',
      'AWSConfigRemediation-ConfigureS3BucketPublicAccessBlock',
      'AWSConfigRemediation-RestrictBucketSSLRequestsOnly',
    ]);
    expect(text).toHaveResourceWithProperties(ConfigRemediationConfiguration, {
      config_rule_name: 's3-bucket-server-side-encryption-enabled',
      target_type: 'SSM_DOCUMENT',
      target_id: 'AWS-EnableS3BucketEncryption',
      resource_type: 'AWS::S3::Bucket',
      automatic: true,
      maximum_automatic_attempts: 5,
      retry_attempt_seconds: 60,
      execution_controls: {
        ssm_controls: { concurrent_execution_rate_percentage: 10, error_percentage: 10 },
      },
    });
  });

  it('passes each runbook exactly its documented parameters', () => {
    expect(paramsOf(byDoc['AWSConfigRemediation-ConfigureS3BucketPublicAccessBlock'])).toEqual({
      AutomationAssumeRole: expect.stringMatching(
        /^\$\{aws_iam_role\.fix_BucketPublicAccessBlockRole_.*\.arn\}$/,
      ),
      BucketName: 'resource:RESOURCE_ID',
      BlockPublicAcls: 'true',
      IgnorePublicAcls: 'true',
      BlockPublicPolicy: 'true',
      RestrictPublicBuckets: 'true',
    });
    expect(paramsOf(byDoc['AWS-EnableS3BucketEncryption'])).toMatchObject({ SSEAlgorithm: 'AES256' });
    expect(paramsOf(byDoc['AWS-ConfigureS3BucketVersioning'])).toMatchObject({ VersioningState: 'Enabled' });
    expect(Object.keys(paramsOf(byDoc['AWSConfigRemediation-RestrictBucketSSLRequestsOnly']))).toEqual([
      'AutomationAssumeRole',
      'BucketName',
    ]);
    for (const synthesized of Object.values(byDoc)) {
      const runbook = Object.values(RUNBOOKS).find((r) => r.document === synthesized.target_id)!;
      const passed = Object.keys(paramsOf(synthesized));
      for (const name of passed) expect(Object.keys(runbook.parameters)).toContain(name);
      for (const [name, spec] of Object.entries(runbook.parameters))
        if (spec.required) expect(passed).toContain(name);
      for (const [name, value] of Object.entries(paramsOf(synthesized))) {
        const allowed = runbook.parameters[name].allowed;
        if (allowed) expect(allowed).toContain(value);
      }
    }
  });

  it('gives each runbook its own role, trusted by SSM automation of this account only, with the least S3 actions', () => {
    for (const r of remediation.remediations) {
      expect(r.role.trustPolicy.Statement).toEqual([
        {
          Sid: 'TrustedService',
          Effect: 'Allow',
          Principal: { Service: 'ssm.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: {
            StringEquals: { 'aws:SourceAccount': ACCOUNT },
            ArnLike: { 'aws:SourceArn': `arn:aws:ssm:eu-west-1:${ACCOUNT}:automation-execution/*` },
          },
        },
      ]);
      expect(r.role.policyDocument.Statement).toEqual([
        {
          Sid: 'RunbookActions',
          Effect: 'Allow',
          Action: [...r.runbook.grantedActions],
          Resource: 'arn:aws:s3:::*',
        },
      ]);
      for (const a of r.runbook.grantedActions) {
        if (r.runbook.documentedActions) expect(r.runbook.documentedActions).toContain(a);
      }
    }
    const pab = RUNBOOKS['bucket-public-access-block'].grantedActions;
    expect(pab).not.toContain('s3:PutAccountPublicAccessBlock');
  });

  it('names each role <prefix>-<runbook>-<region>, the name the organization guardrails spare', () => {
    const names = Object.values(resourcesOf(json, 'aws_iam_role')).map((r) => r.name);
    expect(names).toEqual([
      's3-remediation-bucket-public-access-block-eu-west-1',
      's3-remediation-default-encryption-eu-west-1',
      's3-remediation-tls-only-eu-west-1',
      's3-remediation-versioning-eu-west-1',
    ]);
    expect(remediationRoleArnPattern('aws', 'bucket-public-access-block')).toBe(
      'arn:aws:iam::*:role/s3-remediation-bucket-public-access-block-*',
    );
    const { json: custom } = build({ roleNamePrefix: 'acme-fix', runbooks: ['versioning'] });
    expect(Object.values(resourcesOf(custom, 'aws_iam_role')).map((r) => r.name)).toEqual([
      'acme-fix-versioning-eu-west-1',
    ]);
  });

  it('spares buckets that opted out of what a runbook changes: a deny on that runbook role only', () => {
    const { remediation: spared } = build({
      optedOutBuckets: [
        { bucketName: 'acme-scratch', settings: ['versioning', 'lifecycle'] },
        { bucketName: 'acme-legacy', settings: ['enforceTls'] },
        { bucketName: 'acme-logs', settings: ['accessLogs'] },
      ],
    });
    const statementsOf = (name: string) =>
      spared.remediations.find((r) => r.runbook.name === name)!.role.policyDocument.Statement;
    expect(statementsOf('versioning')[1]).toEqual({
      Sid: 'SpareOptedOutBuckets',
      Effect: 'Deny',
      Action: ['s3:PutBucketVersioning'],
      Resource: 'arn:aws:s3:::acme-scratch',
    });
    expect(statementsOf('tls-only')[1]).toEqual({
      Sid: 'SpareOptedOutBuckets',
      Effect: 'Deny',
      Action: ['s3:PutBucketPolicy', 's3:DeleteBucketPolicy'],
      Resource: 'arn:aws:s3:::acme-legacy',
    });
    expect(statementsOf('bucket-public-access-block')).toHaveLength(1);
    expect(statementsOf('default-encryption')).toHaveLength(1);
  });

  it('spares a bucket that opted out of part of Block Public Access too, proven by simulation of the role policy', async () => {
    const stack = testStack();
    const noLogs = { enabled: false as const, reason: 'short-lived test bucket, logs not kept' };
    const site = new SecureBucket(stack, 'site', {
      bucketName: 'acme-public-site',
      accessLogs: noLogs,
      blockPublicAccess: {
        blockPublicPolicy: false,
        restrictPublicBuckets: false,
        reason: 'public website behind a reviewed bucket policy',
      },
    });
    const data = new SecureBucket(stack, 'data', { bucketName: 'acme-data', accessLogs: noLogs });
    const settings = site.optOuts.map((o) => o.setting);
    expect(settings).toContain('blockPublicAccess.blockPublicPolicy+restrictPublicBuckets');
    const rules = new S3ComplianceRules(stack, 'rules', { recorder: 'existing' });
    const fix = new S3AutoRemediation(stack, 'fix', {
      rules,
      optedOutBuckets: [
        { bucketName: site.bucketName, settings },
        { bucketName: data.bucketName, settings: data.optOuts.map((o) => o.setting) },
      ],
    });
    const role = fix.remediations.find((r) => r.runbook.name === 'bucket-public-access-block')!.role;
    const request = (bucket: string) =>
      simulate(
        { identityPolicies: [role.policyDocument] },
        {
          principal: `arn:aws:iam::${ACCOUNT}:role/s3-remediation-bucket-public-access-block-eu-west-1`,
          action: 's3:PutBucketPublicAccessBlock',
          resource: `arn:aws:s3:::${bucket}`,
          resourceAccount: ACCOUNT,
        },
      );
    expect(await request('acme-public-site')).toBe('ExplicitlyDenied');
    expect(await request('acme-data')).toBe('Allowed');
    // Only the runbook that would overwrite the choice spares the bucket.
    const versioning = fix.remediations.find((r) => r.runbook.name === 'versioning')!.role;
    expect(versioning.policyDocument.Statement).toHaveLength(1);
  });

  it('records the controls each remediation restores', () => {
    const rec = (doc: string) => (byDoc[doc]['//'] as any)['s3-security'].controls;
    expect(rec('AWS-EnableS3BucketEncryption')).toEqual(['s3-default-encryption']);
    expect(rec('AWSConfigRemediation-ConfigureS3BucketPublicAccessBlock')).toEqual([
      's3-bucket-public-access-block',
    ]);
  });

  it('can be manual and use SSE-KMS with the AWS managed key', () => {
    const { json: j } = build({
      automatic: false,
      sseAlgorithm: 'aws:kms',
      runbooks: ['default-encryption'],
    });
    const [r] = Object.values(resourcesOf(j, 'aws_config_remediation_configuration'));
    expect(r.automatic).toBe(false);
    expect(r.maximum_automatic_attempts).toBeUndefined();
    expect(paramsOf(r).SSEAlgorithm).toBe('aws:kms');
  });

  it('offers logging remediation only for a target that accepts ACL grants, manual by default', () => {
    const { json: j } = build({
      runbooks: [],
      accessLogging: {
        targetBucketName: 'legacy-logs-111122223333',
        targetObjectOwnership: {
          mode: 'BucketOwnerPreferred',
          reason: 'legacy log bucket still uses the log-delivery ACL',
        },
        targetPrefix: 'remediated/',
        grantee: { type: 'Group', uri: 'http://acs.amazonaws.com/groups/s3/LogDelivery' },
      },
    });
    const [r] = Object.values(resourcesOf(j, 'aws_config_remediation_configuration'));
    expect(r.target_id).toBe('AWS-ConfigureS3BucketLogging');
    expect(r.automatic).toBe(false);
    expect(paramsOf(r)).toMatchObject({
      TargetBucket: 'legacy-logs-111122223333',
      TargetPrefix: 'remediated/',
      GrantedPermission: 'READ',
      GranteeType: 'Group',
      GranteeUri: 'http://acs.amazonaws.com/groups/s3/LogDelivery',
    });
    expect((r['//'] as any)['s3-security'].optOuts).toEqual([
      {
        setting: 'accessLogging.targetObjectOwnership',
        controls: ['s3-acls-disabled'],
        reason: 'legacy log bucket still uses the log-delivery ACL',
      },
    ]);
  });

  const logging = {
    targetBucketName: 'legacy-logs-111122223333',
    targetObjectOwnership: { mode: 'BucketOwnerPreferred' as const, reason: 'legacy log bucket with ACLs' },
    grantee: { type: 'Group' as const, uri: 'http://acs.amazonaws.com/groups/s3/LogDelivery' },
  };
  it.each<[Partial<S3AutoRemediationProps>, string, Partial<S3ComplianceRulesProps>?]>([
    [{ runbooks: ['delete-bucket' as never] }, 'runbooks[0] "delete-bucket" is not a known runbook'],
    [
      { runbooks: ['access-logging' as never] },
      'runbooks[0] "access-logging" is configured with accessLogging',
    ],
    [
      { runbooks: ['versioning', 'versioning'] },
      'runbooks ["versioning","versioning"] lists a runbook twice',
    ],
    [{ runbooks: [] }, 'runbooks [] attach no remediation'],
    [{ sseAlgorithm: 'aws:kms:dsse' as never }, 'sseAlgorithm "aws:kms:dsse" must be AES256 or aws:kms'],
    [{ retry: { maximumAttempts: 26 } }, 'retry.maximumAttempts 26 must be a whole number from 1 to 25'],
    [{ retry: { retrySeconds: 0 } }, 'retry.retrySeconds 0 must be a whole number from 1 to 2678000'],
    [{ retry: { errorPercentage: 101 } }, 'retry.errorPercentage 101 must be a whole number from 1 to 100'],
    [{ roleNamePrefix: 'bad prefix' }, 'roleNamePrefix "bad prefix" must be 1 to 32'],
    [
      { roleNamePrefix: 'acme-security-automated-repairs' },
      'roleNamePrefix "acme-security-automated-repairs" makes the role name acme-security-automated-repairs-bucket-public-access-block-eu-west-1 longer than the 64 characters IAM accepts',
    ],
    [
      { optedOutBuckets: [{ bucketName: 'Scratch', settings: ['versioning'] }] },
      'optedOutBuckets[0].bucketName "Scratch" is not a valid S3 bucket name',
    ],
    [
      { optedOutBuckets: [{ bucketName: 'scratch-1', settings: [] }] },
      'optedOutBuckets[0].settings [] must name at least one opted-out setting',
    ],
    [
      { runbooks: ['tls-only'] },
      'runbooks "tls-only" needs the Config rule s3-bucket-ssl-requests-only, which test/rules does not deploy',
      { packs: ['resilience'] },
    ],
    [{}, 'rules "test/rules" are organization rules', { organization: {} }],
    [
      {
        runbooks: [],
        accessLogging: {
          ...logging,
          targetObjectOwnership: { mode: 'BucketOwnerEnforced' as never, reason: 'all ACLs disabled here' },
        },
      },
      'accessLogging.targetObjectOwnership.mode "BucketOwnerEnforced" must be BucketOwnerPreferred or ObjectWriter: AWS-ConfigureS3BucketLogging always adds an ACL grant',
    ],
    [
      {
        runbooks: [],
        accessLogging: { ...logging, grantee: { type: 'AmazonCustomerByEmail' as never, uri: '' } },
      },
      'accessLogging.grantee.type "AmazonCustomerByEmail" must be CanonicalUser or Group',
    ],
    [
      {
        runbooks: [],
        accessLogging: {
          ...logging,
          grantee: { type: 'Group', uri: 'http://acs.amazonaws.com/groups/global/AllUsers' },
        },
      },
      'accessLogging.grantee.uri "http://acs.amazonaws.com/groups/global/AllUsers" must be http://acs.amazonaws.com/groups/s3/LogDelivery',
    ],
    [
      { runbooks: [], accessLogging: { ...logging, grantee: { type: 'CanonicalUser', id: 'abc' } } },
      'accessLogging.grantee.id "abc" is not a canonical user id',
    ],
    [
      { runbooks: [], accessLogging: { ...logging, targetBucketName: 'Legacy' } },
      'accessLogging.targetBucketName "Legacy" is not a valid S3 bucket name',
    ],
  ])('rejects %j', (props, message, rulesProps = {}) => {
    expectError(() => build(props, rulesProps), `test/fix: ${message}`);
  });
});
