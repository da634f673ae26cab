/** Builds a small Rego→WASM bundle with the real opa CLI, for tests of failure paths. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpaCli, locateOpa } from '../../src/cli/build/opa-cli.js';
import { ENTRYPOINT } from '../../src/policy/wasm-engine.js';

export async function buildTestBundle(rego: string, out?: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'pg-bundle-'));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'main.rego'), rego);
  const target = out ?? join(dir, 'bundle.tar.gz');
  const opa = new OpaCli(locateOpa(process.env), dir);
  await opa.run(['build', '-t', 'wasm', '-e', ENTRYPOINT, '-o', target, 'src']);
  return target;
}

/** A policy whose result breaks the contract: every review fails to evaluate. */
export const CONTRACT_BREAKING_REGO = `package profilegate.main

result := {"violations": [{"id": "Not A Valid Id", "severity": "urgent", "message": ""}]}
`;

/** A policy that flags every workload, to tell one bundle from another. */
export const FLAG_EVERYTHING_REGO = `package profilegate.main

result := {"violations": [{"id": "test-everything", "severity": "low", "message": "flagged by the test bundle"}]}
`;

/**
 * A policy that takes about half a second for a request named "slow" (360,000 comparisons in
 * one comprehension) and answers every other request at once with no findings.
 */
export const SLOW_FOR_SLOW_REGO = `package profilegate.main

import rego.v1

result := {"violations": []} if input.request.name != "slow"

result := {"violations": [{"id": "test-slow", "severity": "low", "message": format_int(n, 10)}]} if {
	input.request.name == "slow"
	n := count([1 | some i in numbers.range(1, 600); some j in numbers.range(1, 600); i == j + 10000])
}
`;
