/**
 * `npm run modules [-- <out-dir>]`: writes every module to `<out-dir>/terraform-aws-<name>/`
 * (default `terraform-modules/`).
 */
import { resolve } from 'node:path';
import { writeModules } from './generate';
import { MODULE_DEFINITIONS } from './registry';

const out = resolve(process.argv[2] ?? 'terraform-modules');
try {
  const modules = writeModules(out, MODULE_DEFINITIONS);
  for (const m of modules) console.log(`${m.repository}: ${Object.keys(m.files).length + 1} files`);
  console.log(`Wrote ${modules.length} modules to ${out}`);
} catch (e) {
  console.error(`npm run modules: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
}
