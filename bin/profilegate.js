#!/usr/bin/env node
// In a clone (TypeScript sources and tsx present) the sources run, so the command never lags
// behind an edit; an installed package runs its compiled dist/.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'src', 'cli', 'main.ts');
const tsx = join(root, 'node_modules', 'tsx');
if (existsSync(source) && existsSync(tsx)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(source).href);
} else {
  await import(pathToFileURL(join(root, 'dist', 'src', 'cli', 'main.js')).href);
}
