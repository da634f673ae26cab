/**
 * `profilegate profile --out profile.json [-o json|yaml] [--kind Deployment] [--name web]
 * [--image NAME@sha256:…] -- <command …>`
 *
 * Runs the command in a fresh cgroup under the eBPF recorder and writes its WorkloadProfile
 * (-o; by default JSON, or YAML when --out ends in .yaml/.yml). Exits with the command's exit
 * code, so it can wrap an integration test run in CI (the one exception to docs/cli.md's codes).
 * The profile records how the command ended; it is `complete` only when that run is evidence
 * (src/profile/evidence-sufficiency.ts), and binds to an image only through --image.
 */
import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { stringify } from 'yaml';
import { WorkloadKind } from '../../profile/workload-profile.js';
import { imageDigest } from '../../profile/image-digest.js';
import { recordCommand } from '../../../bpf-profiler/agent/standalone.js';
import { ensureRecorderBuilt, PROFILER_DIR } from '../../../bpf-profiler/agent/recorder-build.js';
import { CliError, type CliContext } from '../shared/cli-context.js';
import { CliCommand } from '../shared/cli-command.js';
import { outputFormatOption } from '../shared/output-option.js';

interface ProfileOptions {
  out: string;
  output?: 'json' | 'yaml';
  kind: WorkloadKind;
  name?: string;
  namespace?: string;
  container?: string;
  image?: string;
}

function parseImage(value: string): string {
  const digest = imageDigest(value);
  if (digest === undefined) {
    throw new InvalidArgumentError('must pin a digest: NAME@sha256:<64 lower-case hex digits>');
  }
  return digest;
}

function parseKind(value: string): WorkloadKind {
  const parsed = WorkloadKind.safeParse(value);
  if (!parsed.success) {
    throw new InvalidArgumentError(`must be one of ${WorkloadKind.options.join(', ')}`);
  }
  return parsed.data;
}

export function profileCommand(context: CliContext): Command {
  return new CliCommand('profile')
    .description('run a command in a fresh cgroup, record it with eBPF, write its WorkloadProfile')
    .requiredOption('--out <file>', 'where to write the profile')
    .addOption(
      outputFormatOption(['json', 'yaml'], 'format of the profile (default: by the --out extension)'),
    )
    .addOption(
      new Option('--kind <kind>', 'workload kind the profile is for')
        .default('Deployment')
        .argParser(parseKind),
    )
    .option('--name <name>', 'workload name (default: the command name)')
    .option('--namespace <namespace>', 'namespace (default: none, matches every namespace)')
    .option('--container <name>', 'container name (default: the workload name)')
    .option(
      '--image <ref>',
      'the image the command stands for, NAME@sha256:…: only a pod running that digest gets a runtime deny or patch',
      parseImage,
    )
    .argument('<command...>', 'the command to record, after --')
    .runs(async (command: string[], options: ProfileOptions) => {
      const [program, ...args] = command;
      if (program === undefined) throw new CliError('no command given after --');
      const name =
        options.name ??
        basename(program)
          .replace(/[^a-z0-9-]/gi, '-')
          .toLowerCase();
      // The recorder is built on first use: say what is missing before asking for root.
      await ensureRecorderBuilt({ path: context.env.PATH ?? '', dir: PROFILER_DIR });
      if (process.getuid?.() !== 0) {
        throw new CliError('profilegate profile loads eBPF programs: run it as root');
      }
      const result = await recordCommand({
        command: program,
        args,
        kind: options.kind,
        name,
        ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
        container: options.container ?? name,
        ...(options.image === undefined ? {} : { imageDigest: options.image }),
      });
      const text =
        (options.output ?? (/\.ya?ml$/i.test(options.out) ? 'yaml' : 'json')) === 'yaml'
          ? stringify(result.profile)
          : `${JSON.stringify(result.profile, null, 2)}\n`;
      await writeFile(options.out, text);
      const c = result.profile.spec.containers[0];
      context.err(
        `profilegate: wrote ${options.out} (${Buffer.byteLength(text)} bytes): ` +
          `${c?.syscalls.length ?? 0} syscalls, ${c?.capabilities.length ?? 0} capabilities, ` +
          `${result.profile.spec.observation.eventsLost} events lost, ` +
          `capability hook: ${result.ready.capHook}\n`,
      );
      if (result.gaps.length > 0) {
        context.err(
          `profilegate: phase learning, this run cannot justify a deny or patch: ${result.gaps.join('; ')}\n`,
        );
      } else if (options.image === undefined) {
        context.err(
          'profilegate: bound to no image: without --image NAME@sha256:… no pod gets a runtime deny or patch from this profile\n',
        );
      }
      return result.exitCode;
    });
}
