/**
 * The `profilegate` command (bin/profilegate.js runs its compiled, bundled form, dist/cli/main.js):
 * the composition root of the CLI. It reads process.env and the streams once and hands them to
 * the subcommands, and it is the one place that sets the exit code (src/cli/shared/exit-codes.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CommanderError } from 'commander';
import { CliError, packageRoot, type CliContext } from './shared/cli-context.js';
import { auditCommand } from './audit/audit-command.js';
import { evalCommand } from './eval/eval-command.js';
import { importCommand } from './import/import-command.js';
import { policyCommand } from './policy/policy-command.js';
import { profileCommand } from './profile/profile-command.js';
import { CliCommand } from './shared/cli-command.js';
import { reportError } from './shared/report-error.js';
import { applyUsageContract } from './shared/usage-contract.js';
import { seccompCommand } from './seccomp/seccomp-command.js';
import { verifyCommand } from './verify/verify-command.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const context: CliContext = {
  root: packageRoot(),
  cwd: process.cwd(),
  env: process.env,
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  readStdin,
};

function packageVersion(root: string): string {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
}

const program = new CliCommand('profilegate')
  .description('ProfileGate: Kubernetes admission policies judged by Rego and runtime profiles')
  .version(packageVersion(context.root), '--version', 'print the version and exit')
  .addCommand(policyCommand(context))
  .addCommand(evalCommand(context))
  .addCommand(auditCommand(context))
  .addCommand(profileCommand(context))
  .addCommand(seccompCommand(context))
  .addCommand(importCommand(context))
  .addCommand(verifyCommand(context));
applyUsageContract(program, (text) => context.err(text));

try {
  await program.parseAsync(process.argv);
  process.exitCode = program.returnedExitCode;
} catch (error) {
  process.exitCode = error instanceof CommanderError ? error.exitCode : reportError(error, context);
}

export { CliError };
