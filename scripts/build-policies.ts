/** `npm run build:policies`: the same build as `profilegate policy build` (bundle, metadata, docs). */
import { writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { buildBundle } from '../src/cli/build/build-bundle.js';
import { packageRoot } from '../src/cli/shared/cli-context.js';
import { POLICY_DOCS } from '../src/cli/policy/policy-build-command.js';
import { renderPolicyDocs } from '../src/cli/build/render-policy-docs.js';
import { reportError } from '../src/cli/shared/report-error.js';
import { locateOpa, OpaCli } from '../src/cli/build/opa-cli.js';

const root = packageRoot();
try {
  const result = await buildBundle(new OpaCli(locateOpa(process.env), root), root);
  await writeFile(join(root, POLICY_DOCS), renderPolicyDocs(result.rules));
  process.stdout.write(
    `built ${relative(root, result.bundle)} (revision ${result.digest.slice(0, 12)}, ${result.rules.length} rules) and ${POLICY_DOCS}\n`,
  );
} catch (error) {
  process.exitCode = reportError(error, { env: process.env, err: (text) => process.stderr.write(text) });
}
