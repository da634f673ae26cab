/**
 * `profilegate policy build` and `npm run build:policies`: compiles the policy sources (the
 * built-in policies/rego and any author directories, src/cli/build/policy-sources.ts) to the
 * WASM bundle the webhook loads, guarded by the WASM capabilities file, and writes the rule
 * metadata and the sources digest beside it.
 *
 *   policies/bundle/bundle.tar.gz      opa build -t wasm -e profilegate/main/result
 *   policies/bundle/metadata.json      rule METADATA (src/cli/build/rule-metadata.ts)
 *   policies/bundle/rule-levels.json   each rule package's level, the bundle's data (rule-levels.ts)
 *   policies/bundle/capabilities.json  the builtins the WASM runtime provides
 *   policies/bundle/sources.sha256     digest of the non-test .rego sources
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OpaCommandError, type OpaCli } from './opa-cli.js';
import { serializeRuleMetadata, type RuleMetadata } from './rule-metadata.js';
import { inspectRules } from './inspect-rules.js';
import { RULE_LEVELS_FILE, ruleLevelsData } from './rule-levels.js';
import { ENTRYPOINT } from '../../policy/wasm-engine.js';
import { sourcesDigest, TEST_FILE_GLOB } from './rego-sources.js';
import { BUILTIN_SOURCES, REGO_ONLY, regoPaths, type PolicySources } from './policy-sources.js';
import { hostBuiltins } from './host-builtins.js';
import { measureWasmCapabilities } from './measure-capabilities.js';
import { SDK_BUILTINS, unavailableBuiltins } from './wasm-capabilities.js';
import { readWasmBundle } from '../../policy/read-bundle.js';

export const BUNDLE_DIR = 'policies/bundle';

export class BundleBuildError extends Error {
  override readonly name = 'BundleBuildError';
}

export interface BuildResult {
  /** Absolute path of bundle.tar.gz. */
  bundle: string;
  rules: RuleMetadata[];
  digest: string;
}

async function writeAtomically(path: string, data: string | Uint8Array): Promise<void> {
  // The webhook watches the bundle: it must never see a half-written file.
  await writeFile(`${path}.tmp`, data);
  await rename(`${path}.tmp`, path);
}

/**
 * Paths are relative to root (the repository), which is also opa's working directory.
 * outDir defaults to policies/bundle; `policy test` builds into a temporary directory instead.
 */
export async function buildBundle(
  opa: OpaCli,
  root: string,
  outDir = join(root, BUNDLE_DIR),
  sources: PolicySources = BUILTIN_SOURCES,
): Promise<BuildResult> {
  const paths = regoPaths(sources);
  await mkdir(outDir, { recursive: true });

  const capabilities = await measureWasmCapabilities(opa);
  const capabilitiesPath = join(outDir, 'capabilities.json');
  await writeAtomically(capabilitiesPath, `${JSON.stringify(capabilities, null, 2)}\n`);

  // Validate metadata before compiling, so a bad annotation is reported as such.
  const rules = await inspectRules(opa, sources);
  const digest = await sourcesDigest(root, paths);
  const levelsPath = join(outDir, RULE_LEVELS_FILE);
  await writeAtomically(levelsPath, ruleLevelsData(rules));

  const bundle = join(outDir, 'bundle.tar.gz');
  const args = ['build', '-t', 'wasm', '-e', ENTRYPOINT, '--capabilities', capabilitiesPath];
  args.push(
    '--ignore',
    TEST_FILE_GLOB,
    ...REGO_ONLY,
    '--revision',
    digest.slice(0, 12),
    '-o',
    `${bundle}.tmp`,
    ...paths,
    levelsPath,
  );
  try {
    await opa.run(args);
  } catch (error) {
    if (!(error instanceof OpaCommandError)) throw error;
    throw new BundleBuildError(explainBuildFailure(error.stderr || error.stdout));
  }
  // Second guard: whatever the module still wants from the host must be an opa-wasm builtin.
  const built = await readFile(`${bundle}.tmp`);
  const missing = (await hostBuiltins((await readWasmBundle(built, bundle)).wasm)).filter(
    (b) => !SDK_BUILTINS.has(b),
  );
  if (missing.length > 0)
    throw new BundleBuildError(unavailableMessage(missing, 'the compiled policy.wasm imports them'));
  await rename(`${bundle}.tmp`, bundle);
  await writeAtomically(join(outDir, 'metadata.json'), serializeRuleMetadata(rules));
  await writeAtomically(join(outDir, 'sources.sha256'), `${digest}\n`);
  return { bundle, rules, digest };
}

function explainBuildFailure(output: string): string {
  const missing = unavailableBuiltins(output);
  if (missing.length === 0) return `opa build failed:\n${output.trim()}`;
  return unavailableMessage(missing, `opa build said:\n${output.trim()}`);
}

function unavailableMessage(missing: string[], detail: string): string {
  return (
    `the policies call ${missing.join(', ')}, which the WASM runtime (opa-wasm) cannot provide; ` +
    `rewrite them with the builtins in ${BUNDLE_DIR}/capabilities.json (see docs/policy-authoring.md).\n${detail}`
  );
}
