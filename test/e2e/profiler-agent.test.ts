/**
 * The node agent end to end: real processes in container cgroups laid out as containerd
 * (systemd driver) and CRI-O (cgroupfs driver) would, Pods with those container ids in their
 * status (owned by a ReplicaSet owned by a Deployment), the agent running as the DaemonSet's
 * ServiceAccount against the real API server, the WorkloadProfile it writes, and the webhook's
 * decision once that profile is complete: an unused NET_ADMIN is denied with runtime evidence.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ensureRecorderBuilt } from '../../bpf-profiler/agent/recorder-build.js';
import { linksWhen, syscallPrograms } from '../support/bpf-links.js';
import type { WorkloadProfile } from '../../src/profile/workload-profile.js';
import { FakeNodeCgroups, randomContainerId, type FakeContainer } from './support/cgroup-pods.js';
import { createModeNamespace } from './support/namespaces.js';
import {
  buildAgent,
  installProfilerRbac,
  residentMemory,
  startAgent,
  type RunningAgent,
} from './support/profiler-agent.js';
import { swapInProfileWebhook, type ProfileWebhook } from './support/profiler-webhook.js';
import { createDeploymentChain, deploymentManifest, setRunningStatus } from './support/profiler-workloads.js';
import { VALIDATING_WEBHOOK } from './support/readiness.js';
import { e2e } from './support/root-hooks.js';
import { waitFor } from './support/wait.js';

const PYTHON = '/usr/bin/python3';
/** Creates a file, gives it away (CAP_CHOWN), listens on a privileged port (CAP_NET_BIND_SERVICE). */
const SERVER = `
import os, socket, sys, time
path = os.path.join(sys.argv[1], 'owned-by-daemon')
open(path, 'w').close()
os.chown(path, 1, 1)
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.1', int(sys.argv[2])))
s.listen(8)
time.sleep(600)
`;
const AGENT_MEMORY_GOAL = 64 * 1024 * 1024;

/** A free port below 1024 (binding it needs CAP_NET_BIND_SERVICE). */
async function freePrivilegedPort(exclude: number[]): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 600 + Math.floor(Math.random() * 400);
    if (exclude.includes(port)) continue;
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error('no free port in 600-999');
}

describe('profiler agent: WorkloadProfile from real processes, then the decision it drives', function () {
  this.timeout(180_000);
  const node = `e2e-node-${Math.random().toString(36).slice(2, 7)}`;
  let namespace: string;
  let cgroups: FakeNodeCgroups;
  let agent: RunningAgent | undefined;
  let profileWebhook: ProfileWebhook | undefined;
  let containers: FakeContainer[];
  let ports: number[];
  let profile: WorkloadProfile;

  before(async () => {
    const env = e2e();
    await ensureRecorderBuilt();
    await buildAgent();
    const kubeconfig = await installProfilerRbac(env);
    namespace = await createModeNamespace(env.kubectl, 'enforce');
    const chain = await createDeploymentChain(
      env.kubectl,
      namespace,
      'web',
      ['CHOWN', 'NET_BIND_SERVICE'],
      node,
      2,
    );
    cgroups = await FakeNodeCgroups.create();
    const [first, second] = chain.pods;
    assert.ok(first !== undefined && second !== undefined);
    containers = [
      await cgroups.addContainer('containerd-systemd', first.uid, randomContainerId()),
      await cgroups.addContainer('crio-cgroupfs', second.uid, randomContainerId()),
    ];
    await setRunningStatus(
      env.kubectl,
      namespace,
      first.name,
      'containerd',
      containers[0]?.containerId ?? '',
    );
    await setRunningStatus(env.kubectl, namespace, second.name, 'cri-o', containers[1]?.containerId ?? '');

    agent = await startAgent({
      kubeconfig,
      node,
      cgroupRoot: cgroups.root,
      logFile: join(env.dir, 'profiler-agent.log'),
      writeMs: 1500,
      minDurationMs: 3000,
      minPods: 2,
    });
    const running = agent;
    // Processes start only once the agent tracks their cgroups: nothing they do is missed.
    await waitFor(
      () => {
        const tracked = running.lines.filter((l) => l['msg'] === 'tracking container cgroup').length;
        return Promise.resolve(tracked >= 2 ? true : undefined);
      },
      { timeoutMs: 30_000, intervalMs: 100, what: 'the agent to track both container cgroups' },
    );
    const scratch = join(env.dir, 'profiler-scratch');
    ports = [];
    for (const [i, container] of containers.entries()) {
      const dir = join(scratch, String(i));
      await mkdir(dir, { recursive: true });
      const port = await freePrivilegedPort(ports);
      ports.push(port);
      cgroups.run(container, PYTHON, ['-c', SERVER, dir, String(port)]);
    }
    profile = await waitFor(
      async () => {
        const stored = (await env.kubectl.getJson('workloadprofile', 'deployment-web', namespace)) as
          WorkloadProfile | undefined;
        const listening = stored?.spec.containers[0]?.listeningPorts.length ?? 0;
        return stored?.status.phase === 'complete' && listening === 2 ? stored : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: 'a complete WorkloadProfile deployment-web' },
    );
  });

  after(async function (this: Mocha.Context) {
    this.timeout(120_000);
    await agent?.process.stop();
    await cgroups.remove();
    await profileWebhook?.restore();
  });

  it('writes one WorkloadProfile for the Deployment, merged from both pods', () => {
    assert.deepEqual(profile.spec.workload, { kind: 'Deployment', name: 'web' });
    assert.equal(profile.metadata.namespace, namespace);
    assert.deepEqual(
      profile.spec.containers.map((c) => c.name),
      ['web'],
    );
    const o = profile.spec.observation;
    assert.equal(o.podsObserved, 2);
    assert.deepEqual(o.nodesObserved, [node]);
    assert.equal(o.eventsLost, 0);
    assert.equal(profile.status.phase, 'complete', profile.status.reason);
  });

  it('records what the processes did: capabilities used, syscalls, listening ports, executables', () => {
    const web = profile.spec.containers[0];
    assert.ok(web !== undefined);
    assert.match(web.imageDigest ?? '', /^sha256:5f0c5e3a/);
    assert.ok(web.capabilities.includes('CHOWN'), `CHOWN in ${web.capabilities.join(',')}`);
    assert.ok(
      web.capabilities.includes('NET_BIND_SERVICE'),
      `NET_BIND_SERVICE in ${web.capabilities.join(',')}`,
    );
    assert.ok(!web.capabilities.includes('NET_ADMIN'));
    for (const syscall of ['execve', 'socket', 'bind', 'listen', 'setsockopt']) {
      assert.ok(web.syscalls.includes(syscall), `${syscall} in ${web.syscalls.join(',')}`);
    }
    assert.ok(
      web.syscalls.includes('chown') || web.syscalls.includes('fchownat'),
      `chown or fchownat in ${web.syscalls.join(',')}`,
    );
    assert.deepEqual(
      web.listeningPorts,
      [...ports].sort((a, b) => a - b).map((port) => ({ port, protocol: 'TCP' })),
    );
    assert.ok(
      web.executables.some((e) => /^\/usr\/bin\/python3(\.\d+)?$/.test(e)),
      `python in ${web.executables.join(',')}`,
    );
    assert.deepEqual(web.uids, [0]);
  });

  it('keeps the agent under its memory goal', async () => {
    assert.ok(agent !== undefined && agent.pid > 0, 'agent pid from its "agent started" line');
    const memory = await residentMemory(agent.pid);
    process.stdout.write(
      `      agent RSS ${(memory.rss / 1048576).toFixed(1)} MiB, peak ${(memory.peak / 1048576).toFixed(1)} MiB\n`,
    );
    assert.ok(memory.peak < AGENT_MEMORY_GOAL, `peak RSS ${memory.peak} bytes`);
  });

  it('stops recording once the profile is complete: both containers untracked, the pod roots unwatched, the syscall programs detached', async () => {
    const running = agent;
    assert.ok(running !== undefined);
    const messages = await waitFor(
      () => {
        const msgs = running.lines.map((l) => l['msg']);
        return Promise.resolve(msgs.includes('syscall hooks detached') ? msgs : undefined);
      },
      { timeoutMs: 30_000, intervalMs: 200, what: 'the recorder to detach its syscall programs' },
    );
    assert.equal(messages.filter((m) => m === 'profile complete: container no longer recorded').length, 2);
    const idle = messages.indexOf('every container here belongs to a complete profile: nothing is recorded');
    assert.ok(
      idle > messages.lastIndexOf('profile complete: container no longer recorded'),
      messages.join('\n'),
    );
    // In the kernel: no link attaches a syscall program any more (closing them takes seconds).
    assert.equal(await linksWhen(syscallPrograms, (n) => n === 0), 0);
  });

  it('with the default one-hour minimum, seconds of agent evidence only warn: no patch, the static rule still denies (the negative control)', async () => {
    const env = e2e();
    const early = await swapInProfileWebhook(env, {});
    try {
      const result = await waitFor(
        async () => {
          const attempt = await env.kubectl.apply(asksForNetAdmin(), namespace);
          return attempt.stderr.includes(`admission webhook "${VALIDATING_WEBHOOK}" denied`)
            ? attempt
            : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 500, what: 'the profile-aware webhook to answer' },
      );
      assert.match(
        result.stderr,
        /Warning: \[runtime-unused-capabilities\] container "web" requests NET_ADMIN, never used across 2 pods over less than an hour \(profile deployment-web, complete\); insufficient evidence to enforce: observed \d+(\.\d)? s of the required 3600 s/,
      );
      assert.match(result.stderr, /- \[pss-capabilities\] container "web" must not include "NET_ADMIN"/);
      assert.doesNotMatch(result.stderr, /- \[runtime-unused-capabilities\]/);
      assert.deepEqual(await storedCapabilities(namespace), ['CHOWN', 'NET_BIND_SERVICE'], 'nothing stored');
    } finally {
      await early.webhook.process.stop();
    }
  });

  it('with that profile, kubectl apply of the Deployment adding an unused NET_ADMIN gets it patched away (mutating webhook)', async () => {
    const env = e2e();
    // The webhook reads the WorkloadProfile the agent stored, through its informer.
    profileWebhook = await swapInProfileWebhook(env);

    const result = await waitFor(
      async () => {
        const attempt = await env.kubectl.apply(asksForNetAdmin(), namespace);
        return attempt.code === 0 ? attempt : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500, what: 'the profile-aware webhook to answer' },
    );
    assert.match(result.stdout, /deployment.apps\/web configured/);
    assert.deepEqual(await storedCapabilities(namespace), ['CHOWN', 'NET_BIND_SERVICE']);
    assert.match(
      webhookDecisions(profileWebhook),
      /"endpoint":"mutate".*"decision":"patch","violations":\["runtime-unused-capabilities"/,
    );
  });

  it('with only the validating webhook, the same apply is denied in enforce mode with runtime evidence', async () => {
    const env = e2e();
    assert.ok(profileWebhook !== undefined, 'the previous test swapped in the profile-aware webhook');
    await profileWebhook.removeMutation();
    const result = await waitFor(
      async () => {
        const attempt = await env.kubectl.apply(asksForNetAdmin(), namespace);
        return attempt.code !== 0 ? attempt : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500, what: 'the API server to stop calling the mutating webhook' },
    );
    assert.match(result.stderr, new RegExp(`admission webhook "${VALIDATING_WEBHOOK}" denied`));
    assert.match(result.stderr, /runtime-unused-capabilities/);
    assert.match(
      result.stderr,
      /container "web" requests NET_ADMIN, never used across 2 pods over .* \(profile deployment-web, complete\)/,
    );
    assert.deepEqual(await storedCapabilities(namespace), ['CHOWN', 'NET_BIND_SERVICE'], 'nothing stored');
  });
});

function asksForNetAdmin(): string {
  return stringify(deploymentManifest('web', ['CHOWN', 'NET_BIND_SERVICE', 'NET_ADMIN']));
}

async function storedCapabilities(namespace: string): Promise<string[] | undefined> {
  const stored = (await e2e().kubectl.getJson('deployment', 'web', namespace)) as {
    spec: { template: { spec: { containers: { securityContext: { capabilities: { add?: string[] } } }[] } } };
  };
  return stored.spec.template.spec.containers[0]?.securityContext.capabilities.add;
}

function webhookDecisions(webhook: ProfileWebhook): string {
  return webhook.webhook.process.tail(200);
}
