/**
 * `profilegate policy test`: the author's loop.
 *   1. opa test policies/rego (the Rego unit tests);
 *   2. builds the sources into a temporary WASM bundle and runs every case file in
 *      policies/cases through the webhook's review on that bundle;
 *   3. evaluates every input the WASM engine saw with opa's interpreter; results must agree.
 * Exit code 1 when anything fails.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { Command } from 'commander';
import { WasmPolicyEngine } from '../../policy/wasm-engine.js';
import { buildBundle, REGO_DIR } from '../build/build-bundle.js';
import { checkAgreement, distinct } from './cases/agreement.js';
import { loadCases } from './cases/case-file.js';
import { RecordingEngine } from './cases/recording-engine.js';
import { formatOutcome, runCase } from './cases/run-cases.js';
import { opaFor, type CliContext } from '../shared/cli-context.js';
import { CliCommand } from '../shared/cli-command.js';

interface TestOptions {
  cases: string;
  agreement: boolean;
}

export function policyTestCommand(context: CliContext): Command {
  return new CliCommand('test')
    .description(
      'run the Rego unit tests, the case files on the WASM engine, and the WASM-vs-interpreter check',
    )
    .option('--cases <dir>', 'directory of case files', 'policies/cases')
    .option('--no-agreement', 'skip comparing WASM results with opa eval')
    .runs(async (options: TestOptions) => {
      const opa = opaFor(context);
      let failed = false;

      const unit = await opa.run(['test', REGO_DIR], { allowFailure: true });
      context.out(`opa test: ${unit.stdout.trim().split('\n').slice(-1)[0] ?? ''}\n`);
      if (unit.exitCode !== 0) {
        failed = true;
        const verbose = await opa.run(['test', '--var-values', REGO_DIR], { allowFailure: true });
        context.out(`${verbose.stdout}${verbose.stderr}\n`);
      }

      const dir = await mkdtemp(join(tmpdir(), 'profilegate-test-'));
      try {
        const built = await buildBundle(opa, context.root, dir);
        const wasm = await WasmPolicyEngine.fromBundle(await readFile(built.bundle), built.bundle);
        const engine = new RecordingEngine(wasm);
        const casesDir = isAbsolute(options.cases) ? options.cases : join(context.root, options.cases);
        const outcomes = [];
        for (const c of await loadCases(casesDir)) outcomes.push(await runCase(c, engine));
        for (const outcome of outcomes) context.out(formatOutcome(outcome));
        const failedCases = outcomes.filter((o) => o.failures.length > 0).length;
        context.out(`cases: ${outcomes.length - failedCases}/${outcomes.length} passed\n`);
        failed ||= failedCases > 0;

        if (options.agreement) {
          const recorded = distinct(engine.recorded);
          const inputs = recorded.length;
          const disagreements = await checkAgreement(opa, recorded);
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
