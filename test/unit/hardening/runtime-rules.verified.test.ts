/**
 * The runtime Rego rules and the TypeScript safety net agree: on generated pods and profiles
 * (and on the realistic nginx example), every patch the rules propose from a complete profile
 * survives verifyPatches, and all of them apply together. Runs the rules with the opa CLI in
 * one batch; skipped when opa is not installed.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import jsonpatch from 'fast-json-patch';
import { parse } from 'yaml';
import { locateOpa } from '../../../src/cli/build/opa-cli.js';
import { verifyPatches } from '../../../src/hardening/verify-patches.js';
import { judgeProfile } from '../../../src/profile/profile-view.js';
import { parseProfileText } from '../../../src/profile/profile-files.js';
import { ViolationSchema, type Violation } from '../../../src/policy/violation.js';
import type { PolicyInput } from '../../../src/policy/policy-input.js';
import { POINTER, inputFor, podSpec, profileFor } from './arbitraries.js';

const CASES = 400;
const QUERY =
  '[vs | some c in input.cases; vs := [v | some name; startswith(name, "runtime_"); some v in data.profilegate.rules[name].violation] with input as c]';

function opaPath(): string | undefined {
  try {
    return locateOpa(process.env);
  } catch {
    return undefined;
  }
}

function runtimeViolations(opa: string, inputs: PolicyInput[]): Violation[][] {
  const file = join(mkdtempSync(join(tmpdir(), 'runtime-rules-')), 'input.json');
  writeFileSync(file, JSON.stringify({ cases: inputs }));
  const policies = new URL('../../../policies/rego', import.meta.url).pathname;
  const out = execFileSync(opa, ['eval', '-f', 'json', '-d', policies, '-i', file, QUERY], {
    maxBuffer: 1 << 28,
  });
  const value = (JSON.parse(out.toString()) as { result: { expressions: { value: unknown[][] }[] }[] })
    .result[0]?.expressions[0]?.value;
  return (value ?? []).map((vs) => vs.map((v) => ViolationSchema.parse(v)));
}

function exampleInput(): PolicyInput {
  const fixtures = new URL('../../fixtures/profiles/', import.meta.url);
  const deployment = parse(readFileSync(new URL('deployment-web-overprivileged.yaml', fixtures), 'utf8')) as {
    spec: { template: { spec: Record<string, unknown> } };
  };
  const [profile] = parseProfileText(
    readFileSync(new URL('deployment-web.yaml', fixtures), 'utf8'),
    'deployment-web.yaml',
  );
  const input = inputFor(deployment.spec.template.spec, null);
  input.request.object = deployment;
  input.profile = judgeProfile(
    profile,
    input.workload as NonNullable<PolicyInput['workload']>,
    new Date('2025-11-27T09:00:00Z'),
  );
  return input;
}

const opa = opaPath();

(opa === undefined ? describe.skip : describe)('runtime rules + verifyPatches', function () {
  this.timeout(120_000);

  it('patch the realistic over-privileged Deployment down to its profile, all patches kept', () => {
    const input = exampleInput();
    const [violations = []] = runtimeViolations(opa as string, [input]);
    const ids = violations.map((v) => v.id).sort();
    assert.deepEqual(ids, [
      'runtime-read-only-root-filesystem',
      'runtime-run-as-non-root',
      'runtime-seccomp-profile',
      'runtime-unneeded-privileged',
      'runtime-unused-capabilities',
      'runtime-unused-host-namespaces',
      'runtime-unused-host-path',
      'runtime-unused-host-ports',
    ]);
    const result = verifyPatches(input, violations);
    assert.deepEqual(result.dropped, []);
    const patch = result.violations.flatMap((v) => v.patch) as jsonpatch.Operation[];
    const after = jsonpatch.applyPatch(structuredClone(input.request.object), patch, true, false).newDocument;
    const spec = jsonpatch.getValueByPointer(after, POINTER) as {
      hostPID: boolean;
      volumes: { name: string }[];
      containers: { securityContext: Record<string, unknown>; ports: Record<string, unknown>[] }[];
    };
    assert.equal(spec.hostPID, false);
    assert.deepEqual(
      spec.volumes.map((v) => v.name),
      ['html'],
    );
    assert.deepEqual(spec.containers.at(0)?.securityContext, {
      capabilities: { drop: ['ALL'], add: ['CHOWN', 'NET_BIND_SERVICE', 'SETGID', 'SETUID'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    assert.deepEqual(spec.containers.at(0)?.ports, [
      { name: 'http', containerPort: 80, hostPort: 80 },
      { name: 'admin', containerPort: 8081 },
    ]);
    assert.deepEqual(spec.containers.at(1)?.securityContext, {
      privileged: false,
      capabilities: { drop: ['ALL'] },
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      runAsUser: 65534,
    });
  });

  it(`never proposes a patch the safety net drops (${CASES} generated pods and complete profiles)`, () => {
    const inputs = fc.sample(
      podSpec.chain((spec) => profileFor(spec).map((profile) => inputFor(spec, profile))),
      { numRuns: CASES, seed: 20251127 },
    );
    const results = runtimeViolations(opa as string, inputs);
    assert.equal(results.length, CASES);
    let patches = 0;
    results.forEach((violations, i) => {
      const input = inputs[i] as PolicyInput;
      const verified = verifyPatches(input, violations);
      assert.deepEqual(
        verified.dropped,
        [],
        JSON.stringify({ spec: input.workload?.podSpec, profile: input.profile?.containers }),
      );
      const combined = verified.violations.flatMap((v) => v.patch) as jsonpatch.Operation[];
      jsonpatch.applyPatch(structuredClone(input.request.object), combined, true, false);
      patches += verified.violations.filter((v) => v.patch.length > 0).length;
    });
    assert.ok(patches > CASES, `only ${patches} patches proposed`);
  });

  it('learning profiles produce the same findings without any patch', () => {
    const input = exampleInput();
    input.profile = { ...(input.profile as NonNullable<PolicyInput['profile']>), maturity: 'learning' };
    const [violations = []] = runtimeViolations(opa as string, [input]);
    assert.equal(violations.length, 8);
    assert.ok(violations.every((v) => v.patch.length === 0 && v.message.includes('learning)')));
  });
});
