/**
 * `node --import tsx scripts/opa.ts <args…>`: runs the opa CLI the project uses (found the way
 * src/policy/opa-cli.ts finds it), from the repository root, passing output and exit code through.
 */
import { spawnSync } from 'node:child_process';
import { packageRoot } from '../src/cli/cli-context.js';
import { reportError } from '../src/cli/report-error.js';
import { locateOpa } from '../src/policy/opa-cli.js';

try {
  const opa = locateOpa(process.env);
  const result = spawnSync(opa, process.argv.slice(2), { cwd: packageRoot(), stdio: 'inherit' });
  process.exitCode = result.status ?? 1;
} catch (error) {
  process.exitCode = reportError(error, { err: (text) => process.stderr.write(text) });
}
