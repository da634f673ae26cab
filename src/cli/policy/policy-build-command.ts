/**
 * `profilegate policy build`: compile the policy sources to the WASM bundle the webhook loads.
 * The built-in library goes to policies/bundle and regenerates docs/policies.md. With an
 * author's --policy-dir the bundle goes to --out (required, so the shipped bundle is never
 * replaced by accident) with the rules' reference beside it as policies.md.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import { Command, Option } from 'commander';
import { signBundle } from '../build/sign-bundle.js';
import { SIGNING_ALGORITHMS, type SigningAlgorithm } from '../../config/signing-algorithms.js';
import { buildBundle } from '../build/build-bundle.js';
import { isBuiltinOnly } from '../build/policy-sources.js';
import { CliError, opaFor, type CliContext } from '../shared/cli-context.js';
import { renderPolicyDocs } from '../build/render-policy-docs.js';
import { CliCommand } from '../shared/cli-command.js';
import { addPolicySourceOptions, sourcesOf, type PolicyOptions } from '../shared/policy-options.js';

export const POLICY_DOCS = 'docs/policies.md';

interface BuildOptions extends PolicyOptions {
  out?: string;
  signingKey?: string;
  signingAlg: SigningAlgorithm;
  signingKeyId: string;
  signingScope?: string;
}

export function policyBuildCommand(context: CliContext): Command {
  const command = new CliCommand('build')
    .description(
      'compile the Rego rules to a WASM bundle (bundle.tar.gz), metadata.json and their reference (policies.md)',
    )
    .option(
      '--out <dir>',
      'write the bundle files to this directory (default for the built-ins: policies/bundle)',
    )
    .option(
      '--signing-key <file>',
      'sign the bundle as opa does: PEM private key, or the HMAC secret for HS*',
    )
    .addOption(
      new Option('--signing-alg <alg>', 'JWS algorithm of the signature')
        .choices(SIGNING_ALGORITHMS)
        .default('RS256'),
    )
    .option(
      '--signing-key-id <id>',
      'key id (JWT kid) the webhook may require (bundle.verification.keyId)',
      'default',
    )
    .option(
      '--signing-scope <scope>',
      'scope claim the webhook must be configured with (bundle.verification.scope)',
    );
  return addPolicySourceOptions(command).runs(async (options: BuildOptions) => {
    const sources = await sourcesOf(context, options);
    const builtinOnly = isBuiltinOnly(sources);
    if (!builtinOnly && options.out === undefined) {
      throw new CliError('--policy-dir needs --out <dir>: policies/bundle holds the built-in bundle');
    }
    if (options.signingKey !== undefined && options.out === undefined) {
      throw new CliError(
        '--signing-key needs --out <dir>: policies/bundle holds the unsigned built-in bundle',
      );
    }
    const outDir =
      options.out === undefined
        ? undefined
        : isAbsolute(options.out)
          ? options.out
          : join(context.cwd, options.out);
    const result = await buildBundle(opaFor(context), context.root, outDir, sources);
    if (options.signingKey !== undefined) {
      const signingKey = isAbsolute(options.signingKey)
        ? options.signingKey
        : join(context.cwd, options.signingKey);
      const signed = await signBundle(
        await readFile(result.bundle),
        {
          keyFile: signingKey,
          algorithm: options.signingAlg,
          keyId: options.signingKeyId,
          scope: options.signingScope,
        },
        result.bundle,
      );
      await writeFile(`${result.bundle}.tmp`, signed);
      await rename(`${result.bundle}.tmp`, result.bundle);
    }
    const shown = (path: string) =>
      outDir === undefined ? relative(context.root, path) : relative(context.cwd, path);
    context.out(
      `built ${shown(result.bundle)} (revision ${result.digest.slice(0, 12)}, ${result.rules.length} rules${options.signingKey === undefined ? '' : `, signed ${options.signingAlg} key id ${options.signingKeyId}`})\n`,
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
