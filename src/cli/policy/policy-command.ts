/** `profilegate policy …`: the policy author's build and test loop. */
import { Command } from 'commander';
import type { CliContext } from '../shared/cli-context.js';
import { policyBuildCommand } from './policy-build-command.js';
import { policyTestCommand } from './policy-test-command.js';
import { policyNewCommand } from './policy-new-command.js';

export function policyCommand(context: CliContext): Command {
  return new Command('policy')
    .description('write, test and build Rego policies: the built-in library and your own')
    .addCommand(policyBuildCommand(context))
    .addCommand(policyTestCommand(context))
    .addCommand(policyNewCommand(context));
}
