#!/usr/bin/env node
'use strict';
// Launcher of the `s3-security` command. In a checkout (TypeScript sources
// present) it runs the sources through tsx, so no build step is needed; an
// installed package runs the compiled dist/.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const source = join(root, 'cli', 'index.ts');
const built = join(root, 'dist', 'cli', 'index.js');

function load() {
  if (existsSync(source)) {
    try {
      require('tsx/cjs/api').register();
      return require(source);
    } catch (e) {
      if (!existsSync(built)) {
        process.stderr.write(
          `s3-security: cannot load ${source} (${e.message}); run npm ci (tsx) or npm run build\n`,
        );
        process.exit(2);
      }
    }
  }
  return require(built);
}

load().run(process.argv.slice(2));
