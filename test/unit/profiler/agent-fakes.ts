/** In-memory stand-ins for what the node agent and its loop call: the API, the recorder, the cgroup root. */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WorkloadProfile } from '../../../src/profile/workload-profile.js';
import type { ProfileApi } from '../../../bpf-profiler/agent/profile-writer.js';
import { ApiStatusError } from '../../../bpf-profiler/agent/api-status-error.js';
import type { ObjectWithOwners, OwnerLookup } from '../../../bpf-profiler/agent/workload-resolver.js';
import { NodeAgent } from '../../../bpf-profiler/agent/node-agent.js';
import type { AgentLoopDeps } from '../../../bpf-profiler/agent/agent-loop.js';
import type { LostCounters } from '../../../bpf-profiler/agent/recorder-messages.js';

export class FakeOwners implements OwnerLookup {
  constructor(private readonly objects: Record<string, ObjectWithOwners>) {}
  getOwner(namespace: string, kind: string, name: string): Promise<ObjectWithOwners | undefined> {
    return Promise.resolve(this.objects[`${namespace}/${kind}/${name}`]);
  }
}

export class FakeProfiles implements ProfileApi {
  readonly store = new Map<string, WorkloadProfile>();
  conflictsToInject = 0;
  writes = 0;
  get(namespace: string, name: string): Promise<WorkloadProfile | undefined> {
    const p = this.store.get(`${namespace}/${name}`);
    return Promise.resolve(p === undefined ? undefined : structuredClone(p));
  }
  create(p: WorkloadProfile): Promise<void> {
    return this.put(p);
  }
  replace(p: WorkloadProfile): Promise<void> {
    return this.put(p);
  }
  private put(p: WorkloadProfile): Promise<void> {
    if (this.conflictsToInject > 0) {
      this.conflictsToInject--;
      return Promise.reject(new ApiStatusError(409, 'Conflict'));
    }
    this.writes++;
    this.store.set(`${p.metadata.namespace ?? ''}/${p.metadata.name}`, structuredClone(p));
    return Promise.resolve();
  }
}

/** A NodeAgent whose API knows no pods or owners and stores nothing: for loop tests. */
export function offlineAgent(now?: () => Date): NodeAgent {
  return new NodeAgent({
    node: 'n1',
    pods: { podByUid: () => Promise.resolve(undefined) },
    owners: new FakeOwners({}),
    profiles: new FakeProfiles(),
    ...(now === undefined ? {} : { now }),
  });
}

export const NO_LOSS: LostCounters = {
  type: 'lost',
  ringbuf: 0,
  seenFull: 0,
  pendingFull: 0,
  stack: 0,
  userRead: 0,
  total: 0,
};

/** A recorder that notes each command it is given in `commands`; flush reports no loss. */
export function commandLog(commands: string[]): AgentLoopDeps['recorder'] {
  const note = (c: string) => Promise.resolve(void commands.push(c));
  return {
    track: (k) => note(`track ${k}`),
    untrack: (k) => note(`untrack ${k}`),
    watch: (k, level) => note(`watch ${k} ${level}`),
    unwatch: (k) => note(`unwatch ${k}`),
    flush: () => note('flush').then(() => NO_LOSS),
  };
}

/** A temporary directory standing for the cgroup root, with the kubelet's `kubepods` below it, for the enclosing describe. */
export function kubepodsRoot(): () => string {
  let root = '';
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'cgroup-root-'));
    await mkdir(join(root, 'kubepods'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });
  return () => root;
}
