/**
 * Where the recorder binaries are, and building them with make when they are missing or stale
 * (make's own timestamps decide; a no-op build takes milliseconds). Before a real build, the
 * tools it needs are checked, so a machine without them gets one line naming what to install
 * instead of make's output.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const run = promisify(execFile);

/** bpf-profiler/ of the checkout: found upwards, so the sources and the compiled dist/ agree. */
function profilerDir(from = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'bpf-profiler', 'Makefile'))) return join(dir, 'bpf-profiler');
    if (dirname(dir) === dir) return join(from, '..');
  }
}

export const PROFILER_DIR = profilerDir();
export const RECORDER_BIN = join(PROFILER_DIR, 'build', 'profilegate-recorder');
export const CGEXEC_BIN = join(PROFILER_DIR, 'build', 'profilegate-cgexec');

export class RecorderBuildError extends Error {
  override readonly name = 'RecorderBuildError';
}

/** What building the recorder needs (README "Record a profile"), with the Debian package of each. */
export const BUILD_REQUIREMENTS = [
  { tool: 'make', package: 'make' },
  { tool: 'clang', package: 'clang' },
  { tool: 'bpftool', package: 'bpftool' },
  { tool: 'cc', package: 'gcc' },
  { tool: 'pkg-config', package: 'pkg-config' },
] as const;
const LIBBPF_HEADER = 'bpf/libbpf.h';
const INCLUDE_DIRS = ['/usr/include', '/usr/local/include'];

function onPath(tool: string, path: string): boolean {
  return path.split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, tool), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** The Debian packages missing for a build, in BUILD_REQUIREMENTS order, libbpf-dev last. */
export function missingBuildRequirements(
  path: string,
  includeDirs: readonly string[] = INCLUDE_DIRS,
): string[] {
  const missing: string[] = BUILD_REQUIREMENTS.filter((r) => !onPath(r.tool, path)).map((r) => r.package);
  if (!includeDirs.some((dir) => existsSync(join(dir, LIBBPF_HEADER)))) missing.push('libbpf-dev');
  return missing;
}

export interface BuildPlace {
  /** PATH to find the tools on. */
  path: string;
  /** The bpf-profiler directory (its Makefile and build/). */
  dir: string;
}

export async function ensureRecorderBuilt(
  { path, dir }: BuildPlace = { path: process.env.PATH ?? '', dir: PROFILER_DIR },
): Promise<void> {
  const built = ['profilegate-recorder', 'profilegate-cgexec'].every((bin) =>
    existsSync(join(dir, 'build', bin)),
  );
  const hasMake = onPath('make', path);
  // Prebuilt binaries and no make: use them as they are.
  if (built && !hasMake) return;
  if (built) {
    // make -q: exit 0 when everything is up to date, so no compiler is needed.
    const upToDate = await run('make', ['-q', '-C', dir], { env: { ...process.env, PATH: path } }).then(
      () => true,
      () => false,
    );
    if (upToDate) return;
  }
  const missing = missingBuildRequirements(path);
  if (missing.length > 0) {
    throw new RecorderBuildError(
      `the eBPF recorder is built on first use and needs clang, make, bpftool, a C compiler, pkg-config and libbpf headers: ` +
        `install ${missing.join(' ')} (apt-get install ${missing.join(' ')})`,
    );
  }
  try {
    await run('make', ['-s', '-C', dir], {
      maxBuffer: 16 * 1024 * 1024,
      env: { ...process.env, PATH: path },
    });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? String(error);
    throw new RecorderBuildError(`building the recorder failed (make -C bpf-profiler): ${stderr}`, {
      cause: error,
    });
  }
}
