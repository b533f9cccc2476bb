import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TerraformVariable } from 'cdktf';
import { isUnknown } from '../../controls/posture';
import { evaluateJsonencode } from '../../cli/readers/hcl';
import { loadInput } from '../../cli/readers/inputs';
import { locator } from '../../cli/readers/locations';
import { buildPosture } from '../../cli/readers/posture';
import { review } from '../../cli/review';
import { SecureBucket } from '../../modules/secure-bucket';
import { testStack } from '../helpers';

function write(name: string, content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 's3-readers-'));
  writeFileSync(join(dir, name), content);
  return dir;
}

async function statuses(dir: string, only?: string[]) {
  const result = await review({ inputs: [dir], only, profile: 'all' });
  return Object.fromEntries(result.findings.map((f) => [`${f.control} ${f.subject.id}`, f.status]));
}

describe('jsonencode evaluation', () => {
  it('renders literals, templates, references, negative numbers and nested values', async () => {
    const value = await evaluateJsonencode(
      '${jsonencode({ Version = "2012-10-17", "aws:x" = "${aws_s3_bucket.b.arn}/*", n = -1.5, ok = true, none = null, list = [aws_s3_bucket.b.arn, 2], nested = { k = upper("v") } })}',
    );
    expect(value).toEqual({
      Version: '2012-10-17',
      'aws:x': '${aws_s3_bucket.b.arn}/*',
      n: -1.5,
      ok: true,
      none: null,
      list: ['${aws_s3_bucket.b.arn}', 2],
      nested: { k: '${upper("v")}' },
    });
  });

  it('gives up (undefined) on expressions that are not a jsonencode call', async () => {
    expect(await evaluateJsonencode('${jsonencode({ a = })}')).toBeUndefined();
    expect(await evaluateJsonencode('${merge(local.a)}')).toBeUndefined();
  });
});

describe('HCL configuration', () => {
  it('reads legacy inline bucket arguments', async () => {
    const dir = write(
      'main.tf',
      `resource "aws_s3_bucket" "legacy" {
  bucket = "legacy-bucket"
  acl    = "private"
  versioning {
    enabled    = true
    mfa_delete = true
  }
  logging {
    target_bucket = "legacy-logs"
    target_prefix = "legacy/"
  }
  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm     = "aws:kms"
        kms_master_key_id = "alias/data"
      }
    }
  }
  lifecycle_rule {
    id                                     = "abort"
    enabled                                = true
    abort_incomplete_multipart_upload_days = 7
  }
  replication_configuration {
    role = "arn:aws:iam::111122223333:role/r"
    rules {
      id     = "all"
      status = "Enabled"
      source_selection_criteria {
        sse_kms_encrypted_objects {
          enabled = true
        }
      }
      destination {
        bucket             = "arn:aws:s3:::legacy-replica"
        replica_kms_key_id = "arn:aws:kms:eu-central-1:111122223333:key/abcd1234-12ab-34cd-56ef-1234567890ab"
      }
    }
  }
  object_lock_configuration {
    object_lock_enabled = "Enabled"
    rule {
      default_retention {
        mode  = "COMPLIANCE"
        years = 1
      }
    }
  }
}
`,
    );
    const s = await statuses(dir);
    for (const control of [
      's3-versioning',
      's3-mfa-delete',
      's3-access-logging',
      's3-kms-encryption',
      's3-lifecycle',
      's3-replication',
      's3-object-lock',
    ]) {
      expect([control, s[`${control} aws_s3_bucket.legacy`]]).toEqual([control, 'pass']);
    }
    expect(s['s3-acls-disabled aws_s3_bucket.legacy']).toBe('fail');
  });

  it('builds the policy of a data.aws_iam_policy_document and matches its references to the bucket', async () => {
    const dir = write(
      'main.tf',
      `variable "name" {
  type = string
}
resource "aws_s3_bucket" "b" {
  bucket = var.name
}
data "aws_iam_policy_document" "tls" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.b.arn, "\${aws_s3_bucket.b.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}
resource "aws_s3_bucket_policy" "b" {
  bucket = aws_s3_bucket.b.id
  policy = data.aws_iam_policy_document.tls.json
}
data "aws_iam_policy_document" "merged" {
  source_policy_documents = [data.aws_iam_policy_document.tls.json]
}
resource "aws_s3_bucket" "c" {
  bucket = "merged-policy-bucket"
}
resource "aws_s3_bucket_policy" "c" {
  bucket = aws_s3_bucket.c.id
  policy = data.aws_iam_policy_document.merged.json
}
`,
    );
    const s = await statuses(dir, ['s3-tls-only']);
    expect(s['s3-tls-only aws_s3_bucket.b']).toBe('pass');
    expect(s['s3-tls-only aws_s3_bucket.c']).toBe('unknown');
  });

  it('judges a policy attached to a bucket that the input does not create, and nothing else of it', async () => {
    const dir = write(
      'main.tf',
      `data "aws_s3_bucket" "existing" {
  bucket = "existing-bucket"
}
resource "aws_s3_bucket_policy" "existing" {
  bucket = data.aws_s3_bucket.existing.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Sid = "Public", Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:::existing-bucket/*" }]
  })
}
`,
    );
    const s = await statuses(dir);
    expect(s['s3-no-public-read-write data.aws_s3_bucket.existing']).toBe('fail');
    expect(s['s3-versioning data.aws_s3_bucket.existing']).toBe('unknown');
  });

  it('makes a setting unknown rather than absent when its resource cannot be linked to a bucket', async () => {
    const dir = write(
      'main.tf',
      `resource "aws_s3_bucket" "a" {
  bucket = "bucket-a"
}
resource "aws_s3_bucket_versioning" "somewhere" {
  bucket = var.bucket
  versioning_configuration {
    status = "Enabled"
  }
}
`,
    );
    const posture = buildPosture([await loadInput(dir)]);
    const versioning = posture.buckets[0].versioning;
    expect(isUnknown(versioning) && versioning.unknown).toMatch(
      /aws_s3_bucket_versioning\.somewhere applies to bucket \$\{var\.bucket\}/,
    );
  });

  it('gives every bucket the first unlinkable reason of each setting, and keeps the settings that did link', async () => {
    const dir = write(
      'main.tf',
      `resource "aws_s3_bucket" "a" {
  bucket = "bucket-a"
}
resource "aws_s3_bucket" "b" {
  bucket = "bucket-b"
}
resource "aws_s3_bucket_versioning" "b" {
  bucket = aws_s3_bucket.b.id
  versioning_configuration {
    status = "Enabled"
  }
}
resource "aws_s3_bucket_versioning" "first" {
  bucket = var.first
  versioning_configuration {
    status = "Enabled"
  }
}
resource "aws_s3_bucket_versioning" "second" {
  bucket = var.second
  versioning_configuration {
    status = "Enabled"
  }
}
resource "aws_s3_bucket_ownership_controls" "third" {
  bucket = var.third
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}
`,
    );
    const posture = buildPosture([await loadInput(dir)]);
    const [a, b] = ['aws_s3_bucket.a', 'aws_s3_bucket.b'].map((address) =>
      posture.buckets.find((x) => x.address === address)!,
    );
    const why = (v: unknown) => (isUnknown(v) ? v.unknown : undefined);
    expect(why(a.versioning)).toMatch(/aws_s3_bucket_versioning\.first applies to bucket \$\{var\.first\}/);
    expect(why(a.ownership)).toMatch(/aws_s3_bucket_ownership_controls\.third applies to bucket/);
    expect(isUnknown(b.versioning)).toBe(false);
    expect(why(b.ownership)).toMatch(/aws_s3_bucket_ownership_controls\.third applies to bucket/);
  });
});

describe('cdktf output with Terraform tokens', () => {
  it('evaluates the jsonencode policy cdktf writes for a bucket named by a variable', async () => {
    const stack = testStack();
    const name = new TerraformVariable(stack, 'bucket_name', { type: 'string' });
    new SecureBucket(stack, 'data', {
      bucketName: name.stringValue,
      accessLogs: { enabled: false, reason: 'a fixture bucket without a log target' },
    });
    const dir = write('cdk.tf.json', JSON.stringify(stack.toTerraform()));
    const s = await statuses(dir, ['s3-tls-only', 's3-minimum-tls', 's3-access-logging']);
    const bucket = Object.keys(s)[0].split(' ')[1];
    expect(s[`s3-tls-only ${bucket}`]).toBe('pass');
    expect(s[`s3-minimum-tls ${bucket}`]).toBe('pass');
    expect(s[`s3-access-logging ${bucket}`]).toBe('accepted');
  });
});

describe('source lines', () => {
  it('finds the line of each resource whatever order they are asked in', () => {
    const text = [
      '{',
      '  "resource": {',
      '    "aws_s3_bucket": {',
      '      "a": {},',
      '      "b": {',
      '      },',
      '      "c": {}',
      '    },',
      '    "aws_s3_bucket_versioning": {',
      '      "a": {}',
      '    }',
      '  }',
      '}',
    ].join('\n');
    const locate = locator('main.tf.json', text, 'json');
    const lineOf = (type: string, name: string) => locate(`${type}.${name}`, [type, name]).line;
    const asked: [string, string, number][] = [
      ['aws_s3_bucket', 'a', 4],
      ['aws_s3_bucket', 'c', 7],
      ['aws_s3_bucket_versioning', 'a', 10],
      ['aws_s3_bucket', 'b', 5],
      ['aws_s3_bucket', 'c', 7],
      ['aws_s3_bucket', 'a', 4],
      ['aws_s3_bucket_versioning', 'a', 10],
    ];
    expect(asked.map(([type, name]) => lineOf(type, name))).toEqual(asked.map(([, , line]) => line));
  });
});
