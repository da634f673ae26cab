import assert from 'node:assert/strict';
import { readFixture } from './support/fixtures.js';
import type { KubectlResult } from './support/kubectl.js';
import { createModeNamespace } from './support/namespaces.js';
import { VALIDATING_WEBHOOK } from './support/readiness.js';
import { e2e } from './support/root-hooks.js';

const IMAGE = 'registry.example.com/tools/debug:1.0.0';

interface StoredPod {
  readonly spec?: { ephemeralContainers?: { name: string }[] };
}

/** `kubectl debug` of the stored Pod with one of kubectl's security profiles. */
function debug(namespace: string, profile: string, container: string): Promise<KubectlResult> {
  return e2e().kubectl.run([
    'debug',
    'pod/debuggable-pod',
    '-n',
    namespace,
    `--image=${IMAGE}`,
    `--profile=${profile}`,
    `--container=${container}`,
  ]);
}

async function ephemeralContainers(namespace: string): Promise<string[]> {
  const pod = (await e2e().kubectl.getJson('pod', 'debuggable-pod', namespace)) as StoredPod | undefined;
  assert.ok(pod !== undefined, `debuggable-pod not stored in ${namespace}`);
  return (pod.spec?.ephemeralContainers ?? []).map((c) => c.name);
}

// No kubelet runs the Pod: without -i/--attach, kubectl debug only adds the ephemeral container
// through the pods/ephemeralcontainers subresource and returns, which is what admission judges.
describe('enforce mode: kubectl debug adds an ephemeral container to a running Pod', () => {
  let namespace: string;

  before(async () => {
    const { kubectl } = e2e();
    namespace = await createModeNamespace(kubectl, 'enforce');
    const created = await kubectl.apply(await readFixture('debuggable-pod.yaml'), namespace);
    assert.equal(created.code, 0, created.output);
  });

  it('rejects kubectl debug --profile=sysadmin (a privileged container), naming the container and the field', async () => {
    const result = await debug(namespace, 'sysadmin', 'debugger');

    assert.notEqual(result.code, 0, `kubectl debug should fail:\n${result.output}`);
    assert.equal(
      result.stderr.trim(),
      `Error from server (Forbidden): admission webhook "${VALIDATING_WEBHOOK}" denied the request: profilegate denied Pod ${namespace}/debuggable-pod: 1 policy violation\n` +
        '- [pss-privileged] container "debugger" must not set securityContext.privileged=true (allowed: false or unset)',
    );
    assert.deepEqual(await ephemeralContainers(namespace), [], 'no ephemeral container stored');
  });

  it('admits kubectl debug --profile=baseline and stores its ephemeral container', async () => {
    const result = await debug(namespace, 'baseline', 'inspect');

    assert.equal(result.code, 0, result.output);
    assert.deepEqual(await ephemeralContainers(namespace), ['inspect']);
  });
});
