/**
 * The product's promise where pods really run: over-privileged nginx and redis Deployments run
 * on the node's kubelet and containerd, the agent records them under real traffic, and once
 * their profiles are complete a rollout restart in enforce mode patches them down to their
 * evidence; the hardened pods become Ready and serve the same traffic.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import jsonPatch from 'fast-json-patch';
import type { WorkloadProfile } from '../../src/profile/workload-profile.js';
import { MODE_LABEL } from '../e2e/support/namespaces.js';
import type { RunningAgent } from '../e2e/support/profiler-agent.js';
import { waitFor } from '../e2e/support/wait.js';
import { LEARNING_WINDOW_MS, startNodeAgent } from './support/node-agent.js';
import {
  NGINX_DEPLOYMENT,
  REDIS_DEPLOYMENT,
  manifestOf,
  nginxDeployment,
  readyPodIps,
  redisDeployment,
  sendTraffic,
  type TrafficResult,
} from './support/over-privileged-workloads.js';
import { node } from './support/root-hooks.js';
import { runningMounts } from './support/running-mounts.js';
import { NODE_NAME } from './support/kubelet.js';
import {
  WEBHOOK_DEPLOYMENT,
  WEBHOOK_NAMESPACE,
  buildWebhookImage,
  deployWebhook,
} from './support/webhook-deployment.js';

const NAMESPACE = 'shop';

type PodSpec = {
  automountServiceAccountToken?: boolean;
  securityContext?: Record<string, unknown>;
  containers: {
    name: string;
    securityContext?: {
      privileged?: boolean;
      readOnlyRootFilesystem?: boolean;
      allowPrivilegeEscalation?: boolean;
      capabilities?: { add?: string[]; drop?: string[] };
      seccompProfile?: { type: string };
    };
    volumeMounts?: { name: string; mountPath: string }[];
  }[];
  volumes?: { name: string; hostPath?: unknown; emptyDir?: unknown }[];
};

async function podTemplate(name: string): Promise<PodSpec> {
  const stored = (await node().kubectl.getJson('deployment', name, NAMESPACE)) as {
    spec: { template: { spec: PodSpec } };
  };
  return stored.spec.template.spec;
}

async function rolledOut(name: string): Promise<void> {
  await node().kubectl.ok(['rollout', 'status', `deployment/${name}`, '-n', NAMESPACE, '--timeout=180s']);
}

/** Both Deployments' pod IPs once exactly two pods of each are Ready (no old pod still terminating). */
async function servingPods(): Promise<{ web: string[]; cache: string[] }> {
  const { kubectl } = node();
  return waitFor(
    async () => {
      const web = await readyPodIps(kubectl, NAMESPACE, NGINX_DEPLOYMENT);
      const cache = await readyPodIps(kubectl, NAMESPACE, REDIS_DEPLOYMENT);
      return web.length === 2 && cache.length === 2 ? { web, cache } : undefined;
    },
    { timeoutMs: 120_000, intervalMs: 1000, what: 'two Ready pods of each Deployment' },
  );
}

/** Mount paths of `container`'s emptyDir volumes, sorted. */
function emptyDirMounts(spec: PodSpec, container: PodSpec['containers'][number]): string[] {
  const emptyDirs = new Set((spec.volumes ?? []).filter((v) => v.emptyDir !== undefined).map((v) => v.name));
  return (container.volumeMounts ?? [])
    .filter((m) => emptyDirs.has(m.name))
    .map((m) => m.mountPath)
    .sort();
}

function assertAllServed(traffic: TrafficResult): void {
  assert.equal(traffic.http.ok, traffic.http.sent, `HTTP answers: ${traffic.http.ok}/${traffic.http.sent}`);
  assert.equal(traffic.redis.length, 2);
  for (const pod of traffic.redis) {
    assert.ok(pod.set > 0 && pod.get > 0, `redis-benchmark against ${pod.pod}: ${JSON.stringify(pod)}`);
  }
}

describe('a real node: over-privileged workloads recorded, then hardened by a rollout restart', function () {
  this.timeout(300_000);
  let agent: RunningAgent | undefined;
  let baseline: TrafficResult;
  let profiles: Record<string, WorkloadProfile>;
  const templates: Record<string, PodSpec> = {};

  before(async function () {
    const env = node();
    await buildWebhookImage(env);
    await deployWebhook(env, 'enforce', { minObservedAgentSeconds: LEARNING_WINDOW_MS / 1000 });
    agent = await startNodeAgent(env);
    // Security teams start in audit: the over-privileged apply is admitted, findings reported.
    await env.kubectl.ok(['create', 'namespace', NAMESPACE]);
    await env.kubectl.ok(['label', 'namespace', NAMESPACE, `${MODE_LABEL}=audit`]);
  });

  after(async function () {
    await agent?.process.stop();
  });

  it('runs the over-privileged Deployments (privileged sidecar, NET_ADMIN, writable root, hostPath) and they serve', async () => {
    const env = node();
    const hostDir = join(env.dir, 'host-data');
    for (const manifest of [nginxDeployment(env.images, hostDir), redisDeployment(env.images, hostDir)]) {
      const applied = await env.kubectl.apply(manifestOf(manifest), NAMESPACE);
      assert.equal(applied.code, 0, applied.output);
    }
    await rolledOut(NGINX_DEPLOYMENT);
    await rolledOut(REDIS_DEPLOYMENT);
    for (const name of [NGINX_DEPLOYMENT, REDIS_DEPLOYMENT]) templates[name] = await podTemplate(name);
    const pods = await servingPods();
    baseline = await sendTraffic(pods.web, pods.cache);
    assertAllServed(baseline);
  });

  it('the agent records them under that traffic and both WorkloadProfiles become complete', async () => {
    const env = node();
    const started = Date.now();
    profiles = {};
    for (const name of [NGINX_DEPLOYMENT, REDIS_DEPLOYMENT]) {
      profiles[name] = await waitFor(
        async () => {
          const stored = (await env.kubectl.getJson('workloadprofile', `deployment-${name}`, NAMESPACE)) as
            WorkloadProfile | undefined;
          return stored?.status.phase === 'complete' ? stored : undefined;
        },
        {
          timeoutMs: LEARNING_WINDOW_MS + 90_000,
          intervalMs: 1000,
          what: `WorkloadProfile deployment-${name} complete`,
        },
      );
    }
    const nginx = profiles[NGINX_DEPLOYMENT]?.spec.containers.find((c) => c.name === 'nginx');
    const redis = profiles[REDIS_DEPLOYMENT]?.spec.containers.find((c) => c.name === 'redis');
    assert.ok(nginx && redis, 'both containers profiled');
    assert.ok(
      nginx.listeningPorts.some((p) => p.port === 80),
      JSON.stringify(nginx.listeningPorts),
    );
    assert.ok(
      redis.listeningPorts.some((p) => p.port === 6379),
      JSON.stringify(redis.listeningPorts),
    );
    // nginx's master starts its workers as www-data: it used SETUID and SETGID, never NET_ADMIN.
    assert.ok(
      nginx.capabilities.includes('SETUID') && nginx.capabilities.includes('SETGID'),
      nginx.capabilities.join(','),
    );
    assert.ok(!nginx.capabilities.includes('NET_ADMIN') && !redis.capabilities.includes('NET_ADMIN'));
    // Where they wrote, and what their images held there: the emptyDir evidence.
    assert.deepEqual(nginx.writePaths, ['/run', '/var/lib/nginx', '/var/log/nginx']);
    assert.deepEqual(redis.preexistingWriteDirs, [{ path: '/data', uid: 0, gid: 0, mode: '0755' }]);
    assert.deepEqual(redis.preexistingUse, []);
    // The negative control of scenario 2's runtime check: unhardened, the root is writable.
    for (const mounts of await runningMounts(node(), NAMESPACE, REDIS_DEPLOYMENT, 'redis')) {
      assert.match(mounts.get('/') ?? '', /^rw,/);
    }
    process.stdout.write(
      `      profiles complete ${Date.now() - started} ms after the traffic; nginx capabilities ${nginx.capabilities.join(',')}, redis ${redis.capabilities.join(',') || '(none)'}\n`,
    );
    for (const c of [...(profiles[NGINX_DEPLOYMENT]?.spec.containers ?? []), redis]) {
      const files = {
        writePaths: c.writePaths,
        preexistingWriteDirs: c.preexistingWriteDirs,
        preexistingUse: c.preexistingUse,
      };
      process.stdout.write(`      ${c.name} files: ${JSON.stringify(files)}\n`);
    }
  });

  it('in enforce mode, kubectl rollout restart patches the pods down to their evidence; they become Ready and serve the same traffic', async () => {
    const env = node();
    await env.kubectl.ok(['label', 'namespace', NAMESPACE, `${MODE_LABEL}=enforce`, '--overwrite']);
    // The webhook's namespace informer must see the new mode before the restart is judged: an
    // unprofiled Pod asking for NET_ADMIN is admitted in audit mode and denied in enforce mode.
    await waitFor(
      async () => {
        const probe = await env.kubectl.run([
          'run',
          'mode-probe',
          '-n',
          NAMESPACE,
          '--dry-run=server',
          `--image=${env.images.nginx}`,
          '--overrides',
          JSON.stringify({
            spec: {
              containers: [
                {
                  name: 'mode-probe',
                  image: env.images.nginx,
                  securityContext: { capabilities: { add: ['NET_ADMIN'] } },
                },
              ],
            },
          }),
        ]);
        if (!probe.output.includes('denied the request')) throw new Error(`still admitted:\n${probe.output}`);
        return true;
      },
      { timeoutMs: 30_000, intervalMs: 1000, what: 'the webhook to judge the namespace in enforce mode' },
    );
    for (const name of [NGINX_DEPLOYMENT, REDIS_DEPLOYMENT]) {
      const restarted = await env.kubectl.run(['rollout', 'restart', `deployment/${name}`, '-n', NAMESPACE]);
      assert.equal(restarted.code, 0, restarted.output);
    }
    await rolledOut(NGINX_DEPLOYMENT);
    await rolledOut(REDIS_DEPLOYMENT);
    const web = await podTemplate(NGINX_DEPLOYMENT);
    const cache = await podTemplate(REDIS_DEPLOYMENT);
    for (const [name, hardened] of [
      [NGINX_DEPLOYMENT, web],
      [REDIS_DEPLOYMENT, cache],
    ] as const) {
      const patch = jsonPatch
        .compare(templates[name] ?? {}, hardened)
        .filter((op) => !op.path.includes('annotations'));
      process.stdout.write(`      ${name} patch: ${JSON.stringify(patch)}\n`);
    }
    const [nginx, sidecar] = web.containers;
    const [redis] = cache.containers;
    assert.ok(nginx && sidecar && redis);
    assert.deepEqual(nginx.securityContext?.capabilities?.drop, ['ALL']);
    assert.ok(!(nginx.securityContext.capabilities.add ?? []).includes('NET_ADMIN'));
    assert.notEqual(sidecar.securityContext?.privileged, true);
    assert.deepEqual(sidecar.securityContext?.capabilities?.drop, ['ALL']);
    for (const c of [nginx, sidecar, redis]) {
      assert.deepEqual(c.securityContext?.seccompProfile, { type: 'RuntimeDefault' }, c.name);
    }
    assert.equal(sidecar.securityContext.allowPrivilegeEscalation, false);
    assert.equal(redis.securityContext?.allowPrivilegeEscalation, false);
    assert.ok(!(redis.securityContext.capabilities?.add ?? []).includes('NET_ADMIN'));
    for (const spec of [web, cache]) {
      assert.ok(!(spec.volumes ?? []).some((v) => v.hostPath !== undefined), 'unused hostPath removed');
    }
    // Read-only root with an emptyDir where each wrote; the python sidecar keeps its writable root:
    // it wrote bytecode next to the standard library it reads, which an emptyDir would hide.
    assert.equal(nginx.securityContext.readOnlyRootFilesystem, true);
    assert.deepEqual(emptyDirMounts(web, nginx), ['/run', '/var/lib/nginx', '/var/log/nginx']);
    assert.equal(redis.securityContext.readOnlyRootFilesystem, true);
    assert.deepEqual(emptyDirMounts(cache, redis), ['/data']);
    assert.notEqual(sidecar.securityContext.readOnlyRootFilesystem, true);
    const pods = await servingPods();
    // What runc enforces: each hardened container's root is mounted read-only, its emptyDirs not.
    for (const [app, container] of [
      [NGINX_DEPLOYMENT, 'nginx'],
      [REDIS_DEPLOYMENT, 'redis'],
    ] as const) {
      for (const mounts of await runningMounts(node(), NAMESPACE, app, container)) {
        assert.match(mounts.get('/') ?? '', /^ro,/, `${container}'s root: ${mounts.get('/')}`);
        for (const dir of app === NGINX_DEPLOYMENT
          ? ['/run', '/var/lib/nginx', '/var/log/nginx']
          : ['/data']) {
          assert.match(mounts.get(dir) ?? '', /^rw,/, `${container}'s ${dir}: ${mounts.get(dir)}`);
        }
      }
    }
    const after = await sendTraffic(pods.web, pods.cache);
    process.stdout.write(
      `      traffic before ${JSON.stringify(baseline)}\n      traffic after  ${JSON.stringify(after)}\n`,
    );
    assertAllServed(after);
  });

  it('the same Deployment with a capability it never used: patched away by the mutating webhook, and denied with the evidence by validation alone', async () => {
    const env = node();
    const withSysTime = manifestOf(nginxDeployment(env.images, join(env.dir, 'host-data'), ['SYS_TIME']));
    const hardened = await env.kubectl.apply(withSysTime, NAMESPACE, ['--dry-run=server', '-o', 'json']);
    assert.equal(hardened.code, 0, hardened.output);
    const stored = JSON.parse(hardened.stdout) as { spec: { template: { spec: PodSpec } } };
    assert.ok(
      !(stored.spec.template.spec.containers[0]?.securityContext?.capabilities?.add ?? []).includes(
        'SYS_TIME',
      ),
    );
    // Validation alone (an operator who runs no mutating webhook): the same apply is refused.
    const mutating = (
      await env.kubectl.ok(['get', 'mutatingwebhookconfiguration', 'profilegate', '-o', 'json'])
    ).stdout;
    await env.kubectl.ok(['delete', 'mutatingwebhookconfiguration', 'profilegate']);
    try {
      // replace, not apply: apply would merge the stored (hardened) fields into the old manifest.
      const denied = await env.kubectl.run(['replace', '-n', NAMESPACE, '-f', '-'], withSysTime);
      assert.notEqual(denied.code, 0, denied.output);
      assert.match(
        denied.output,
        /\[runtime-unused-capabilities\] container "nginx" requests NET_ADMIN, SYS_TIME, never used across \d+ pods over less than an hour \(profile deployment-web, complete\)/,
      );
    } finally {
      const restored = JSON.parse(mutating) as { metadata: Record<string, unknown> };
      restored.metadata = {
        name: 'profilegate',
        labels: restored.metadata['labels'],
        annotations: restored.metadata['annotations'],
      };
      await env.kubectl.ok(['apply', '-f', '-'], JSON.stringify(restored));
    }
  });

  it('kubectl debug with a privileged ephemeral container is denied', async () => {
    const env = node();
    // A pod of the hardened ReplicaSet (not one still terminating from before the restart).
    const pods = JSON.parse(
      (await env.kubectl.ok(['get', 'pods', '-n', NAMESPACE, '-l', `app=${NGINX_DEPLOYMENT}`, '-o', 'json']))
        .stdout,
    ) as { items: { metadata: { name: string; deletionTimestamp?: string } }[] };
    const pod = pods.items.find((p) => p.metadata.deletionTimestamp === undefined);
    assert.ok(pod);
    const debug = await env.kubectl.run([
      'debug',
      '-n',
      NAMESPACE,
      pod.metadata.name,
      `--image=${env.images.python}`,
      '--profile=sysadmin',
      '--container=debugger',
      '--',
      'sleep',
      '600',
    ]);
    assert.notEqual(debug.code, 0, debug.output);
    assert.match(
      debug.output,
      /\[pss-privileged\] container "debugger" must not set securityContext\.privileged=true/,
    );
    const after = (await env.kubectl.getJson('pod', pod.metadata.name, NAMESPACE)) as {
      spec: { ephemeralContainers?: unknown[] };
    };
    assert.equal(after.spec.ephemeralContainers, undefined);
  });

  it('the webhook pods deleted during applies: Fail keeps every privileged apply out; the PodDisruptionBudget keeps one replica through a drain', async () => {
    const env = node();
    const privileged = (name: string) =>
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name },
        spec: {
          containers: [
            {
              name: 'c',
              image: env.images.nginx,
              imagePullPolicy: 'Never',
              securityContext: { privileged: true },
            },
          ],
        },
      });
    await env.kubectl.ok([
      'delete',
      'pod',
      '-n',
      WEBHOOK_NAMESPACE,
      '-l',
      'app.kubernetes.io/component=webhook',
      '--wait=false',
    ]);
    const outcomes: string[] = [];
    for (let i = 0; i < 10; i++) {
      const applied = await env.kubectl.apply(privileged(`escalate-${i}`), NAMESPACE);
      assert.notEqual(applied.code, 0, `apply ${i} was admitted:\n${applied.output}`);
      outcomes.push(
        /failed calling webhook/.test(applied.output)
          ? 'webhook unreachable'
          : /denied the request/.test(applied.output)
            ? 'denied'
            : applied.output,
      );
    }
    assert.deepEqual(
      outcomes.filter((o) => o !== 'denied' && o !== 'webhook unreachable'),
      [],
    );
    const stored = await env.kubectl.run(['get', 'pods', '-n', NAMESPACE, '-o', 'name']);
    assert.ok(!stored.stdout.includes('escalate-'), stored.stdout);
    process.stdout.write(`      applies while the webhook pods were replaced: ${outcomes.join(', ')}\n`);
    await env.kubectl.ok([
      'rollout',
      'status',
      `deployment/${WEBHOOK_DEPLOYMENT}`,
      '-n',
      WEBHOOK_NAMESPACE,
      '--timeout=120s',
    ]);
    // Draining the only node: the first replica may go, the second would break minAvailable: 1.
    const drain = await env.kubectl.run([
      'drain',
      NODE_NAME,
      '--pod-selector=app.kubernetes.io/component=webhook',
      '--timeout=20s',
      '--ignore-daemonsets',
    ]);
    try {
      assert.notEqual(drain.code, 0, drain.output);
      assert.match(drain.output, /Cannot evict pod as it would violate the pod's disruption budget/);
      const ready = await waitFor(
        async () => {
          const list = JSON.parse(
            (
              await env.kubectl.ok([
                'get',
                'pods',
                '-n',
                WEBHOOK_NAMESPACE,
                '-l',
                'app.kubernetes.io/component=webhook',
                '-o',
                'json',
              ])
            ).stdout,
          ) as {
            items: {
              metadata: { deletionTimestamp?: string };
              status: { conditions?: { type: string; status: string }[] };
            }[];
          };
          const serving = list.items.filter(
            (p) =>
              p.metadata.deletionTimestamp === undefined &&
              p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
          );
          return serving.length === 1 ? serving.length : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 1000, what: 'one Ready webhook replica left' },
      );
      assert.equal(ready, 1);
      const judged = await env.kubectl.apply(privileged('escalate-during-drain'), NAMESPACE);
      assert.match(
        judged.output,
        /\[pss-privileged\] container "c" must not set securityContext\.privileged=true/,
      );
    } finally {
      await env.kubectl.ok(['uncordon', NODE_NAME]);
    }
  });
});
