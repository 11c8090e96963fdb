// Shared jest preset: ts-jest (transpile only; `typecheck` targets run tsc), workspace packages
// resolved to their sources so tests never need a build.
const path = require('node:path');
const root = __dirname;

/** @param {string} projectDir */
module.exports = function preset(projectDir) {
  return {
    rootDir: projectDir,
    testEnvironment: path.join(root, 'tools/jest/node-environment.cjs'),
    testMatch: ['<rootDir>/src/**/*.spec.ts'],
    transform: {
      '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(root, 'tsconfig.spec.json') }],
    },
    moduleNameMapper: {
      '^@medimg/([a-z-]+)$': path.join(root, 'packages/$1/src/index.ts'),
      '^@medimg/([a-z-]+)/testing$': path.join(root, 'packages/$1/src/testing/index.ts'),
    },
    testTimeout: 120000,
  };
};
