/**
 * Evaluates policies in a pool of worker threads, each with its own engine, so the event loop
 * keeps serving while a large review is judged. Every review has a deadline (queueing
 * included); an overrun terminates its worker (a WebAssembly call cannot be interrupted) and is
 * answered by the failure rule. Large inputs may occupy all workers but one, so a cheap review
 * never waits behind them; the queue is bounded.
 */
import type { PolicyEngine } from '../../src/policy/wasm-engine.js';
import type { PolicyInput } from '../../src/policy/policy-input.js';
import type { PolicyResult } from '../../src/policy/violation.js';
import {
  EvaluationLimitError,
  PolicyEvaluationError,
  PolicyLoadError,
} from '../../src/policy/policy-errors.js';
import type { Logger } from '../logger.js';
import { PoolWorker, WorkerFailure, type WorkerLimits } from './pool-worker.js';

export interface PoolOptions extends WorkerLimits {
  workers: number;
  queueLength: number;
  deadlineMs: number;
  /** Inputs larger than this (JSON bytes) are large: at most workers - 1 run at once. */
  largeInputBytes: number;
}

interface Job {
  input: string;
  large: boolean;
  resolve(result: PolicyResult): void;
  reject(error: Error): void;
  timer?: NodeJS.Timeout;
}

interface Archive {
  bytes: Uint8Array;
  source: string;
}

export class EvaluationPool {
  private readonly all = new Set<PoolWorker>();
  private readonly idle = new Set<PoolWorker>();
  private readonly running = new Map<PoolWorker, Job>();
  private readonly queue: Job[] = [];
  private largeRunning = 0;
  private archive: Archive | undefined;
  private closed = false;

  constructor(
    private readonly options: PoolOptions,
    private readonly logger: Logger,
  ) {
    for (let i = 0; i < options.workers; i++) void this.spawn();
  }

  /** Loads a bundle into every worker; in force everywhere once all have it, else nowhere. */
  async load(bytes: Uint8Array, source: string): Promise<PolicyEngine> {
    const workers = [...this.all];
    let answers;
    try {
      answers = await Promise.all(workers.map((w) => w.call({ type: 'load', archive: bytes, source })));
    } catch (error) {
      throw new PolicyLoadError((error as Error).message, { cause: error });
    }
    const revision = answers[0]?.type === 'loaded' ? answers[0].revision : '';
    this.archive = { bytes, source };
    await Promise.all(workers.map((w) => w.call({ type: 'commit' }).catch(() => undefined)));
    return { revision, evaluate: (input) => this.evaluate(input) };
  }

  evaluate(input: PolicyInput): Promise<PolicyResult> {
    const text = JSON.stringify(input);
    return new Promise((resolve, reject) => {
      if (this.queue.length >= this.options.queueLength) {
        reject(
          new EvaluationLimitError(
            'evaluation.queueLength',
            `${this.queue.length} reviews are already waiting for evaluation (evaluation.queueLength)`,
          ),
        );
        return;
      }
      const job: Job = { input: text, large: text.length > this.options.largeInputBytes, resolve, reject };
      job.timer = setTimeout(() => this.overrun(job), this.options.deadlineMs);
      this.queue.push(job);
      this.pump();
    });
  }

  /** Stops every worker; queued and running reviews fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0))
      this.settle(job, new PolicyEvaluationError('the webhook is stopping'));
    await Promise.all([...this.all].map((w) => w.terminate()));
  }

  /** Read through a getter: it may have changed across an await. */
  private get stopped(): boolean {
    return this.closed;
  }

  private get maxLarge(): number {
    return Math.max(1, this.options.workers - 1);
  }

  private pump(): void {
    for (const worker of this.idle) {
      const index = this.queue.findIndex((j) => !j.large || this.largeRunning < this.maxLarge);
      if (index < 0) return;
      const [job] = this.queue.splice(index, 1);
      if (!job) return;
      this.idle.delete(worker);
      this.running.set(worker, job);
      if (job.large) this.largeRunning++;
      worker.call({ type: 'evaluate', input: job.input }).then(
        (answer) => this.finish(worker, job, answer.type === 'result' ? answer.result : undefined),
        (error: unknown) => this.finish(worker, job, toPolicyError(error)),
      );
    }
  }

  private finish(worker: PoolWorker, job: Job, outcome: PolicyResult | Error | undefined): void {
    if (this.running.get(worker) !== job) return; // already answered by its deadline
    this.release(worker, job);
    this.settle(job, outcome ?? new PolicyEvaluationError('evaluation worker gave no result'));
    if (!worker.exited) this.idle.add(worker);
    this.pump();
  }

  private release(worker: PoolWorker, job: Job): void {
    this.running.delete(worker);
    if (job.large) this.largeRunning--;
  }

  private settle(job: Job, outcome: PolicyResult | Error): void {
    clearTimeout(job.timer);
    if (outcome instanceof Error) job.reject(outcome);
    else job.resolve(outcome);
  }

  private overrun(job: Job): void {
    const error = new EvaluationLimitError(
      'evaluation.deadlineMs',
      `evaluation did not finish within ${this.options.deadlineMs} ms (evaluation.deadlineMs)`,
    );
    const queued = this.queue.indexOf(job);
    if (queued >= 0) this.queue.splice(queued, 1);
    for (const [worker, running] of this.running) {
      if (running !== job) continue;
      this.release(worker, job);
      this.logger.warn(
        { deadlineMs: this.options.deadlineMs },
        'evaluation overran its deadline; restarting its worker',
      );
      void worker.terminate();
    }
    this.settle(job, error);
    this.pump();
  }

  /** A new worker with the bundle in force; replaces one that exited. */
  private async spawn(): Promise<void> {
    if (this.closed) return; // a replacement scheduled before close
    const worker = new PoolWorker(this.options, (w) => this.exited(w));
    this.all.add(worker);
    try {
      let loaded: Archive | undefined;
      while (this.archive && loaded !== this.archive) {
        loaded = this.archive;
        await worker.call({ type: 'load', archive: loaded.bytes, source: loaded.source });
        await worker.call({ type: 'commit' });
      }
      if (worker.exited) return;
      if (this.stopped) {
        await worker.terminate();
        return;
      }
      this.idle.add(worker);
      this.pump();
    } catch (error) {
      this.logger.error({ err: error }, 'evaluation worker could not load the bundle in force');
      void worker.terminate();
    }
  }

  private exited(worker: PoolWorker): void {
    this.all.delete(worker);
    this.idle.delete(worker);
    const job = this.running.get(worker);
    if (job) {
      this.release(worker, job);
      this.settle(job, worker.exitError ?? new PolicyEvaluationError('evaluation worker exited'));
    }
    if (this.closed) return;
    // A short pause, so a worker that cannot start does not spin.
    setTimeout(() => void this.spawn(), 100).unref();
  }
}

function toPolicyError(error: unknown): Error {
  if (!(error instanceof WorkerFailure)) return new PolicyEvaluationError(String(error));
  return error.limit
    ? new EvaluationLimitError(error.limit, error.message)
    : new PolicyEvaluationError(error.message);
}
