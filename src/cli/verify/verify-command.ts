/**
 * `profilegate verify -f deploy.yaml --profile p.json [--container NAME] [--runtime runc|crun]
 * [--config c.yaml] [--seccomp-root DIR] [--timeout SECONDS] [-o json] -- <command…>`
 *
 * Proof by execution: the workload is judged exactly like `profilegate eval --mode enforce`
 * (the same review, src/cli/shared/review-manifest.ts), the patch it proposes is applied, and the
 * command runs in each container under the patched spec and, as the control, under the original
 * one, in a real OCI runtime (src/verify). Exit 0: every container kept working; 1: one broke
 * (the report says why); 2: bad input, or the command fails under the original spec too.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { POD_TEMPLATE_LOCATIONS } from '../../admission/pod-template.js';
import { resolvePointer } from '../../patch/json-pointer.js';
import { arr, obj, str } from '../../schema/pod-spec.js';
import { WasmPolicyEngine } from '../../policy/wasm-engine.js';
import { RUNTIMES, runtimeAvailable, type RuntimeName } from '../../verify/oci-runtime.js';
import { verifyContainer, type ContainerVerdict } from '../../verify/verify-container.js';
import { VerifyEnvironmentError, VerifyInputError } from '../../verify/verify-errors.js';
import { loadConfig, loadProfiles, readBinary, resolve } from '../shared/judge-inputs.js';
import { admissionRequestFor, evalDependencies, evaluateManifest } from '../shared/review-manifest.js';
import { CliCommand } from '../shared/cli-command.js';
import { CliError, type CliContext } from '../shared/cli-context.js';
import { parseManifests, readManifestText } from '../shared/read-manifests.js';
import { localhostProfiles } from './localhost-profiles.js';
import { formatVerifyJson, formatVerifyText, verdictOf, type VerifyReport } from './verify-output.js';
import type { WorkloadKind } from '../../profile/workload-profile.js';

interface VerifyOptions {
  filename: string;
  profile: string[];
  container?: string;
  runtime: RuntimeName;
  namespace: string;
  config?: string;
  bundle?: string;
  seccompRoot?: string;
  timeout: number;
  output: 'text' | 'json';
}

function parseSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a number of seconds above 0');
  return n;
}

export function verifyCommand(context: CliContext): Command {
  return new CliCommand('verify')
    .description(
      'run a command under the patched spec of a workload in a real OCI runtime (and under the original as control)',
    )
    .requiredOption('-f, --filename <path>', 'manifest holding one workload (YAML or JSON)')
    .requiredOption('--profile <path...>', 'WorkloadProfile file(s) to judge the workload with')
    .option('--container <name>', 'only this container (default: every container)')
    .addOption(new Option('--runtime <runtime>', 'OCI runtime').choices([...RUNTIMES]).default('runc'))
    .option('-n, --namespace <name>', 'namespace when the object names none', 'default')
    .option('--config <path>', 'ProfileGate configuration file (parameters, per-policy settings)')
    .option('--bundle <path>', 'policy bundle (default: policies/bundle/bundle.tar.gz)')
    .option(
      '--seccomp-root <dir>',
      'kubelet seccomp root holding the Localhost profiles (default: generate them from the profiles)',
    )
    .option('--timeout <seconds>', 'deadline for each run of the command', parseSeconds, 300)
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
    .argument('<command...>', 'the command to run in the container, after --')
    .runs(async (command: string[], options: VerifyOptions) => {
      if (process.getuid?.() !== 0) throw new CliError('profilegate verify runs containers: run it as root');
      if (!runtimeAvailable(options.runtime)) {
        throw new CliError(
          `--runtime ${options.runtime}: not installed (apt-get install ${options.runtime})`,
        );
      }
      const config = await loadConfig({ ...options, mode: 'enforce' });
      const bundlePath = options.bundle ?? resolve(context.root, config.bundle.path);
      const engine = await WasmPolicyEngine.fromBundle(await readBinary(bundlePath), bundlePath);
      const profiles = await loadProfiles(options.profile);
      const text = await readManifestText(options.filename, () => context.readStdin());
      const manifests = parseManifests(text, options.filename === '-' ? 'stdin' : options.filename);
      const workloads = manifests.filter((m) => Object.hasOwn(POD_TEMPLATE_LOCATIONS, String(m.object.kind)));
      const [manifest, ...more] = workloads;
      if (manifest === undefined || more.length > 0) {
        throw new CliError(
          `${options.filename} holds ${workloads.length} workloads; verify takes exactly one`,
        );
      }
      const request = admissionRequestFor(manifest.object, 0, options.namespace);
      const result = await evaluateManifest(request, evalDependencies(config, engine, profiles));
      const pointer = POD_TEMPLATE_LOCATIONS[String(manifest.object.kind) as WorkloadKind].podSpecPointer;
      const original = obj(resolvePointer(result.object, pointer));
      const patched = obj(resolvePointer(result.patched, pointer));
      const names = arr(patched.containers).map((c) => str(obj(c).name) ?? '');
      if (options.container !== undefined && !names.includes(options.container)) {
        throw new CliError(
          `--container ${options.container}: the pod spec has containers ${names.map((n) => `"${n}"`).join(', ')}`,
        );
      }
      const seccomp = localhostProfiles(
        profiles,
        request.namespace ?? options.namespace,
        options.seccompRoot,
      );
      const containers: ContainerVerdict[] = [];
      try {
        for (const container of options.container === undefined ? names : [options.container]) {
          containers.push(
            await verifyContainer({
              original,
              patched,
              container,
              command,
              cwd: context.cwd,
              runtime: options.runtime,
              deadlineMs: options.timeout * 1000,
              localhostSeccomp: seccomp,
            }),
          );
        }
      } catch (error) {
        if (error instanceof VerifyInputError) throw new CliError(error.message);
        if (error instanceof VerifyEnvironmentError) throw new CliError(error.message);
        throw error;
      }
      const report: VerifyReport = {
        resource: result.resource,
        runtime: options.runtime,
        command,
        patchedBy: [
          ...new Set(
            result.violations.filter((v) => v.mode === 'enforce' && v.patch.length > 0).map((v) => v.id),
          ),
        ],
        patch: result.patch,
        containers,
      };
      context.out(options.output === 'json' ? formatVerifyJson(report) : formatVerifyText(report));
      const verdict = verdictOf(containers);
      if (verdict === 'inconclusive') {
        const failing = containers.filter((c) => c.verdict === 'inconclusive').map((c) => `"${c.container}"`);
        context.err(
          `profilegate: the command fails under the original spec of container ${failing.join(', ')}: fix it before verifying a patch\n`,
        );
        return 2;
      }
      return verdict === 'broke' ? 1 : 0;
    });
}
