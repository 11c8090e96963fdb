#!/usr/bin/env node
// The `medimg` command. Committed (not built) so that `npm ci` links it into node_modules/.bin before the first
// build; it runs the built CLI (`npx nx run-many -t build` writes ../dist/main.cjs).
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const main = join(__dirname, '..', 'dist', 'main.cjs');
if (!existsSync(main)) {
  process.stderr.write(`medimg: ${main} does not exist. Fix: build first (npx nx run-many -t build, or npm run build).\n`);
  process.exit(1);
}
require(main);
