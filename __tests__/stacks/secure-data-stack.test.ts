import { App, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SecureDataStack } from '../../stacks';
import { DEFAULT_CONFIG, parseConfig } from '../../stacks/config';
import { policyOf, resourceOf, resourcesOf, synth } from '../helpers';

function build(mutate: (c: ReturnType<typeof parseConfig>) => void = () => undefined) {
  const config = parseConfig(DEFAULT_CONFIG);
  mutate(config);
  const stack = new SecureDataStack(Testing.app() as App, 'secure-data', {
    ...config,
    secureData: config.secureData!,
  });
  return { stack, ...synth(stack) };
}

describe('SecureDataStack (default configuration)', () => {
  const { text, json, snapshot } = build();

  it('matches the snapshot', () => {
    expect(snapshot).toMatchSnapshot();
  });

  it('pins the provider to the configured account and region, with default tags', () => {
    expect(text).toHaveProviderWithProperties(AwsProvider, {
      region: 'eu-west-1',
      allowed_account_ids: ['123456789012'],
      default_tags: [
        {
          tags: {
            'managed-by': 'cdktf-s3-security',
            project: 's3-security-example',
            's3-security:stack': 'secure-data',
          },
        },
      ],
    });
  });

  it('keeps state beside the project with a relative path', () => {
    expect(json.terraform).toMatchObject({
      backend: { local: { path: '../../../terraform.secure-data.tfstate' } },
    });
  });

  it('deploys one shared key, one log bucket and the data buckets, all logging to it', () => {
    expect(Object.keys(resourcesOf(json, 'aws_kms_key'))).toHaveLength(1);
    expect(Object.values(resourcesOf(json, 'aws_s3_bucket')).map((b) => b.bucket)).toEqual([
      'example-access-logs-123456789012-eu-west-1',
      'example-documents-123456789012-eu-west-1',
      'example-records-123456789012-eu-west-1',
    ]);
    const targets = Object.values(resourcesOf(json, 'aws_s3_bucket_logging')).map((l) => [
      l.target_bucket,
      l.target_prefix,
    ]);
    expect(targets).toEqual([
      ['example-access-logs-123456789012-eu-west-1', 'example-documents-123456789012-eu-west-1/'],
      ['example-access-logs-123456789012-eu-west-1', 'example-records-123456789012-eu-west-1/'],
    ]);
    for (const [id, enc] of Object.entries(
      resourcesOf(json, 'aws_s3_bucket_server_side_encryption_configuration'),
    )) {
      // The log target uses SSE-S3: S3 supports no other default encryption on a server access log destination.
      expect(JSON.stringify(enc)).toContain(
        id.startsWith('AccessLogs_') ? '"sse_algorithm":"AES256"' : '${aws_kms_key.DataKey_0F118E08.arn}',
      );
    }
  });

  it('every bucket is TLS-only with public access blocked and ACLs disabled', () => {
    for (const pab of Object.values(resourcesOf(json, 'aws_s3_bucket_public_access_block'))) {
      expect(pab).toMatchObject({
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
    }
    for (const oc of Object.values(resourcesOf(json, 'aws_s3_bucket_ownership_controls'))) {
      expect(oc.rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
    }
    for (const p of Object.values(resourcesOf(json, 'aws_s3_bucket_policy'))) {
      expect(
        policyOf(p)
          .Statement.slice(0, 2)
          .map((s) => s.Sid),
      ).toEqual(['DenyInsecureTransport', 'DenyOutdatedTls']);
    }
  });

  it('locks records with GOVERNANCE retention', () => {
    expect(resourceOf(json, 'aws_s3_bucket_object_lock_configuration', 'records/ObjectLock').rule).toEqual({
      default_retention: { mode: 'GOVERNANCE', days: 30 },
    });
  });

  it('uses an S3 backend with encryption and native locking when configured', () => {
    const { json: j } = build((c) => {
      c.backend = { type: 's3', bucket: 'acme-tf-state', region: 'eu-west-1' };
    });
    expect(j.terraform).toMatchObject({
      backend: {
        s3: {
          bucket: 'acme-tf-state',
          key: 'secure-data/terraform.tfstate',
          region: 'eu-west-1',
          encrypt: true,
          use_lockfile: true,
        },
      },
    });
  });

  it('honours per-bucket options from the configuration', () => {
    const { json: j } = build((c) => {
      c.secureData!.buckets[0].encryption = {
        type: 'SSE_S3',
        reason: 'public open data mirror, no confidentiality',
      };
      c.secureData!.buckets[0].accessLogs = { prefix: 'docs/' };
    });
    expect(
      JSON.stringify(
        resourceOf(j, 'aws_s3_bucket_server_side_encryption_configuration', 'documents/Encryption'),
      ),
    ).toContain('AES256');
    expect(resourceOf(j, 'aws_s3_bucket_logging', 'documents/AccessLogging').target_prefix).toBe('docs/');
  });
});
