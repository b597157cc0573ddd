#!/usr/bin/env node
// The npm registry mirror these machines use serves only Linux builds of platform-specific packages, so
// `npm install` writes a lockfile without the macOS/Windows optional dependencies of turbo, jest's resolver
// and others, and `npm ci` then refuses the lockfile as out of sync. This adds a bare entry for every
// optional dependency the lockfile names but lacks; npm ci skips the ones it cannot fetch for this platform.
// Run it after every `npm install` that changes dependencies: `npm run lockfile`.
const fs = require('node:fs');
const path = require('node:path');

const file = path.join(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
let added = 0;
for (const [location, meta] of Object.entries({ ...lock.packages })) {
  for (const [name, version] of Object.entries(meta.optionalDependencies ?? {})) {
    const parent = location ? `${location}/node_modules/${name}` : `node_modules/${name}`;
    const hoisted = `node_modules/${name}`;
    if (lock.packages[parent] || lock.packages[hoisted]) continue;
    lock.packages[hoisted] = { version, ...(meta.dev ? { dev: true } : {}), optional: true };
    added += 1;
  }
}
// Same order npm writes, so a later `npm install` leaves the file as it is.
const sorted = Object.keys(lock.packages).sort((a, b) => a.localeCompare(b, 'en'));
lock.packages = Object.fromEntries(sorted.map((key) => [key, lock.packages[key]]));
fs.writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: added ${added} optional platform entries`);
