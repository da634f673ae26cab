/** `profilegate policy build`: compile policies/rego to the WASM bundle the webhook loads. */
import { relative } from 'node:path';
import { Command } from 'commander';
import { buildBundle } from './build/build-bundle.js';
import { opaFor, type CliContext } from './cli-context.js';

export function policyBuildCommand(context: CliContext): Command {
  return new Command('build')
    .description('compile policies/rego to policies/bundle/bundle.tar.gz (WASM) with metadata.json')
    .action(async () => {
      const result = await buildBundle(opaFor(context), context.root);
      context.out(
        `built ${relative(context.root, result.bundle)} (revision ${result.digest.slice(0, 12)}, ${result.rules.length} rules) ` +
          `and policies/bundle/metadata.json\n`,
      );
    });
}
