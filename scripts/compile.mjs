// Compiles the TypeScript (tsconfig.build.json, incremental) to dist/, bundles the CLI into
// dist/cli/ (esbuild; bin/profilegate.js runs it) and records the build in dist/.build-stamp, so
// `npm start` and bin/profilegate.js rebuild only when a source changed. The CLI is bundled
// because resolving and loading its ~300 modules one by one was a fifth of each call
// (BENCHMARKS.md "CLI start-up"); npm packages stay external, and dynamic imports stay lazy
// (code splitting), so `audit --cluster` alone loads @kubernetes/client-node.
// Plain JavaScript, so checking costs a directory walk (milliseconds), not a TypeScript start.
//   node scripts/compile.mjs            build now (npm run build)
//   node scripts/compile.mjs --if-stale build only when a source is newer than the stamp
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const SOURCE_DIRS = ['src', 'webhook', join('bpf-profiler', 'agent')];
const SOURCE_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package.json'];
const STAMP = join('dist', '.build-stamp');
const LOCK = join('dist', '.build-lock');

function newestIn(dir, newest) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = newestIn(path, newest);
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** True when dist/ is missing or a source changed after the last build. */
export function isStale(root) {
  const stamp = join(root, STAMP);
  if (!existsSync(stamp)) return true;
  let newest = 0;
  for (const dir of SOURCE_DIRS) if (existsSync(join(root, dir))) newest = newestIn(join(root, dir), newest);
  for (const file of SOURCE_FILES)
    if (existsSync(join(root, file))) newest = Math.max(newest, statSync(join(root, file)).mtimeMs);
  return newest > statSync(stamp).mtimeMs;
}

/** Whether this checkout can compile (an installed package has no TypeScript compiler). */
export function canCompile(root) {
  return existsSync(join(root, 'node_modules', 'typescript', 'bin', 'tsc')) && existsSync(join(root, 'src'));
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Runs tsc once, even when several processes ask at the same time; returns tsc's exit code. */
export function compile(root, { quiet = false } = {}) {
  mkdirSync(join(root, 'dist'), { recursive: true });
  const lock = join(root, LOCK);
  for (let waited = 0; ; waited += 200) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another process is compiling: wait for it; a lock older than 5 minutes was left behind.
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })?.mtimeMs > 300_000) rmdirSync(lock);
      sleep(200);
      if (!isStale(root)) return 0;
    }
  }
  try {
    // The stamp is taken before compiling, so a source saved during the build counts as newer.
    const started = new Date();
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const run = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], {
      cwd: root,
      stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit',
    });
    const status = run.status === 0 ? bundleCli(root) : (run.status ?? 1);
    if (status === 0) {
      writeFileSync(join(root, STAMP), `${started.toISOString()}\n`);
      utimesSync(join(root, STAMP), started, started);
    }
    return status;
  } finally {
    rmdirSync(lock);
  }
}

/** dist/src/cli/main.js and what it imports from this repository, as one ESM graph in dist/cli/. */
function bundleCli(root) {
  const esbuild = join(root, 'node_modules', 'esbuild', 'bin', 'esbuild');
  const run = spawnSync(
    esbuild,
    [
      join('dist', 'src', 'cli', 'main.js'),
      '--bundle',
      '--splitting',
      '--platform=node',
      '--format=esm',
      '--target=node20',
      '--packages=external',
      `--outdir=${join('dist', 'cli')}`,
      '--log-level=warning',
    ],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  return run.status ?? 1;
}

/** Compiles when stale and possible; returns 0 when dist/ is ready. */
export function ensureCompiled(root, options = {}) {
  if (!isStale(root)) return 0;
  if (!canCompile(root)) return existsSync(join(root, 'dist')) ? 0 : 1;
  return compile(root, options);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = join(fileURLToPath(import.meta.url), '..', '..');
  process.exitCode = process.argv.includes('--if-stale') ? ensureCompiled(root) : compile(root);
}
