/**
 * Commander's own errors (unknown or missing option, invalid choice, no subcommand) follow the
 * exit-code contract on every command: exit 2 with one line on stderr that names the command
 * and points at its help. Help and --version exit 0. Commander does not pass these settings
 * to commands added with addCommand(), so they are applied to the whole tree here.
 */
import { CommanderError, type Command } from 'commander';
import { EXIT } from './exit-codes.js';

function path(command: Command): string {
  return command.parent ? `${path(command.parent)} ${command.name()}` : command.name();
}

export function applyUsageContract(command: Command, err: (text: string) => void): void {
  command
    .exitOverride((error) => {
      throw new CommanderError(error.exitCode === 0 ? EXIT.ok : EXIT.usage, error.code, error.message);
    })
    .configureOutput({
      writeErr: err,
      outputError: (message) => {
        const line = message.trim().replace(/^error: /, '');
        err(`${path(command)}: ${line} (see ${path(command)} --help)\n`);
      },
    });
  for (const sub of command.commands) applyUsageContract(sub, err);
}
