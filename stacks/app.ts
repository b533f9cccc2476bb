import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { App } from 'cdktf';
import type { AppConfig } from './config';
import { AccountBaselineStack } from './account-baseline-stack';
import { MalwareProtectionStack } from './malware-protection-stack';
import { OrganizationGuardrailsStack } from './organization-guardrails-stack';
import { PolicyShowcaseStack } from './policy-showcase-stack';
import { PrivateNetworkStack } from './private-network-stack';
import { SecureDataStack } from './secure-data-stack';

/** Adds the default app's stacks, as configured, to a cdktf App. */
export function buildApp(app: App, config: AppConfig): App {
  const common = { environment: config.environment, backend: config.backend, tags: config.tags };
  if (config.secureData)
    new SecureDataStack(app, config.secureData.stackName, { ...common, secureData: config.secureData });
  const showcase = config.policyShowcase;
  if (showcase?.enabled)
    new PolicyShowcaseStack(app, showcase.stackName, { ...common, policyShowcase: showcase });
  const baseline = config.accountBaseline;
  if (baseline?.enabled) new AccountBaselineStack(app, baseline.stackName, { ...common, baseline });
  const guardrails = config.organizationGuardrails;
  if (guardrails?.enabled)
    new OrganizationGuardrailsStack(app, guardrails.stackName, {
      ...common,
      organizationGuardrails: guardrails,
    });
  const network = config.privateNetwork;
  if (network?.enabled)
    new PrivateNetworkStack(app, network.stackName, { ...common, privateNetwork: network });
  const malware = config.malwareProtection;
  if (malware?.enabled)
    new MalwareProtectionStack(app, malware.stackName, { ...common, malwareProtection: malware });
  return app;
}

/**
 * Synthesizes the default app into `outdir`, all or nothing: the stacks are
 * written to a staging folder beside it, which replaces `outdir` only when every
 * stack synthesized. A validation error in any stack leaves the previous output
 * untouched and no partial output behind.
 */
export function synthApp(config: AppConfig, outdir: string): void {
  const staging = `${outdir}.staging`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(dirname(staging), { recursive: true });
  try {
    const app = new App({ outdir: staging });
    buildApp(app, config);
    app.synth();
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  if (existsSync(outdir)) rmSync(outdir, { recursive: true, force: true });
  renameSync(staging, outdir);
}
