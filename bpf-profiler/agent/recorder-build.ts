/**
 * Where the recorder binaries are, and building them with make when they are missing or stale
 * (make's own timestamps decide; a no-op build takes milliseconds).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const run = promisify(execFile);

export const PROFILER_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const RECORDER_BIN = join(PROFILER_DIR, 'build', 'profilegate-recorder');
export const CGEXEC_BIN = join(PROFILER_DIR, 'build', 'profilegate-cgexec');

export class RecorderBuildError extends Error {
  override readonly name = 'RecorderBuildError';
}

export async function ensureRecorderBuilt(): Promise<void> {
  try {
    await run('make', ['-s', '-C', PROFILER_DIR], { maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? String(error);
    throw new RecorderBuildError(`building the recorder failed (make -C bpf-profiler): ${stderr}`, {
      cause: error,
    });
  }
}
