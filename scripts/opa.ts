/**
 * `node --import tsx scripts/opa.ts <args…>`: runs the opa CLI the project uses (found the way
 * src/cli/build/opa-cli.ts finds it), from the repository root, passing output and exit code through.
 */
import { spawnSync } from 'node:child_process';
import { packageRoot } from '../src/cli/shared/cli-context.js';
import { reportError } from '../src/cli/shared/report-error.js';
import { locateOpa } from '../src/cli/build/opa-cli.js';

try {
  const opa = locateOpa(process.env);
  const result = spawnSync(opa, process.argv.slice(2), { cwd: packageRoot(), stdio: 'inherit' });
  process.exitCode = result.status ?? 1;
} catch (error) {
  process.exitCode = reportError(error, { env: process.env, err: (text) => process.stderr.write(text) });
}
