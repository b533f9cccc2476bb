import { CONTEXT_ENV } from 'cdktf';
import { S3SecurityValidationError } from './modules/core';
import { synthApp } from './stacks/app';
import { ConfigError, resolveConfig } from './stacks/config';

/**
 * The default app. Configuration: the JSON file named by S3_SECURITY_CONFIG, or
 * the embedded default (stacks/config.ts). Output: CDKTF_OUTDIR (set by cdktf-cli)
 * or cdktf.out. Bad configuration stops synthesis before anything is written,
 * with one line per problem and no stack trace. Run by cdktf-cli (which sets
 * CDKTF_CONTEXT_JSON), stack folders that are gone are left for the CLI to remove.
 */
function main(): void {
  try {
    synthApp(resolveConfig(), process.env.CDKTF_OUTDIR ?? 'cdktf.out', {
      staleStacks: process.env[CONTEXT_ENV] === undefined ? 'remove' : 'keep',
    });
  } catch (e) {
    if (e instanceof ConfigError || e instanceof S3SecurityValidationError) {
      process.stderr.write(`s3-security: synthesis stopped:\n${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
}

main();
