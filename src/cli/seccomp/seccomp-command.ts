/**
 * `profilegate seccomp --profile profile.yaml [--container NAME] [--format oci|spo] [--out DIR]`:
 * the Localhost seccomp profile of each container of a WorkloadProfile (src/cli/seccomp/seccomp-artifacts.ts).
 *
 * - `--format oci` (default): OCI seccomp JSON. Without --out, one container's JSON on stdout;
 *   with --out, `DIR/operator/<ns>/<profile>-<container>.json` per container, the layout of the
 *   kubelet's seccomp root (`/var/lib/kubelet/seccomp`), so the file is found under the same
 *   `localhostProfile` the Security Profiles Operator would install it as.
 * - `--format spo`: Security Profiles Operator `SeccompProfile` objects, multi-document YAML on
 *   stdout (`| kubectl apply -f -`) or `DIR/<ns>.<profile>-<container>.yaml` each.
 *
 * stderr says per container whether RuntimeDefault already allows every observed syscall, and
 * warns when the profile is not complete or lost events.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Command, Option } from 'commander';
import { parseProfileText, ProfileLoadError } from '../../profile/profile-files.js';
import type { WorkloadProfile } from '../../profile/workload-profile.js';
import { CliError, type CliContext } from '../shared/cli-context.js';
import { readManifestText } from '../shared/read-manifests.js';
import {
  outputPath,
  planSeccompArtifacts,
  runtimeDefaultVerdict,
  type SeccompFormat,
} from './seccomp-artifacts.js';
import { CliCommand } from '../shared/cli-command.js';

interface SeccompOptions {
  profile: string;
  container?: string;
  namespace?: string;
  format: SeccompFormat;
  out?: string;
}

export function seccompCommand(context: CliContext): Command {
  return new CliCommand('seccomp')
    .description(
      'write the Localhost seccomp profile(s) of a WorkloadProfile (OCI JSON or SPO SeccompProfile)',
    )
    .requiredOption(
      '--profile <path>',
      'WorkloadProfile file (YAML or JSON, one or many documents), or - for stdin',
    )
    .option('--container <name>', 'only this container (default: every container)')
    .option('-n, --namespace <name>', 'namespace for profiles that name none')
    .addOption(
      new Option(
        '--format <format>',
        'oci: seccomp JSON for the kubelet; spo: Security Profiles Operator objects',
      )
        .choices(['oci', 'spo'])
        .default('oci'),
    )
    .option('--out <dir>', 'write one file per container under this directory instead of stdout')
    .runs(async (options: SeccompOptions) => {
      const profiles = await loadProfiles(options.profile, context);
      const names = profiles.flatMap((p) => p.spec.containers.map((c) => c.name));
      if (options.container !== undefined && !names.includes(options.container)) {
        throw new CliError(
          `no container "${options.container}" in ${options.profile} (containers: ${names.join(', ')})`,
        );
      }
      const plan = planSeccompArtifacts(profiles, {
        format: options.format,
        ...(options.container === undefined ? {} : { container: options.container }),
        ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
      });
      const [first, ...more] = plan.artifacts;
      if (options.out === undefined && options.format === 'oci' && more.length > 0) {
        throw new CliError(
          `${plan.artifacts.length} containers have a profile (${plan.artifacts.map((a) => a.name).join(', ')}): ` +
            'OCI JSON is one profile per file, so pick one with --container or write all with --out DIR',
        );
      }
      for (const warning of plan.warnings) context.err(`profilegate: warning: ${warning}\n`);
      for (const a of plan.artifacts) context.err(`profilegate: ${runtimeDefaultVerdict(a)}\n`);
      if (first === undefined) throw new CliError('no seccomp profile to write');

      if (options.out !== undefined) {
        for (const a of plan.artifacts) {
          const path = outputPath(options.out, a);
          await mkdir(dirname(path), { recursive: true });
          await writeFile(path, a.text);
          context.err(`profilegate: wrote ${path}\n`);
        }
      } else if (options.format === 'spo') {
        context.out(plan.artifacts.map((a) => a.text).join('---\n'));
      } else {
        context.out(first.text);
      }
      return 0;
    });
}

async function loadProfiles(path: string, context: CliContext): Promise<WorkloadProfile[]> {
  const text = await readManifestText(path, () => context.readStdin());
  try {
    const profiles = parseProfileText(text, path === '-' ? 'stdin' : path);
    if (profiles.length === 0) throw new CliError(`${path} holds no WorkloadProfile`);
    return profiles;
  } catch (error) {
    if (error instanceof ProfileLoadError) throw new CliError(error.message);
    throw error;
  }
}
