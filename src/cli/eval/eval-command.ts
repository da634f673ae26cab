/**
 * `profilegate eval -f manifest.yaml [--profile p.json] [--mode …] [--level …]
 * [--namespace-labels k=v,…] [-o json]`: what the webhook would answer for each object, with the
 * resulting patch as a diff. --namespace-labels stands in for the namespace informer, so the
 * effect of `profilegate.dev/mode`, `…/level` and `…/exempt` labels can be seen offline.
 * Exit code 0 when every object is admitted, 1 when any is denied.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { parse } from 'yaml';
import { parseConfig } from '../../config/parse-config.js';
import type { Config } from '../../config/config-schema.js';
import { WasmPolicyEngine } from '../../policy/wasm-engine.js';
import { readProfileFile } from '../../profile/profile-files.js';
import type { WorkloadProfile } from '../../profile/workload-profile.js';
import { CliError, type CliContext } from '../shared/cli-context.js';
import { formatJson, formatText } from './eval-output.js';
import { admissionRequestFor, evalDependencies, evaluateManifest, type EvalResult } from './eval-review.js';
import { parseManifests, readManifestText } from '../shared/read-manifests.js';
import { CliCommand } from '../shared/cli-command.js';

interface EvalOptions {
  file: string;
  profile?: string[];
  mode?: string;
  level?: string;
  namespace: string;
  namespaceLabels?: Record<string, string>;
  config?: string;
  bundle?: string;
  output: 'text' | 'json';
}

export function evalCommand(context: CliContext): Command {
  return new CliCommand('eval')
    .description('show what the webhook would decide for the objects in a manifest')
    .requiredOption('-f, --file <path>', 'manifest file (YAML or JSON, multi-document), or - for stdin')
    .option('--profile <path...>', 'WorkloadProfile file(s) to judge the workloads with')
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
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
    .runs(async (options: EvalOptions) => {
      const config = await loadConfig(options);
      // --bundle is relative to where the user runs the command; the configured default to the checkout.
      const bundlePath = options.bundle ?? resolve(context.root, config.bundle.path);
      const engine = await WasmPolicyEngine.fromBundle(await readBinary(bundlePath), bundlePath, {
        memoryMiB: config.evaluation.memoryMiB,
      });
      const profiles = await loadProfiles(options.profile ?? []);
      const labels = options.namespaceLabels;
      const deps = {
        ...evalDependencies(config, engine, profiles),
        // What the webhook's namespace informer would answer, for every namespace judged.
        ...(labels === undefined ? {} : { namespaces: { labelsOf: () => labels } }),
      };

      const text = await readManifestText(options.file, () => context.readStdin());
      const manifests = parseManifests(text, options.file === '-' ? 'stdin' : options.file);
      if (manifests.length === 0) throw new CliError(`${options.file} holds no objects`);
      const results: EvalResult[] = [];
      for (const [i, m] of manifests.entries()) {
        results.push(await evaluateManifest(admissionRequestFor(m.object, i, options.namespace), deps));
      }

      context.out(options.output === 'json' ? formatJson(results) : results.map(formatText).join('\n'));
      return results.some((r) => !r.allowed) ? 1 : 0;
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

export async function loadConfig(options: Pick<EvalOptions, 'config' | 'mode' | 'level'>): Promise<Config> {
  let document: Record<string, unknown> = {};
  if (options.config) {
    let text: string;
    try {
      text = await readFile(options.config, 'utf8');
    } catch (cause) {
      throw new CliError(`cannot read --config ${options.config}: ${(cause as Error).message}`);
    }
    let parsed: unknown;
    try {
      parsed = parse(text);
    } catch (cause) {
      throw new CliError(
        `--config ${options.config} is not valid YAML: ${(cause as Error).message.split('\n')[0] ?? ''}`,
      );
    }
    document = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  }
  const config = parseConfig(document, options.config ?? 'defaults');
  return {
    ...config,
    ...(options.mode ? { mode: options.mode as Config['mode'] } : {}),
    ...(options.level ? { level: options.level as Config['level'] } : {}),
  };
}

export async function loadProfiles(paths: string[]): Promise<WorkloadProfile[]> {
  const lists = await Promise.all(paths.map((p) => readProfileFile(p)));
  return lists.flat();
}

export function resolve(root: string, path: string): string {
  return isAbsolute(path) ? path : join(root, path);
}

export async function readBinary(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (cause) {
    throw new CliError(
      `cannot read the policy bundle ${path} (run profilegate policy build): ${(cause as Error).message}`,
    );
  }
}
