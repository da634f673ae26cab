/**
 * WASM-vs-interpreter agreement: every input the WASM engine saw is evaluated again by
 * `opa eval` on the Rego sources, and the two results must be equal. Catches builtins that
 * behave differently in opa-wasm (sprintf verbs, number formatting, set ordering).
 */
import { isDeepStrictEqual } from 'node:util';
import type { OpaCli } from '../../build/opa-cli.js';
import { PolicyResultSchema, type PolicyResult, type Violation } from '../../../policy/violation.js';
import { REGO_ONLY, regoPaths, type PolicySources } from '../../build/policy-sources.js';
import { TEST_FILE_GLOB } from '../../build/rego-sources.js';
import { unifiedDiff } from '../../shared/text-diff.js';
import type { Recorded } from './recording-engine.js';

export interface Disagreement {
  index: number;
  diff: string;
}

/** Rule order is not part of the contract: compare violations sorted by id and message. */
function normalize(result: PolicyResult): Violation[] {
  const key = (v: Violation) => `${v.id}\u0000${v.message}`;
  return [...result.violations].sort((a, b) => key(a).localeCompare(key(b)));
}

export async function interpreterResult(
  opa: OpaCli,
  sources: PolicySources,
  input: unknown,
): Promise<PolicyResult> {
  const data = regoPaths(sources).flatMap((p) => ['-d', p]);
  const args = [
    'eval',
    '--format',
    'json',
    '--ignore',
    TEST_FILE_GLOB,
    ...REGO_ONLY,
    ...data,
    '--stdin-input',
  ];
  const out = await opa.run([...args, 'data.profilegate.main.result'], { stdin: JSON.stringify(input) });
  const parsed = JSON.parse(out.stdout) as { result?: { expressions?: { value?: unknown }[] }[] };
  return PolicyResultSchema.parse(parsed.result?.[0]?.expressions?.[0]?.value);
}

/** Distinct inputs only: validate and mutate evaluate the same input. */
export function distinct(recorded: readonly Recorded[]): Recorded[] {
  const seen = new Map<string, Recorded>();
  for (const r of recorded) seen.set(JSON.stringify(r.input), r);
  return [...seen.values()];
}

export async function checkAgreement(
  opa: OpaCli,
  sources: PolicySources,
  recorded: readonly Recorded[],
): Promise<Disagreement[]> {
  const disagreements: Disagreement[] = [];
  for (const [index, { input, result }] of recorded.entries()) {
    const wasm = normalize(result);
    const interpreted = normalize(await interpreterResult(opa, sources, input));
    if (!isDeepStrictEqual(wasm, interpreted)) {
      const diff = unifiedDiff(JSON.stringify(interpreted, null, 2), JSON.stringify(wasm, null, 2));
      disagreements.push({ index, diff });
    }
  }
  return disagreements;
}
