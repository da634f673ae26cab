/**
 * A list+watch cache that never stops: client-node's ListWatch calls its error handlers once
 * and then stays stopped, so a cache built on it freezes silently after one broken watch. This
 * loop lists, watches from the list's resourceVersion, and on any failure logs it, counts it,
 * waits (exponential backoff with a cap and jitter) and lists again, so the cache converges
 * on the API server's state whatever it missed. A watch the server closes normally (its
 * timeout) is resumed from the last resourceVersion without a relist.
 *
 * Generic over the resource: the caller gives the list call, the watch path and a sink that
 * holds whatever index it needs (namespace labels, WorkloadProfiles).
 */
import type { Logger } from '../logger.js';
import type { InformerMetrics } from './informer-metrics.js';
import { Backoff, type BackoffOptions } from './backoff.js';
import { HealthTracker, type InformerHealth } from './informer-health.js';

/** What the loop reads of an object: its resourceVersion, to resume a watch after it. */
export interface Versioned {
  metadata?: { resourceVersion?: string };
}

export interface ListResult<T> {
  metadata?: { resourceVersion?: string };
  items: T[];
}

/** Receives the cache's content: a full set after every list, then single changes. */
export interface InformerSink<T extends Versioned> {
  replace(objects: T[]): void;
  upsert(object: T): void;
  remove(object: T): void;
}

/** The shape of client-node's Watch, so a test can hand in a fake one. */
export interface WatchClient {
  watch(
    path: string,
    query: Record<string, string | number | boolean | undefined>,
    callback: (phase: string, object: unknown, event?: unknown) => void,
    done: (error: unknown) => void,
  ): Promise<AbortController>;
}

export interface ListWatchSource<T extends Versioned> {
  /** The collection's watch path, e.g. /api/v1/namespaces. */
  path: string;
  list(): Promise<ListResult<T>>;
}

export interface InformerOptions {
  /** Names the informer in logs, metrics and /readyz (e.g. namespaces, workloadprofiles). */
  name: string;
  backoff: BackoffOptions;
  /** Asks the server to end each watch after this long, so a silently dead connection is renewed. */
  watchTimeoutSeconds: number;
  logger: Logger;
  metrics: InformerMetrics;
  now?: () => Date;
}

/** An error carried in a watch stream: a Status object; 410 means the resourceVersion expired. */
export class WatchEventError extends Error {
  override readonly name = 'WatchEventError';
  constructor(
    message: string,
    readonly code: number | undefined,
  ) {
    super(message);
  }
}

function isGone(error: unknown): boolean {
  if (!(typeof error === 'object' && error !== null)) return false;
  const e = error as { code?: unknown; statusCode?: unknown };
  return e.code === 410 || e.statusCode === 410;
}

/** What a watch's done callback got, as an Error that keeps an HTTP code (410 matters). */
function asError(error: unknown): Error {
  if (error instanceof Error) return error;
  return new WatchEventError(describe(error), isGone(error) ? 410 : undefined);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class RestartingInformer<T extends Versioned> {
  private readonly health: HealthTracker;
  private readonly backoff: Backoff;
  private stopped = true;
  private running: Promise<void> | undefined;
  private abort: AbortController | undefined;
  private wake: (() => void) | undefined;
  private resourceVersion = '';

  constructor(
    private readonly source: ListWatchSource<T>,
    private readonly watch: WatchClient,
    private readonly sink: InformerSink<T>,
    private readonly options: InformerOptions,
  ) {
    this.health = new HealthTracker(options.name, options.now ?? (() => new Date()));
    this.backoff = new Backoff(options.backoff);
    options.metrics.synced.set({ informer: options.name }, 0);
  }

  /**
   * Starts the loop; resolves once the first list has succeeded or failed (a failure is
   * retried in the background, and health() says the cache is not synced).
   */
  start(): Promise<void> {
    if (!this.stopped) return Promise.resolve();
    this.stopped = false;
    return new Promise((firstAttempt) => {
      this.running = this.loop(firstAttempt);
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort?.abort();
    this.wake?.();
    await this.running;
  }

  /** A call, not the field, so the loop re-reads it after each await. */
  private isStopped(): boolean {
    return this.stopped;
  }

  status(): InformerHealth {
    return this.health.snapshot();
  }

  private async loop(firstAttempt: () => void): Promise<void> {
    while (!this.stopped) {
      try {
        if (this.resourceVersion === '') await this.relist();
        firstAttempt();
        await this.watchOnce();
      } catch (error) {
        firstAttempt();
        if (this.isStopped()) break;
        this.resourceVersion = '';
        if (isGone(error)) continue; // the resourceVersion expired: an ordinary relist, no error
        await this.failed(error);
      }
    }
  }

  private async relist(): Promise<void> {
    const list = await this.source.list();
    if (this.stopped) return;
    this.sink.replace(list.items);
    this.resourceVersion = list.metadata?.resourceVersion ?? '';
    this.options.metrics.relists.inc({ informer: this.options.name });
    this.options.metrics.synced.set({ informer: this.options.name }, 1);
    this.health.synced();
  }

  /** One watch; resolves when the server ends it normally, rejects when it fails. */
  private async watchOnce(): Promise<void> {
    if (this.stopped) return;
    const ended = new Promise<void>((resolve, reject) => {
      this.wake = resolve; // stop() ends the wait whether or not the watch honours its abort
      const done = (error: unknown) => {
        if (error === null || error === undefined || this.stopped) resolve();
        else reject(asError(error));
      };
      const query = {
        resourceVersion: this.resourceVersion,
        allowWatchBookmarks: true,
        timeoutSeconds: this.options.watchTimeoutSeconds,
      };
      this.watch
        .watch(this.source.path, query, (phase, object) => this.onEvent(phase, object, done), done)
        .then((controller) => {
          this.abort = controller;
          if (this.stopped) controller.abort();
        })
        .catch(done);
    });
    await ended.finally(() => (this.wake = undefined));
    // A watch that ran to its end proves the connection healthy again.
    this.backoff.reset();
  }

  private onEvent(phase: string, object: unknown, done: (error: unknown) => void): void {
    const obj = object as T & { code?: number; message?: string };
    switch (phase) {
      case 'ADDED':
      case 'MODIFIED':
        this.sink.upsert(obj);
        break;
      case 'DELETED':
        this.sink.remove(obj);
        break;
      case 'BOOKMARK':
        break;
      case 'ERROR':
        this.abort?.abort();
        done(new WatchEventError(`watch error: ${obj.message ?? 'unknown'}`, obj.code));
        return;
      default:
        return;
    }
    const rv = obj.metadata?.resourceVersion;
    if (rv) this.resourceVersion = rv;
  }

  private async failed(error: unknown): Promise<void> {
    const { name } = this.options;
    const delayMs = this.backoff.next();
    this.health.failed(describe(error));
    this.options.metrics.errors.inc({ informer: name });
    this.options.metrics.synced.set({ informer: name }, 0);
    this.options.logger.warn(
      { informer: name, err: error, retryInMs: delayMs },
      'informer list/watch failed; relisting after backoff',
    );
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, delayMs);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wake = undefined;
  }
}
