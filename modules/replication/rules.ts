import {
  S3BucketReplicationConfigurationRule,
  S3BucketReplicationConfigurationRuleFilter,
} from '@cdktf/provider-aws/lib/s3-bucket-replication-configuration';
import { PropsValidator } from '../core';
import { REPLICA_STORAGE_CLASSES, ReplicationRuleProps } from './props';

/** Replication Time Control and its metrics use a 15-minute threshold, the only value S3 accepts. */
export const REPLICATION_TIME_MINUTES = 15;

/** Where a rule's replicas go, as the rules need it. */
export interface RuleDestination {
  readonly arn: string;
  readonly account: string;
  readonly keyArn?: string;
}

/** Checks the rules: ids and priorities unique, and the combinations S3 refuses. */
export function checkRules(v: PropsValidator, rules: readonly ReplicationRuleProps[]): void {
  v.check(rules.length > 0, 'rules', rules, 'must hold at least one rule');
  v.check(rules.length <= 1000, 'rules', rules.length, 'must hold at most 1000 rules');
  const ids = new Set<string>();
  const priorities = new Map<number, string>();
  rules.forEach((r, i) => {
    const at = `rules[${i}]`;
    v.check(
      typeof r.id === 'string' && r.id.length > 0 && r.id.length <= 255,
      `${at}.id`,
      r.id,
      'must be 1 to 255 characters',
    );
    v.check(!ids.has(r.id), `${at}.id`, r.id, 'is used by another rule: rule ids are unique');
    ids.add(r.id);
    const priority = r.priority ?? i + 1;
    if (
      v.check(
        Number.isInteger(priority) && priority >= 0,
        `${at}.priority`,
        priority,
        'must be a whole number, 0 or more',
      )
    ) {
      const other = priorities.get(priority);
      v.check(
        other === undefined,
        `${at}.priority`,
        priority,
        `is also the priority of rule ${JSON.stringify(other)}: priorities are unique, so S3 knows which rule wins`,
      );
      priorities.set(priority, r.id);
    }
    v.check(
      r.prefix === undefined || r.prefix.length <= 1024,
      `${at}.prefix`,
      r.prefix,
      'must be at most 1024 characters',
    );
    const tagCount = Object.keys(r.tags ?? {}).length;
    v.check(
      !(r.deleteMarkerReplication === true && tagCount > 0),
      `${at}.deleteMarkerReplication`,
      true,
      'cannot be on for a rule with a tag filter: S3 does not replicate delete markers for tag-based rules',
    );
    v.check(
      !(r.replicationTimeControl === true && r.metrics === false),
      `${at}.metrics`,
      false,
      'must be on with replicationTimeControl: Replication Time Control requires replication metrics',
    );
    v.check(
      r.storageClass === undefined || (REPLICA_STORAGE_CLASSES as readonly string[]).includes(r.storageClass),
      `${at}.storageClass`,
      r.storageClass,
      `is not a replica storage class: one of ${REPLICA_STORAGE_CLASSES.join(', ')}`,
    );
  });
}

function filterOf(r: ReplicationRuleProps): S3BucketReplicationConfigurationRuleFilter {
  const tags = Object.entries(r.tags ?? {});
  if (tags.length === 0) return r.prefix ? { prefix: r.prefix } : {};
  if (tags.length === 1 && !r.prefix) return { tag: { key: tags[0][0], value: tags[0][1] } };
  return { and: { prefix: r.prefix, tags: { ...r.tags } } };
}

const status = (on: boolean | undefined) => (on ? 'Enabled' : 'Disabled');

export function ruleConfig(
  r: ReplicationRuleProps,
  index: number,
  d: RuleDestination,
  kmsSource: boolean,
  crossAccount: boolean,
): S3BucketReplicationConfigurationRule {
  const metrics = r.metrics ?? r.replicationTimeControl ?? false;
  return {
    id: r.id,
    priority: r.priority ?? index + 1,
    status: 'Enabled',
    filter: filterOf(r),
    deleteMarkerReplication: { status: status(r.deleteMarkerReplication) },
    sourceSelectionCriteria:
      kmsSource || r.replicaModifications
        ? {
            sseKmsEncryptedObjects: kmsSource ? { status: 'Enabled' } : undefined,
            replicaModifications: r.replicaModifications ? { status: 'Enabled' } : undefined,
          }
        : undefined,
    destination: {
      bucket: d.arn,
      storageClass: r.storageClass,
      account: crossAccount ? d.account : undefined,
      accessControlTranslation: crossAccount ? { owner: 'Destination' } : undefined,
      encryptionConfiguration:
        kmsSource && d.keyArn !== undefined ? { replicaKmsKeyId: d.keyArn } : undefined,
      metrics: metrics
        ? { status: 'Enabled', eventThreshold: { minutes: REPLICATION_TIME_MINUTES } }
        : undefined,
      replicationTime: r.replicationTimeControl
        ? { status: 'Enabled', time: { minutes: REPLICATION_TIME_MINUTES } }
        : undefined,
    },
  };
}
