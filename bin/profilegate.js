#!/usr/bin/env node
// Runs the compiled CLI (dist/cli/main.js, the bundle of dist/src/cli/main.js that
// scripts/compile.mjs makes). In a clone, a source edited since the last build
// is compiled first (incremental; checking costs a directory walk), so the command never lags
// behind an edit; an installed package has no compiler and runs its dist/ as it is.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { canCompile, compile, isStale } from '../scripts/compile.mjs';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const main = join(root, 'dist', 'cli', 'main.js');
if (canCompile(root) && isStale(root)) {
  process.stderr.write('profilegate: sources changed since the last build: compiling (npm run build)\n');
  if (compile(root, { quiet: true }) !== 0) {
    process.stderr.write('profilegate: the TypeScript build failed (npm run build shows why)\n');
    process.exit(2);
  }
}
if (!existsSync(main)) {
  process.stderr.write(`profilegate: ${main} is missing: run npm run build\n`);
  process.exit(2);
}
await import(pathToFileURL(main).href);
