/**
 * The agent's one loop: rescan the cgroup tree (track what appeared, untrack what went), and
 * every write period flush the recorder and write a round of contributions. Ticks run one after
 * the other, never overlapping, so the recorder's command replies stay in order. A container
 * that went away is forgotten only after the round that wrote its last observations.
 */
import type { CgroupTracker, ContainerCgroup } from './cgroup-scanner.js';
import type { NodeAgent } from './node-agent.js';
import type { RecorderProcess } from './recorder-process.js';
import { findWatchRoots, isBelow, type WatchRoot } from './watch-roots.js';

/** An adopted key that no rescan maps to a container by then is not one (e.g. a pod's sandbox cgroup gone). */
const ADOPTED_MAX_AGE_MS = 60_000;
/** How long a new cgroup below a watched root may wait for its first exec before it is tracked anyway. */
const AWAIT_ADOPTION_MS = 5000;

export interface LoopLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface AgentLoopDeps {
  agent: NodeAgent;
  recorder: Pick<RecorderProcess, 'track' | 'untrack' | 'flush' | 'watch' | 'unwatch'>;
  /** The hierarchy the tracker scans; its pod roots are watched (watch-roots.ts). */
  cgroupRoot?: string;
  tracker: Pick<CgroupTracker, 'rescan'>;
  logger: LoopLogger;
  rescanMs: number;
  writeMs: number;
  now?: () => number;
}

export class AgentLoop {
  private readonly gone = new Set<string>();
  private watched: WatchRoot[] = [];
  /**
   * Nothing is learning: every container here belongs to a complete profile, so no root is
   * watched, nothing is tracked, and the recorder has detached its syscall programs.
   */
  private idle = false;
  /** Cgroups that appeared below a watched root, until the kernel adopts them or a rescan passes. */
  private readonly awaitingAdoption = new Map<string, { cgroup: ContainerCgroup; since: number }>();
  private scanned = false;
  private lastWrite: number;
  private stopping = false;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly deps: AgentLoopDeps) {
    this.lastWrite = this.now();
  }

  start(): void {
    const tick = () => {
      this.running = this.tick()
        .catch((error: unknown) => {
          this.deps.logger.warn({ err: String(error) }, 'agent round failed; retrying next tick');
        })
        .finally(() => {
          if (!this.stopping) this.timer = setTimeout(tick, this.deps.rescanMs);
        });
    };
    tick();
  }

  /** Stops ticking, then writes what is left. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    await this.running;
    await this.write();
  }

  async tick(): Promise<void> {
    await this.rescan();
    if (this.now() - this.lastWrite >= this.deps.writeMs) await this.write();
  }

  /** Watches pod roots that appeared (the kubelet may start after the agent). */
  private async watchNewRoots(): Promise<void> {
    if (this.deps.cgroupRoot === undefined || this.idle) return;
    for (const root of await findWatchRoots(this.deps.cgroupRoot)) {
      if (this.watched.some((w) => w.id === root.id)) continue;
      await this.deps.recorder.watch(root.id, root.level);
      this.watched.push(root);
      this.deps.logger.info({ key: root.id, path: root.path }, 'watching pod cgroups from their first exec');
    }
  }

  async rescan(): Promise<void> {
    await this.watchNewRoots();
    const { added, removed } = await this.deps.tracker.rescan();
    const first = !this.scanned;
    this.scanned = true;
    for (const c of added) {
      if (await this.deps.agent.isLearned(c.container)) {
        // Its workload's profile is complete: not recorded (the kernel may have adopted it already).
        if (this.deps.agent.dropAdopted(c.id)) await this.deps.recorder.untrack(c.id);
        continue;
      }
      if (this.idle) {
        // It started while nothing was watched: recorded from now on, but not from its start.
        await this.wake();
        this.deps.agent.addContainer(c.id, c.container, { partial: true });
        await this.track(c);
        continue;
      }
      this.deps.agent.addContainer(c.id, c.container);
      // Below a watched root, a cgroup that appeared since the first scan is tracked by the kernel
      // at its first exec (a track now would also record the runtime setting it up); the first
      // scan's containers were running already. One the kernel has not adopted within
      // AWAIT_ADOPTION_MS (a hostPID pod: see process.bpf.c) is tracked then.
      if (!first && isBelow(c.path, this.watched)) {
        this.awaitingAdoption.set(c.id, { cgroup: c, since: this.now() });
        continue;
      }
      await this.track(c);
    }
    for (const [key, { cgroup, since }] of this.awaitingAdoption) {
      if (this.deps.agent.wasAdopted(key)) this.awaitingAdoption.delete(key);
      else if (this.now() - since >= AWAIT_ADOPTION_MS) {
        this.awaitingAdoption.delete(key);
        await this.track(cgroup);
      }
    }
    for (const key of this.deps.agent.expireAdopted(ADOPTED_MAX_AGE_MS)) {
      await this.deps.recorder.untrack(key);
    }
    for (const c of removed) {
      this.awaitingAdoption.delete(c.id);
      // The recorder prints the key's final summary before acknowledging.
      await this.deps.recorder.untrack(c.id);
      this.gone.add(c.id);
      this.deps.logger.info({ key: c.id, path: c.path }, 'container cgroup gone');
    }
  }

  /** Something learns again: watch the roots (the recorder attaches its syscall programs first). */
  private async wake(): Promise<void> {
    this.idle = false;
    this.deps.logger.info({}, 'a container of a workload not yet learned appeared: recording again');
    await this.watchNewRoots();
  }

  /** Nothing learns: stop watching, so the recorder detaches its syscall programs. */
  private async sleep(): Promise<void> {
    for (const root of this.watched) await this.deps.recorder.unwatch(root.id);
    this.watched = [];
    this.idle = true;
    this.deps.logger.info({}, 'every container here belongs to a complete profile: nothing is recorded');
  }

  private async track(c: ContainerCgroup): Promise<void> {
    await this.deps.recorder.track(c.id);
    this.deps.logger.info(
      { key: c.id, path: c.path, pod: c.container.podUid, container: c.container.containerId },
      'tracking container cgroup',
    );
  }

  async write(): Promise<void> {
    this.lastWrite = this.now();
    const lost = await this.deps.recorder.flush();
    const written = await this.deps.agent.writeRound(lost.total);
    for (const key of this.gone) this.deps.agent.removeContainer(key);
    this.gone.clear();
    for (const key of this.deps.agent.takeLearned()) {
      await this.deps.recorder.untrack(key);
      this.deps.logger.info({ key }, 'profile complete: container no longer recorded');
    }
    if (this.watched.length > 0 && this.awaitingAdoption.size === 0 && !this.deps.agent.isRecording()) {
      await this.sleep();
    }
    this.deps.logger.info(
      {
        profiles: written.map((p) => `${p.metadata.namespace ?? ''}/${p.metadata.name}:${p.status.phase}`),
        tracked: this.deps.agent.keys().length,
        eventsLost: lost.total,
        rss: process.memoryUsage.rss(),
      },
      'profiles written',
    );
  }

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }
}
