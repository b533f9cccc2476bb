import { partitionOfRegion } from '../../../modules/core/environment';
import { decodeUtf8, describeJsonError, jsonErrorOffset } from '../../../modules/core/json-text';
import { AWS_REGIONS, isAwsRegion } from '../../../modules/core/regions';
import { PARTITIONS, regionRule } from '../../../modules/core/rules';

describe('AWS Regions', () => {
  it('lists the Regions of each partition (a new Region is a deliberate change here)', () => {
    expect(Object.keys(AWS_REGIONS).sort()).toEqual([...PARTITIONS].sort());
    expect(Object.fromEntries(Object.entries(AWS_REGIONS).map(([p, r]) => [p, r.length]))).toEqual({
      aws: 34,
      'aws-cn': 2,
      'aws-us-gov': 2,
      'aws-iso': 2,
      'aws-iso-b': 1,
      'aws-iso-e': 1,
      'aws-iso-f': 2,
      'aws-eusc': 1,
    });
    for (const [partition, regions] of Object.entries(AWS_REGIONS))
      for (const r of regions) expect([r, partitionOfRegion(r)]).toEqual([r, partition]);
  });

  it('refuses codes of Regions that do not exist, with a message that says so', () => {
    expect(isAwsRegion('eu-west-1')).toBe(true);
    expect(regionRule('ap-southeast-6')).toBeUndefined();
    expect(regionRule('us-east-3')).toMatch(/^is not an AWS Region: no Region has this code/);
    expect(regionRule('Europe')).toMatch(/^is not an AWS region code/);
  });
});

describe('JSON text', () => {
  it('finds the offset of the first syntax error where JSON.parse fails, and none where it does not', () => {
    const samples = [
      '{}',
      '[1, 2.5e3, -0, true, false, null, "a\\u00e9\\n"]',
      '{"a": {"b": [[]]}}',
      '{"a": 1,}',
      '[1,]',
      '{"a" 1}',
      '{"a": x}',
      '"\\x"',
      '01',
      '{"a": 1} x',
      '',
      '[',
      `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
    ];
    for (const text of samples) {
      let valid = true;
      try {
        JSON.parse(text);
      } catch {
        valid = false;
      }
      expect([text.slice(0, 30), jsonErrorOffset(text) === -1]).toEqual([text.slice(0, 30), valid]);
    }
    expect(jsonErrorOffset('{\n  "a": x\n}')).toBe(9);
  });

  it('describes an error by line and column without quoting the input', () => {
    const text = '{\n  "a": "\u0001"\n}';
    let error: unknown;
    try {
      JSON.parse(text);
    } catch (e) {
      error = e;
    }
    expect(describeJsonError(text, error)).toBe('line 2, column 9: bad control character in string literal');
    expect(decodeUtf8(Buffer.from('caf\u00e9', 'latin1'))).toBeUndefined();
    expect(decodeUtf8(Buffer.from('caf\u00e9', 'utf8'))).toBe('caf\u00e9');
  });
});
