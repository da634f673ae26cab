/**
 * One worker thread of the evaluation pool, with request/answer matching by id. A worker that
 * exits (terminated after a deadline, or crashed) fails whatever it still owed.
 */
import { Worker } from 'node:worker_threads';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FromWorker, ToWorker, WorkerData } from './worker-protocol.js';
import { EvaluationLimitError, PolicyEvaluationError } from '../../src/policy/policy-errors.js';

// engine-worker.js once built. Under tsx (tests, benchmarks) a worker does not inherit its
// loader, so a bootstrap registers it before importing engine-worker.ts.
const SOURCE = extname(fileURLToPath(import.meta.url)) === '.ts';
const WORKER_FILE = new URL(`./engine-worker${SOURCE ? '.ts' : '.js'}`, import.meta.url);
const WORKER_ENTRY: string | URL = SOURCE
  ? `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_FILE.href)}); });`
  : WORKER_FILE;

export interface WorkerLimits {
  memoryMiB: number;
  /** V8 heap of the worker (the engine's WebAssembly memory is bounded separately). */
  workerHeapMiB: number;
}

type Answer = Exclude<FromWorker, { type: 'failed' }>;

export class PoolWorker {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, (answer: FromWorker) => void>();
  private nextId = 0;
  exited = false;
  /** Why the worker stopped, when it was not terminated on purpose. */
  exitError: Error | undefined;

  constructor(limits: WorkerLimits, onExit: (worker: PoolWorker) => void) {
    const data: WorkerData = { memoryMiB: limits.memoryMiB };
    this.worker = new Worker(WORKER_ENTRY, {
      eval: SOURCE,
      workerData: data,
      resourceLimits: { maxOldGenerationSizeMb: limits.workerHeapMiB },
    });
    this.worker.on('message', (answer: FromWorker) => {
      const resolve = this.waiting.get(answer.id);
      this.waiting.delete(answer.id);
      resolve?.(answer);
    });
    this.worker.on('error', (error: Error & { code?: string }) => {
      this.exitError =
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new EvaluationLimitError(
              'evaluation.workerHeapMiB',
              `evaluation needed more than the ${limits.workerHeapMiB} MiB of heap a worker may use (evaluation.workerHeapMiB)`,
            )
          : new PolicyEvaluationError(`evaluation worker failed: ${error.message}`);
    });
    this.worker.once('exit', (code) => {
      this.exited = true;
      for (const [id, resolve] of this.waiting) {
        resolve({
          type: 'failed',
          id,
          name: 'WorkerExit',
          message: `evaluation worker exited (code ${code})`,
        });
      }
      this.waiting.clear();
      onExit(this);
    });
  }

  /** Sends one message and resolves with its answer; a `failed` answer rejects. */
  call(message: DistributiveOmit<ToWorker, 'id'>): Promise<Answer> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.exited) {
        reject(new WorkerFailure('WorkerExit', 'evaluation worker has exited'));
        return;
      }
      this.waiting.set(id, (answer) => {
        if (answer.type === 'failed') reject(new WorkerFailure(answer.name, answer.message, answer.limit));
        else resolve(answer);
      });
      this.worker.postMessage({ ...message, id });
    });
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A failure reported by (or about) a worker, with the error name it had there. */
export class WorkerFailure extends Error {
  constructor(
    readonly errorName: string,
    message: string,
    readonly limit?: string,
  ) {
    super(message);
  }
}
