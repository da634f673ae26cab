/**
 * `profilegate policy build`: compile policies/rego to the WASM bundle the webhook loads, and
 * regenerate docs/policies.md from the same metadata. `--out` builds elsewhere (tests, CI
 * comparisons) and leaves the committed bundle and docs alone.
 */
import { writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import { Command } from 'commander';
import { buildBundle } from '../build/build-bundle.js';
import { opaFor, type CliContext } from '../shared/cli-context.js';
import { renderPolicyDocs } from '../build/render-policy-docs.js';
import { CliCommand } from '../shared/cli-command.js';

export const POLICY_DOCS = 'docs/policies.md';

export function policyBuildCommand(context: CliContext): Command {
  return new CliCommand('build')
    .description(
      'compile policies/rego to policies/bundle/bundle.tar.gz (WASM), metadata.json and docs/policies.md',
    )
    .option('--out <dir>', 'write the bundle files to this directory instead (docs are not written)')
    .runs(async (options: { out?: string }) => {
      const outDir =
        options.out === undefined
          ? undefined
          : isAbsolute(options.out)
            ? options.out
            : join(context.cwd, options.out);
      const result = await buildBundle(opaFor(context), context.root, outDir);
      context.out(
        `built ${relative(context.root, result.bundle)} (revision ${result.digest.slice(0, 12)}, ${result.rules.length} rules)\n`,
      );
      if (outDir === undefined) {
        await writeFile(join(context.root, POLICY_DOCS), renderPolicyDocs(result.rules));
        context.out(`wrote ${POLICY_DOCS}\n`);
      }
      return 0;
    });
}
