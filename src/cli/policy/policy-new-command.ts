/**
 * `profilegate policy new <id> [--dir DIR] [--severity S]`: scaffolds a rule in the author's
 * policy directory (rule-scaffold.ts). Never overwrites a file; a built-in rule's id is refused
 * here rather than at the first build.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { Command, Option } from 'commander';
import { CliError, type CliContext } from '../shared/cli-context.js';
import { CliCommand } from '../shared/cli-command.js';
import { RULE_ID, scaffoldRule } from './rule-scaffold.js';
import { readRuleMetadataFile } from '../build/rule-metadata.js';
import { BUNDLE_DIR } from '../build/build-bundle.js';

interface NewOptions {
  dir: string;
  severity: string;
}

export function policyNewCommand(context: CliContext): Command {
  return new CliCommand('new')
    .description('scaffold a rule, its Rego tests and case files in your policy directory')
    .argument('<id>', 'the rule id, lowercase words joined by "-" (e.g. require-pinned-images)')
    .option('--dir <dir>', 'your policy directory (created if missing)', '.')
    .addOption(
      new Option('--severity <severity>', 'the rule severity')
        .choices(['critical', 'high', 'medium', 'low'])
        .default('medium'),
    )
    .runs(async (id: string, options: NewOptions) => {
      if (!RULE_ID.test(id)) {
        throw new CliError(
          `rule id "${id}" must be lowercase letters and digits joined by "-" (e.g. require-pinned-images)`,
        );
      }
      if ((await builtinIds(context.root)).has(id)) {
        throw new CliError(`rule id "${id}" is a built-in rule; choose another id`);
      }
      const dir = isAbsolute(options.dir) ? options.dir : join(context.cwd, options.dir);
      const files = scaffoldRule(id, options.severity);
      for (const file of files) {
        await mkdir(dirname(join(dir, file.path)), { recursive: true });
        try {
          await writeFile(join(dir, file.path), file.text, { flag: 'wx' });
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
          throw new CliError(`${relative(context.cwd, join(dir, file.path))} exists; not overwritten`);
        }
        context.out(`created ${relative(context.cwd, join(dir, file.path)) || file.path}\n`);
      }
      const shown = relative(context.cwd, dir) || '.';
      context.out(`next: profilegate policy test --policy-dir ${shown}\n`);
      return 0;
    });
}

async function builtinIds(root: string): Promise<Set<string>> {
  const rules = await readRuleMetadataFile(join(root, BUNDLE_DIR, 'metadata.json')).catch(() => []);
  return new Set(rules.map((r) => r.id));
}
