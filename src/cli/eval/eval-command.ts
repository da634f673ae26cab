/**
 * `profilegate eval -f <file|dir|->… [-R] [--profile p.json…] [--profile-dir DIR] [--mode …]
 * [--level …] [--namespace-labels k=v,…] [-o text|json|yaml]`: what the webhook would answer for
 * each object, with the resulting patch as a diff. --namespace-labels stands in for the namespace
 * informer, so the effect of `profilegate.dev/mode`, `…/level` and `…/exempt` labels can be seen
 * offline. An AdmissionReview file is judged as its request (src/cli/shared/request-of.ts).
 * Fields the Kubernetes schema does not know are warned about on stderr (unknown-fields.ts).
 * Exit codes (docs/cli.md): 0 every object admitted, 1 any denied, 2 usage or input errors.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { WasmPolicyEngine } from '../../policy/wasm-engine.js';
import { CliError, type CliContext } from '../shared/cli-context.js';
import { EXIT } from '../shared/exit-codes.js';
import { loadConfig, loadProfiles, readBinary } from '../shared/judge-inputs.js';
import { readSources } from '../shared/read-sources.js';
import { requestOf } from '../shared/request-of.js';
import { formatResults, type ResultEntry } from '../shared/result-document.js';
import { evalDependencies, evaluateManifest } from '../shared/review-manifest.js';
import { CliCommand } from '../shared/cli-command.js';
import { formatText } from './eval-output.js';
import { unknownFieldWarnings } from '../shared/unknown-fields.js';
import { loadExceptions } from '../shared/exception-files.js';
import { addPolicySourceOptions, withBundle, type BundleOptions } from '../shared/policy-options.js';

interface EvalOptions extends BundleOptions {
  filename: string[];
  recursive: boolean;
  profile?: string[];
  profileDir?: string;
  exception?: string[];
  mode?: string;
  level?: string;
  namespace: string;
  namespaceLabels?: Record<string, string>;
  config?: string;
  output: 'text' | 'json' | 'yaml';
}

export function evalCommand(context: CliContext): Command {
  const command = new CliCommand('eval')
    .description('show what the webhook would decide for the objects in manifests')
    .requiredOption(
      '-f, --filename <path...>',
      'manifest files or directories (YAML/JSON, multi-document, AdmissionReviews), - for stdin',
    )
    .option('-R, --recursive', 'read directories recursively', false)
    .option('--profile <path...>', 'WorkloadProfile file(s) to judge the workloads with')
    .option('--profile-dir <dir>', 'a directory of WorkloadProfile files')
    .option('--exception <path...>', 'PolicyException file(s) to judge with (docs/exceptions.md)')
    .addOption(
      new Option('--mode <mode>', 'mode to judge in (default: the config)').choices([
        'enforce',
        'warn',
        'audit',
      ]),
    )
    .addOption(
      new Option('--level <level>', 'Pod Security level (default: the config)').choices([
        'baseline',
        'restricted',
      ]),
    )
    .option('-n, --namespace <name>', 'namespace for objects that name none', 'default')
    .option(
      '--namespace-labels <key=value,...>',
      'labels of the namespace(s) the objects are judged in, e.g. profilegate.dev/mode=warn',
      parseLabels,
    )
    .option('--config <path>', 'ProfileGate configuration file (parameters, per-policy settings)')
    .option('--bundle <path>', 'policy bundle (default: policies/bundle/bundle.tar.gz)')
    .addOption(
      new Option('-o, --output <format>', 'output format').choices(['text', 'json', 'yaml']).default('text'),
    );
  return addPolicySourceOptions(command).runs(async (options: EvalOptions) => {
    const config = await loadConfig(options);
    const engine = await withBundle(context, options, config.bundle.path, async (bundlePath) =>
      WasmPolicyEngine.fromBundle(await readBinary(bundlePath), bundlePath, {
        memoryMiB: config.evaluation.memoryMiB,
      }),
    );
    const profiles = await loadProfiles(options.profile ?? [], options.profileDir);
    const labels = options.namespaceLabels;
    const deps = {
      ...evalDependencies(
        config,
        engine,
        profiles,
        new Date(),
        await loadExceptions(options.exception ?? []),
      ),
      // What the webhook's namespace informer would answer, for every namespace judged.
      ...(labels === undefined ? {} : { namespaces: { labelsOf: () => labels } }),
    };

    const sources = await readSources(options.filename, options.recursive, () => context.readStdin());
    if (sources.length === 0) throw new CliError(`${options.filename.join(', ')} holds no objects`);
    const entries: ResultEntry[] = [];
    for (const [i, source] of sources.entries()) {
      const request = requestOf(source, i, options.namespace);
      for (const warning of unknownFieldWarnings(source, request.object)) {
        context.err(`profilegate: warning: ${warning}\n`);
      }
      const result = await evaluateManifest(request, deps);
      entries.push({ file: source.file, line: source.line, result });
    }

    context.out(
      options.output === 'text'
        ? entries.map((e) => formatText(e.result)).join('\n')
        : formatResults(entries, options.output),
    );
    return entries.some((e) => !e.result.allowed) ? EXIT.findings : EXIT.ok;
  });
}

/** `a=b,c=d` → {a: 'b', c: 'd'}; an empty value (`a=`) is allowed, as in Kubernetes. */
export function parseLabels(value: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const pair of value.split(',')) {
    const at = pair.indexOf('=');
    const key = pair.slice(0, at).trim();
    if (at < 0 || key.length === 0) {
      throw new InvalidArgumentError(`"${pair}" is not key=value (e.g. profilegate.dev/mode=warn)`);
    }
    labels[key] = pair.slice(at + 1).trim();
  }
  return labels;
}
