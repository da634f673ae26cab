/**
 * `profilegate policy build`: compile the policy sources to the WASM bundle the webhook loads.
 * The built-in library goes to policies/bundle and regenerates docs/policies.md. With an
 * author's --policy-dir the bundle goes to --out (required, so the shipped bundle is never
 * replaced by accident) with the rules' reference beside it as policies.md.
 */
import { writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import { Command } from 'commander';
import { buildBundle } from '../build/build-bundle.js';
import { isBuiltinOnly } from '../build/policy-sources.js';
import { CliError, opaFor, type CliContext } from '../shared/cli-context.js';
import { renderPolicyDocs } from '../build/render-policy-docs.js';
import { CliCommand } from '../shared/cli-command.js';
import { addPolicySourceOptions, sourcesOf, type PolicyOptions } from '../shared/policy-options.js';

export const POLICY_DOCS = 'docs/policies.md';

interface BuildOptions extends PolicyOptions {
  out?: string;
}

export function policyBuildCommand(context: CliContext): Command {
  const command = new CliCommand('build')
    .description(
      'compile the Rego rules to a WASM bundle (bundle.tar.gz), metadata.json and their reference (policies.md)',
    )
    .option(
      '--out <dir>',
      'write the bundle files to this directory (default for the built-ins: policies/bundle)',
    );
  return addPolicySourceOptions(command).runs(async (options: BuildOptions) => {
    const sources = await sourcesOf(context, options);
    const builtinOnly = isBuiltinOnly(sources);
    if (!builtinOnly && options.out === undefined) {
      throw new CliError('--policy-dir needs --out <dir>: policies/bundle holds the built-in bundle');
    }
    const outDir =
      options.out === undefined
        ? undefined
        : isAbsolute(options.out)
          ? options.out
          : join(context.cwd, options.out);
    const result = await buildBundle(opaFor(context), context.root, outDir, sources);
    const shown = (path: string) =>
      outDir === undefined ? relative(context.root, path) : relative(context.cwd, path);
    context.out(
      `built ${shown(result.bundle)} (revision ${result.digest.slice(0, 12)}, ${result.rules.length} rules)\n`,
    );
    // The built-in reference is committed; an author's goes beside their bundle.
    const docs =
      outDir === undefined
        ? join(context.root, POLICY_DOCS)
        : builtinOnly
          ? undefined
          : join(outDir, 'policies.md');
    if (docs !== undefined) {
      await writeFile(docs, renderPolicyDocs(result.rules));
      context.out(`wrote ${shown(docs)}\n`);
    }
    return 0;
  });
}
