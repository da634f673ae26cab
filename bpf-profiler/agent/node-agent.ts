/**
 * The node agent's core: which tracked key is which container of which workload, and one
 * write round that turns the observations gathered since the last round into contributions.
 * I/O (recorder, cgroup scan, API) comes in through small interfaces; main.ts wires the real ones.
 */
import type { ContainerProfile, WorkloadProfile } from '../../src/profile/workload-profile.js';
import { PROFILE_API_VERSION, PROFILE_KIND, profileName } from '../../src/profile/workload-profile.js';
import type { CgroupContainer } from './cgroup-path.js';
import { ContainerObservations } from './container-observations.js';
import { toContainerProfile } from './container-profile.js';
import type { LearningCriteria } from './learning-window.js';
import { collapseDirectories } from './path-collapse.js';
import { PreexistingEvidence } from './preexisting-evidence.js';
import type { PathProbe } from './preexisting-probe.js';
import { mergeContainers, type Contribution } from './profile-merge.js';
import { writeContribution, type ProfileApi } from './profile-writer.js';
import type { Observation } from './recorder-messages.js';
import {
  containerOfPod,
  resolveWorkload,
  type OwnerLookup,
  type PodInfo,
  type ResolvedWorkload,
} from './workload-resolver.js';

export interface PodSource {
  /** The pod with this uid on this node, or undefined if the API does not know it (yet). */
  podByUid(uid: string): Promise<PodInfo | undefined>;
}

interface Tracked {
  container: CgroupContainer;
  observations: ContainerObservations;
  firstSeen: Date;
  /** Kept for the container's life: a use and the write that puts it under an emptyDir may fall in different rounds. */
  preexisting: PreexistingEvidence;
  /** Every write path of every round so far. */
  writePaths: string[];
  /** Not recorded from its start: its uses count, its pod does not count as observed. */
  partial: boolean;
}

/** What a container's image holds (undefined: its files cannot be examined). */
export type ContentProbes = (container: CgroupContainer) => PathProbe | undefined;

export interface NodeAgentDeps {
  node: string;
  pods: PodSource;
  owners: OwnerLookup;
  profiles: ProfileApi;
  criteria?: LearningCriteria;
  /** Without it, profiles carry no emptyDir evidence (both fields empty: none is proposed). */
  content?: ContentProbes;
  now?: () => Date;
}

interface Adopted {
  observations: ContainerObservations;
  preexisting: PreexistingEvidence;
  since: Date;
  partial: boolean;
}

export class NodeAgent {
  private readonly tracked = new Map<string, Tracked>();
  /** Keys the kernel adopted that no rescan has mapped to a container yet, with what they did. */
  private readonly adopted = new Map<string, Adopted>();
  /** Every key the kernel adopted and that is still tracked (removeContainer forgets it). */
  private readonly adoptedKeys = new Set<string>();
  private lostSeen = 0;
  /** Workloads whose profile a round of this agent wrote as complete: their containers are not recorded. */
  private readonly learnedWorkloads = new Set<string>();
  /** Keys the last round found learned, for the loop to untrack. */
  private learned: string[] = [];

  constructor(private readonly deps: NodeAgentDeps) {}

  /**
   * A container cgroup appeared: its key (cgroup id) will now be recorded, and its image's
   * content is looked up for the observations adoption kept waiting and those to come.
   */
  addContainer(key: string, container: CgroupContainer, options: { partial?: boolean } = {}): void {
    if (this.tracked.has(key)) return;
    const adopted = this.adopted.get(key);
    this.adopted.delete(key);
    const preexisting = adopted?.preexisting ?? new PreexistingEvidence();
    this.tracked.set(key, {
      container,
      observations: adopted?.observations ?? new ContainerObservations(),
      firstSeen: adopted?.since ?? this.now(),
      preexisting,
      writePaths: [],
      partial: options.partial === true || adopted?.partial === true,
    });
    const content = this.deps.content;
    if (content !== undefined) preexisting.useProbe(probeOrUndefined(content, container));
  }

  /**
   * The kernel started recording `key` at its first exec: keep what it does until a rescan maps
   * it. `partial`: the syscall hooks were detached at that exec (recorder `hooksDown`).
   */
  adopt(key: string, partial = false): void {
    if (!this.tracked.has(key) && !this.adopted.has(key)) {
      this.adopted.set(key, {
        observations: new ContainerObservations(),
        preexisting: new PreexistingEvidence(),
        since: this.now(),
        partial,
      });
    }
    this.adoptedKeys.add(key);
  }

  /** Forgets an adopted key no rescan will map (a container of a learned workload): whether there was one. */
  dropAdopted(key: string): boolean {
    this.adoptedKeys.delete(key);
    return this.adopted.delete(key);
  }

  /** Whether anything is recorded for this agent (a tracked container or an adopted key). */
  isRecording(): boolean {
    return this.tracked.size > 0 || this.adopted.size > 0;
  }

  /** Whether the container belongs to a workload a round of this agent wrote as complete. */
  async isLearned(container: CgroupContainer): Promise<boolean> {
    if (this.learnedWorkloads.size === 0) return false;
    const pod = await this.deps.pods.podByUid(container.podUid);
    if (pod === undefined) return false;
    return this.learnedWorkloads.has(workloadId(await resolveWorkload(pod, this.deps.owners)));
  }

  /** The keys the last round took off the record because their workload's profile is complete. */
  takeLearned(): string[] {
    const keys = this.learned;
    this.learned = [];
    return keys;
  }

  /** Whether the kernel adopted `key` (its observations are kept, mapped or not). */
  wasAdopted(key: string): boolean {
    return this.adoptedKeys.has(key);
  }

  /** Adopted keys no rescan mapped to a container within `maxAgeMs` (not a pod's container): forgotten. */
  expireAdopted(maxAgeMs: number): string[] {
    const cutoff = this.now().getTime() - maxAgeMs;
    const expired = [...this.adopted].filter(([, a]) => a.since.getTime() < cutoff).map(([key]) => key);
    for (const key of expired) {
      this.adopted.delete(key);
      this.adoptedKeys.delete(key);
    }
    return expired;
  }

  removeContainer(key: string): void {
    this.tracked.delete(key);
    this.adoptedKeys.delete(key);
  }

  keys(): string[] {
    return [...this.tracked.keys()];
  }

  observe(o: Observation): void {
    const entry = this.tracked.get(o.key) ?? this.adopted.get(o.key);
    entry?.observations.apply(o);
    if (this.deps.content !== undefined) entry?.preexisting.observe(o);
  }

  /**
   * Writes what was observed since the last round, one contribution per workload, and starts
   * the next round empty (union merge makes re-sending unnecessary). `lostTotal` is the
   * recorder's cumulative counter: new losses are charged to every workload of this round.
   */
  async writeRound(lostTotal: number): Promise<WorkloadProfile[]> {
    const lost = Math.max(0, lostTotal - this.lostSeen);
    this.lostSeen = lostTotal;
    const now = this.now();
    const byWorkload = new Map<string, { workload: ResolvedWorkload; contribution: Contribution }>();
    const keysOf = new Map<string, string[]>();
    for (const [key, t] of this.tracked) {
      const pod = await this.deps.pods.podByUid(t.container.podUid);
      if (pod === undefined) continue; // not in the API yet: keep observing, try next round
      const container = containerOfPod(pod, t.container.containerId);
      if (container === undefined) continue;
      const workload = await resolveWorkload(pod, this.deps.owners);
      const id = workloadId(workload);
      keysOf.set(id, [...(keysOf.get(id) ?? []), key]);
      const entry = byWorkload.get(id) ?? {
        workload,
        contribution: {
          containers: [] as ContainerProfile[],
          firstSeen: t.firstSeen.toISOString(),
          lastSeen: now.toISOString(),
          podUids: [],
          node: this.deps.node,
          eventsLost: lost,
        },
      };
      const c = entry.contribution;
      c.containers.push(
        toContainerProfile(container.name, t.observations, container.imageDigest, this.preexistingOf(t)),
      );
      if (!t.partial && !c.podUids.includes(t.container.podUid)) c.podUids.push(t.container.podUid);
      if (t.firstSeen.toISOString() < c.firstSeen) c.firstSeen = t.firstSeen.toISOString();
      byWorkload.set(id, entry);
      t.observations = new ContainerObservations();
    }
    const written: WorkloadProfile[] = [];
    for (const [id, { workload, contribution }] of byWorkload) {
      contribution.containers = mergeSameName(contribution.containers);
      const profile = await writeContribution(
        this.deps.profiles,
        emptyProfile(workload, contribution),
        contribution,
        this.deps.criteria,
      );
      written.push(profile);
      if (profile.status.phase === 'complete') this.retire(id, keysOf.get(id) ?? []);
    }
    return written;
  }

  /** A complete profile is not recorded further: its containers leave the record (the loop untracks them). */
  private retire(id: string, keys: string[]): void {
    this.learnedWorkloads.add(id);
    for (const key of keys) {
      this.tracked.delete(key);
      this.adoptedKeys.delete(key);
      this.learned.push(key);
    }
  }

  /** The emptyDir evidence for the write paths of all rounds so far (collapsing only widens). */
  private preexistingOf(t: Tracked): Parameters<typeof toContainerProfile>[3] {
    if (this.deps.content === undefined) return undefined;
    return (roundPaths) => {
      t.writePaths = collapseDirectories([...t.writePaths, ...roundPaths]);
      return t.preexisting.fields(t.writePaths);
    };
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }
}

function workloadId(w: ResolvedWorkload): string {
  return `${w.namespace}/${w.kind}/${w.name}`;
}

function probeOrUndefined(content: ContentProbes, container: CgroupContainer): PathProbe | undefined {
  try {
    return content(container);
  } catch {
    return undefined; // cannot examine: no emptyDir evidence (PreexistingEvidence.useProbe)
  }
}

/** Replicas of one container on this node: one entry, their union. */
function mergeSameName(containers: ContainerProfile[]): ContainerProfile[] {
  const byName = new Map<string, ContainerProfile>();
  for (const c of containers) {
    const seen = byName.get(c.name);
    byName.set(c.name, seen === undefined ? c : mergeContainers(seen, c));
  }
  return [...byName.values()];
}

/** The base a first write merges into: no containers yet, the contribution's window. */
function emptyProfile(w: ResolvedWorkload, c: Contribution): WorkloadProfile {
  return {
    apiVersion: PROFILE_API_VERSION,
    kind: PROFILE_KIND,
    metadata: { name: profileName(w.kind, w.name), namespace: w.namespace },
    spec: {
      workload: { kind: w.kind, name: w.name },
      source: { type: 'agent' },
      containers: [],
      observation: {
        firstSeen: c.firstSeen,
        lastSeen: c.lastSeen,
        podsObserved: 0,
        nodesObserved: [],
        eventsLost: 0,
      },
    },
    status: { phase: 'learning' },
  };
}
