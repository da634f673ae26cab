/**
 * The agent's one loop: rescan the cgroup tree (track what appeared, untrack what went), and
 * every write period flush the recorder and write a round of contributions. Ticks run one after
 * the other, never overlapping, so the recorder's command replies stay in order. A container
 * that went away is forgotten only after the round that wrote its last observations.
 */
import type { CgroupTracker } from './cgroup-scanner.js';
import type { NodeAgent } from './node-agent.js';
import type { RecorderProcess } from './recorder-process.js';

export interface LoopLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface AgentLoopDeps {
  agent: NodeAgent;
  recorder: Pick<RecorderProcess, 'track' | 'untrack' | 'flush'>;
  tracker: Pick<CgroupTracker, 'rescan'>;
  logger: LoopLogger;
  rescanMs: number;
  writeMs: number;
  now?: () => number;
}

export class AgentLoop {
  private readonly gone = new Set<string>();
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

  async rescan(): Promise<void> {
    const { added, removed } = await this.deps.tracker.rescan();
    for (const c of added) {
      this.deps.agent.addContainer(c.id, c.container);
      await this.deps.recorder.track(c.id);
      this.deps.logger.info(
        { key: c.id, path: c.path, pod: c.container.podUid, container: c.container.containerId },
        'tracking container cgroup',
      );
    }
    for (const c of removed) {
      // The recorder prints the key's final summary before acknowledging.
      await this.deps.recorder.untrack(c.id);
      this.gone.add(c.id);
      this.deps.logger.info({ key: c.id, path: c.path }, 'container cgroup gone');
    }
  }

  async write(): Promise<void> {
    this.lastWrite = this.now();
    const lost = await this.deps.recorder.flush();
    const written = await this.deps.agent.writeRound(lost.total);
    for (const key of this.gone) this.deps.agent.removeContainer(key);
    this.gone.clear();
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
