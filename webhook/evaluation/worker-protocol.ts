/** Messages between the evaluation pool and its worker threads (structured clone). */
import type { PolicyResult } from '../../src/policy/violation.js';

export type ToWorker =
  /** Instantiate the bundle beside the one in force; `commit` makes it the one in force. */
  | { type: 'load'; id: number; archive: Uint8Array; source: string }
  | { type: 'commit'; id: number }
  /** `input` is the policy input's JSON text: the engine reads text, so nothing is parsed here. */
  | { type: 'evaluate'; id: number; input: string };

export type FromWorker =
  | { type: 'loaded'; id: number; revision: string }
  | { type: 'committed'; id: number }
  | { type: 'result'; id: number; result: PolicyResult }
  | { type: 'failed'; id: number; name: string; message: string; limit?: string };

export interface WorkerData {
  memoryMiB: number;
}
