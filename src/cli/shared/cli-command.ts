/**
 * A commander Command whose action returns its exit code (src/cli/shared/exit-codes.ts).
 * Commander drops what an action returns, so the code is kept on the root program, and
 * main.ts, the composition root, is the one place that hands it to the process.
 */
import { Command } from 'commander';
import type { ExitCode } from './exit-codes.js';

export type { ExitCode } from './exit-codes.js';

function rootOf(command: Command): Command {
  return command.parent ? rootOf(command.parent) : command;
}

export class CliCommand extends Command {
  /** What the action that ran returned; 0 when none ran (e.g. `--help`). */
  returnedExitCode: ExitCode = 0;

  /** Like action(), with a handler that resolves to the exit code. */
  runs(handler: (...args: never[]) => Promise<ExitCode>): this {
    return this.action(async (...args: unknown[]) => {
      const code = await handler(...(args as never[]));
      const root = rootOf(this);
      if (root instanceof CliCommand) root.returnedExitCode = code;
    });
  }
}
