import { CONTEXT_ENV } from 'cdktf';
import { S3SecurityValidationError } from './modules/core';
import { synthApp } from './stacks/app';
import { ConfigError, resolveConfig } from './stacks/config';
import { recordConstructStackTraces } from './stacks/source-traces';

/**
 * The default app. Configuration: the JSON file named by S3_SECURITY_CONFIG, or
 * the embedded default (stacks/config.ts). Output: CDKTF_OUTDIR (set by cdktf-cli)
 * or cdktf.out. Bad configuration stops synthesis before anything is written,
 * with one line per problem and no stack trace. Run by cdktf-cli (which sets
 * CDKTF_CONTEXT_JSON), stack folders that are gone are left for the CLI to remove.
 * S3_SECURITY_STACK_TRACES=1 records where each resource was created, for the
 * review's source locations.
 */
function main(): void {
  ignoreCdktfDeprecation();
  if (process.env.S3_SECURITY_STACK_TRACES === '1') recordConstructStackTraces();
  const outdir = process.env.CDKTF_OUTDIR ?? 'cdktf.out';
  try {
    synthApp(resolveConfig(), outdir, {
      staleStacks: process.env[CONTEXT_ENV] === undefined ? 'remove' : 'keep',
    });
    process.stdout.write(`s3-security: synthesized the default app into ${outdir}\n`);
  } catch (e) {
    if (e instanceof ConfigError || e instanceof S3SecurityValidationError) {
      process.stderr.write(`s3-security: synthesis stopped:\n${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
}

/**
 * cdktf 0.21 calls `util.isArray` when it synthesizes outputs, which Node 22
 * deprecates at run time (DEP0044): the warning would be printed on every
 * synthesis and says nothing to the user. Every other warning is printed.
 */
function ignoreCdktfDeprecation(): void {
  const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  process.emitWarning = ((...args: unknown[]) => {
    const options = args[1];
    const code =
      typeof options === 'object' && options !== null ? (options as { code?: unknown }).code : args[2];
    if (code !== 'DEP0044') emitWarning(...args);
  }) as typeof process.emitWarning;
}

main();
