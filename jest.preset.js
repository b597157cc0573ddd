// Tests run against the TypeScript sources of every workspace package, so `npm test` needs no build first.
const path = require('node:path');

const root = __dirname;
const packageSources = {
  '@lotgraph/server': 'server/src',
  '@lotgraph/schema': 'schema/src',
  '@lotgraph/batch': 'subgraphs/batch/src/server',
  '@lotgraph/quality': 'subgraphs/quality/src/server',
  '@lotgraph/capa': 'subgraphs/capa/src/server',
  '@lotgraph/compliance': 'subgraphs/compliance/src/server',
  '@lotgraph/integration': 'subgraphs/integration/src/server',
  '@lotgraph/adapters': 'adapters/src',
  '@lotgraph/gateway': 'gateway/src/server',
};

const moduleNameMapper = {};
for (const [name, dir] of Object.entries(packageSources)) {
  moduleNameMapper[`^${name}$`] = path.join(root, dir);
}

module.exports = {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/**/*.test.ts', '<rootDir>/src/**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(root, 'tsconfig.base.json') }],
  },
  moduleNameMapper,
  testTimeout: 60000,
};
