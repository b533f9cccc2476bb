/**
 * Every Macie rule this project checks at synth: each bad value fails with a
 * message naming the construct path, the property, the value and the rule.
 * Limits are tested at their edges (the last good value passes, the first bad
 * one fails), from Macie's API reference.
 */
import { TerraformStack } from 'cdktf';
import {
  ClassificationJob,
  ClassificationJobProps,
  CustomDataIdentifier,
  CustomDataIdentifierProps,
  FindingsFilter,
  FindingsFilterProps,
  MacieAccount,
} from '../../../modules/macie';
import { expectError, testStack } from '../../helpers';

let stack: TerraformStack;
let macie: MacieAccount;
let n = 0;
beforeEach(() => {
  stack = testStack();
  macie = new MacieAccount(stack, 'macie');
});
const nextId = () => `c${n++}`;

const identifier = (over: Partial<CustomDataIdentifierProps>) =>
  new CustomDataIdentifier(stack, nextId(), { macie, name: 'employee-id', regex: 'EMP-[0-9]{6}', ...over });
const job = (over: Partial<ClassificationJobProps>) =>
  new ClassificationJob(stack, nextId(), {
    macie,
    name: 'weekly',
    schedule: { frequency: 'WEEKLY', dayOfWeek: 'MONDAY' },
    bucketTags: { 'data-classification': 'confidential' },
    ...over,
  });
const filter = (over: Partial<FindingsFilterProps>) =>
  new FindingsFilter(stack, nextId(), {
    macie,
    name: 'accepted-noise',
    action: 'ARCHIVE',
    criteria: [{ field: 'resourcesAffected.s3Bucket.name', eq: ['acme-public-site'] }],
    ...over,
  });
const words = (count: number, length: number) =>
  Array.from(
    { length: count },
    (_, i) => `${String(i).padStart(3, 'w')}${'x'.repeat(Math.max(0, length - 3))}`,
  );

describe('custom data identifier limits', () => {
  it.each<[string, Partial<CustomDataIdentifierProps>]>([
    ['a 512-character regex', { regex: 'a'.repeat(512) }],
    ['50 keywords of 3 and 90 characters', { keywords: [...words(49, 3), 'k'.repeat(90)] }],
    ['10 ignore words of 4 and 90 characters', { ignoreWords: [...words(9, 4), 'i'.repeat(90)] }],
    ['distance 1', { keywords: ['employee'], maximumMatchDistance: 1 }],
    ['distance 300', { keywords: ['employee'], maximumMatchDistance: 300 }],
    ['a 128-character name', { name: 'n'.repeat(128) }],
    ['keywords of multi-byte characters counted as characters', { keywords: ['naïve'.repeat(18)] }],
  ])('accepts %s', (_what, over) => {
    expect(() => identifier(over)).not.toThrow();
  });

  it.each<[string, Partial<CustomDataIdentifierProps>, string]>([
    ['a 513-character regex', { regex: 'a'.repeat(513) }, 'regex "aaaa'],
    ['an empty regex', { regex: '' }, 'regex "" must be 1 to 512 characters long'],
    ['51 keywords', { keywords: words(51, 5) }, 'keywords 51 must list 1 to 50 entries'],
    ['a 2-character keyword', { keywords: ['id'] }, 'keywords[0] "id" must be 3 to 90 characters long'],
    ['a 91-character keyword', { keywords: ['k'.repeat(91)] }, 'keywords[0] "kkk'],
    [
      'a repeated keyword',
      { keywords: ['employee', 'employee'] },
      'keywords ["employee","employee"] repeats an entry',
    ],
    ['11 ignore words', { ignoreWords: words(11, 5) }, 'ignoreWords 11 must list 1 to 10 entries'],
    [
      'a 3-character ignore word',
      { ignoreWords: ['EMP'] },
      'ignoreWords[0] "EMP" must be 4 to 90 characters long',
    ],
    ['a 91-character ignore word', { ignoreWords: ['i'.repeat(91)] }, 'must be 4 to 90 characters long'],
    [
      'distance 0',
      { keywords: ['employee'], maximumMatchDistance: 0 },
      'maximumMatchDistance 0 must be a whole number from 1 to 300',
    ],
    [
      'distance 301',
      { keywords: ['employee'], maximumMatchDistance: 301 },
      'maximumMatchDistance 301 must be a whole number from 1 to 300',
    ],
    [
      'a distance without keywords',
      { maximumMatchDistance: 20 },
      'maximumMatchDistance 20 has no effect without keywords',
    ],
    ['a 129-character name', { name: 'n'.repeat(129) }, 'must be 1 to 128 characters long'],
    ['a 513-character description', { description: 'd'.repeat(513) }, 'must be 1 to 512 characters long'],
  ])('refuses %s', (_what, over, message) => {
    expectError(() => identifier(over), 'test/c', message);
  });

  it('sets the default distance of 50 only when keywords are given', () => {
    expect(identifier({ keywords: ['employee'] }).resource.maximumMatchDistanceInput).toBe(50);
    expect(identifier({}).resource.maximumMatchDistanceInput).toBeUndefined();
  });
});

describe('classification job', () => {
  it.each<[string, Partial<ClassificationJobProps>, string]>([
    [
      'both buckets and tags',
      { buckets: ['acme-data-111122223333'] },
      'buckets ["acme-data-111122223333"] and bucketTags: give exactly one',
    ],
    [
      'neither buckets nor tags',
      { bucketTags: undefined },
      'buckets undefined and bucketTags: give exactly one',
    ],
    [
      'an empty bucket list',
      { bucketTags: undefined, buckets: [] },
      'buckets [] must list at least one bucket',
    ],
    ['a bad bucket name', { bucketTags: undefined, buckets: ['Acme_Data'] }, 'buckets[0] "Acme_Data"'],
    ['no tags', { bucketTags: {} }, 'bucketTags {} must name at least one tag'],
    ['sampling 0', { samplingPercentage: 0 }, 'samplingPercentage 0 must be a whole number from 1 to 100'],
    [
      'sampling 101',
      { samplingPercentage: 101 },
      'samplingPercentage 101 must be a whole number from 1 to 100',
    ],
    ['version 0', { version: 0 }, 'version 0 must be a whole number from 1 to 9999'],
    [
      'an unknown weekday',
      { schedule: { frequency: 'WEEKLY', dayOfWeek: 'FUNDAY' as never } },
      'schedule.dayOfWeek "FUNDAY" must be one of MONDAY',
    ],
    [
      'day 32 of the month',
      { schedule: { frequency: 'MONTHLY', dayOfMonth: 32 } },
      'schedule.dayOfMonth 32 must be a whole number from 1 to 31',
    ],
    [
      'an unknown frequency',
      { schedule: { frequency: 'HOURLY' } as never },
      'schedule.frequency "HOURLY" must be one of ONE_TIME, DAILY, WEEKLY, MONTHLY',
    ],
    [
      'initialRun on a one-time job',
      {
        schedule: { frequency: 'ONE_TIME' },
        initialRun: { enabled: false, reason: 'only new objects matter here' },
      },
      'initialRun {"enabled":false',
    ],
    [
      'an extension with a dot',
      { objects: { includeExtensions: ['.csv'] } },
      'objects.includeExtensions[0] ".csv" is not a file name extension',
    ],
    [
      'two kinds of exclusion',
      { objects: { excludeExtensions: ['jpg'], excludeTag: { key: 'macie', value: 'skip' } } },
      'objects.excludeTag {"key":"macie","value":"skip"} and excludeExtensions cannot both be given',
    ],
    [
      'a date without a zone',
      { objects: { modifiedAfter: '2026-01-01' } },
      'objects.modifiedAfter "2026-01-01" must be an ISO 8601 time in UTC',
    ],
    ['a size of 0', { objects: { maxSizeBytes: 0 } }, 'objects.maxSizeBytes 0 must be a whole number'],
    ['a name too long with its version', { name: 'n'.repeat(498) }, 'must be 1 to 497 characters long'],
    ['a 201-character description', { description: 'd'.repeat(201) }, 'must be 1 to 200 characters long'],
  ])('refuses %s', (_what, over, message) => {
    expectError(() => job(over), 'test/c', message);
  });

  it('names the job with its version and replaces it before cancelling the old one', () => {
    const j = job({ version: 3 });
    expect(j.jobName).toBe('weekly-v3');
    expect(j.job.nameInput).toBe('weekly-v3');
    expect(
      stack.toTerraform().resource.aws_macie2_classification_job[j.job.friendlyUniqueId].lifecycle,
    ).toEqual({
      create_before_destroy: true,
    });
  });
});

describe('findings filter', () => {
  it.each<[string, Partial<FindingsFilterProps>, string]>([
    [
      'an unknown field',
      { criteria: [{ field: 'bucketName' as never, eq: ['x'] }] },
      'criteria[0].field "bucketName" is not a finding field',
    ],
    ['a condition-less criterion', { criteria: [{ field: 'type' }] }, 'needs a condition'],
    [
      'an empty eq list',
      { criteria: [{ field: 'type', eq: [] }] },
      'criteria[0].eq [] must list at least one non-empty value',
    ],
    [
      'a range on a text field',
      { criteria: [{ field: 'type', gt: 1 }] },
      'criteria[0].gt 1 compares numbers and dates only; type is neither',
    ],
    ['no criteria', { criteria: [] }, 'criteria [] must list at least one condition'],
    [
      'a field named twice',
      {
        criteria: [
          { field: 'type', eq: ['a'] },
          { field: 'type', neq: ['b'] },
        ],
      },
      'names a field twice',
    ],
    ['an unknown action', { action: 'DELETE' as never }, 'action "DELETE" must be ARCHIVE or NOOP'],
    ['a 2-character name', { name: 'ab' }, 'name "ab" must be 3 to 64 characters long'],
    [
      'archiving by severity alone',
      { criteria: [{ field: 'severity.description', eq: ['Low'] }] },
      'would archive findings by severity or category alone',
    ],
  ])('refuses %s', (_what, over, message) => {
    expectError(() => filter(over), 'test/c', message);
  });

  it('keeps a severity-only view when it archives nothing', () => {
    expect(() =>
      filter({ action: 'NOOP', criteria: [{ field: 'severity.description', eq: ['High'] }] }),
    ).not.toThrow();
  });

  it('accepts ranges on counts and dates', () => {
    const f = filter({
      action: 'NOOP',
      criteria: [
        { field: 'count', gte: 5 },
        { field: 'createdAt', gt: 1767225600000 },
      ],
    });
    expect(f.filter.findingCriteriaInput).toBeDefined();
  });
});

describe('Macie account', () => {
  it('refuses an unknown publishing frequency and a bad administrator account', () => {
    expectError(
      () =>
        new MacieAccount(testStack(), 'm', {
          findingPublishingFrequency: 'HOURLY' as never,
          organization: { delegatedAdministratorAccountId: '1234' },
        }),
      'test/m: findingPublishingFrequency "HOURLY" must be one of FIFTEEN_MINUTES, ONE_HOUR, SIX_HOURS',
      'test/m: organization.delegatedAdministratorAccountId "1234"',
    );
  });

  it('records a paused Macie as an accepted risk that leaves macie-enabled unmet', () => {
    const m = new MacieAccount(testStack(), 'm', {
      enabled: { enabled: false, reason: 'paused during the data migration' },
    });
    expect(m.account.statusInput).toBe('PAUSED');
    expect(m.controls).toEqual([]);
    expect(m.optOuts).toEqual([
      { setting: 'enabled', controls: ['macie-enabled'], reason: 'paused during the data migration' },
    ]);
  });

  it('declares the organization roles after the account', () => {
    const s = testStack();
    const m = new MacieAccount(s, 'm', {
      organization: { delegatedAdministratorAccountId: '444455556666', autoEnableMembers: true },
    });
    const r = s.toTerraform().resource;
    const account = `aws_macie2_account.${m.account.friendlyUniqueId}`;
    expect(Object.values(r.aws_macie2_organization_admin_account)).toEqual([
      expect.objectContaining({ admin_account_id: '444455556666', depends_on: [account] }),
    ]);
    expect(Object.values(r.aws_macie2_organization_configuration)).toEqual([
      expect.objectContaining({ auto_enable: true, depends_on: [account] }),
    ]);
  });
});
