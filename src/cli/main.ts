/**
 * The `profilegate` command (bin/profilegate.js): the composition root of the CLI. It reads
 * process.env and the streams once and hands them to the subcommands.
 */
import { CommanderError } from 'commander';
import { CliError, packageRoot, type CliContext } from './shared/cli-context.js';
import { auditCommand } from './audit/audit-command.js';
import { evalCommand } from './eval/eval-command.js';
import { importCommand } from './import/import-command.js';
import { policyCommand } from './policy/policy-command.js';
import { profileCommand } from './profile/profile-command.js';
import { CliCommand } from './shared/cli-command.js';
import { reportError } from './shared/report-error.js';
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

const program = new CliCommand('profilegate')
  .description('ProfileGate: Kubernetes admission policies judged by Rego and runtime profiles')
  .exitOverride()
  .addCommand(policyCommand(context))
  .addCommand(evalCommand(context))
  .addCommand(auditCommand(context))
  .addCommand(profileCommand(context))
  .addCommand(seccompCommand(context))
  .addCommand(importCommand(context))
  .addCommand(verifyCommand(context));

try {
  await program.parseAsync(process.argv);
  process.exitCode = program.returnedExitCode;
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode;
  } else {
    process.exitCode = reportError(error, context);
  }
}

export { CliError };
