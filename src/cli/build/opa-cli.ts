/**
 * Locates and runs the opa CLI for the policy author's tools (build, test, docs, agreement
 * checks). The webhook never needs it: it loads the built WASM bundle.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The opa release CI provisions (scripts/provision-toolchain.sh) and the bundle is built with. */
export const OPA_VERSION = 'v1.22.4';

/** Only the variables the locator reads, so callers pass process.env from the composition root. */
export interface OpaEnvironment {
  PROFILEGATE_OPA?: string | undefined;
  PROFILEGATE_CACHE?: string | undefined;
  HOME?: string | undefined;
  PATH?: string | undefined;
}

export class OpaNotFoundError extends Error {
  override readonly name = 'OpaNotFoundError';
}

export class OpaCommandError extends Error {
  override readonly name = 'OpaCommandError';
  constructor(
    message: string,
    readonly exitCode: number,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super(message);
  }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** $PROFILEGATE_OPA, else the provisioned cache path, else `opa` on PATH. */
export function locateOpa(env: OpaEnvironment): string {
  const explicit = env.PROFILEGATE_OPA;
  if (explicit) {
    if (isExecutable(explicit)) return explicit;
    throw new OpaNotFoundError(`PROFILEGATE_OPA=${explicit} is not an executable file`);
  }
  const cache = env.PROFILEGATE_CACHE ?? join(env.HOME ?? '', '.cache', 'profilegate');
  const cached = join(cache, `opa-${OPA_VERSION}`, 'opa');
  if (isExecutable(cached)) return cached;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, 'opa'))) return join(dir, 'opa');
  }
  throw new OpaNotFoundError(
    `cannot find the opa CLI: set PROFILEGATE_OPA to its path, or install opa ${OPA_VERSION} at ${cached} ` +
      `(bash scripts/provision-toolchain.sh does), or put opa on PATH`,
  );
}

export interface OpaResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Runs opa with arguments (never through a shell) in a working directory. */
export class OpaCli {
  constructor(
    readonly path: string,
    readonly cwd: string,
  ) {}

  run(args: readonly string[], options: { stdin?: string; allowFailure?: boolean } = {}): Promise<OpaResult> {
    return new Promise((resolve, reject) => {
      const child = execFile(
        this.path,
        args,
        { cwd: this.cwd, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
        (error, stdout, stderr) => {
          const exitCode = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
          if (error && !options.allowFailure) {
            const detail = stderr || stdout || error.message;
            reject(new OpaCommandError(`opa ${args[0] ?? ''} failed: ${detail}`, exitCode, stdout, stderr));
            return;
          }
          resolve({ stdout, stderr, exitCode });
        },
      );
      if (options.stdin !== undefined) child.stdin?.end(options.stdin);
    });
  }
}
