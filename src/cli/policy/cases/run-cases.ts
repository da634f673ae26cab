/**
 * Runs each case through the webhook's own review (src/cli/shared/review-manifest.ts → src/review) on the WASM
 * engine, and reports every difference from the expectation as a readable diff.
 */
import { stringify } from 'yaml';
import { parseConfig } from '../../../config/parse-config.js';
import type { PolicyEngine } from '../../../policy/wasm-engine.js';
import { parseWorkloadProfile } from '../../../profile/parse-profile.js';
import {
  admissionRequestFor,
  evalDependencies,
  evaluateManifest,
  type EvalResult,
} from '../../shared/review-manifest.js';
import { unifiedDiff } from '../../shared/text-diff.js';
import type { LoadedCase } from './case-file.js';

export interface CaseOutcome {
  file: string;
  name: string;
  /** Empty when the case passed. */
  failures: string[];
}

export async function runCase(loaded: LoadedCase, engine: PolicyEngine): Promise<CaseOutcome> {
  const c = loaded.case;
  const config = parseConfig({ ...c.config, mode: c.mode, level: c.level }, `${loaded.file} config`);
  const profiles = c.profile === undefined ? [] : [parseWorkloadProfile(c.profile, loaded.file)];
  const request = admissionRequestFor(c.manifest, 0, 'default');
  const now = c.now === undefined ? new Date() : new Date(c.now);
  const result = await evaluateManifest(request, evalDependencies(config, engine, profiles, now));
  return { file: loaded.file, name: c.name, failures: compare(loaded, result) };
}

function compare({ case: c }: LoadedCase, result: EvalResult): string[] {
  const failures: string[] = [];
  if (result.allowed !== c.expect.allowed) {
    failures.push(`allowed: expected ${c.expect.allowed}, got ${result.allowed}`);
  }
  const actualIds = [...new Set(result.violations.map((v) => v.id))].sort();
  const expectedIds = [...new Set(c.expect.violations)].sort();
  if (actualIds.join('\n') !== expectedIds.join('\n')) {
    failures.push(
      `violations differ (- expected, + actual):\n${unifiedDiff(expectedIds.join('\n'), actualIds.join('\n'))}`,
    );
  }
  for (const [id, message] of Object.entries(c.expect.messages ?? {})) {
    const actual = result.violations.find((v) => v.id === id)?.message ?? '(no such violation)';
    if (actual !== message) failures.push(`message of ${id}:\n  - ${message}\n  + ${actual}`);
  }
  if (c.expect.patch !== undefined && stringify(c.expect.patch) !== stringify(result.patch)) {
    failures.push(
      `patch differs (- expected, + actual):\n${unifiedDiff(stringify(c.expect.patch), stringify(result.patch))}`,
    );
  }
  return failures;
}

export function formatOutcome(outcome: CaseOutcome): string {
  if (outcome.failures.length === 0) return `ok   ${outcome.name}\n`;
  const body = outcome.failures.map((f) => f.replace(/^/gm, '     ')).join('\n');
  return `FAIL ${outcome.name} (${outcome.file})\n${body}\n`;
}
