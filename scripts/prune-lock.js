#!/usr/bin/env node
// The npm registry mirror this project is built against serves only some platform builds of
// packages such as @biomejs/cli-* and @duckdb/node-bindings-*. npm then writes a lockfile whose
// packages name optional dependencies it has no entry for, and `npm ci` refuses it ("Missing:
// … from lock file"). This drops those dangling optional edges (and only those), so `npm ci`
// installs exactly the lockfile. Run it after any `npm install`: node scripts/prune-lock.js
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const packages = lock.packages;
const resolvable = (owner, name) =>
  [`${owner}/node_modules/${name}`, `node_modules/${name}`].some((key) => key in packages);

const dropped = [];
for (const [key, entry] of Object.entries(packages)) {
  if (!entry.optionalDependencies) continue;
  for (const name of Object.keys(entry.optionalDependencies)) {
    if (resolvable(key, name)) continue;
    delete entry.optionalDependencies[name];
    dropped.push(`${key || '(root)'} -> ${name}`);
  }
  if (Object.keys(entry.optionalDependencies).length === 0) delete entry.optionalDependencies;
}
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(
  dropped.length
    ? `pruned ${dropped.length} dangling optional dependencies:\n  ${dropped.join('\n  ')}`
    : 'nothing to prune',
);
