/**
 * CPU of one review of a workload that has a complete runtime profile, in-process (the review
 * flow the webhook runs, engine on this thread): the over-privileged nginx + exporter Deployment
 * (test/fixtures/profiles/deployment-web-overprivileged.yaml) with its profile
 * (deployment-web.yaml, 112 syscalls). Variants alternate every round: /validate without a
 * profile, /validate with it, /mutate with it (which patches, and evaluates the patched object
 * again: src/review/mutation-rounds.ts). For /mutate, the share of policy evaluation and of
 * patch verification (src/hardening/verify-patches.ts) is measured too. Medians of ROUNDS.
 *
 *   npm run bench:profiled-review     (ROUNDS=7 REVIEWS=200)
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseAdmissionReview } from '../src/admission/parse-review.js';
import type { AdmissionRequest } from '../src/admission/admission-review.js';
import { parseConfig } from '../src/config/parse-config.js';
import { verifyPatches } from '../src/hardening/verify-patches.js';
import type { PolicyInput } from '../src/policy/policy-input.js';
import { WasmPolicyEngine, type PolicyEngine } from '../src/policy/wasm-engine.js';
import { DirectoryProfileStore } from '../src/profile/directory-profile-store.js';
import {
  NO_NAMESPACE_LABELS,
  NO_PROFILES,
  type PatchVerifier,
  type ProfileLookup,
} from '../src/review/review-dependencies.js';
import type { Violation } from '../src/policy/violation.js';
import { reviewRequest, type Endpoint } from '../src/review/review-request.js';
import { StoreProfileLookup } from '../src/review/store-profile-lookup.js';
import { loadAverage, writeSection } from './benchmarks-file.js';

const ROUNDS = Number(process.env.ROUNDS ?? 7);
const REVIEWS = Number(process.env.REVIEWS ?? 200);

const cpuUs = (): number => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

function request(): AdmissionRequest {
  const object = parse(
    readFileSync('test/fixtures/profiles/deployment-web-overprivileged.yaml', 'utf8'),
  ) as unknown;
  return parseAdmissionReview({
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: 'bench',
      kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
      resource: { group: 'apps', version: 'v1', resource: 'deployments' },
      name: 'web',
      namespace: 'shop',
      operation: 'CREATE',
      userInfo: { username: 'alice' },
      object,
      dryRun: false,
    },
  });
}

async function main(): Promise<void> {
  const loadBefore = loadAverage();
  const dir = mkdtempSync(join(tmpdir(), 'pg-profiled-'));
  copyFileSync('test/fixtures/profiles/deployment-web.yaml', join(dir, 'deployment-web.yaml'));
  const store = await DirectoryProfileStore.load(dir);
  rmSync(dir, { recursive: true, force: true });
  const profiled = new StoreProfileLookup(store, 24 * 365 * 10);
  const wasm = await WasmPolicyEngine.fromBundle(readFileSync('policies/bundle/bundle.tar.gz'), 'bench');
  const spent = { evaluate: 0, verify: 0 };
  const engine: PolicyEngine = {
    revision: wasm.revision,
    evaluate: (input: PolicyInput) => {
      const t = cpuUs();
      const result = wasm.evaluateNow(JSON.stringify(input));
      spent.evaluate += cpuUs() - t;
      return Promise.resolve(result);
    },
  };
  const timedVerifier: PatchVerifier = {
    verify<T extends Violation>(input: PolicyInput, violations: T[]) {
      const t = cpuUs();
      const verified = verifyPatches(input, violations);
      spent.verify += cpuUs() - t;
      return verified;
    },
  };
  const config = parseConfig({}, 'bench');
  const review = request();
  const variants: [string, Endpoint, ProfileLookup, string][] = [
    ['`/validate`, no profile', 'validate', NO_PROFILES, 'deny'],
    ['`/validate`, complete profile', 'validate', profiled, 'deny'],
    ['`/mutate`, complete profile', 'mutate', profiled, 'patch'],
  ];
  const samples = new Map<string, number[]>();
  const shares = { evaluate: [] as number[], verify: [] as number[] };
  for (let round = -1; round < ROUNDS; round++) {
    for (const [name, endpoint, profiles, expected] of variants) {
      spent.evaluate = 0;
      spent.verify = 0;
      const deps = {
        config,
        engine: () => engine,
        namespaces: NO_NAMESPACE_LABELS,
        profiles,
        patchVerifier: timedVerifier,
      };
      const t0 = cpuUs();
      for (let i = 0; i < REVIEWS; i++) {
        const outcome = await reviewRequest(review, endpoint, deps);
        if (outcome.decision !== expected)
          throw new Error(`${name}: ${outcome.decision}, expected ${expected}`);
      }
      const perReview = (cpuUs() - t0) / REVIEWS;
      if (round < 0) continue; // warm-up
      samples.set(name, [...(samples.get(name) ?? []), perReview]);
      if (endpoint === 'mutate') {
        shares.evaluate.push(spent.evaluate / REVIEWS);
        shares.verify.push(spent.verify / REVIEWS);
      }
    }
  }
  const base = median(samples.get(variants[0]?.[0] ?? '') ?? []);
  const rows = variants.map(([name]) => {
    const us = median(samples.get(name) ?? []);
    return `| ${name} | ${(us / 1000).toFixed(2)} | ${(us / base).toFixed(1)}× |`;
  });
  const section = [
    `Run of ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, Node ${process.version}; load average ${loadBefore} before, ${loadAverage()} after. ${ROUNDS} rounds of ${REVIEWS} reviews per variant, variants alternating, medians; CPU of the whole review flow in-process (engine on this thread).`,
    '',
    'The over-privileged nginx + exporter Deployment (test/fixtures/profiles/deployment-web-overprivileged.yaml) with its complete profile (deployment-web.yaml, 112 syscalls).',
    '',
    '| review | CPU ms per review | of `/validate` without profile |',
    '| --- | ---: | ---: |',
    ...rows,
    '',
    `Of a profiled \`/mutate\`: policy evaluation (every round) ${(median(shares.evaluate) / 1000).toFixed(2)} ms, patch verification ${(median(shares.verify) / 1000).toFixed(2)} ms. Goal: a profiled \`/mutate\` ≤ 1 ms.`,
    '',
    'Reproduce: `npm run bench:profiled-review` (`ROUNDS`, `REVIEWS`).',
  ].join('\n');
  writeSection('## Profiled review cost', section);
}

await main();
