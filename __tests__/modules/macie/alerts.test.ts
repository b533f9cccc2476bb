/**
 * Macie finding alerts: each pattern is matched against sample "Macie Finding"
 * events in the published schema, matched and not matched, and each message
 * renders from the event's own fields into one readable line.
 */
import { AlertMessage, EventPattern } from '../../../modules/security-alerts';
import {
  MACIE_FINDING_MESSAGE,
  MACIE_SENSITIVE_DATA_MESSAGE,
  MacieAlert,
  macieEventAlerts,
  macieFindingPattern,
} from '../../../modules/macie';
import { expectError, testStack } from '../../helpers';
import { matchesPattern } from '../../support/event-patterns';
import { macieFindingEvent, s3ApiCallEvent } from '../../support/sample-events';

/** What EventBridge's input transformer does with a template: each `<name>` becomes the value at its path. */
function render(event: unknown, message: AlertMessage): string {
  const value = (path: string) =>
    path
      .replace(/^\$\./, '')
      .split('.')
      .reduce<unknown>((o, k) => (o as Record<string, unknown> | null)?.[k], event);
  return JSON.parse(
    message.template.replace(/<([A-Za-z0-9_.-]+)>/g, (_m, name: string) => {
      const v = value(message.inputPaths[name]);
      if (v === undefined || v === null || typeof v === 'object')
        throw new Error(`${name} resolves to ${String(v)}`);
      return String(v);
    }),
  ) as string;
}

const matches = (pattern: EventPattern, event: unknown) => matchesPattern(event, pattern);

describe('Macie finding patterns', () => {
  it('fires on high-severity findings of any type by default, and only on Macie findings', () => {
    const p = macieFindingPattern({});
    expect(matches(p, macieFindingEvent({ severity: 'High' }))).toBe(true);
    expect(
      matches(p, macieFindingEvent({ severity: 'High', type: 'Policy:IAMUser/S3BlockPublicAccessDisabled' })),
    ).toBe(true);
    expect(matches(p, macieFindingEvent({ severity: 'Medium' }))).toBe(false);
    expect(matches(p, macieFindingEvent({ severity: 'Low' }))).toBe(false);
    expect(matches(p, { ...macieFindingEvent(), source: 'aws.guardduty' })).toBe(false);
    expect(
      matches(p, { ...macieFindingEvent(), 'detail-type': 'Macie Classification Job Status Change' }),
    ).toBe(false);
    expect(matches(p, s3ApiCallEvent('PutBucketPolicy'))).toBe(false);
  });

  it.each([
    ['Low', ['Low', 'Medium', 'High'], []],
    ['Medium', ['Medium', 'High'], ['Low']],
    ['High', ['High'], ['Low', 'Medium']],
  ] as const)('minimumSeverity %s fires on %j, not on %j', (minimumSeverity, fire, quiet) => {
    const p = macieFindingPattern({ minimumSeverity });
    for (const severity of fire) expect(matches(p, macieFindingEvent({ severity }))).toBe(true);
    for (const severity of quiet) expect(matches(p, macieFindingEvent({ severity }))).toBe(false);
  });

  it('filters by finding type', () => {
    const p = macieFindingPattern({
      minimumSeverity: 'Low',
      findingTypes: ['SensitiveData:S3Object/Credentials', 'Policy:IAMUser/S3BucketPublic'],
    });
    expect(matches(p, macieFindingEvent({ type: 'SensitiveData:S3Object/Credentials' }))).toBe(true);
    expect(matches(p, macieFindingEvent({ type: 'Policy:IAMUser/S3BucketPublic' }))).toBe(true);
    expect(matches(p, macieFindingEvent({ type: 'SensitiveData:S3Object/Personal' }))).toBe(false);
    expect(matches(p, macieFindingEvent({ type: 'Policy:IAMUser/S3BucketEncryptionDisabled' }))).toBe(false);
  });

  it('filters by bucket name', () => {
    const p = macieFindingPattern({ bucketNames: ['acme-payroll-111122223333'] });
    expect(matches(p, macieFindingEvent({ bucket: 'acme-payroll-111122223333' }))).toBe(true);
    expect(matches(p, macieFindingEvent({ bucket: 'acme-data-111122223333' }))).toBe(false);
  });

  it('filters by bucket tag', () => {
    const p = macieFindingPattern({ bucketTag: { key: 'data-classification', value: 'confidential' } });
    const tagged = (key: string, value: string) =>
      macieFindingEvent({
        bucketTags: [
          { key: 'team', value: 'hr' },
          { key, value },
        ],
      });
    expect(matches(p, tagged('data-classification', 'confidential'))).toBe(true);
    expect(matches(p, tagged('data-classification', 'public'))).toBe(false);
    expect(matches(p, tagged('classification', 'confidential'))).toBe(false);
    expect(matches(p, macieFindingEvent({ bucketTags: [] }))).toBe(false);
  });

  it('filters by custom data identifier name, which only sensitive data findings carry', () => {
    const p = macieFindingPattern({ minimumSeverity: 'Low', customDataIdentifierNames: ['employee-id'] });
    expect(matches(p, macieFindingEvent({ customDataIdentifiers: ['employee-id'] }))).toBe(true);
    expect(matches(p, macieFindingEvent({ customDataIdentifiers: ['project-code', 'employee-id'] }))).toBe(
      true,
    );
    expect(matches(p, macieFindingEvent({ customDataIdentifiers: ['project-code'] }))).toBe(false);
    expect(matches(p, macieFindingEvent({ customDataIdentifiers: [] }))).toBe(false);
    expect(matches(p, macieFindingEvent({ type: 'Policy:IAMUser/S3BucketPublic' }))).toBe(false);
  });

  it('combines criteria with AND', () => {
    const p = macieFindingPattern({
      minimumSeverity: 'Medium',
      findingTypes: ['SensitiveData:S3Object/Personal'],
      bucketNames: ['acme-data-111122223333'],
    });
    expect(matches(p, macieFindingEvent({ severity: 'Medium' }))).toBe(true);
    expect(matches(p, macieFindingEvent({ severity: 'Low' }))).toBe(false);
    expect(matches(p, macieFindingEvent({ bucket: 'acme-other-111122223333' }))).toBe(false);
    expect(matches(p, macieFindingEvent({ type: 'SensitiveData:S3Object/Financial' }))).toBe(false);
  });
});

describe('Macie alert messages', () => {
  it('names the object of a sensitive data finding in one line', () => {
    expect(render(macieFindingEvent({ severity: 'High' }), MACIE_SENSITIVE_DATA_MESSAGE)).toBe(
      'Amazon Macie High finding SensitiveData:S3Object/Personal: The S3 object contains personal information. ' +
        'Object s3://acme-data-111122223333/exports/2026/customers.csv in account 111122223333, eu-west-1, ' +
        'at 2026-05-04T10:29:51.402Z. Finding id 64b917aa3ed3b2d6ec3c9a5f3e1f8f12: open it in the Macie console (Findings) or with aws macie2 get-findings.',
    );
  });

  it('names the bucket of a policy finding, whose event has no object', () => {
    const event = macieFindingEvent({ type: 'Policy:IAMUser/S3BlockPublicAccessDisabled' });
    expect(render(event, MACIE_FINDING_MESSAGE)).toMatch(
      /^Amazon Macie High finding Policy:IAMUser\/S3BlockPublicAccessDisabled: Block Public Access settings are disabled for the S3 bucket Bucket acme-data-111122223333 in account 111122223333/,
    );
    expect(() => render(event, MACIE_SENSITIVE_DATA_MESSAGE)).toThrow('key resolves to undefined');
  });
});

describe('macieEventAlerts', () => {
  const alerts: MacieAlert[] = [
    { id: 'high-severity' },
    { id: 'employee-ids', minimumSeverity: 'Low', customDataIdentifierNames: ['employee-id'] },
    { id: 'public-buckets', findingTypes: ['Policy:IAMUser/S3BucketPublic'], minimumSeverity: 'Medium' },
  ];

  it('turns alerts into named rules with the message their findings can fill', () => {
    const out = macieEventAlerts(testStack(), alerts);
    expect(out.map((a) => [a.id, a.name, a.message === MACIE_SENSITIVE_DATA_MESSAGE])).toEqual([
      ['MacieHighSeverity', 's3-security-macie-high-severity', false],
      ['MacieEmployeeIds', 's3-security-macie-employee-ids', true],
      ['MaciePublicBuckets', 's3-security-macie-public-buckets', false],
    ]);
    expect(out[1].description).toBe('Macie findings of severity Low or higher matched by employee-id');
    expect(out[1].pattern).toEqual(macieFindingPattern(alerts[1]));
  });

  it.each<[string, MacieAlert, string]>([
    [
      'an id that is not a name',
      { id: 'High_Severity' },
      'alerts[0].id "High_Severity" must be 1 to 40 lowercase',
    ],
    [
      'an unknown severity',
      { id: 'a', minimumSeverity: 'Critical' as never },
      'alerts[0].minimumSeverity "Critical" must be one of Low, Medium, High',
    ],
    [
      'an unknown finding type',
      { id: 'a', findingTypes: ['SensitiveData:S3Object/Health' as never] },
      'alerts[0].findingTypes[0] "SensitiveData:S3Object/Health" is not a Macie finding type',
    ],
    ['a bad bucket name', { id: 'a', bucketNames: ['Acme_Data'] }, 'alerts[0].bucketNames[0] "Acme_Data"'],
    ['a bad tag key', { id: 'a', bucketTag: { key: '', value: 'x' } }, 'alerts[0].bucketTag.key ""'],
    [
      'a custom identifier on policy findings',
      {
        id: 'a',
        findingTypes: ['Policy:IAMUser/S3BucketPublic'],
        customDataIdentifierNames: ['employee-id'],
      },
      'can never match',
    ],
  ])('refuses %s', (_what, alert, message) => {
    expectError(() => macieEventAlerts(testStack(), [alert]), 'test: ', message);
  });

  it('refuses two alerts with one id', () => {
    expectError(
      () => macieEventAlerts(testStack(), [{ id: 'a' }, { id: 'a' }]),
      'alerts ["a","a"] repeats an alert id',
    );
  });
});
