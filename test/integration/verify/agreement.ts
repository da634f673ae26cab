/**
 * The model and the runtime agree: for each patch the rules propose for a recorded program
 * (alone), the safety net (src/hardening verifyPatches) keeps it exactly when the program keeps
 * working under it in a real runtime (src/verify).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { POD_TEMPLATE_LOCATIONS } from '../../../src/admission/pod-template.js';
import { loadConfig, loadProfiles } from '../../../src/cli/shared/judge-inputs.js';
import {
  admissionRequestFor,
  evalDependencies,
  evaluateManifest,
} from '../../../src/cli/shared/review-manifest.js';
import { localhostProfiles } from '../../../src/cli/verify/localhost-profiles.js';
import { verifyPatches } from '../../../src/hardening/verify-patches.js';
import { applyPatch, type Operation } from '../../../src/patch/json-patch.js';
import { resolvePointer } from '../../../src/patch/json-pointer.js';
import { WasmPolicyEngine } from '../../../src/policy/wasm-engine.js';
import type { PatchVerifier } from '../../../src/review/review-dependencies.js';
import { obj } from '../../../src/schema/pod-spec.js';
import { verifyContainer } from '../../../src/verify/verify-container.js';
import { ROOT } from '../cli/run-cli.js';

export interface Agreement {
  id: string;
  modelKeeps: boolean;
  modelReason: string | undefined;
  verdict: string;
  reasons: string[];
}

export async function agreements(
  deployment: string,
  profile: string,
  config: string,
  container: string,
  command: string[],
): Promise<Agreement[]> {
  const cfg = await loadConfig({ config, mode: 'enforce' });
  const bundle = join(ROOT, cfg.bundle.path);
  const engine = await WasmPolicyEngine.fromBundle(await readFile(bundle), bundle);
  const profiles = await loadProfiles([profile]);
  const object = parse(await readFile(deployment, 'utf8')) as Record<string, unknown>;
  let captured: Parameters<PatchVerifier['verify']> | undefined;
  const recording: PatchVerifier = {
    verify: (input, violations) => {
      // The first round: the patches proposed for the program's own spec (later rounds judge
      // the patched object).
      captured ??= [input, violations];
      return verifyPatches(input, violations);
    },
  };
  await evaluateManifest(admissionRequestFor(object, 0, 'shop'), {
    ...evalDependencies(cfg, engine, profiles),
    patchVerifier: recording,
  });
  if (captured === undefined) throw new Error('the review verified no patch');
  const [input, violations] = captured;
  const pointer = POD_TEMPLATE_LOCATIONS.Deployment.podSpecPointer;
  const original = obj(resolvePointer(object, pointer));
  const out: Agreement[] = [];
  for (const v of violations.filter((x) => x.patch.length > 0)) {
    const model = verifyPatches(input, [v]);
    const patchedObject = applyPatch(object, v.patch as Operation[], true, false).newDocument;
    const result = await verifyContainer({
      original,
      patched: obj(resolvePointer(patchedObject, pointer)),
      container,
      command,
      cwd: '/',
      runtime: 'runc',
      deadlineMs: 120_000,
      localhostSeccomp: localhostProfiles(profiles, 'shop', undefined),
    });
    out.push({
      id: v.id,
      modelKeeps: model.dropped.length === 0,
      modelReason: model.dropped[0]?.reason,
      verdict: result.verdict,
      reasons: result.diagnosis?.reasons ?? [],
    });
  }
  return out;
}
