#!/usr/bin/env node
// Scaffolds packages/<name> with the workspace's standard files: node tools/scripts/new-lib.cjs <name> "<description>" [dep ...]
const fs = require('node:fs');
const path = require('node:path');
const [name, description = '', ...deps] = process.argv.slice(2);
if (!name) throw new Error('usage: new-lib.cjs <name> "<description>" [@medimg/dep ...]');
const dir = path.join(__dirname, '../../packages', name);
fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
const write = (f, s) => { if (!fs.existsSync(path.join(dir, f))) fs.writeFileSync(path.join(dir, f), s); };
const pkg = {
  name: `@medimg/${name}`,
  version: '0.1.0',
  description,
  license: 'Apache-2.0',
  type: 'module',
  main: './dist/index.cjs',
  module: './dist/index.js',
  types: './dist/index.d.ts',
  exports: {
    '.': {
      import: { types: './dist/index.d.ts', default: './dist/index.js' },
      require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
    },
    './package.json': './package.json',
  },
  files: ['dist'],
  sideEffects: false,
  engines: { node: '>=20.19' },
  scripts: {
    build: 'tsup',
    test: 'jest',
    typecheck: 'tsc -p tsconfig.json --noEmit',
    lint: 'eslint src',
  },
  dependencies: Object.fromEntries(deps.map((d) => [d, '0.1.0'])),
  peerDependencies: { '@tensorflow/tfjs': '^4.22.0' },
  nx: { tags: name === 'core' ? ['type:core'] : ['type:lib'] },
};
write('package.json', JSON.stringify(pkg, null, 2) + '\n');
write('tsup.config.ts', "import { defineConfig } from 'tsup';\nimport { libConfig } from '../../tools/tsup/lib-config';\n\nexport default defineConfig(libConfig());\n");
write('jest.config.cjs', "module.exports = require('../../jest.preset.cjs')(__dirname);\n");
write('tsconfig.json', JSON.stringify({ extends: '../../tsconfig.base.json', include: ['src/**/*.ts'] }, null, 2) + '\n');
write('README.md', `# @medimg/${name}\n\n${description}\n`);
write('src/index.ts', '');
