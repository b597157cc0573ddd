#!/usr/bin/env node
// Committed shim so `npx lotgraph` resolves on a fresh clone before the first build has produced dist/.
const path = require('node:path');
const { existsSync } = require('node:fs');

const cli = path.join(__dirname, '..', 'dist', 'cli', 'main.js');
if (!existsSync(cli)) {
  console.error('LotGraph is not built yet: run `npm install` (or `npm run build`) at the repository root first.');
  process.exit(1);
}
require(cli);
