#!/usr/bin/env node
'use strict';
// Checks used by .ci/consumer-app.sh:
//   pack <tarball>        the tarball holds what the bin and every export need, and nothing from tests
//   readme-example <md>   prints the README's "Use a module in your own CDKTF app" TypeScript example
//   review <report.json>  the review of the README example found its buckets and the recorded opt-out
const { execFileSync } = require('node:child_process');
const { readFileSync } = require('node:fs');

function fail(message) {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function checkPack(tarball) {
  const files = new Set(
    execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map((f) => f.replace(/^package\//, '')),
  );
  const pkg = JSON.parse(
    execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }),
  );
  const problems = [];
  const need = (file, why) =>
    files.has(file.replace(/^\.\//, '')) || problems.push(`missing ${file} (${why})`);
  for (const target of Object.values(pkg.bin)) need(target, 'bin');
  need('dist/cli/index.js', 'the bin runs it');
  need('dist/lambda-bundles/clamav-scanner/index.js', 'the malware-protection module deploys it');
  need('README.md', 'documentation');
  need('LICENSE', 'license');
  // Every export, with "*" replaced by each module folder of the package.
  const moduleNames = [...files]
    .map((f) => /^dist\/modules\/([^/]+)\/index\.js$/.exec(f))
    .filter(Boolean)
    .map((m) => m[1]);
  if (moduleNames.length < 10) problems.push(`only ${moduleNames.length} modules under dist/modules`);
  const expand = (target) =>
    target.includes('*') ? moduleNames.map((m) => target.replace('*', m)) : [target];
  for (const [subpath, conditions] of Object.entries(pkg.exports)) {
    const targets = typeof conditions === 'string' ? [conditions] : Object.values(conditions);
    for (const t of targets) for (const file of expand(t)) need(file, `exports["${subpath}"]`);
  }
  for (const [subpath, targets] of Object.entries(pkg.typesVersions['*'])) {
    for (const t of targets) for (const file of expand(t)) need(file, `typesVersions["${subpath}"]`);
  }
  need(pkg.main, 'main');
  need(pkg.types, 'types');
  for (const f of files) {
    if (/(^|\/)(__tests__|__snapshots__|bench|scripts|\.ci|cdktf\.out[^/]*)\//.test(f) || /\.test\./.test(f))
      problems.push(`test or development file packed: ${f}`);
    if (/\.ts$/.test(f) && !/\.d\.ts$/.test(f)) problems.push(`TypeScript source packed: ${f}`);
    if (/\.tsbuildinfo$|\.map$/.test(f)) problems.push(`build artefact packed: ${f}`);
  }
  for (const dep of ['cdktf', 'constructs', '@cdktf/provider-aws']) {
    if (pkg.dependencies?.[dep]) problems.push(`${dep} is a dependency; it must be a peer dependency`);
    if (!pkg.peerDependencies?.[dep]) problems.push(`${dep} is not a peer dependency`);
  }
  if (problems.length) fail(`${tarball}:\n  ${problems.join('\n  ')}`);
  console.log(`pack: ${files.size} files, ${moduleNames.length} modules, every export and the bin present`);
}

function readmeExample(readme) {
  const text = readFileSync(readme, 'utf8');
  const section = text.split(/^## /m).find((s) => s.startsWith('Use a module in your own CDKTF app'));
  const code = section && /```ts\n([\s\S]*?)```/.exec(section);
  if (!code) fail(`${readme}: no \`\`\`ts block under "## Use a module in your own CDKTF app"`);
  process.stdout.write(code[1]);
}

function checkReview(file) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const buckets = new Set(
    report.findings.filter((f) => f.subject.kind === 'bucket').map((f) => f.subject.name),
  );
  const problems = [];
  for (const name of ['acme-logs-111122223333', 'acme-data-111122223333', 'acme-scratch-111122223333']) {
    if (!buckets.has(name)) problems.push(`no finding for bucket ${name}`);
  }
  const accepted = report.findings.filter(
    (f) => f.status === 'accepted' && f.subject.name === 'acme-scratch-111122223333',
  );
  if (!accepted.some((f) => /disposable build cache/.test(f.reason ?? '')))
    problems.push(
      'the versioning opt-out of acme-scratch-111122223333 is not an accepted risk with its reason',
    );
  if (report.summary.fail !== 0) problems.push(`${report.summary.fail} failures`);
  if (problems.length) fail(`${file}:\n  ${problems.join('\n  ')}`);
  console.log(`review: ${JSON.stringify(report.summary)} over ${buckets.size} buckets`);
}

const [command, arg] = process.argv.slice(2);
const commands = { pack: checkPack, 'readme-example': readmeExample, review: checkReview };
if (!commands[command] || !arg) fail('usage: consumer-checks.js pack|readme-example|review <file>');
commands[command](arg);
