import { matchesPattern } from './event-patterns';

// Examples from the EventBridge user guide ("Event patterns", "Content filtering").
const ec2Event = {
  source: 'aws.ec2',
  'detail-type': 'EC2 Instance State-change Notification',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: { state: 'running', 'c-count': 5, location: null, 'source-ip': '10.0.0.123' },
};

describe('matchesPattern (test support)', () => {
  it.each([
    [{ source: ['aws.ec2'] }, true],
    [{ source: ['aws.s3'] }, false],
    [{ source: ['aws.s3', 'aws.ec2'] }, true],
    [{ source: ['aws.ec2'], detail: { state: ['stopped'] } }, false],
    [{ detail: { state: ['running'], 'c-count': [{ numeric: ['>', 0, '<=', 5] }] } }, true],
    [{ detail: { 'c-count': [{ numeric: ['>', 5] }] } }, false],
    [{ detail: { state: [{ 'anything-but': 'initializing' }] } }, true],
    [{ detail: { state: [{ 'anything-but': ['running', 'stopped'] }] } }, false],
    [{ detail: { state: [{ 'anything-but': { prefix: 'run' } }] } }, false],
    [{ detail: { state: [{ prefix: 'run' }] } }, true],
    [{ detail: { state: [{ suffix: 'ing' }] } }, true],
    [{ detail: { state: [{ 'equals-ignore-case': 'RUNNING' }] } }, true],
    [{ detail: { location: [null] } }, true],
    [{ detail: { missing: [{ exists: false }] } }, true],
    [{ detail: { state: [{ exists: false }] } }, false],
    [{ detail: { state: [{ exists: true }] } }, true],
    [{ resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'] }, true],
    [{ detail: { absent: ['x'] } }, false],
    [{ $or: [{ source: ['aws.s3'] }, { detail: { state: ['running'] } }] }, true],
    [{ $or: [{ source: ['aws.s3'] }, { detail: { state: ['stopped'] } }] }, false],
    [{ detail: { state: { nested: ['x'] } } }, false],
  ])('pattern %j -> %s', (pattern, expected) => {
    expect(matchesPattern(ec2Event, pattern)).toBe(expected);
  });

  it('refuses what it does not understand, so an odd pattern cannot pass', () => {
    expect(() => matchesPattern(ec2Event, { detail: { state: [{ wildcard: 'r*' }] } })).toThrow(
      'unsupported operator wildcard',
    );
    expect(() => matchesPattern(ec2Event, { source: 'aws.ec2' })).toThrow('list of alternatives');
    expect(() => matchesPattern(ec2Event, { source: [] })).toThrow('must not be empty');
    expect(() => matchesPattern(ec2Event, ['aws.ec2'])).toThrow('a pattern must be an object');
  });

  it('reaches into arrays of objects, each field among the values of all elements', () => {
    const tagged = {
      detail: {
        tags: [
          { key: 'team', value: 'data' },
          { key: 'stage', value: 'prod' },
        ],
      },
    };
    expect(matchesPattern(tagged, { detail: { tags: { key: ['stage'] } } })).toBe(true);
    expect(matchesPattern(tagged, { detail: { tags: { key: ['stage'], value: ['prod'] } } })).toBe(true);
    expect(matchesPattern(tagged, { detail: { tags: { key: ['owner'] } } })).toBe(false);
    // Nothing ties the key to the value of the same tag: the looser reading matches.
    expect(matchesPattern(tagged, { detail: { tags: { key: ['team'], value: ['prod'] } } })).toBe(true);
    expect(matchesPattern({ detail: { tags: [] } }, { detail: { tags: { key: ['team'] } } })).toBe(false);
  });
});
