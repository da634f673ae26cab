/**
 * What every subcommand gets from the composition root (main.ts): the repository root, the
 * environment (read nowhere else) and the output streams, so commands stay testable.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { locateOpa, OpaCli, type OpaEnvironment } from '../build/opa-cli.js';

export interface CliEnvironment extends OpaEnvironment {
  /** `1`: unexpected errors print their stack. */
  PROFILEGATE_DEBUG?: string | undefined;
}

export interface CliContext {
  /** The checkout that holds policies/ (the package root). */
  root: string;
  /** Where the user runs the command: relative paths they give are resolved against it. */
  cwd: string;
  env: CliEnvironment;
  out(text: string): void;
  err(text: string): void;
  readStdin(): Promise<string>;
}

/** A failure the user caused (bad flag, unreadable file): printed without a stack. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

/** Walks up from this file to the package.json: src/cli (tsx), dist/src/cli (compiled) or dist/cli (the bundle). */
export function packageRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new CliError('cannot find the profilegate package root');
    dir = parent;
  }
  return dir;
}

export function opaFor(context: CliContext): OpaCli {
  return new OpaCli(locateOpa(context.env), context.root);
}
