import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { App } from 'cdktf';
import type { AppConfig } from './config';
import { AccountBaselineStack, optedOutBucketsOf } from './account-baseline-stack';
import { DataClassificationStack } from './data-classification-stack';
import { MalwareProtectionStack } from './malware-protection-stack';
import { OrganizationGuardrailsStack } from './organization-guardrails-stack';
import { PolicyShowcaseStack } from './policy-showcase-stack';
import { PrivateNetworkStack } from './private-network-stack';
import { ResilientDataStack } from './resilient-data-stack';
import { SecureDataStack } from './secure-data-stack';
import { withShortCreationStacks } from './stack-traces';

/** Adds the default app's stacks, as configured, to a cdktf App. */
export function buildApp(app: App, config: AppConfig): App {
  const common = {
    environment: config.environment,
    backend: config.backend,
    tags: config.tags,
    awsProviderVersion: config.awsProviderVersion,
  };
  if (config.secureData)
    new SecureDataStack(app, config.secureData.stackName, { ...common, secureData: config.secureData });
  const showcase = config.policyShowcase;
  if (showcase?.enabled)
    new PolicyShowcaseStack(app, showcase.stackName, { ...common, policyShowcase: showcase });
  const network = config.privateNetwork;
  if (network?.enabled)
    new PrivateNetworkStack(app, network.stackName, { ...common, privateNetwork: network });
  const resilience = config.resilience;
  if (resilience?.enabled) new ResilientDataStack(app, resilience.stackName, { ...common, resilience });
  const classification = config.dataClassification;
  if (classification?.enabled)
    new DataClassificationStack(app, classification.stackName, {
      ...common,
      dataClassification: classification,
    });
  const malware = config.malwareProtection;
  if (malware?.enabled)
    new MalwareProtectionStack(app, malware.stackName, { ...common, malwareProtection: malware });
  // After the bucket stacks: its remediation spares their buckets (same account) that opted out of a setting.
  const baseline = config.accountBaseline;
  if (baseline?.enabled) {
    const optedOutBuckets = optedOutBucketsOf(app.node.children);
    new AccountBaselineStack(app, baseline.stackName, { ...common, baseline, optedOutBuckets });
  }
  const guardrails = config.organizationGuardrails;
  if (guardrails?.enabled)
    new OrganizationGuardrailsStack(app, guardrails.stackName, {
      ...common,
      organizationGuardrails: guardrails,
    });
  return app;
}

export interface SynthAppOptions {
  /**
   * Stack folders of an earlier synthesis that this one no longer produces (a
   * section removed from the configuration): `remove` them, or `keep` them for
   * cdktf-cli, which lists the stack folders before it runs the app and removes
   * the ones that are gone itself afterwards.
   * @default 'remove'
   */
  readonly staleStacks?: 'remove' | 'keep';
}

/**
 * Synthesizes the default app into `outdir`, all or nothing: the stacks are
 * written to a staging folder beside it, which replaces `outdir` only when every
 * stack synthesized. A validation error in any stack leaves the previous output
 * untouched and no partial output behind. Token creation stacks keep only the
 * app's own frames (see {@link withShortCreationStacks}).
 */
export function synthApp(config: AppConfig, outdir: string, options: SynthAppOptions = {}): void {
  const staging = `${outdir}.staging`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(dirname(staging), { recursive: true });
  try {
    withShortCreationStacks(() => {
      const app = new App({ outdir: staging });
      buildApp(app, config);
      app.synth();
    });
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  if (existsSync(outdir)) {
    if (options.staleStacks === 'keep') moveStaleStacks(outdir, staging);
    rmSync(outdir, { recursive: true, force: true });
  }
  renameSync(staging, outdir);
}

/** Moves the stack folders of `outdir` that `staging` does not have into `staging`. */
function moveStaleStacks(outdir: string, staging: string): void {
  const previous = join(outdir, 'stacks');
  if (!existsSync(previous)) return;
  const next = join(staging, 'stacks');
  mkdirSync(next, { recursive: true });
  for (const name of readdirSync(previous)) {
    if (!existsSync(join(next, name))) renameSync(join(previous, name), join(next, name));
  }
}
