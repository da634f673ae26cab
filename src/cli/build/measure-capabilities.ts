/**
 * Measures which builtins this opa release compiles to native WASM: builds a probe policy that
 * calls every builtin and reads which ones the module wants from the host. Builtins the probe
 * cannot compile (deprecated ones) are dropped and the probe is built again.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpaCommandError, type OpaCli } from './opa-cli.js';
import { readWasmBundle } from '../../policy/read-bundle.js';
import { hostBuiltins } from './host-builtins.js';
import {
  parseCapabilities,
  PROBE_FIRST_LINE,
  probeable,
  probeSource,
  wasmCapabilities,
  type Capabilities,
} from './wasm-capabilities.js';

/** Not callable as f(args…) but compiled by the planner itself (unification, `in`, walk). */
const PLANNER_BUILTINS = new Set(['eq', 'assign', 'internal.member_2', 'internal.member_3', 'walk']);

const MAX_ATTEMPTS = 5;

export async function measureWasmCapabilities(opa: OpaCli): Promise<Capabilities> {
  const current = parseCapabilities((await opa.run(['capabilities', '--current'])).stdout);
  const unusable = new Set(
    current.builtins.filter((b) => !probeable(b) && !PLANNER_BUILTINS.has(b.name)).map((b) => b.name),
  );
  let candidates = current.builtins.filter(probeable);
  const dir = await mkdtemp(join(tmpdir(), 'profilegate-probe-'));
  try {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      await writeFile(join(dir, 'probe.rego'), probeSource(candidates));
      const out = join(dir, 'probe.tar.gz');
      try {
        await opa.run(['build', '-t', 'wasm', '-e', 'probe/r', '-o', out, join(dir, 'probe.rego')]);
      } catch (error) {
        if (!(error instanceof OpaCommandError)) throw error;
        const failed = failedProbeLines(error.stderr || error.stdout);
        if (failed.size === 0 || attempt === MAX_ATTEMPTS) throw error;
        candidates.forEach((b, i) => {
          if (failed.has(i)) unusable.add(b.name);
        });
        candidates = candidates.filter((_, i) => !failed.has(i));
        continue;
      }
      const bundle = await readWasmBundle(await readFile(out), 'capabilities probe');
      return wasmCapabilities(current, new Set(await hostBuiltins(bundle.wasm)), unusable);
    }
    throw new Error('unreachable: the probe loop returns or throws');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Indexes of the probe rules an opa error points at (probe.rego:LINE: …). */
function failedProbeLines(output: string): Set<number> {
  const lines = [...output.matchAll(/probe\.rego:(\d+):/g)].map((m) => Number(m[1]) - PROBE_FIRST_LINE);
  return new Set(lines.filter((i) => i >= 0));
}
