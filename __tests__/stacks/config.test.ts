import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, TerraformStack, Testing } from 'cdktf';
import { buildApp } from '../../stacks/app';
import { ConfigError, DEFAULT_CONFIG, loadConfigFile, parseConfig, resolveConfig } from '../../stacks/config';
import { expectError } from '../helpers';

const base = () => JSON.parse(JSON.stringify(DEFAULT_CONFIG));

describe('configuration', () => {
  it('the embedded default is valid and fills defaults', () => {
    const config = parseConfig(DEFAULT_CONFIG);
    expect(config.backend).toEqual({ type: 'local' });
    expect(config.secureData!.buckets.map((b) => b.id)).toEqual(['documents', 'records']);
    expect(resolveConfig({})).toEqual(config);
  });

  it.each([
    [
      (c: Record<string, any>) => (c.environment.accountId = '12345'),
      'environment.accountId: must be a 12-digit AWS account id',
    ],
    [
      (c: Record<string, any>) => (c.environment.region = 'Ireland'),
      'environment.region: is not an AWS region code',
    ],
    [
      (c: Record<string, any>) => (c.environment.region = 'us-east-3'),
      'environment.region: is not an AWS Region: no Region has this code',
    ],
    [
      (c: Record<string, any>) => (c.backend = { type: 's3', bucket: 'state-bucket', region: 'eu-west-9' }),
      'backend.region: is not an AWS Region',
    ],
    [
      (c: Record<string, any>) => (c.secureData.buckets[0].versioning = { enabled: false }),
      'secureData.buckets[0].versioning.reason: reason is required when enabled is false',
    ],
    [
      (c: Record<string, any>) =>
        (c.secureData.buckets[0].versioning = { enabled: true, reason: 'keep it on, please' }),
      'secureData.buckets[0].versioning.enabled: must be false: an opt-out turns a secure default off',
    ],
    [
      (c: Record<string, any>) => (c.secureData.buckets[0].encryption = { type: 'SSE_S3' }),
      'secureData.buckets[0].encryption.reason: reason is required: say why this weaker choice is accepted',
    ],
    [(c: Record<string, any>) => delete c.environment, 'environment: Invalid input'],
    [(c: Record<string, any>) => (c.environment.colour = 'blue'), 'environment: Unrecognized key: "colour"'],
    [
      (c: Record<string, any>) => (c.backend = { type: 'local', path: '/var/state.tfstate' }),
      'backend.path: must be a relative path',
    ],
    [
      (c: Record<string, any>) => (c.backend = { type: 'gcs' }),
      "backend.type: Invalid discriminator value. Expected 'local' | 's3'",
    ],
    [
      (c: Record<string, any>) => (c.secureData.buckets = []),
      'secureData.buckets: must list at least one bucket',
    ],
    [
      (c: Record<string, any>) => (c.secureData.buckets[1].id = 'documents'),
      'secureData.buckets[1].id: duplicates the id of buckets[0]',
    ],
    [
      (c: Record<string, any>) => (c.secureData.buckets[0].id = '1st'),
      'secureData.buckets[0].id: must start with a letter',
    ],
    [
      (c: Record<string, any>) => (c.secureData.buckets[0].versioning = { enabled: false, reason: 'no' }),
      'secureData.buckets[0].versioning.reason: an opt-out reason must explain',
    ],
    [
      (c: Record<string, any>) => (c.secureData.buckets[0].encryption = { type: 'SSE_KMS', keyArn: 'abc' }),
      'secureData.buckets[0].encryption.keyArn: must be a KMS key ARN',
    ],
    [
      (c: Record<string, any>) => (c.secureData.buckets[0].minimumTlsVersion = 1.1),
      'secureData.buckets[0].minimumTlsVersion: Invalid input',
    ],
    [
      (c: Record<string, any>) => (c.secureData.buckets[0].objectLock = { mode: 'FOREVER', days: 1 }),
      'secureData.buckets[0].objectLock.mode: Invalid option',
    ],
    [
      (c: Record<string, any>) => (c.secureData.logBucket = {}),
      'secureData.logBucket.name: Invalid input: expected string',
    ],
    [
      (c: Record<string, any>) => (c.accountBaseline.alertEmails = []),
      'accountBaseline.alertEmails: must list at least one address',
    ],
    [
      (c: Record<string, any>) => (c.accountBaseline.config = { recorder: 'create' }),
      "accountBaseline.config.bucketName: is required when recorder is 'create'",
    ],
    [
      (c: Record<string, any>) => (c.accountBaseline.config.packs = ['everything']),
      'accountBaseline.config.packs[0]: Invalid option',
    ],
    [
      (c: Record<string, any>) => (c.accountBaseline.config.rules = ['s3-magic-check']),
      'accountBaseline.config.rules[0]: Invalid option',
    ],
    [
      (c: Record<string, any>) => (c.accountBaseline.remediation = { runbooks: ['access-logging'] }),
      'accountBaseline.remediation',
    ],
    [
      (c: Record<string, any>) => (c.accountBaseline.trail.dataEvents = { readWrite: 'SOME' }),
      'accountBaseline.trail.dataEvents',
    ],
    [
      (c: Record<string, any>) =>
        (c.accountBaseline.accountPublicAccessBlock = { enabled: false, reason: 'no' }),
      'accountBaseline.accountPublicAccessBlock.reason: an opt-out reason must explain',
    ],
  ])('rejects bad input with the path of the value (%#)', (mutate, message) => {
    const c = base();
    mutate(c);
    expectError(() => parseConfig(c, 'my.json'), `my.json: ${message}`);
  });

  it('keeps configurations without an accountBaseline section valid (the stack is then not built)', () => {
    const c = base();
    delete c.accountBaseline;
    expect(parseConfig(c).accountBaseline).toBeUndefined();
    expect(parseConfig(DEFAULT_CONFIG).accountBaseline).toMatchObject({
      enabled: true,
      stackName: 'account-baseline',
      alertEmails: ['security-alerts@example.com'],
      trail: { name: 's3-security-trail', cloudWatchLogsRetentionDays: 365 },
      config: { recorder: 'create', createServiceLinkedRole: true },
    });
  });

  it('a configuration may hold a single stack (a management account with the guardrails only)', () => {
    const c = base();
    for (const section of [
      'secureData',
      'policyShowcase',
      'accountBaseline',
      'privateNetwork',
      'resilience',
      'dataClassification',
      'malwareProtection',
    ])
      delete c[section];
    const config = parseConfig(c, 'management.json');
    const app = buildApp(Testing.app() as App, config);
    expect(app.node.children.filter((n) => TerraformStack.isStack(n)).map((n) => n.node.id)).toEqual([
      'organization-guardrails',
    ]);
    delete c.organizationGuardrails;
    expectError(
      () => parseConfig(c, 'empty.json'),
      'empty.json: (top level): deploys no stack: add secureData or enable one of',
    );
  });

  it('reads a file, naming it in errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify(DEFAULT_CONFIG));
    expect(loadConfigFile(good).environment.region).toBe('eu-west-1');
    expect(resolveConfig({ S3_SECURITY_CONFIG: good }).secureData!.stackName).toBe('secure-data');

    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"environment": ');
    expectError(() => loadConfigFile(broken), `${broken}: not valid JSON`);
    expectError(
      () => loadConfigFile(join(dir, 'missing.json')),
      'cannot read the configuration file (ENOENT)',
    );
    expect(() => loadConfigFile(broken)).toThrow(ConfigError);
  });

  it('says where invalid JSON breaks (line and column), and refuses binary or non-UTF-8 files in one short line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    const trailing = join(dir, 'trailing.json');
    writeFileSync(trailing, '{\n  "environment": { "region": "eu-west-1" },\n}\n');
    expectError(
      () => loadConfigFile(trailing),
      `${trailing}: not valid JSON: line 3, column 1: expected double-quoted property name`,
    );
    const token = join(dir, 'token.json');
    writeFileSync(token, '{\n  "environment": x\n}');
    expectError(() => loadConfigFile(token), `${token}: not valid JSON: line 2, column 18: unexpected "x"`);
    const binary = join(dir, 'binary.json');
    writeFileSync(binary, Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 256)));
    const latin1 = join(dir, 'latin1.json');
    writeFileSync(latin1, Buffer.from(`{"tags": {"team": "${'caf\u00e9 '.repeat(200_000)}"}}`, 'latin1'));
    for (const file of [binary, latin1]) {
      const message = (() => {
        try {
          loadConfigFile(file);
        } catch (e) {
          return (e as Error).message;
        }
        return '';
      })();
      expect(message).toBe(`${file}: not a JSON configuration file (binary, or not UTF-8 text)`);
    }
  });

  it("runs synth as the app directly, so its errors print once (cdktf synth repeats the app's standard error)", () => {
    const root = join(__dirname, '..', '..');
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const cdktf = JSON.parse(readFileSync(join(root, 'cdktf.json'), 'utf8')) as { app: string };
    expect(pkg.scripts.synth).toBe(cdktf.app);
  });
});

describe('organizationGuardrails and privateNetwork configuration', () => {
  const stackIds = (input: unknown) =>
    buildApp(Testing.app(), parseConfig(input, 'test')).node.children.map((c) => c.node.id);

  it('are in the embedded default, enabled, with placeholder values', () => {
    const config = parseConfig(DEFAULT_CONFIG);
    expect(config.organizationGuardrails).toMatchObject({
      enabled: true,
      targetIds: ['ou-a1b2-c3d4e5f6'],
      breakGlassPrincipalArns: ['arn:aws:iam::*:role/break-glass', 'arn:aws:iam::*:role/terraform-deployer'],
      auditLogs: { bucketNames: ['example-audit-access-logs-*', 'example-cloudtrail-*', 'example-config-*'] },
      resourceControlPolicies: { organizationId: 'o-a1b2c3d4e5' },
    });
    expect(config.privateNetwork).toMatchObject({
      enabled: true,
      vpc: { cidrBlock: '198.51.100.0/24', interfaceServices: ['s3', 'sts'] },
    });
    expect(stackIds(DEFAULT_CONFIG)).toEqual([
      'secure-data',
      'policy-showcase',
      'private-network',
      'resilient-data',
      'data-classification',
      'malware-protection',
      'account-baseline',
      'organization-guardrails',
    ]);
  });

  it('are optional: a configuration without them stays valid and builds no such stack', () => {
    const c = base();
    delete c.organizationGuardrails;
    delete c.privateNetwork;
    expect(stackIds(c)).toEqual([
      'secure-data',
      'policy-showcase',
      'resilient-data',
      'data-classification',
      'malware-protection',
      'account-baseline',
    ]);
  });

  it('can be turned off', () => {
    const c = base();
    c.organizationGuardrails.enabled = false;
    c.privateNetwork.enabled = false;
    expect(stackIds(c)).toEqual([
      'secure-data',
      'policy-showcase',
      'resilient-data',
      'data-classification',
      'malware-protection',
      'account-baseline',
    ]);
  });

  it.each([
    [
      (c: Record<string, any>) => (c.organizationGuardrails.targetIds = []),
      'organizationGuardrails.targetIds: must list at least one root, OU or account id',
    ],
    [
      (c: Record<string, any>) => (c.organizationGuardrails.breakGlassPrincipalArns = []),
      'organizationGuardrails.breakGlassPrincipalArns: must list at least one break-glass principal ARN',
    ],
    [
      (c: Record<string, any>) => (c.organizationGuardrails.managementAccountId = '1234'),
      'organizationGuardrails.managementAccountId: must be a 12-digit AWS account id',
    ],
    [
      (c: Record<string, any>) => (c.organizationGuardrails.auditLogs = { bucketNames: [] }),
      'organizationGuardrails.auditLogs.bucketNames: must list at least one bucket name or pattern',
    ],
    [
      (c: Record<string, any>) => (c.organizationGuardrails.protectMacie = { enabled: false, reason: 'no' }),
      'organizationGuardrails.protectMacie.reason: an opt-out reason must explain',
    ],
    [
      (c: Record<string, any>) => (c.organizationGuardrails.stackName = 'secure-data'),
      'organizationGuardrails.stackName: must differ from secureData.stackName',
    ],
    [
      (c: Record<string, any>) => (c.accountBaseline.stackName = 'policy-showcase'),
      'accountBaseline.stackName: must differ from policyShowcase.stackName',
    ],
    [
      (c: Record<string, any>) => (c.privateNetwork.stackName = 'organization-guardrails'),
      'privateNetwork.stackName: must differ from organizationGuardrails.stackName',
    ],
    [
      (c: Record<string, any>) => (c.privateNetwork.vpc.flowLogs = { maxAggregationInterval: 1.5 }),
      'privateNetwork.vpc.flowLogs: Invalid input',
    ],
    [
      (c: Record<string, any>) => (c.privateNetwork.vpc.natGateway = true),
      'privateNetwork.vpc: Unrecognized key',
    ],
    [
      (c: Record<string, any>) => delete c.privateNetwork.bucket,
      'privateNetwork.bucket: Invalid input: expected object',
    ],
  ])('rejects bad input with the path of the value (%#)', (mutate, message) => {
    const c = base();
    mutate(c);
    expectError(() => parseConfig(c, 'my.json'), `my.json: ${message}`);
  });
});

describe('dataClassification configuration', () => {
  it.each([
    [
      (c: Record<string, any>) => (c.dataClassification.jobs[0].customDataIdentifiers = ['ssn']),
      'dataClassification.jobs[0].customDataIdentifiers[0]: names no entry of customDataIdentifiers (known: employee-id)',
    ],
    [
      (c: Record<string, any>) => (c.dataClassification.alerts[1].customDataIdentifiers = ['ssn']),
      'dataClassification.alerts[1].customDataIdentifiers[0]: names no entry of customDataIdentifiers',
    ],
    [
      (c: Record<string, any>) => (c.dataClassification.alerts = []),
      'dataClassification.alerts: must list at least one alert',
    ],
    [
      (c: Record<string, any>) => c.dataClassification.jobs.push(c.dataClassification.jobs[0]),
      'dataClassification.jobs[1].id: duplicates the id of jobs[0]',
    ],
    [
      (c: Record<string, any>) => (c.dataClassification.findingsFilters[0].criteria[0].field = 'bucket'),
      'dataClassification.findingsFilters[0].criteria[0].field: Invalid option',
    ],
    [
      (c: Record<string, any>) => (c.dataClassification.jobs[0].schedule = { frequency: 'HOURLY' }),
      "dataClassification.jobs[0].schedule.frequency: Invalid discriminator value. Expected 'ONE_TIME' | 'DAILY' | 'WEEKLY' | 'MONTHLY'",
    ],
  ])('rejects a bad section (%#)', (mutate, message) => {
    const c = base();
    mutate(c);
    expectError(() => parseConfig(c, 'test'), `test: ${message}`);
  });

  it('passes Macie limits to the modules, which refuse values out of range', () => {
    const c = base();
    c.dataClassification.customDataIdentifiers[0].keywords = ['id'];
    expectError(
      () => buildApp(Testing.app() as App, parseConfig(c, 'test')),
      'data-classification/Identifier-employee-id: keywords[0] "id" must be 3 to 90 characters long',
    );
  });
});
