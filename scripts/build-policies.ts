/** `npm run build:policies`: the same build as `profilegate policy build`. */
import { relative } from 'node:path';
import { buildBundle } from '../src/cli/build/build-bundle.js';
import { packageRoot } from '../src/cli/cli-context.js';
import { reportError } from '../src/cli/report-error.js';
import { locateOpa, OpaCli } from '../src/policy/opa-cli.js';

const root = packageRoot();
try {
  const result = await buildBundle(new OpaCli(locateOpa(process.env), root), root);
  process.stdout.write(
    `built ${relative(root, result.bundle)} (revision ${result.digest.slice(0, 12)}, ${result.rules.length} rules)\n`,
  );
} catch (error) {
  process.exitCode = reportError(error, { err: (text) => process.stderr.write(text) });
}
