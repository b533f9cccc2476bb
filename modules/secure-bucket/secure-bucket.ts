import { Lazy, TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketNotification } from '@cdktf/provider-aws/lib/s3-bucket-notification';
import { S3BucketObjectLockConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import type { ControlId } from '../../controls/catalog';
import { OPT_OUT_TAG_PREFIX } from '../../controls/opt-outs';
import {
  AwsEnvironment,
  BUCKET_POLICY,
  OptOutRecord,
  PolicyComposer,
  PolicyDocument,
  PolicyStatement,
  PropsValidator,
  S3SecurityValidationError,
  isToken,
  mergeTags,
  recordSecurity,
  toTagValue,
} from '../core';
import { denyInsecureTransport, denyOutdatedTls } from '../bucket-policy';
import { S3DataKey, keyOrNew } from '../kms';
import { DenyExemption, exemptionLimits, mergeExemption, withDenyExemptions } from './deny-exemptions';
import { bucketKeyUses } from './key-grantees';
import { lifecycleRules } from './lifecycle';
import { PolicyGuards, claimedPolicyControls, statementProblems } from './policy-checks';
import { MalwareScanGate, MalwareScannerKind } from './malware-scan';
import type { SecureBucketProps } from './props';
import { BucketSettings, decideSettings } from './settings';

/** Tag key prefix under which opt-out reasons are recorded on the bucket (read back by the review). */
export { OPT_OUT_TAG_PREFIX };

/**
 * An S3 bucket with every security setting on by default: Block Public Access,
 * ACLs disabled, SSE-KMS with S3 Bucket Keys and SSE-C blocked, versioning,
 * server access logs, a TLS-only policy with TLS 1.2 at least, lifecycle hygiene,
 * EventBridge notifications and Terraform destroy protection. Each weaker choice
 * is an explicit opt-out with a reason, recorded in the synthesized metadata.
 *
 * ```ts
 * const logs = new AccessLogBucket(this, 'logs', { bucketName: 'acme-logs-1234' });
 * const data = new SecureBucket(this, 'data', {
 *   bucketName: 'acme-data-1234',
 *   accessLogs: { bucket: logs },
 * });
 * ```
 */
export class SecureBucket extends Construct {
  /** The bucket name (a literal when the props gave one). */
  public readonly bucketName: string;
  /** `arn:<partition>:s3:::<name>`, known at synth time when the name and partition are. */
  public readonly bucketArn: string;
  public readonly bucket: S3Bucket;
  /** The key this bucket creates when no key was given. */
  public readonly key?: S3DataKey;
  /** ARN of the KMS key of default encryption; undefined with SSE-S3. */
  public readonly kmsKeyArn?: string;
  /**
   * The S3DataKey of default encryption, created here or given in the props, so
   * services that write into the bucket can be granted its use; undefined with
   * SSE-S3 or a key given by ARN.
   */
  public readonly dataKey?: S3DataKey;
  public readonly publicAccessBlock: S3BucketPublicAccessBlock;
  public readonly policy: S3BucketPolicy;
  private readonly baseControls: readonly ControlId[];
  /** Secure defaults turned off, with their reasons. */
  public readonly optOuts: readonly OptOutRecord[];
  /** Who owns new objects: `BucketOwnerEnforced` (ACLs disabled) unless opted out. */
  public readonly objectOwnership: BucketSettings['objectOwnership'];
  /** Every resource of the bucket, for `dependsOn` in modules that need the bucket complete. */
  public readonly resources: TerraformResource[] = [];
  /** The versioning resource; undefined when versioning is opted out. */
  public readonly versioning?: S3BucketVersioningA;
  /** The bucket is created with Object Lock. */
  public readonly objectLockEnabled: boolean;
  /** Default encryption: `aws:kms`, `aws:kms:dsse` or `AES256`. */
  public readonly encryptionAlgorithm: 'aws:kms' | 'aws:kms:dsse' | 'AES256';
  /** S3 Bucket Keys are on (the KMS encryption context is then the bucket ARN). */
  public readonly bucketKeyEnabled: boolean;

  private readonly composer: PolicyComposer;
  private readonly deferred: { owner: string; produce: () => PolicyStatement[] }[] = [];
  private readonly guards: PolicyGuards;
  private denyExemptions: DenyExemption[] = [];
  private readonly malwareGate?: MalwareScanGate;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    const env = AwsEnvironment.of(this);
    const v = new PropsValidator(this);
    const s = decideSettings(v, props);
    const malwareGate = MalwareScanGate.fromProps(v, props.requireMalwareScan, s.versioning !== undefined);
    this.checkLogTarget(v, s);
    const recordTags = props.recordOptOutsAsTags ?? true;
    const optOutTags = recordTags
      ? Object.fromEntries(
          s.optOuts.map((o) => [`${OPT_OUT_TAG_PREFIX}${o.setting}`.slice(0, 128), toTagValue(o.reason)]),
        )
      : {};
    const tags = mergeTags(v, 'tags', props.tags, optOutTags);
    v.throwIfAny();

    this.bucketName = props.bucketName;
    this.bucketArn = env.bucketArn(props.bucketName);
    this.baseControls = [...new Set(s.controls)];
    this.optOuts = s.optOuts;
    this.malwareGate = malwareGate;
    this.objectOwnership = s.objectOwnership;
    this.objectLockEnabled = s.objectLock !== undefined;
    this.encryptionAlgorithm = s.encryption.algorithm;
    this.bucketKeyEnabled = s.encryption.algorithm === 'AES256' ? false : s.encryption.bucketKey;
    this.guards = {
      ...s,
      ownAccount: env.knownAccountId,
      bucketArn: this.bucketArn,
    };
    const lifecycle = { preventDestroy: s.preventDestroy };

    this.bucket = new S3Bucket(this, 'Bucket', {
      bucket: props.bucketName,
      forceDestroy: false,
      objectLockEnabled: s.objectLock ? true : undefined,
      tags,
      lifecycle,
    });
    recordSecurity(this.bucket, () => ({
      module: this.moduleName,
      controls: this.controls,
      optOuts: this.optOuts,
    }));
    // Sub-resources refer to the configured name: it is known in a plan and orders them after the bucket.
    const bucket = this.bucket.bucket;

    this.publicAccessBlock = new S3BucketPublicAccessBlock(this, 'PublicAccessBlock', {
      bucket,
      ...s.publicAccessBlock,
    });
    const ownership = new S3BucketOwnershipControls(this, 'OwnershipControls', {
      bucket,
      rule: { objectOwnership: s.objectOwnership },
    });
    this.resources.push(this.bucket, this.publicAccessBlock, ownership);

    // Encryption at rest.
    let kmsKeyArn: string | undefined;
    if (s.encryption.algorithm !== 'AES256') {
      const chosen = keyOrNew(this, 'Key', s.encryption.key === 'new' ? undefined : s.encryption.key, {
        alias: isToken(props.bucketName) ? undefined : `alias/s3/${props.bucketName}`,
        description:
          `Encrypts objects of the S3 bucket ${isToken(props.bucketName) ? '' : props.bucketName}`.trim(),
        preventDestroy: s.preventDestroy
          ? true
          : { enabled: false, reason: 'follows the bucket preventDestroy opt-out' },
        tags: props.tags,
      });
      this.key = chosen.created;
      this.dataKey = typeof chosen.key === 'string' ? undefined : chosen.key;
      kmsKeyArn = chosen.arn;
    }
    this.kmsKeyArn = kmsKeyArn;
    // Principals this bucket's policy lets read or write use its key through S3 for this bucket.
    this.dataKey?.grantUseThroughBucket(this.bucketArn, () =>
      bucketKeyUses(this.finalComposer().statements, env.knownAccountId),
    );
    this.resources.push(
      new S3BucketServerSideEncryptionConfigurationA(this, 'Encryption', {
        bucket,
        rule: [
          {
            applyServerSideEncryptionByDefault: {
              sseAlgorithm: s.encryption.algorithm,
              kmsMasterKeyId: kmsKeyArn,
            },
            bucketKeyEnabled: s.encryption.algorithm === 'AES256' ? undefined : s.encryption.bucketKey,
            blockedEncryptionTypes: s.blockSseC ? ['SSE-C'] : undefined,
          },
        ],
      }),
    );

    // Versioning (and MFA delete), then Object Lock and lifecycle which depend on it.
    let versioning: S3BucketVersioningA | undefined;
    if (s.versioning) {
      const mfa = s.versioning.mfaDelete;
      versioning = new S3BucketVersioningA(this, 'Versioning', {
        bucket,
        versioningConfiguration: { status: 'Enabled', mfaDelete: mfa ? 'Enabled' : undefined },
        mfa: mfa ? `${mfa.serialNumber} ${mfa.tokenCode}` : undefined,
      });
      this.resources.push(versioning);
    }
    this.versioning = versioning;
    if (s.objectLock) {
      this.resources.push(
        new S3BucketObjectLockConfigurationA(this, 'ObjectLock', {
          bucket,
          rule: {
            defaultRetention: { mode: s.objectLock.mode, days: s.objectLock.days, years: s.objectLock.years },
          },
          dependsOn: versioning ? [versioning] : undefined,
        }),
      );
    }
    if (s.lifecycle) {
      this.resources.push(
        new S3BucketLifecycleConfiguration(this, 'Lifecycle', {
          bucket,
          rule: lifecycleRules(s.lifecycle),
          dependsOn: versioning ? [versioning] : undefined,
        }),
      );
    }

    // Server access logs.
    if (s.accessLogs) {
      const target = s.accessLogs.bucket;
      const prefix = s.accessLogs.prefix ?? `${props.bucketName}/`;
      const targetName = typeof target === 'string' ? target : target.bucketName;
      const waitFor = typeof target === 'string' ? [] : target.addLogSource(this, this.bucketArn, prefix);
      this.resources.push(
        new S3BucketLoggingA(this, 'AccessLogging', {
          bucket,
          targetBucket: targetName,
          targetPrefix: prefix,
          targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: 'EventTime' } },
          dependsOn: waitFor.length > 0 ? waitFor : undefined,
        }),
      );
    }

    if (s.eventBridge) {
      this.resources.push(new S3BucketNotification(this, 'Notifications', { bucket, eventbridge: true }));
    }

    // One bucket policy: mandatory denies first, then statements of modules and users.
    this.composer = new PolicyComposer(this, BUCKET_POLICY, (statements) =>
      this.statementProblems(statements),
    );
    this.composer.addMandatory(this.moduleName, ...this.mandatoryStatements(s));
    if (malwareGate)
      this.addDeferredPolicyStatements('requireMalwareScan', () =>
        malwareGate.statements(this, this.bucketArn),
      );
    if (props.policyStatements?.length) this.addPolicyStatements(...props.policyStatements);
    this.policy = new S3BucketPolicy(this, 'Policy', {
      bucket,
      policy: Lazy.stringValue({ produce: () => this.renderPolicy() }),
      // Applying a policy while Block Public Access is being set fails with a 409 conflict.
      dependsOn: [this.publicAccessBlock, ownership],
    });
    this.resources.push(this.policy);
  }

  /**
   * Controls this bucket satisfies as configured, including those its final
   * policy meets as the review judges it (no public or wildcard grant, no
   * sensitive action for another account, a VPC endpoint restriction).
   */
  public get controls(): readonly ControlId[] {
    const fromPolicy = claimedPolicyControls(this.finalComposer().statements, this.guards);
    const gate: ControlId[] = this.malwareGate ? ['s3-malware-scan-read-gate'] : [];
    return [...new Set([...this.baseControls, ...fromPolicy, ...gate])];
  }

  /** The scanner whose verdict opens objects (`requireMalwareScan`), if reads are gated. */
  public get malwareScanRequirement(): MalwareScannerKind | undefined {
    return this.malwareGate?.requirement.scanner;
  }

  /** The break-glass principals of the read gate (`requireMalwareScan.exemptPrincipalArns`). */
  public get malwareScanExemptPrincipalArns(): readonly string[] {
    return this.malwareGate?.requirement.exemptPrincipalArns ?? [];
  }

  /**
   * Registers a malware scanner's role: with `requireMalwareScan`, it is exempt
   * from the read gate and the only principal that may write the verdict tags.
   * Returns whether reads are gated on its verdict.
   */
  public addMalwareScanner(kind: MalwareScannerKind, principalArn: string): boolean {
    if (!this.malwareGate) return false;
    this.malwareGate.addScanner(this, kind, principalArn);
    return true;
  }

  /** Name recorded in the metadata as the module that made this bucket. */
  protected get moduleName(): string {
    return 'SecureBucket';
  }

  /** ARN pattern of objects under a key prefix: `bucketArn/<pattern>`. */
  public arnForObjects(keyPattern = '*'): string {
    return `${this.bucketArn}/${keyPattern}`;
  }

  /**
   * Adds statements to the bucket's one policy. Sids must be unique, and a
   * mandatory statement (TLS denies, log delivery, restrictions added with
   * {@link addMandatoryPolicyStatements}) cannot be replaced. Resources must be
   * this bucket or its objects. A statement that would make the bucket public,
   * or grant another account a sensitive action, fails unless the bucket opts
   * out (`blockPublicStatements`, `blockCrossAccountSensitiveActions`).
   */
  public addPolicyStatements(...statements: PolicyStatement[]): void {
    this.composer.addStatements('addPolicyStatements', ...statements);
  }

  /**
   * Adds statements no later statement may replace, such as the restrictions of
   * the bucket-policy templates a module or stack enforces. `owner` names who
   * added them in error messages.
   *
   * ```ts
   * bucket.addMandatoryPolicyStatements('DataStack', restrictToVpcEndpoints(bucket.bucketArn, { endpointIds }));
   * ```
   */
  public addMandatoryPolicyStatements(owner: string, ...statements: PolicyStatement[]): void {
    this.composer.addMandatory(owner, ...statements);
  }

  /**
   * Builds statements from bucket-policy templates for this bucket's ARN and
   * adds them as mandatory. A template's parameter errors are reported under
   * this bucket's construct path.
   *
   * ```ts
   * bucket.addPolicyTemplates('DataStack', (arn) => restrictToVpcs(arn, { vpcIds: ['vpc-0a1b2c3d4e5f67890'] }));
   * ```
   */
  public addPolicyTemplates(
    owner: string,
    build: (bucketArn: string) => PolicyStatement | PolicyStatement[],
  ): void {
    let statements: PolicyStatement | PolicyStatement[];
    try {
      statements = build(this.bucketArn);
    } catch (e) {
      if (e instanceof S3SecurityValidationError) {
        throw new S3SecurityValidationError(e.problems.map((p) => `${this.node.path}: ${p}`));
      }
      throw e;
    }
    this.addMandatoryPolicyStatements(owner, ...(Array.isArray(statements) ? statements : [statements]));
  }

  /**
   * Lifts the bucket's Deny statements, except the TLS ones, for one principal
   * and the given actions only: the role S3 replication uses, whose requests
   * come from S3 rather than through the networks or identities the
   * restrictions expect. A further Deny refuses the principal every other
   * action on the bucket. The principal still needs an Allow of its own; the
   * TLS denies stay in force for it.
   */
  public exemptFromDenies(principalArn: string, actions: readonly string[]): void {
    this.denyExemptions = mergeExemption(this.denyExemptions, { principalArn, actions });
  }

  /** Statements produced at synth time by another module (for example log delivery for sources added later). */
  public addDeferredPolicyStatements(owner: string, produce: () => PolicyStatement[]): void {
    this.deferred.push({ owner, produce });
  }

  /** The policy document as it will be synthesized. */
  public get policyDocument(): PolicyDocument {
    return this.finalComposer().document;
  }

  /** Mandatory statements first (in the order added), then deferred ones, then the others. */
  private finalComposer(): PolicyComposer {
    const composer = new PolicyComposer(this, BUCKET_POLICY);
    const entries = this.composer.entries;
    for (const e of entries.filter((e) => e.mandatory))
      composer.addMandatory(e.owner, withDenyExemptions(e.statement, this.denyExemptions));
    if (this.denyExemptions.length > 0)
      composer.addMandatory('exemptFromDenies', ...exemptionLimits(this.bucketArn, this.denyExemptions));
    for (const d of this.deferred) {
      const statements = d.produce();
      const problems = this.statementProblems(statements);
      if (problems.length > 0) throw new S3SecurityValidationError(problems);
      composer.addMandatory(d.owner, ...statements);
    }
    for (const e of entries.filter((e) => !e.mandatory)) composer.addStatements(e.owner, e.statement);
    return composer;
  }

  private renderPolicy(): string {
    return this.finalComposer().render();
  }

  private mandatoryStatements(s: BucketSettings): PolicyStatement[] {
    const statements: PolicyStatement[] = [];
    if (s.enforceTls) statements.push(denyInsecureTransport(this.bucketArn));
    if (s.minimumTlsVersion !== undefined)
      statements.push(denyOutdatedTls(this.bucketArn, s.minimumTlsVersion));
    return statements;
  }

  /**
   * Problems of statements about to join the policy: what the bucket's policy
   * guardrails refuse, cross-account writes the owner would not own, and
   * resources S3 would reject.
   */
  private statementProblems(statements: readonly PolicyStatement[]): string[] {
    return statementProblems(statements, this.guards).map((p) => `${this.node.path}: ${p}`);
  }

  private checkLogTarget(v: PropsValidator, s: BucketSettings): void {
    const target = s.accessLogs?.bucket;
    if (target === undefined || typeof target === 'string') return;
    const here = AwsEnvironment.of(this).knownRegion;
    const there = AwsEnvironment.of(target).knownRegion;
    v.check(
      here === undefined || there === undefined || here === there,
      'accessLogs.bucket',
      target.node.path,
      `is in ${there}, this bucket in ${here}: server access logs go only to a bucket in the same region`,
    );
  }
}
