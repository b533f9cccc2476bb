import { App } from 'cdktf';
import type { AppConfig } from './config';
import { SecureDataStack } from './secure-data-stack';

/** Adds the default app's stacks, as configured, to a cdktf App. */
export function buildApp(app: App, config: AppConfig): App {
  const common = { environment: config.environment, backend: config.backend, tags: config.tags };
  new SecureDataStack(app, config.secureData.stackName, { ...common, secureData: config.secureData });
  return app;
}
