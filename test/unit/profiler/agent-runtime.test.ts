/** The agent's composition pieces with fakes: configuration, cgroup scan and diff, the loop, owners. */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { parseAgentConfig } from '../../../bpf-profiler/agent/agent-config.js';
import { AgentLoop } from '../../../bpf-profiler/agent/agent-loop.js';
import {
  CgroupTracker,
  scanContainerCgroups,
  type ContainerCgroup,
} from '../../../bpf-profiler/agent/cgroup-scanner.js';
import { accessFromKubeconfig } from '../../../bpf-profiler/agent/kube-access.js';
import { KubeOwnerLookup } from '../../../bpf-profiler/agent/kube-adapters.js';
import type { KubeClient } from '../../../bpf-profiler/agent/kube-client.js';
import { NO_LOSS, offlineAgent } from './agent-fakes.js';

const CID = 'c'.repeat(64);
const UID = '0f0e0d0c-0b0a-4909-8807-060504030201';

describe('agent configuration', () => {
  const cases: {
    name: string;
    env: Record<string, string>;
    error?: RegExp;
    check?: (c: ReturnType<typeof parseAgentConfig>) => void;
  }[] = [
    { name: 'node name is required', env: { KUBECONFIG: '/k' }, error: /NODE_NAME: / },
    {
      name: 'outside a pod a kubeconfig is required',
      env: { NODE_NAME: 'n1' },
      error: /KUBECONFIG: required outside a pod/,
    },
    {
      name: 'in a pod the service account is used, with defaults',
      env: { NODE_NAME: 'n1', KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443' },
      check: (c) => {
        assert.deepEqual(c.kube, { host: '10.0.0.1', port: '443' });
        assert.equal(c.writeMs, 60_000);
        assert.deepEqual(c.criteria, { minDurationMs: 86_400_000, minPods: 2 });
      },
    },
    {
      name: 'periods are positive integers',
      env: { NODE_NAME: 'n', KUBECONFIG: '/k', PROFILEGATE_WRITE_MS: '0' },
      error: /PROFILEGATE_WRITE_MS: /,
    },
    {
      name: 'the cgroup root is absolute',
      env: { NODE_NAME: 'n', KUBECONFIG: '/k', PROFILEGATE_CGROUP_ROOT: 'sys' },
      error: /PROFILEGATE_CGROUP_ROOT: /,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      if (c.error !== undefined) assert.throws(() => parseAgentConfig(c.env), c.error);
      else c.check?.(parseAgentConfig(c.env));
    });
  }
});

describe('cgroup scan', () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'pg-cgscan-'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('finds container cgroups and their sub-cgroups under the kubelet subtrees only', async () => {
    const pod = `kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${UID.replace(/-/g, '_')}.slice`;
    const scope = `${pod}/cri-containerd-${CID}.scope`;
    await mkdir(join(root, scope, 'child'), { recursive: true });
    await mkdir(join(root, pod, `crio-conmon-${'d'.repeat(64)}.scope`), { recursive: true });
    await mkdir(join(root, 'system.slice', `docker-${'e'.repeat(64)}.scope`), { recursive: true });
    const found = await scanContainerCgroups(root);
    assert.deepEqual(
      found.map((c) => c.path),
      [`/${scope}`, `/${scope}/child`],
    );
    const [first] = found;
    assert.ok(first !== undefined);
    assert.equal(first.id, (await stat(join(root, scope), { bigint: true })).ino.toString());
    assert.deepEqual(first.container, {
      podUid: UID,
      containerId: CID,
      runtime: 'containerd',
      qosClass: 'Burstable',
    });
  });

  it('reports what appeared and what went between scans', async () => {
    const a: ContainerCgroup = {
      id: '1',
      path: '/a',
      container: { podUid: UID, containerId: CID, runtime: 'cri-o', qosClass: 'BestEffort' },
    };
    const b: ContainerCgroup = { ...a, id: '2', path: '/b' };
    const scans = [[a], [a, b], [b]];
    const tracker = new CgroupTracker('/x', () => Promise.resolve(scans.shift() ?? []));
    assert.deepEqual(await tracker.rescan(), { added: [a], removed: [] });
    assert.deepEqual(await tracker.rescan(), { added: [b], removed: [] });
    assert.deepEqual(await tracker.rescan(), { added: [], removed: [a] });
  });
});

describe('agent loop', () => {
  it('tracks new cgroups, untracks gone ones, and forgets them only after the write round', async () => {
    const c: ContainerCgroup = {
      id: '7',
      path: '/p',
      container: { podUid: UID, containerId: CID, runtime: 'containerd', qosClass: 'Guaranteed' },
    };
    const scans: ContainerCgroup[][] = [[c], []];
    const commands: string[] = [];
    const agent = offlineAgent();
    let now = 0;
    const silent = { info: () => undefined, warn: () => undefined };
    const loop = new AgentLoop({
      agent,
      recorder: {
        track: (k) => Promise.resolve(void commands.push(`track ${k}`)),
        untrack: (k) => Promise.resolve(void commands.push(`untrack ${k}`)),
        watch: (k) => Promise.resolve(void commands.push(`watch ${k}`)),
        unwatch: (k) => Promise.resolve(void commands.push(`unwatch ${k}`)),
        flush: () => {
          commands.push('flush');
          return Promise.resolve(NO_LOSS);
        },
      },
      tracker: new CgroupTracker('/', () => Promise.resolve(scans.shift() ?? [])),
      logger: silent,
      rescanMs: 10,
      writeMs: 100,
      now: () => now,
    });
    await loop.tick();
    assert.deepEqual(commands, ['track 7']);
    assert.deepEqual(agent.keys(), ['7']);
    now = 50;
    await loop.tick(); // gone, but its last observations are not written yet
    assert.deepEqual(commands, ['track 7', 'untrack 7']);
    assert.deepEqual(agent.keys(), ['7']);
    now = 150;
    await loop.tick();
    assert.deepEqual(commands, ['track 7', 'untrack 7', 'flush']);
    assert.deepEqual(agent.keys(), []);
  });
});

describe('owner lookup', () => {
  it('reads a ReplicaSet once, keeps only its owner references, and does not look up other kinds', async () => {
    const paths: string[] = [];
    const client = {
      get: (path: string) => {
        paths.push(path);
        return Promise.resolve({
          metadata: {
            name: 'web-1',
            labels: { big: 'x' },
            ownerReferences: [
              { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'u', controller: true },
            ],
          },
          spec: { template: {} },
        });
      },
    } as unknown as KubeClient;
    const owners = new KubeOwnerLookup(client);
    const first = await owners.getOwner('shop', 'ReplicaSet', 'web-1');
    await owners.getOwner('shop', 'ReplicaSet', 'web-1');
    assert.equal(await owners.getOwner('shop', 'Secret', 'x'), undefined);
    assert.deepEqual(paths, ['/apis/apps/v1/namespaces/shop/replicasets/web-1']);
    assert.deepEqual(first, {
      metadata: {
        name: 'web-1',
        namespace: 'shop',
        ownerReferences: [{ kind: 'Deployment', name: 'web', controller: true }],
      },
    });
  });
});

describe('kubeconfig access', () => {
  it('takes the current context: server, CA data and token', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pg-kc-'));
    const file = join(dir, 'config');
    await writeFile(
      file,
      stringify({
        'current-context': 'b',
        clusters: [
          { name: 'a', cluster: { server: 'https://a:1' } },
          {
            name: 'b',
            cluster: {
              server: 'https://b:6443/',
              'certificate-authority-data': Buffer.from('CA').toString('base64'),
            },
          },
        ],
        users: [{ name: 'u', user: { token: 't0k' } }],
        contexts: [
          { name: 'a', context: { cluster: 'a', user: 'u' } },
          { name: 'b', context: { cluster: 'b', user: 'u' } },
        ],
      }),
    );
    const access = accessFromKubeconfig(file);
    assert.equal(access.server, 'https://b:6443');
    assert.equal(access.ca?.toString(), 'CA');
    assert.equal(access.token?.(), 't0k');
    await rm(dir, { recursive: true, force: true });
  });
});
