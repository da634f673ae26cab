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
