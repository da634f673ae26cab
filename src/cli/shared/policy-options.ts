/**
 * The policy sources a command judges with: the built bundle (--bundle, or the configured
 * bundle.path), or Rego compiled on the spot from the author's --policy-dir directories, with
 * or without the built-in rules (--no-builtins). Shared by eval, audit, policy build and test.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { buildBundle } from '../build/build-bundle.js';
import { isBuiltinOnly, policySourcesFrom, type PolicySources } from '../build/policy-sources.js';
import { CliError, opaFor, type CliContext } from './cli-context.js';
import { resolve } from './judge-inputs.js';

export interface PolicyOptions {
  policyDir?: string[];
  /** False with --no-builtins. */
  builtins: boolean;
}

export interface BundleOptions extends PolicyOptions {
  bundle?: string;
}

export function addPolicySourceOptions<C extends Command>(command: C): C {
  command
    .option(
      '--policy-dir <dir...>',
      'a directory of your own Rego rules (repeatable; docs/policy-authoring.md)',
    )
    .option('--no-builtins', 'leave the built-in rules out (needs --policy-dir)');
  return command;
}

export async function sourcesOf(context: CliContext, options: PolicyOptions): Promise<PolicySources> {
  return policySourcesFrom(context.cwd, options);
}

/**
 * Runs `use` with the path of the bundle to judge with. From --policy-dir the bundle (and its
 * metadata.json) is built into a temporary directory, removed afterwards.
 */
export async function withBundle<T>(
  context: CliContext,
  options: BundleOptions,
  configuredPath: string,
  use: (bundlePath: string) => Promise<T>,
): Promise<T> {
  const sources = await sourcesOf(context, options);
  if (isBuiltinOnly(sources)) {
    // --bundle is relative to where the user runs the command; the configured default to the checkout.
    return use(options.bundle ?? resolve(context.root, configuredPath));
  }
  if (options.bundle !== undefined) {
    throw new CliError('give either --bundle (a built bundle) or --policy-dir (Rego to build), not both');
  }
  const dir = await mkdtemp(join(tmpdir(), 'profilegate-bundle-'));
  try {
    const built = await buildBundle(opaFor(context), context.root, dir, sources);
    return await use(built.bundle);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
