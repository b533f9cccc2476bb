/**
 * The account readers of the audit, against mocked SDK clients: what each
 * response becomes in the posture, how each "not configured" and denied call
 * maps, and how the review's judges then decide.
 */
import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
} from '@aws-sdk/client-cloudtrail';
import {
  ConfigServiceClient,
  DescribeConfigRulesCommand,
  DescribeConfigurationRecorderStatusCommand,
  DescribeConfigurationRecordersCommand,
  DescribeDeliveryChannelsCommand,
} from '@aws-sdk/client-config-service';
import {
  GetMalwareProtectionPlanCommand,
  GuardDutyClient,
  ListMalwareProtectionPlansCommand,
} from '@aws-sdk/client-guardduty';
import { GetMacieSessionCommand, Macie2Client } from '@aws-sdk/client-macie2';
import {
  GetAccessPointCommand,
  GetPublicAccessBlockCommand,
  ListAccessPointsCommand,
  ListMultiRegionAccessPointsCommand,
  S3ControlClient,
} from '@aws-sdk/client-s3-control';
import { mockClient } from 'aws-sdk-client-mock';
import { readAccountPosture } from '../../../cli/audit/account';
import { ACCOUNT_AUDIT_ACTIONS } from '../../../controls/audit-permissions';
import { evaluate } from '../../../controls/judges';
import { AccountPosture, BucketPosture, isUnknown } from '../../../controls/posture';
import { Finding } from '../../../controls/results';
import { awsError, testAuditContext } from '../../support/audit-context';

const ACCOUNT = '111122223333';
const REGIONS = ['us-east-1', 'eu-west-1'];
const TRAIL = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/org-wide`;
const LOCAL_TRAIL = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/local`;
const ALL_ON = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};

type Handler = (input: Record<string, unknown>) => unknown;

/** Answers by the client's region; a region without a handler gets `fallback`. */
function byRegion(
  stub: { callsFake(fn: (input: Record<string, unknown>, getClient: () => unknown) => unknown): unknown },
  handlers: Record<string, Handler>,
): void {
  stub.callsFake(async (input, getClient) => {
    const client = getClient() as { config: { region: () => Promise<string> } };
    const region = await client.config.region();
    const handler = handlers[region];
    if (!handler) throw new Error(`no mocked answer for ${region}`);
    return handler(input);
  });
}

const throws = (name: string, message?: string) => () => {
  throw awsError(name, message);
};

const resetMocks = () => Object.values(mocks).forEach((m) => m.reset());

const mocks = {
  s3control: mockClient(S3ControlClient),
  cloudtrail: mockClient(CloudTrailClient),
  config: mockClient(ConfigServiceClient),
  macie: mockClient(Macie2Client),
  guardduty: mockClient(GuardDutyClient),
};

/**
 * A two-region account with known gaps: the account block leaves public
 * policies allowed, one access point does not restrict public buckets, a
 * single-region trail is off (a multi-region trail covers S3 data events),
 * eu-west-1 has no Config recorder and no Macie, and GuardDuty plans cannot
 * be listed there.
 */
function mockKnownAccount(): void {
  resetMocks();
  mocks.s3control
    .on(GetPublicAccessBlockCommand)
    .resolves({ PublicAccessBlockConfiguration: { ...ALL_ON, BlockPublicPolicy: false } });
  byRegion(mocks.s3control.on(ListAccessPointsCommand), {
    'us-east-1': (input) =>
      input.NextToken === undefined
        ? { AccessPointList: [{ Name: 'reports', AccessPointArn: apArn('reports') }], NextToken: 'p2' }
        : { AccessPointList: [{ Name: 'partners', AccessPointArn: apArn('partners') }] },
    'eu-west-1': () => ({ AccessPointList: [] }),
  });
  mocks.s3control.on(GetAccessPointCommand, { Name: 'reports' }).resolves({
    Name: 'reports',
    PublicAccessBlockConfiguration: ALL_ON,
  });
  mocks.s3control.on(GetAccessPointCommand, { Name: 'partners' }).resolves({
    Name: 'partners',
    PublicAccessBlockConfiguration: { ...ALL_ON, RestrictPublicBuckets: false },
  });
  byRegion(mocks.s3control.on(ListMultiRegionAccessPointsCommand), {
    'us-west-2': () => ({
      AccessPoints: [{ Name: 'global', Alias: 'mfzwi23gnjvgw.mrap', PublicAccessBlock: ALL_ON }],
    }),
  });
  const orgWide = {
    Name: 'org-wide',
    TrailARN: TRAIL,
    HomeRegion: 'us-east-1',
    IsMultiRegionTrail: true,
    S3BucketName: 'trail-logs',
  };
  byRegion(mocks.cloudtrail.on(DescribeTrailsCommand), {
    'us-east-1': () => ({
      trailList: [
        orgWide,
        { Name: 'local', TrailARN: LOCAL_TRAIL, HomeRegion: 'us-east-1', S3BucketName: 'local-logs' },
      ],
    }),
    'eu-west-1': () => ({ trailList: [orgWide] }),
  });
  mocks.cloudtrail.on(GetTrailStatusCommand, { Name: TRAIL }).resolves({ IsLogging: true });
  mocks.cloudtrail.on(GetTrailStatusCommand, { Name: LOCAL_TRAIL }).resolves({ IsLogging: false });
  mocks.cloudtrail.on(GetEventSelectorsCommand, { TrailName: TRAIL }).resolves({
    AdvancedEventSelectors: [
      {
        Name: 'S3 objects',
        FieldSelectors: [
          { Field: 'eventCategory', Equals: ['Data'] },
          { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
        ],
      },
    ],
  });
  mocks.cloudtrail.on(GetEventSelectorsCommand, { TrailName: LOCAL_TRAIL }).resolves({
    EventSelectors: [
      {
        ReadWriteType: 'WriteOnly',
        DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::uploads/'] }],
      },
    ],
  });
  byRegion(mocks.config.on(DescribeConfigurationRecordersCommand), {
    'us-east-1': () => ({
      ConfigurationRecorders: [
        { name: 'default', recordingGroup: { allSupported: true, includeGlobalResourceTypes: true } },
      ],
    }),
    'eu-west-1': () => ({ ConfigurationRecorders: [] }),
  });
  mocks.config
    .on(DescribeConfigurationRecorderStatusCommand)
    .resolves({ ConfigurationRecordersStatus: [{ name: 'default', recording: true }] });
  mocks.config.on(DescribeDeliveryChannelsCommand).resolves({ DeliveryChannels: [{ name: 'default' }] });
  byRegion(mocks.config.on(DescribeConfigRulesCommand), {
    'us-east-1': (input) =>
      input.NextToken === undefined
        ? { ConfigRules: [rule('s3-ssl', 'S3_BUCKET_SSL_REQUESTS_ONLY')], NextToken: 'more' }
        : { ConfigRules: [rule('macie', 'MACIE_STATUS_CHECK')] },
    'eu-west-1': () => ({ ConfigRules: [] }),
  });
  byRegion(mocks.macie.on(GetMacieSessionCommand), {
    'us-east-1': () => ({ status: 'ENABLED' }),
    'eu-west-1': throws('AccessDeniedException', 'Macie is not enabled.'),
  });
  byRegion(mocks.guardduty.on(ListMalwareProtectionPlansCommand), {
    'us-east-1': () => ({ MalwareProtectionPlans: [{ MalwareProtectionPlanId: 'plan1' }] }),
    'eu-west-1': throws('AccessDeniedException', 'not authorized'),
  });
  mocks.guardduty.on(GetMalwareProtectionPlanCommand).resolves({
    Arn: `arn:aws:guardduty:us-east-1:${ACCOUNT}:malware-protection-plan/plan1`,
    ProtectedResource: { S3Bucket: { BucketName: 'uploads' } },
    Actions: { Tagging: { Status: 'ENABLED' } },
  });
}

const apArn = (name: string) => `arn:aws:s3:us-east-1:${ACCOUNT}:accesspoint/${name}`;
const rule = (name: string, id: string) => ({
  ConfigRuleName: name,
  ConfigRuleArn: `arn:aws:config:us-east-1:${ACCOUNT}:config-rule/${name}`,
  Source: { Owner: 'AWS' as const, SourceIdentifier: id },
});

/** A live bucket with nothing configured, enough for the malware judges. */
function bucket(name: string): BucketPosture {
  const arn = `arn:aws:s3:::${name}`;
  return {
    address: arn,
    name,
    arn,
    location: { address: arn },
    acceptedRisks: [],
    objectLockEnabled: false,
    publicAccessBlock: undefined,
    ownership: undefined,
    acl: undefined,
    encryption: undefined,
    versioning: undefined,
    logging: undefined,
    lifecycle: undefined,
    replication: undefined,
    objectLock: undefined,
    notifications: undefined,
    policy: undefined,
  };
}

function judge(account: AccountPosture, control: string, buckets: BucketPosture[] = []): Finding[] {
  return evaluate({ buckets, account }, { profile: 'all', only: [control] });
}

const brief = (findings: Finding[]) => findings.map((f) => [f.subject.id, f.status, f.message]);

async function read(regions = REGIONS) {
  const ctx = testAuditContext({ accountId: ACCOUNT, regions });
  const posture = await readAccountPosture(ctx);
  return { ctx, posture };
}

describe('an account with known gaps', () => {
  let result: Awaited<ReturnType<typeof read>>;
  beforeAll(async () => {
    mockKnownAccount();
    result = await read();
  });

  it('calls exactly the account-level actions of the audit policy (those after the bucket reads)', () => {
    const accountLevel = ACCOUNT_AUDIT_ACTIONS.slice(
      ACCOUNT_AUDIT_ACTIONS.indexOf('s3:GetAccountPublicAccessBlock'),
    );
    expect(accountLevel).toHaveLength(14);
    expect([...new Set(result.ctx.calls)].sort()).toEqual([...accountLevel].sort());
    expect(result.ctx.warnings).toEqual([]);
  });

  it('reads a multi-region trail seen from every region once, in its home region', () => {
    expect(result.posture.trails.map((t) => t.address)).toEqual([TRAIL, LOCAL_TRAIL]);
    expect(mocks.cloudtrail.commandCalls(DescribeTrailsCommand)).toHaveLength(2);
    expect(mocks.cloudtrail.commandCalls(DescribeTrailsCommand)[0].args[0].input).toEqual({
      includeShadowTrails: true,
    });
    expect(mocks.cloudtrail.commandCalls(GetTrailStatusCommand, { Name: TRAIL })).toHaveLength(1);
    const [orgWide, local] = result.posture.trails;
    expect(orgWide).toMatchObject({ multiRegion: true, logging: true, bucketName: 'trail-logs' });
    expect(orgWide.selectors).toEqual([
      { s3Objects: true, allBuckets: true, readEvents: true, writeEvents: true },
    ]);
    expect(local).toMatchObject({ multiRegion: false, logging: false });
    expect(local.selectors).toEqual([
      { s3Objects: true, allBuckets: false, readEvents: false, writeEvents: true },
    ]);
  });

  it('follows every page of access points and Config rules', () => {
    expect(result.posture.accessPoints.map((a) => [a.kind, a.name])).toEqual([
      ['access-point', 'reports'],
      ['access-point', 'partners'],
      ['multi-region-access-point', 'global'],
    ]);
    expect(result.posture.configRules.map((r) => r.identifier)).toEqual([
      'S3_BUCKET_SSL_REQUESTS_ONLY',
      'MACIE_STATUS_CHECK',
    ]);
  });

  it('judges the account block and each access point by its settings', () => {
    expect(brief(judge(result.posture, 's3-account-public-access-block'))).toEqual([
      [`arn:aws:s3::${ACCOUNT}:account-public-access-block`, 'fail', 'block_public_policy is false'],
    ]);
    expect(brief(judge(result.posture, 's3-access-point-public-access-block'))).toEqual([
      [apArn('reports'), 'pass', 'all four settings are true'],
      [apArn('partners'), 'fail', 'restrict_public_buckets is false'],
      [`arn:aws:s3::${ACCOUNT}:accesspoint/mfzwi23gnjvgw.mrap`, 'pass', 'all four settings are true'],
    ]);
  });

  it('passes data events on the multi-region trail', () => {
    expect(brief(judge(result.posture, 'cloudtrail-s3-data-events'))).toEqual([
      [TRAIL, 'pass', 'a multi-region trail records S3 read and write data events for all buckets'],
    ]);
  });

  it("judges a trail's bucket when it was audited, and says where to look when it was not", () => {
    const findings = judge(result.posture, 'cloudtrail-bucket-access-logging', [bucket('local-logs')]);
    expect(findings.map((f) => [f.subject.id, f.status])).toEqual([
      [TRAIL, 'unknown'],
      [LOCAL_TRAIL, 'fail'],
    ]);
    expect(findings[0].message).toBe(
      `the trail's bucket trail-logs is not among the audited buckets of account ${ACCOUNT} (us-east-1, eu-west-1); audit the account that owns it`,
    );
    expect(findings[1].message).toMatch(/^trail bucket arn:aws:s3:::local-logs: /);
  });

  it('fails Config and Macie in the region that has neither, by region', () => {
    const recorder = `arn:aws:config:us-east-1:${ACCOUNT}:configuration-recorder/default`;
    expect(brief(judge(result.posture, 'config-enabled'))).toEqual([
      [recorder, 'pass', 'the recorder records all resources and is started'],
      [
        `arn:aws:config:eu-west-1:${ACCOUNT}:configuration-recorder`,
        'fail',
        'no AWS Config configuration recorder in eu-west-1',
      ],
    ]);
    expect(brief(judge(result.posture, 'macie-enabled'))).toEqual([
      [`arn:aws:macie2:us-east-1:${ACCOUNT}:session`, 'pass', 'Macie is ENABLED'],
      [`arn:aws:macie2:eu-west-1:${ACCOUNT}:session`, 'fail', 'no enabled Macie in eu-west-1'],
    ]);
  });

  it('reports what it does not read as unknown, never as failed', () => {
    for (const control of ['macie-discovery', 'macie-results-exported', 's3-change-alerting']) {
      const findings = judge(result.posture, control);
      expect(findings.map((f) => f.status)).toEqual(['unknown']);
      expect(findings[0].message).toMatch(/^the audit does not read/);
    }
  });

  it('finds GuardDuty scanning of a bucket, and leaves the others unknown while a region cannot be listed', () => {
    const findings = judge(result.posture, 's3-malware-scanning', [bucket('uploads'), bucket('reports')]);
    expect(findings.map((f) => [f.subject.name, f.status])).toEqual([
      ['uploads', 'pass'],
      ['reports', 'unknown'],
    ]);
    expect(findings[1].message).toBe(
      'the GuardDuty Malware Protection plans of eu-west-1: access denied (the audit needs guardduty:ListMalwareProtectionPlans)',
    );
  });
});

describe('"not configured" and denied calls', () => {
  /** Mocks every service as an empty account, then applies `extra`. */
  async function readEmptyAccountWith(extra: () => void, regions = ['us-east-1']) {
    resetMocks();
    mocks.s3control.on(GetPublicAccessBlockCommand).resolves({ PublicAccessBlockConfiguration: ALL_ON });
    mocks.s3control.on(ListAccessPointsCommand).resolves({ AccessPointList: [] });
    mocks.s3control.on(ListMultiRegionAccessPointsCommand).resolves({});
    mocks.cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [] });
    mocks.config.on(DescribeConfigurationRecordersCommand).resolves({ ConfigurationRecorders: [] });
    mocks.config.on(DescribeConfigurationRecorderStatusCommand).resolves({});
    mocks.config.on(DescribeDeliveryChannelsCommand).resolves({});
    mocks.config.on(DescribeConfigRulesCommand).resolves({});
    mocks.macie.on(GetMacieSessionCommand).resolves({ status: 'ENABLED' });
    mocks.guardduty.on(ListMalwareProtectionPlansCommand).resolves({});
    extra();
    return read(regions);
  }

  it('an account without Block Public Access fails, a denied read is unknown naming the permission', async () => {
    const none = await readEmptyAccountWith(() =>
      mocks.s3control
        .on(GetPublicAccessBlockCommand)
        .rejects(awsError('NoSuchPublicAccessBlockConfiguration')),
    );
    expect(none.posture.publicAccessBlocks).toEqual([]);
    expect(brief(judge(none.posture, 's3-account-public-access-block'))).toEqual([
      [
        'account',
        'fail',
        `no account-level S3 Block Public Access configuration in account ${ACCOUNT} (us-east-1)`,
      ],
    ]);
    const denied = await readEmptyAccountWith(() =>
      mocks.s3control.on(GetPublicAccessBlockCommand).rejects(awsError('AccessDenied')),
    );
    expect(brief(judge(denied.posture, 's3-account-public-access-block'))).toEqual([
      [
        `arn:aws:s3::${ACCOUNT}:account-public-access-block`,
        'unknown',
        "the account's S3 Block Public Access: access denied (the audit needs s3:GetAccountPublicAccessBlock)",
      ],
    ]);
  });

  it('an account with no trail fails; a region whose trails cannot be listed is unknown there', async () => {
    const none = await readEmptyAccountWith(() => undefined);
    expect(brief(judge(none.posture, 'cloudtrail-s3-data-events'))).toEqual([
      ['account', 'fail', `no CloudTrail trail in account ${ACCOUNT} (us-east-1)`],
    ]);
    expect(judge(none.posture, 'cloudtrail-bucket-access-logging').map((f) => f.status)).toEqual([
      'not-applicable',
    ]);
    const denied = await readEmptyAccountWith(
      () =>
        byRegion(mocks.cloudtrail.on(DescribeTrailsCommand), {
          'us-east-1': () => ({ trailList: [] }),
          'eu-west-1': throws('AccessDeniedException'),
        }),
      REGIONS,
    );
    expect(brief(judge(denied.posture, 'cloudtrail-s3-data-events'))).toEqual([
      [
        `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/*`,
        'unknown',
        'the trails of eu-west-1: access denied (the audit needs cloudtrail:DescribeTrails)',
      ],
    ]);
  });

  it('a trail deleted mid-run is a warning; unreadable selectors are unknown', async () => {
    const { ctx, posture } = await readEmptyAccountWith(() => {
      mocks.cloudtrail.on(DescribeTrailsCommand).resolves({
        trailList: [
          { Name: 'gone', TrailARN: `${TRAIL}-gone`, HomeRegion: 'us-east-1' },
          { Name: 'org-wide', TrailARN: TRAIL, HomeRegion: 'us-east-1', IsMultiRegionTrail: true },
        ],
      });
      mocks.cloudtrail.on(GetTrailStatusCommand).resolves({ IsLogging: true });
      mocks.cloudtrail
        .on(GetTrailStatusCommand, { Name: `${TRAIL}-gone` })
        .rejects(awsError('TrailNotFoundException'));
      mocks.cloudtrail.on(GetEventSelectorsCommand).rejects(awsError('AccessDeniedException'));
    });
    expect(ctx.warnings).toEqual([`trail ${TRAIL}-gone was deleted while the audit ran`]);
    expect(posture.trails.map((t) => t.address)).toEqual([TRAIL]);
    expect(brief(judge(posture, 'cloudtrail-s3-data-events'))).toEqual([
      [
        TRAIL,
        'unknown',
        `the event selectors of trail ${TRAIL}: access denied (the audit needs cloudtrail:GetEventSelectors)`,
      ],
    ]);
  });

  it('Config: a stopped recorder without a delivery channel fails; denied reads are unknown', async () => {
    const stopped = await readEmptyAccountWith(() => {
      mocks.config
        .on(DescribeConfigurationRecordersCommand)
        .resolves({ ConfigurationRecorders: [{ name: 'main', recordingGroup: { allSupported: true } }] });
      mocks.config
        .on(DescribeConfigurationRecorderStatusCommand)
        .resolves({ ConfigurationRecordersStatus: [{ name: 'main', recording: false }] });
    });
    expect(judge(stopped.posture, 'config-enabled').map((f) => f.message)).toEqual([
      'the recorder does not include global resource types (IAM), is not recording (stopped), has no delivery channel',
    ]);
    const denied = await readEmptyAccountWith(() => {
      mocks.config
        .on(DescribeConfigurationRecordersCommand)
        .resolves({ ConfigurationRecorders: [{ name: 'main', recordingGroup: ALL_RECORDED }] });
      mocks.config.on(DescribeDeliveryChannelsCommand).resolves({ DeliveryChannels: [{ name: 'd' }] });
      mocks.config.on(DescribeConfigurationRecorderStatusCommand).rejects(awsError('AccessDeniedException'));
    });
    expect(brief(judge(denied.posture, 'config-enabled'))).toEqual([
      [
        `arn:aws:config:us-east-1:${ACCOUNT}:configuration-recorder/main`,
        'unknown',
        'the status of Config recorder main in us-east-1: access denied (the audit needs config:DescribeConfigurationRecorderStatus)',
      ],
    ]);
    const unlisted = await readEmptyAccountWith(() =>
      mocks.config.on(DescribeConfigurationRecordersCommand).rejects(awsError('AccessDeniedException')),
    );
    expect(judge(unlisted.posture, 'config-enabled').map((f) => [f.status, f.subject.id])).toEqual([
      ['unknown', `arn:aws:config:us-east-1:${ACCOUNT}:configuration-recorder/*`],
    ]);
  });

  it('Macie "not enabled" is absence, a real denial is unknown, a paused session fails', async () => {
    const cases: [Error | object, string, string][] = [
      [awsError('AccessDeniedException', 'Macie is not enabled.'), 'fail', 'no enabled Macie in us-east-1'],
      [
        awsError('AccessDeniedException', 'User is not authorized to perform: macie2:GetMacieSession'),
        'unknown',
        'the Macie session of us-east-1: access denied (the audit needs macie2:GetMacieSession)',
      ],
      [{ status: 'PAUSED' }, 'fail', 'Macie status is PAUSED'],
    ];
    for (const [answer, status, message] of cases) {
      const { posture } = await readEmptyAccountWith(() => {
        const stub = mocks.macie.on(GetMacieSessionCommand);
        if (answer instanceof Error) stub.rejects(answer);
        else stub.resolves(answer);
      });
      expect(brief(judge(posture, 'macie-enabled')).map(([, s, m]) => [s, m])).toEqual([[status, message]]);
    }
  });

  it('access points: a denied listing is unknown, one deleted mid-run is a warning', async () => {
    const denied = await readEmptyAccountWith(() =>
      mocks.s3control.on(ListAccessPointsCommand).rejects(awsError('AccessDenied')),
    );
    expect(brief(judge(denied.posture, 's3-access-point-public-access-block'))).toEqual([
      [
        `arn:aws:s3:us-east-1:${ACCOUNT}:accesspoint/*`,
        'unknown',
        'the access points of us-east-1: access denied (the audit needs s3:ListAccessPoints)',
      ],
    ]);
    const mrap = await readEmptyAccountWith(() =>
      mocks.s3control.on(ListMultiRegionAccessPointsCommand).rejects(awsError('AccessDenied')),
    );
    expect(brief(judge(mrap.posture, 's3-access-point-public-access-block'))).toEqual([
      [
        `arn:aws:s3::${ACCOUNT}:accesspoint/*`,
        'unknown',
        'the multi-region access points: access denied (the audit needs s3:ListMultiRegionAccessPoints)',
      ],
    ]);
    const gone = await readEmptyAccountWith(() => {
      mocks.s3control.on(ListAccessPointsCommand).resolves({
        AccessPointList: [
          { Name: 'old', AccessPointArn: apArn('old'), Bucket: 'data', NetworkOrigin: 'Internet' },
        ],
      });
      mocks.s3control.on(GetAccessPointCommand).rejects(awsError('NoSuchAccessPoint'));
    });
    expect(gone.ctx.warnings).toEqual([`access point ${apArn('old')} was deleted while the audit ran`]);
    expect(judge(gone.posture, 's3-access-point-public-access-block').map((f) => f.status)).toEqual([
      'not-applicable',
    ]);
  });

  it('GuardDuty: every page of plans is read; a plan deleted mid-run is a warning; tagging off is read', async () => {
    const { ctx, posture } = await readEmptyAccountWith(() => {
      mocks.guardduty
        .on(ListMalwareProtectionPlansCommand)
        .resolvesOnce({ MalwareProtectionPlans: [{ MalwareProtectionPlanId: 'a' }], NextToken: 'next' })
        .resolves({ MalwareProtectionPlans: [{ MalwareProtectionPlanId: 'b' }] });
      mocks.guardduty
        .on(GetMalwareProtectionPlanCommand, { MalwareProtectionPlanId: 'a' })
        .rejects(awsError('ResourceNotFoundException'));
      mocks.guardduty.on(GetMalwareProtectionPlanCommand, { MalwareProtectionPlanId: 'b' }).resolves({
        ProtectedResource: { S3Bucket: { BucketName: 'uploads' } },
        Actions: { Tagging: { Status: 'DISABLED' } },
      });
    });
    const plan = (id: string) => `arn:aws:guardduty:us-east-1:${ACCOUNT}:malware-protection-plan/${id}`;
    expect(ctx.warnings).toEqual([`malware protection plan ${plan('a')} was deleted while the audit ran`]);
    expect(posture.malwareScanners).toEqual([
      expect.objectContaining({ address: plan('b'), bucketNames: ['uploads'], tagging: false }),
    ]);
    expect(judge(posture, 's3-malware-scan-read-gate', [bucket('uploads')]).map((f) => f.status)).toEqual([
      'fail',
    ]);
    const unscanned = judge(posture, 's3-malware-scanning', [bucket('other')]);
    expect(unscanned.map((f) => f.status)).toEqual(['unknown']);
    expect(unscanned[0].message).toMatch(/^no GuardDuty Malware Protection plan scans this bucket; /);
  });

  it('a failed call (not denied, not absent) is unknown with its message', async () => {
    const { posture } = await readEmptyAccountWith(() =>
      mocks.macie.on(GetMacieSessionCommand).rejects(awsError('InternalServerException', 'try later')),
    );
    expect(posture.macie.map((m) => (isUnknown(m.status) ? m.status.unknown : m.status))).toEqual([
      'the Macie session of us-east-1 could not be read: try later',
    ]);
  });
});

const ALL_RECORDED = { allSupported: true, includeGlobalResourceTypes: true };
