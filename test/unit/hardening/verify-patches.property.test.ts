import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import jsonpatch from 'fast-json-patch';
import { verifyPatches } from '../../../src/hardening/verify-patches.js';
import type { PatchOperation } from '../../../src/patch/patch-operation.js';
import type { Violation } from '../../../src/policy/violation.js';
import {
  POINTER,
  inputFor,
  podSpec,
  profileFor,
  randomContainerPatch,
  randomPodPatch,
} from './arbitraries.js';
import type { ProfileView } from '../../../src/profile/profile-view.js';
import * as oracle from './oracle.js';

type Obj = Record<string, unknown>;
const RUNS = 3000;

const violation = (id: string, patch: PatchOperation[]): Violation => ({
  id,
  severity: 'high',
  message: id,
  evidence: 'runtime',
  containers: [],
  patch,
});

const scenario = podSpec.chain((spec) =>
  fc.record({
    spec: fc.constant(spec),
    profile: profileFor(spec),
    patches: fc.array(fc.oneof(randomContainerPatch(spec), randomPodPatch), { minLength: 1, maxLength: 4 }),
  }),
);

function podSpecOf(object: unknown): Obj {
  return jsonpatch.getValueByPointer(object, POINTER) as Obj;
}

/** What the oracle says the patched spec loosens or breaks, compared with the original. */
function oracleProblems(before: Obj, after: Obj, profile: ProfileView): string[] {
  const problems: string[] = [];
  for (const f of ['hostNetwork', 'hostPID', 'hostIPC'])
    if (after[f] === true && before[f] !== true) problems.push(f);
  for (const p of oracle.hostPaths(after))
    if (!oracle.hostPaths(before).has(p)) problems.push(`hostPath ${p}`);
  const beforeContainers = oracle.containers(before);
  oracle.containers(after).forEach((a, i) => {
    const b = beforeContainers[i] ?? {};
    if (a.image !== b.image) problems.push('image');
    if (!oracle.capsSubset(oracle.caps(a), oracle.caps(b))) problems.push(`caps of ${a.name as string}`);
    if (oracle.escalates(a) && !oracle.escalates(b)) problems.push('escalation');
    const observed = profile.containers[a.name as string];
    if (observed === undefined) return;
    for (const cap of observed.capabilities) {
      if (oracle.granted(b, cap) && !oracle.granted(a, cap)) problems.push(`lost ${cap}`);
    }
    for (const p of observed.writePaths) {
      if (oracle.writable(b, p) && !oracle.writable(a, p)) problems.push(`write ${p}`);
    }
    problems.push(...oracle.emptyDirProblems(after, b, a, observed));
  });
  return problems;
}

describe('verifyPatches (property)', function () {
  this.timeout(120_000);

  it(`kept patches, applied together, never loosen and never break (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(scenario, ({ spec, profile, patches }) => {
        const input = inputFor(spec, profile);
        const result = verifyPatches(
          input,
          patches.map((p, i) => violation(`rule-${i}`, p)),
        );
        assert.equal(
          result.violations.length,
          patches.length,
          'findings are never dropped, only their patches',
        );
        const combined = result.violations.flatMap((v) => v.patch);
        const patched = jsonpatch.applyPatch(
          structuredClone(input.request.object),
          combined as jsonpatch.Operation[],
          true,
          false,
        ).newDocument;
        assert.deepEqual(oracleProblems(spec, podSpecOf(patched), profile), []);
      }),
      { numRuns: RUNS },
    );
  });

  it(`drops every patch the oracle sees loosening or breaking (${RUNS} cases)`, () => {
    let dropped = 0;
    fc.assert(
      fc.property(scenario, ({ spec, profile, patches }) => {
        const input = inputFor(spec, profile);
        const result = verifyPatches(
          input,
          patches.map((p, i) => violation(`rule-${i}`, p)),
        );
        patches.forEach((patch, i) => {
          let alone: unknown;
          try {
            alone = jsonpatch.applyPatch(
              structuredClone(input.request.object),
              patch as jsonpatch.Operation[],
              true,
              false,
            ).newDocument;
          } catch {
            return; // does not apply: nothing to judge
          }
          if (oracleProblems(spec, podSpecOf(alone), profile).length > 0) {
            assert.deepEqual(
              result.violations[i]?.patch,
              [],
              `patch ${JSON.stringify(patch)} should be dropped`,
            );
            assert.ok(result.dropped.some((d) => d.id === `rule-${i}`));
            dropped += 1;
          }
        });
      }),
      { numRuns: RUNS },
    );
    assert.ok(dropped > RUNS / 4, `only ${dropped} bad patches generated`);
  });

  it(`keeps tightening capabilities to the observed set (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(
        podSpec.chain((spec) => fc.tuple(fc.constant(spec), profileFor(spec))),
        ([spec, profile]) => {
          const c = oracle.containers(spec)[0] ?? {};
          const observed = profile.containers[c.name as string];
          const sc = (c.securityContext ?? {}) as Obj;
          // Unprivileged containers: unprivileging has more to check (escalation, seccomp), see the Rego cross-check.
          fc.pre(observed !== undefined && sc.privileged !== true);
          // RuntimeDefault allows some syscalls only with a capability: keep the case free of that.
          fc.pre(!observed.syscalls.some((s) => ['chroot', 'bpf', 'unshare'].includes(s)));
          const keep = observed.capabilities.filter((cap) => oracle.granted(c, cap));
          const patch: PatchOperation[] = [
            ...(c.securityContext === undefined
              ? [{ op: 'add' as const, path: `${POINTER}/containers/0/securityContext`, value: {} }]
              : []),
            {
              op: 'add',
              path: `${POINTER}/containers/0/securityContext/capabilities`,
              value: { drop: ['ALL'], add: keep },
            },
          ];
          const result = verifyPatches(inputFor(spec, profile), [violation('tighten', patch)]);
          assert.deepEqual(result.dropped, []);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
