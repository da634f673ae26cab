/**
 * Which Rego goes into a bundle: the built-in library (policies/rego), the author's own policy
 * directories, or both. Without the built-in rules a bundle still needs the entrypoint
 * (policies/rego/main.rego) and the library the rules build on (policies/rego/lib), so an
 * author's rules have the same contract and helpers as ours (docs/policy-authoring.md).
 */
import { stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';

export const REGO_DIR = 'policies/rego';
/** What a bundle keeps of policies/rego when the built-in rules are left out. */
const FRAMEWORK = [`${REGO_DIR}/main.rego`, `${REGO_DIR}/lib`];

export interface PolicySources {
  /** Include the built-in rules (policies/rego/rules). */
  builtins: boolean;
  /** The author's policy directories, absolute. */
  dirs: readonly string[];
}

/** A --policy-dir or --no-builtins the build cannot use (an input error, exit 2). */
export class PolicySourceError extends Error {
  override readonly name = 'PolicySourceError';
}

export const BUILTIN_SOURCES: PolicySources = { builtins: true, dirs: [] };

/** The paths given to `opa build`, `opa test`, `opa inspect` and `opa eval -d`, in that order. */
export function regoPaths(sources: PolicySources): string[] {
  return [...(sources.builtins ? [REGO_DIR] : FRAMEWORK), ...sources.dirs];
}

/** The CLI's --policy-dir / --no-builtins, resolved against where the user runs the command. */
export async function policySourcesFrom(
  cwd: string,
  options: { policyDir?: string[]; builtins?: boolean },
): Promise<PolicySources> {
  const dirs = (options.policyDir ?? []).map((d) => (isAbsolute(d) ? d : join(cwd, d)));
  for (const [i, dir] of dirs.entries()) {
    const isDir = await stat(dir).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (!isDir)
      throw new PolicySourceError(`--policy-dir ${options.policyDir?.[i] ?? dir} is not a directory`);
  }
  const builtins = options.builtins ?? true;
  if (!builtins && dirs.length === 0) {
    throw new PolicySourceError(
      '--no-builtins needs at least one --policy-dir: a bundle without rules judges nothing',
    );
  }
  return { builtins, dirs };
}

/**
 * opa loads .json and .yaml files under a directory as data; an author's directory holds case
 * files and other YAML, and policy data belongs in the configuration's parameters instead.
 */
export const REGO_ONLY = ['--ignore', '*.yaml', '--ignore', '*.yml', '--ignore', '*.json'];

export function isBuiltinOnly(sources: PolicySources): boolean {
  return sources.builtins && sources.dirs.length === 0;
}
