import { Construct } from 'constructs';
import { S3AccessPoint } from '@cdktf/provider-aws/lib/s3-access-point';
import { S3ControlMultiRegionAccessPoint } from '@cdktf/provider-aws/lib/s3control-multi-region-access-point';
import {
  AwsEnvironment,
  PolicyComposer,
  PolicyDocument,
  PolicyKind,
  PolicyStatement,
  PropsValidator,
  S3SecurityValidationError,
  isToken,
  recordSecurity,
  vpcIdRule,
} from '../core';
import { SecureBucket } from '../secure-bucket';
import { accessPointPolicyProblems, delegateToOwnAccessPoints } from './policy';

/** Access point policies: resource policies of up to 20 KB. */
/** Access points each bucket delegates to; the bucket's one statement names them all at synth. */
const delegated = new WeakMap<SecureBucket, string[]>();

function delegateFrom(bucket: SecureBucket, accountId: string, accessPointArn: string): void {
  const arns = delegated.get(bucket);
  if (arns) {
    if (!arns.includes(accessPointArn)) arns.push(accessPointArn);
    return;
  }
  const first = [accessPointArn];
  delegated.set(bucket, first);
  bucket.addDeferredPolicyStatements('SecureAccessPoint', () => [
    delegateToOwnAccessPoints(bucket.bucketArn, accountId, first),
  ]);
}

const ACCESS_POINT_POLICY: PolicyKind = {
  name: 'access point policy',
  maxLength: 20 * 1024,
  principal: 'required',
};

/** Every Block Public Access setting on: access points cannot change them after creation. */
const BLOCK_ALL = {
  blockPublicAcls: true,
  ignorePublicAcls: true,
  blockPublicPolicy: true,
  restrictPublicBuckets: true,
} as const;

/** An access point name: 3 to 50 lowercase letters, digits and hyphens. */
export function accessPointNameRule(name: string): string | undefined {
  if (
    typeof name === 'string' &&
    /^[a-z0-9][a-z0-9-]{1,48}[a-z0-9]$/.test(name) &&
    !name.startsWith('xn--') &&
    !name.endsWith('-s3alias')
  )
    return undefined;
  return 'is not an access point name: 3 to 50 lowercase letters, digits and hyphens, beginning and ending with a letter or digit, not starting with xn-- or ending with -s3alias';
}

export interface SecureAccessPointProps {
  /** The bucket the access point serves; create the access point in the bucket's scope. */
  readonly bucket: SecureBucket;
  /** The access point name, unique in the account and region. */
  readonly name: string;
  /**
   * Accept requests only from this VPC (network origin VPC), through its S3 endpoints.
   * @default - network origin Internet (still subject to the policies)
   */
  readonly vpcId?: string;
  /**
   * The access point policy. Allow statements name principals of the bucket's
   * account only, data actions only, and this access point's resources
   * (`accessPointArn`, `accessPointArn/object/*`); anything wider fails synthesis.
   * @default - no policy: IAM policies of the account decide
   */
  readonly policyStatements?: readonly PolicyStatement[];
  /**
   * Add to the bucket policy a statement that delegates access control to the
   * access points of the bucket's own account (for its principals, data
   * actions only). Without it, a request through the access point also needs
   * what the bucket policy and the caller's IAM policy allow.
   * @default false
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-points-policies.html#access-points-delegating-control
   */
  readonly delegateFromBucket?: boolean;
}

/**
 * An S3 access point with all four Block Public Access settings on (they
 * cannot change after creation), an optional VPC-only network origin, and a
 * policy that can only narrow what the bucket allows to principals of the
 * bucket's own account.
 */
export class SecureAccessPoint extends Construct {
  public readonly accessPoint: S3AccessPoint;
  /** `arn:<partition>:s3:<region>:<account>:accesspoint/<name>`. */
  public readonly accessPointArn: string;
  /** The access point policy, when it has one. */
  public readonly policyDocument?: PolicyDocument;

  /** The ARN an access point named `name` gets in the region and account of `scope`, for its policy. */
  public static arnFor(scope: Construct, name: string): string {
    const env = AwsEnvironment.of(scope);
    return `arn:${env.partition}:s3:${env.region}:${env.accountId}:accesspoint/${name}`;
  }

  constructor(scope: Construct, id: string, props: SecureAccessPointProps) {
    super(scope, id);
    const env = AwsEnvironment.of(this);
    const v = new PropsValidator(this);
    v.check(
      props.bucket instanceof SecureBucket,
      'bucket',
      props.bucket,
      'must be a SecureBucket of this app',
    );
    v.throwIfAny();
    v.check(
      AwsEnvironment.of(props.bucket) === env,
      'bucket',
      props.bucket.node.path,
      'is in another region or account than this construct: create the access point in the scope of its bucket',
    );
    v.rule('name', props.name, accessPointNameRule);
    v.rule('vpcId', props.vpcId, vpcIdRule);
    v.throwIfAny();
    this.accessPointArn = SecureAccessPoint.arnFor(this, props.name);

    let policy: string | undefined;
    if (props.policyStatements?.length) {
      const problems = accessPointPolicyProblems(props.policyStatements, this.accessPointArn, env.accountId);
      if (problems.length > 0)
        throw new S3SecurityValidationError(problems.map((p) => `${this.node.path}: policyStatements: ${p}`));
      const composer = new PolicyComposer(this, ACCESS_POINT_POLICY);
      composer.addStatements('policyStatements', ...props.policyStatements);
      this.policyDocument = composer.document;
      policy = composer.render();
    }
    if (props.delegateFromBucket) delegateFrom(props.bucket, env.accountId, this.accessPointArn);

    this.accessPoint = new S3AccessPoint(this, 'AccessPoint', {
      bucket: props.bucket.bucket.bucket,
      name: props.name,
      bucketAccountId: isToken(env.accountId) ? undefined : env.accountId,
      publicAccessBlockConfiguration: { ...BLOCK_ALL },
      vpcConfiguration: props.vpcId ? { vpcId: props.vpcId } : undefined,
      policy,
      dependsOn: [props.bucket.policy],
    });
    recordSecurity(this.accessPoint, {
      module: 'SecureAccessPoint',
      controls: ['s3-access-point-public-access-block'],
      optOuts: [],
    });
  }
}

export interface SecureMultiRegionAccessPointProps {
  /** The Multi-Region Access Point name (3 to 50 lowercase letters, digits and hyphens). */
  readonly name: string;
  /** The buckets it routes to, one per region, of this account. */
  readonly buckets: readonly SecureBucket[];
}

/**
 * An S3 Multi-Region Access Point over buckets in several regions, with all
 * four Block Public Access settings on (they cannot change after creation).
 */
export class SecureMultiRegionAccessPoint extends Construct {
  public readonly accessPoint: S3ControlMultiRegionAccessPoint;

  constructor(scope: Construct, id: string, props: SecureMultiRegionAccessPointProps) {
    super(scope, id);
    const env = AwsEnvironment.of(this);
    const v = new PropsValidator(this);
    v.rule('name', props.name, accessPointNameRule);
    v.check(props.buckets.length > 0, 'buckets', props.buckets, 'must name at least one bucket');
    v.check(props.buckets.length <= 17, 'buckets', props.buckets.length, 'must name at most 17 buckets');
    const regions = props.buckets.map((b) => AwsEnvironment.of(b).knownRegion);
    regions.forEach((r, i) =>
      v.check(
        r === undefined || regions.indexOf(r) === i,
        `buckets[${i}]`,
        props.buckets[i].node.path,
        `is in ${r} like another bucket: one bucket per region`,
      ),
    );
    props.buckets.forEach((b, i) =>
      v.check(
        AwsEnvironment.of(b).accountId === env.accountId,
        `buckets[${i}]`,
        b.node.path,
        'belongs to another account: a Multi-Region Access Point here serves buckets of this account',
      ),
    );
    v.throwIfAny();
    this.accessPoint = new S3ControlMultiRegionAccessPoint(this, 'AccessPoint', {
      details: {
        name: props.name,
        publicAccessBlock: { ...BLOCK_ALL },
        region: props.buckets.map((b) => ({ bucket: b.bucket.bucket })),
      },
      dependsOn: props.buckets.map((b) => b.policy),
    });
    recordSecurity(this.accessPoint, {
      module: 'SecureMultiRegionAccessPoint',
      controls: ['s3-access-point-public-access-block'],
      optOuts: [],
    });
  }
}
