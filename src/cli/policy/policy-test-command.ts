/**
 * `profilegate policy test`: the author's loop.
 *   1. opa test on the policy sources (the Rego unit tests, read as JSON: rego-unit-tests.ts);
 *   2. builds the sources into a temporary WASM bundle and runs every case file through the
 *      webhook's review on that bundle (policies/cases for the built-ins, <dir>/cases for each
 *      --policy-dir, or --cases);
 *   3. evaluates every input the WASM engine saw with opa's interpreter; results must agree.
 * Exit code 1 when anything fails.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { Command } from 'commander';
import { WasmPolicyEngine } from '../../policy/wasm-engine.js';
import { buildBundle } from '../build/build-bundle.js';
import { isBuiltinOnly, type PolicySources } from '../build/policy-sources.js';
import { checkAgreement, distinct } from './cases/agreement.js';
import { loadCases, type LoadedCase } from './cases/case-file.js';
import { RecordingEngine } from './cases/recording-engine.js';
import { formatOutcome, runCase } from './cases/run-cases.js';
import { opaFor, type CliContext } from '../shared/cli-context.js';
import { CliCommand } from '../shared/cli-command.js';
import { addPolicySourceOptions, sourcesOf, type PolicyOptions } from '../shared/policy-options.js';
import { runRegoUnitTests } from './rego-unit-tests.js';

interface TestOptions extends PolicyOptions {
  cases?: string;
  agreement: boolean;
}

export function policyTestCommand(context: CliContext): Command {
  const command = new CliCommand('test')
    .description(
      'run the Rego unit tests, the case files on the WASM engine, and the WASM-vs-interpreter check',
    )
    .option(
      '--cases <dir>',
      'directory of case files (default: policies/cases, or <dir>/cases of each --policy-dir)',
    )
    .option('--no-agreement', 'skip comparing WASM results with opa eval');
  return addPolicySourceOptions(command).runs(async (options: TestOptions) => {
    const opa = opaFor(context);
    const sources = await sourcesOf(context, options);

    const unit = await runRegoUnitTests(opa, sources, context.cwd);
    context.out(unit.report);
    let failed = unit.failed > 0;

    const dir = await mkdtemp(join(tmpdir(), 'profilegate-test-'));
    try {
      const built = await buildBundle(opa, context.root, dir, sources);
      const wasm = await WasmPolicyEngine.fromBundle(await readFile(built.bundle), built.bundle);
      const engine = new RecordingEngine(wasm);
      const outcomes = [];
      for (const c of await casesOf(context, options, sources)) outcomes.push(await runCase(c, engine));
      for (const outcome of outcomes) context.out(formatOutcome(outcome));
      const failedCases = outcomes.filter((o) => o.failures.length > 0).length;
      context.out(`cases: ${outcomes.length - failedCases}/${outcomes.length} passed\n`);
      failed ||= failedCases > 0;

      if (options.agreement) {
        const recorded = distinct(engine.recorded);
        const inputs = recorded.length;
        const disagreements = await checkAgreement(opa, sources, recorded);
        for (const d of disagreements) {
          context.out(
            `WASM and interpreter disagree on input ${d.index} (- interpreter, + WASM):\n${d.diff}\n`,
          );
        }
        context.out(
          `agreement: ${inputs - disagreements.length}/${inputs} inputs gave the same result in WASM and opa eval\n`,
        );
        failed ||= disagreements.length > 0;
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    return failed ? 1 : 0;
  });
}

/**
 * The built-in cases expect the exact set of rules the built-ins report, so with an author's
 * directories only their own cases run unless --cases says otherwise.
 */
async function casesOf(
  context: CliContext,
  options: TestOptions,
  sources: PolicySources,
): Promise<LoadedCase[]> {
  if (options.cases !== undefined) {
    return loadCases(isAbsolute(options.cases) ? options.cases : join(context.cwd, options.cases));
  }
  if (isBuiltinOnly(sources)) return loadCases(join(context.root, 'policies/cases'));
  return (await Promise.all(sources.dirs.map((d) => loadCases(join(d, 'cases'))))).flat();
}
