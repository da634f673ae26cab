/**
 * One evaluation worker: its own WebAssembly engine, evaluating one input at a time. The pool
 * terminates a worker that overruns its deadline, so nothing here needs to be interruptible.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { WasmPolicyEngine } from '../../src/policy/wasm-engine.js';
import { EvaluationLimitError } from '../../src/policy/policy-errors.js';
import type { FromWorker, ToWorker, WorkerData } from './worker-protocol.js';

const port = parentPort;
if (!port) throw new Error('engine-worker runs as a worker thread');
const { memoryMiB } = workerData as WorkerData;

let current: WasmPolicyEngine | undefined;
let pending: WasmPolicyEngine | undefined;

function reply(message: FromWorker): void {
  port?.postMessage(message);
}

function failed(id: number, error: unknown): FromWorker {
  const e = error instanceof Error ? error : new Error(String(error));
  return {
    type: 'failed',
    id,
    name: e.name,
    message: e.message,
    ...(e instanceof EvaluationLimitError ? { limit: e.limit } : {}),
  };
}

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'load':
      WasmPolicyEngine.fromBundle(message.archive, message.source, { memoryMiB }).then(
        (engine) => {
          pending = engine;
          reply({ type: 'loaded', id: message.id, revision: engine.revision });
        },
        (error: unknown) => reply(failed(message.id, error)),
      );
      return;
    case 'commit':
      current = pending ?? current;
      pending = undefined;
      reply({ type: 'committed', id: message.id });
      return;
    case 'evaluate':
      try {
        if (!current) throw new Error('no policy bundle is loaded in this worker');
        reply({ type: 'result', id: message.id, result: current.evaluateNow(message.input) });
      } catch (error) {
        reply(failed(message.id, error));
      }
  }
});
