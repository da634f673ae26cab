/**
 * `profilegate audit -f <file|dir|->… [-R] [-o table|json|yaml|sarif|junit|policyreport]
 * [--fail-on critical|high|medium|low|none]`: judges manifests in CI with the same review as
 * the webhook and `profilegate eval` (evaluateManifest: one answer for one input).
 * Exit codes (README "Exit codes"): 0 no finding at or above --fail-on, 1 findings at or
 * above it, 2 usage or input errors (one line on stderr, no stack trace).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { readRuleMetadataFile } from '../build/rule-metadata.js';
import { WasmPolicyEngine } from '../../policy/wasm-engine.js';
import { isRecord } from '../../schema/is-record.js';
import { CliCommand } from '../shared/cli-command.js';
import { CliError, type CliContext } from '../shared/cli-context.js';
import { loadConfig, loadProfiles, readBinary } from '../shared/judge-inputs.js';
import { addPolicySourceOptions, withBundle, type BundleOptions } from '../shared/policy-options.js';
import { requestOf } from '../shared/request-of.js';
import { unknownFieldWarnings } from '../shared/unknown-fields.js';
import { loadExceptions } from '../shared/exception-files.js';
import { formatResults } from '../shared/result-document.js';
import { evalDependencies, evaluateManifest } from '../shared/review-manifest.js';
import { formatJunit } from './audit-junit.js';
import { formatPolicyReport, formatTable } from './audit-output.js';
import { atOrAbove, type AuditedObject, type FailOn } from './audit-result.js';
import { formatSarif } from './audit-sarif.js';
import { readSources } from '../shared/read-sources.js';

interface AuditOptions extends BundleOptions {
  filename?: string[];
  cluster: boolean;
  kubeconfig?: string;
  allNamespaces: boolean;
  recursive: boolean;
  profile?: string[];
  profileDir?: string;
  exception?: string[];
  mode?: string;
  level?: string;
  namespace: string;
  config?: string;
  output: 'table' | 'json' | 'yaml' | 'sarif' | 'junit' | 'policyreport';
  failOn: FailOn;
}

export function auditCommand(context: CliContext): Command {
  return (
    addPolicySourceOptions(new CliCommand('audit'))
      .description('judge manifests as the webhook would, for CI (SARIF, JUnit, PolicyReport output)')
      .option(
        '-f, --filename <path...>',
        'manifest files or directories (YAML/JSON, multi-document), - for stdin',
      )
      .option('--cluster', 'judge what runs in the cluster of the kubeconfig instead of files', false)
      .option(
        '--kubeconfig <path>',
        'with --cluster: the kubeconfig (default: $KUBECONFIG or ~/.kube/config)',
      )
      .option('-A, --all-namespaces', 'with --cluster: every namespace, not only -n', false)
      .option('-R, --recursive', 'read directories recursively', false)
      .option('--profile <path...>', 'WorkloadProfile file(s) to judge the workloads with')
      .option('--profile-dir <dir>', 'a directory of WorkloadProfile files')
      .option(
        '--exception <path...>',
        "PolicyException file(s) to judge with (with --cluster: instead of the cluster's)",
      )
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
      .option(
        '-n, --namespace <name>',
        'namespace for objects that name none; with --cluster, the namespace to judge',
        'default',
      )
      .option('--config <path>', 'ProfileGate configuration file')
      .option('--bundle <path>', 'policy bundle (default: policies/bundle/bundle.tar.gz)')
      .addOption(
        new Option('-o, --output <format>', 'output format')
          .choices(['table', 'json', 'yaml', 'sarif', 'junit', 'policyreport'])
          .default('table'),
      )
      .addOption(
        new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity')
          .choices(['critical', 'high', 'medium', 'low', 'none'])
          .default('high'),
      )
      // A usage error exits 2 (1 means findings); help and version stay 0.
      .exitOverride((error) => {
        throw new CommanderError(error.exitCode === 0 ? 0 : 2, error.code, error.message);
      })
      .runs(async (options: AuditOptions) => {
        if (options.cluster === (options.filename !== undefined)) {
          throw new CliError(
            'give either -f <path> (manifests) or --cluster (a live cluster), not both or neither',
          );
        }
        const config = await loadConfig(options);
        const { engine, rules } = await withBundle(
          context,
          options,
          config.bundle.path,
          async (bundlePath) => ({
            engine: await WasmPolicyEngine.fromBundle(await readBinary(bundlePath), bundlePath, {
              memoryMiB: config.evaluation.memoryMiB,
            }),
            rules: await readRuleMetadataFile(join(dirname(bundlePath), 'metadata.json')),
          }),
        );
        const givenProfiles = options.profile !== undefined || options.profileDir !== undefined;
        const files = await loadProfiles(options.profile ?? [], options.profileDir);
        const exceptions = await loadExceptions(options.exception ?? []);
        // Imported only for --cluster: @kubernetes/client-node takes most of a second to load.
        const cluster = options.cluster
          ? await (
              await import('./cluster-sources.js')
            ).readCluster(
              {
                ...(options.kubeconfig ? { kubeconfig: options.kubeconfig } : {}),
                namespace: options.allNamespaces ? undefined : options.namespace,
              },
              !givenProfiles,
            )
          : undefined;
        for (const problem of cluster?.problems ?? []) context.err(`profilegate: warning: ${problem}\n`);
        const deps = {
          ...evalDependencies(
            config,
            engine,
            givenProfiles ? files : (cluster?.profiles ?? []),
            new Date(),
            options.exception !== undefined ? exceptions : (cluster?.exceptions ?? []),
          ),
          // The namespaces' mode, level and exemption labels, as the webhook's informer has them.
          ...(cluster ? { namespaces: { labelsOf: cluster.labelsOf } } : {}),
        };

        const sources = cluster
          ? cluster.sources
          : await readSources(options.filename ?? [], options.recursive, () => context.readStdin());
        if (cluster && sources.length === 0) {
          context.err(`profilegate: the cluster holds no workloads or Services to judge\n`);
          context.out(render(options, [], rules, config, context.root));
          return 0;
        }
        if (sources.length === 0)
          throw new CliError(`${(options.filename ?? []).join(', ')} holds no objects`);
        const audited: AuditedObject[] = [];
        for (const [i, s] of sources.entries()) {
          const request = requestOf(s, i, options.namespace);
          for (const warning of unknownFieldWarnings(s, request.object)) {
            context.err(`profilegate: warning: ${warning}\n`);
          }
          const result = await evaluateManifest(request, deps);
          const metadata = isRecord(s.object.metadata) ? s.object.metadata : {};
          const subject = {
            apiVersion: String(s.object.apiVersion),
            kind: request.kind.kind,
            name: request.name || '(generated name)',
            ...(request.namespace ? { namespace: request.namespace } : {}),
            ...(typeof metadata.uid === 'string' && metadata.uid ? { uid: metadata.uid } : {}),
          };
          audited.push({ file: s.file, line: s.line, subject, result });
        }

        context.out(render(options, audited, rules, config, context.root));
        const failing = audited.some((a) =>
          a.result.judged.violations.some((v) => atOrAbove(v.severity, options.failOn)),
        );
        return failing ? 1 : 0;
      })
  );
}

function render(
  options: AuditOptions,
  audited: AuditedObject[],
  rules: Awaited<ReturnType<typeof readRuleMetadataFile>>,
  config: Awaited<ReturnType<typeof loadConfig>>,
  root: string,
): string {
  switch (options.output) {
    case 'json':
    case 'yaml':
      return formatResults(audited, options.output);
    case 'sarif':
      return formatSarif(audited, rules, packageVersion(root));
    case 'junit':
      return formatJunit(audited, options.failOn);
    case 'policyreport':
      return formatPolicyReport(audited, rules, config, new Date());
    case 'table':
      return formatTable(audited);
  }
}

/** The SARIF driver version: the package's. */
function packageVersion(root: string): string {
  const pkg: unknown = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  return isRecord(pkg) && typeof pkg.version === 'string' ? pkg.version : '0.0.0';
}
