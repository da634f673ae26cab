/**
 * `profilegate import kubescape -f applicationprofile.yaml [-o yaml|json] [--out FILE]`: Kubescape
 * ApplicationProfiles (multi-document YAML or JSON, a List as `kubectl get applicationprofiles
 * -o yaml` prints, or `-` for stdin) → WorkloadProfiles as multi-document YAML or a JSON List, each validated
 * by reading the written text back with the same parser the webhook and `eval --profile` use.
 * stderr lists what each profile became and what Kubescape does not record (src/cli/import/kubescape-input.ts).
 */
import { writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import { stringify } from 'yaml';
import { parseProfileText, ProfileLoadError } from '../../profile/profile-files.js';
import type { WorkloadProfile } from '../../profile/workload-profile.js';
import { CliError, type CliContext } from '../shared/cli-context.js';
import { duplicateNames, importKubescape, KUBESCAPE_GAPS } from './kubescape-input.js';
import { parseManifests, readManifestText } from '../shared/read-manifests.js';
import { CliCommand } from '../shared/cli-command.js';
import { outputFormatOption } from '../shared/output-option.js';

interface ImportOptions {
  filename: string;
  output: 'yaml' | 'json';
  out?: string;
}

export function importCommand(context: CliContext): Command {
  return new Command('import')
    .description('convert runtime profiles recorded by other tools to WorkloadProfiles')
    .addCommand(kubescapeCommand(context));
}

function kubescapeCommand(context: CliContext): Command {
  return new CliCommand('kubescape')
    .description(
      'convert Kubescape ApplicationProfiles (spdx.softwarecomposition.kubescape.io/v1beta1) to WorkloadProfiles',
    )
    .requiredOption(
      '-f, --filename <path>',
      'ApplicationProfile file (YAML or JSON, multi-document or a List), or - for stdin',
    )
    .addOption(outputFormatOption(['yaml', 'json'], 'output format').default('yaml'))
    .option('--out <file>', 'write the WorkloadProfiles to this file instead of stdout')
    .runs(async (options: ImportOptions) => {
      const source = options.filename === '-' ? 'stdin' : options.filename;
      const text = await readManifestText(options.filename, () => context.readStdin());
      const result = importKubescape(parseManifests(text, source));

      if (result.problems.length > 0) {
        throw new CliError(`cannot import ${source}:\n  ${result.problems.join('\n  ')}`);
      }
      for (const skipped of result.skipped) {
        context.err(`profilegate: skipped ${skipped}: not an ApplicationProfile\n`);
      }
      if (result.profiles.length === 0) throw new CliError(`${source} holds no ApplicationProfile`);

      // JSON is one List, whatever the number of profiles (as kubectl get -o json prints).
      const written =
        options.output === 'json'
          ? `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items: result.profiles }, null, 2)}\n`
          : result.profiles.map((p) => stringify(p)).join('---\n');
      validateOutput(written, options.output, result.profiles.length);
      if (options.out === undefined) context.out(written);
      else await writeFile(options.out, written);

      for (const p of result.profiles) context.err(`profilegate: ${summary(p)}\n`);
      for (const duplicate of duplicateNames(result.profiles)) {
        context.err(`profilegate: warning: ${duplicate}\n`);
      }
      context.err(
        'profilegate: warning: Kubescape does not record everything the runtime rules rest on; ' +
          'the imported profiles fill the gaps conservatively:\n' +
          KUBESCAPE_GAPS.map((gap) => `  - ${gap}\n`).join(''),
      );
      if (options.out !== undefined) context.err(`profilegate: wrote ${options.out}\n`);
      return 0;
    });
}

/** The written text must read back as the same number of valid WorkloadProfiles. */
function validateOutput(text: string, format: 'yaml' | 'json', expected: number): void {
  try {
    const read = parseProfileText(text, `output.${format}`);
    if (read.length !== expected) {
      throw new Error(`output reads back as ${read.length} profiles, not ${expected}`);
    }
  } catch (error) {
    if (error instanceof ProfileLoadError)
      throw new Error(`imported profile is invalid: ${error.message}`, { cause: error });
    throw error;
  }
}

function summary(p: WorkloadProfile): string {
  const containers = p.spec.containers
    .map(
      (c) =>
        `${c.name} (${c.syscalls.length} syscalls, ${c.capabilities.length} capabilities, ` +
        `${c.executables.length} executables, ${c.listeningPorts.length} listening ports)`,
    )
    .join(', ');
  const phase =
    p.status.phase === 'complete'
      ? 'complete'
      : `${p.status.phase}, so its runtime findings only warn (${p.status.reason ?? ''})`;
  return (
    `${p.metadata.annotations?.['profilegate.dev/source'] ?? ''} → WorkloadProfile ` +
    `${p.metadata.namespace ?? ''}/${p.metadata.name}, ${phase}: ${containers}`
  );
}
