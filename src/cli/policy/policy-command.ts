/** `profilegate policy …`: the policy author's build and test loop. */
import { Command } from 'commander';
import type { CliContext } from '../shared/cli-context.js';
import { policyBuildCommand } from './policy-build-command.js';
import { policyTestCommand } from './policy-test-command.js';

export function policyCommand(context: CliContext): Command {
  return new Command('policy')
    .description('build and test the Rego policy library')
    .addCommand(policyBuildCommand(context))
    .addCommand(policyTestCommand(context));
}
