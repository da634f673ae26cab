// `npm start`: compile only when a source changed (scripts/compile.mjs), then run the webhook in
// this process. package.json starts it with `exec`, so the shell npm spawns is replaced by this
// process and the signals npm forwards (SIGTERM, SIGINT) reach the server itself.
import { join } from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureCompiled } from './compile.mjs';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const code = ensureCompiled(root);
if (code !== 0) {
  process.stderr.write('profilegate: the TypeScript build failed (see above)\n');
  process.exit(code);
}
await import(pathToFileURL(join(root, 'dist', 'webhook', 'main.js')).href);
