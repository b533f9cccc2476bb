import { TerraformStack, Testing } from 'cdktf';
import { CONTROLS } from '../../controls/catalog';
import { declareControls, isModuleControlDeclaration } from '../../controls/declarations';
import { METADATA_KEY } from '../../controls/opt-outs';
import { SecureAccessPoint, SecureMultiRegionAccessPoint } from '../../modules/access-point';
import { AccountPublicAccessBlock } from '../../modules/account-public-access';
import { S3AutoRemediation } from '../../modules/auto-remediation';
import { restrictToVpcEndpoints } from '../../modules/bucket-policy';
import { S3DataEventsTrail } from '../../modules/cloudtrail-data-events';
import { ConfigRecorder, S3ComplianceRules, S3_MANAGED_RULES } from '../../modules/config-compliance';
import { AwsPlacement } from '../../modules/core';
import { ClamAvScanner, GuardDutyMalwareProtection } from '../../modules/malware-protection';
import { OrganizationGuardrails } from '../../modules/organization-guardrails';
import { BucketReplication } from '../../modules/replication';
import { AccessLogBucket, SecureBucket } from '../../modules/secure-bucket';
import { SecurityAlerts } from '../../modules/security-alerts';
import { ClassificationJob, DiscoveryResultsExport, MacieAccount } from '../../modules/macie';
import { moduleDeclarations } from '../../scripts/docs';
import { buildApp } from '../../stacks/app';
import { DEFAULT_CONFIG, parseConfig } from '../../stacks/config';
import { testStack } from '../helpers';

type Records = Map<string, Set<string>>;

/** The controls each module records in the `//` metadata of a synthesized stack, by module. */
function recorded(stacks: readonly TerraformStack[], into: Records = new Map()): Records {
  for (const stack of stacks) {
    const json = stack.toTerraform() as {
      resource?: Record<string, Record<string, Record<string, unknown>>>;
    };
    for (const byName of Object.values(json.resource ?? {})) {
      for (const resource of Object.values(byName)) {
        const record = (resource['//'] as Record<string, unknown> | undefined)?.[METADATA_KEY] as
          { module: string; controls: string[] } | undefined;
        if (!record) continue;
        const set = into.get(record.module) ?? new Set<string>();
        record.controls.forEach((c) => set.add(c));
        into.set(record.module, set);
      }
    }
  }
  return into;
}

/** Every module with every opt-in the declarations name turned on. */
function everyOptIn(): TerraformStack {
  const stack = testStack();
  const logs = new AccessLogBucket(stack, 'logs', { bucketName: 'opt-in-logs-111122223333' });
  const data = new SecureBucket(stack, 'data', {
    bucketName: 'opt-in-data-111122223333',
    accessLogs: { bucket: logs },
    objectLock: { mode: 'GOVERNANCE', days: 30 },
    versioning: {
      mfaDelete: {
        serialNumber: 'arn:aws:iam::111122223333:mfa/root-account-mfa-device',
        tokenCode: '123456',
      },
    },
    lifecycle: { enabled: false, reason: 'MFA delete refuses a lifecycle configuration' },
  });
  data.addPolicyTemplates('test', (arn) => restrictToVpcEndpoints(arn, { endpointIds: ['vpce-0a1b2c3d'] }));
  const uploads = new SecureBucket(stack, 'uploads', {
    bucketName: 'opt-in-uploads-111122223333',
    accessLogs: { bucket: logs },
    requireMalwareScan: { scanner: 'guardduty' },
  });
  const trail = new S3DataEventsTrail(stack, 'trail', {
    trailName: 'opt-in-trail',
    bucket: { bucketName: 'opt-in-trail-111122223333', accessLogs: { bucket: logs } },
    cloudWatchLogs: {},
  });
  const recorder = new ConfigRecorder(stack, 'config', {
    bucket: { bucketName: 'opt-in-config-111122223333', accessLogs: { bucket: logs } },
  });
  const rules = new S3ComplianceRules(stack, 'rules', {
    recorder,
    packs: ['public-access', 'access-control', 'encryption', 'logging', 'resilience', 'strict-resilience'],
    rules: S3_MANAGED_RULES.map((r) => r.name),
    parameters: {
      's3-bucket-policy-not-more-permissive': { controlPolicy: '{"Version":"2012-10-17","Statement":[]}' },
    },
  });
  new S3AutoRemediation(stack, 'fix', {
    rules,
    accessLogging: {
      targetBucketName: 'legacy-logs-111122223333',
      targetObjectOwnership: { mode: 'BucketOwnerPreferred', reason: 'legacy target keeps the ACL grant' },
      grantee: { type: 'Group', uri: 'http://acs.amazonaws.com/groups/s3/LogDelivery' },
    },
  });
  const alerts = new SecurityAlerts(stack, 'alerts', {
    emails: ['security@example.com'],
    trailLogGroupName: trail.logGroup!.name,
  });
  new GuardDutyMalwareProtection(stack, 'malware', { bucket: uploads, alerts });
  new ClamAvScanner(stack, 'clamav', {
    bucket: new SecureBucket(stack, 'scanned', {
      bucketName: 'opt-in-scanned-111122223333',
      accessLogs: { bucket: logs },
      requireMalwareScan: { scanner: 'clamav' },
    }),
    definitionsBucket: new SecureBucket(stack, 'definitions', {
      bucketName: 'opt-in-definitions-111122223333',
      accessLogs: { bucket: logs },
    }),
    engine: { layerArn: 'arn:aws:lambda:eu-west-1:111122223333:layer:clamav:1' },
    alerts,
  });
  new OrganizationGuardrails(stack, 'guardrails', {
    targetIds: ['r-ab12'],
    breakGlassPrincipalArns: ['arn:aws:iam::*:role/break-glass'],
    protectedBuckets: ['opt-in-*'],
    auditLogs: { bucketNames: ['opt-in-trail-*'] },
    resourceControlPolicies: { organizationId: 'o-a1b2c3d4e5' },
  });
  new AccountPublicAccessBlock(stack, 'account');
  const site = new AwsPlacement(stack, 'replica-site', { region: 'eu-central-1' });
  const siteLogs = new AccessLogBucket(site, 'logs', { bucketName: 'opt-in-logs-fra-111122223333' });
  const replica = new SecureBucket(site, 'replica', {
    bucketName: 'opt-in-replica-111122223333',
    accessLogs: { bucket: siteLogs },
    objectLock: { mode: 'GOVERNANCE', days: 30 },
  });
  new BucketReplication(stack, 'replication', { source: data, destination: replica });
  new SecureAccessPoint(stack, 'ap', { bucket: data, name: 'opt-in-readers' });
  new SecureMultiRegionAccessPoint(stack, 'mrap', { name: 'opt-in-global', buckets: [data, replica] });
  const macie = new MacieAccount(stack, 'macie');
  new ClassificationJob(stack, 'job', {
    macie,
    name: 'opt-in',
    schedule: { frequency: 'DAILY' },
    buckets: ['opt-in-data-111122223333'],
  });
  new DiscoveryResultsExport(stack, 'results', {
    macie,
    bucket: { bucketName: 'opt-in-macie-111122223333', accessLogs: { bucket: logs } },
  });
  return stack;
}

function defaultApp(): TerraformStack[] {
  const app = Testing.app();
  buildApp(app, parseConfig(DEFAULT_CONFIG, 'default'));
  return app.node.children.filter((c): c is TerraformStack => c instanceof TerraformStack);
}

describe('module control declarations', () => {
  const declarations = moduleDeclarations();
  const declared = (module: string) =>
    new Set(declarations.filter((d) => d.module === module).flatMap((d) => d.controls.map((e) => e.control)));
  const declaredByDefault = (module: string) =>
    new Set(
      declarations
        .filter((d) => d.module === module)
        .flatMap((d) => d.controls.filter((e) => e.byDefault).map((e) => e.control)),
    );
  const fromDefaultApp = recorded(defaultApp());
  const fromOptIns = recorded([everyOptIn()]);

  it.each([
    ['the default app', fromDefaultApp],
    ['every opt-in', fromOptIns],
  ])('with %s, each module records only controls it declares', (_what, records) => {
    expect(records.size).toBeGreaterThan(4);
    for (const [module, controls] of records) {
      const undeclared = [...controls].filter((c) => !declared(module).has(c as never));
      expect([module, undeclared]).toEqual([module, []]);
    }
  });

  it('records every declared control of a module somewhere once its opt-ins are on', () => {
    for (const d of declarations) {
      const missing = d.controls.map((e) => e.control).filter((c) => !fromOptIns.get(d.module)?.has(c));
      expect([d.module, d.role, missing]).toEqual([d.module, d.role, []]);
    }
  });

  it('records the controls declared as on by default in the default app', () => {
    for (const module of [
      'SecureBucket',
      'S3DataEventsTrail',
      'ConfigRecorder',
      'AccountPublicAccessBlock',
      'BucketReplication',
      'SecureAccessPoint',
      'MacieAccount',
      'ClassificationJob',
      'DiscoveryResultsExport',
    ]) {
      const missing = [...declaredByDefault(module)].filter((c) => !fromDefaultApp.get(module)?.has(c));
      expect([module, missing]).toEqual([module, []]);
    }
  });

  it('names only catalog controls, with a role and a prop', () => {
    const ids = new Set<string>(CONTROLS.map((c) => c.id));
    for (const d of declarations) {
      expect(['prevents', 'keeps', 'detects', 'repairs']).toContain(d.role);
      for (const e of d.controls) {
        expect([d.module, ids.has(e.control), e.prop.length > 0]).toEqual([d.module, true, true]);
      }
    }
  });

  it('marks a declaration so generators find it, with prevents as the default role', () => {
    const d = declareControls({
      module: 'Example',
      controls: [{ control: 's3-versioning', prop: 'versioning', byDefault: true }],
    });
    expect(d.role).toBe('prevents');
    expect(isModuleControlDeclaration(d)).toBe(true);
    expect(isModuleControlDeclaration({ ...d })).toBe(false);
  });
});
