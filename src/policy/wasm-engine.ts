/**
 * Evaluates the Rego→WASM bundle in-process. One instance is reused for every review:
 * opa-wasm resets its heap per evaluation, and evaluation is synchronous, so requests
 * cannot interleave inside it.
 */
import { createHash } from 'node:crypto';
import { loadPolicy, type LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { EvaluationLimitError, PolicyEvaluationError, PolicyLoadError } from './policy-errors.js';
import { PolicyResultSchema, type PolicyResult } from './violation.js';
import type { PolicyInput } from './policy-input.js';
import { readWasmBundle } from './read-bundle.js';
import { formatIssues } from '../schema/format-issues.js';

export const ENTRYPOINT = 'profilegate/main/result';

const PAGE_BYTES = 64 * 1024;

/** The default bound of one engine's linear memory (config evaluation.memoryMiB). */
export const DEFAULT_MEMORY_MIB = 128;

export interface EngineOptions {
  /** Bound on the engine's memory, so a runaway rule or a huge input cannot eat the heap. */
  memoryMiB?: number;
}

export interface PolicyEngine {
  /** Identifies the loaded bundle in logs, metrics and /readyz. */
  readonly revision: string;
  /** Asynchronous, so an engine may evaluate off the caller's thread (webhook/evaluation). */
  evaluate(input: PolicyInput): Promise<PolicyResult>;
}

export class WasmPolicyEngine implements PolicyEngine {
  private constructor(
    private readonly policy: LoadedPolicy,
    readonly revision: string,
    private readonly memoryMiB: number,
  ) {}

  static async fromBundle(
    archive: Uint8Array,
    source: string,
    options: EngineOptions = {},
  ): Promise<WasmPolicyEngine> {
    const bundle = await readWasmBundle(archive, source);
    const memoryMiB = options.memoryMiB ?? DEFAULT_MEMORY_MIB;
    let policy: LoadedPolicy;
    try {
      policy = await loadPolicy(bundle.wasm, {
        initial: 16,
        maximum: (memoryMiB * 1024 * 1024) / PAGE_BYTES,
      });
      policy.setData(bundle.data);
    } catch (cause) {
      throw new PolicyLoadError(`cannot instantiate ${source}: ${String(cause)}`, { cause });
    }
    const entrypoints = policy.entrypoints as Record<string, number>;
    if (!(ENTRYPOINT in entrypoints)) {
      throw new PolicyLoadError(`${source} lacks the entrypoint ${ENTRYPOINT} (opa build -e ${ENTRYPOINT})`);
    }
    const revision = bundle.revision || createHash('sha256').update(bundle.wasm).digest('hex').slice(0, 12);
    return new WasmPolicyEngine(policy, revision, memoryMiB);
  }

  evaluate(input: PolicyInput): Promise<PolicyResult> {
    return new Promise((resolve) => resolve(this.evaluateNow(input)));
  }

  /** Evaluates on this thread. `input` may be the input's JSON text, as a worker receives it. */
  evaluateNow(input: PolicyInput | string): PolicyResult {
    let raw: unknown;
    try {
      const encoded = typeof input === 'string' ? new TextEncoder().encode(input).buffer : input;
      raw = this.policy.evaluate(encoded, ENTRYPOINT);
    } catch (cause) {
      // The runtime's allocator aborts with this text when the memory bound is reached; growing
      // past the maximum throws a RangeError from WebAssembly.Memory.grow.
      if (/opa_malloc: failed|WebAssembly\.Memory\.grow|Out of memory/i.test(String(cause))) {
        throw new EvaluationLimitError(
          'evaluation.memoryMiB',
          `the request needs more than the ${this.memoryMiB} MiB of memory the policy engine may use (evaluation.memoryMiB)`,
          { cause },
        );
      }
      throw new PolicyEvaluationError(`policy evaluation failed: ${String(cause)}`, { cause });
    }
    // One result set entry when the entrypoint is defined; none means a rule is broken.
    const first = Array.isArray(raw) ? (raw[0] as { result?: unknown } | undefined) : undefined;
    if (first?.result === undefined) {
      throw new PolicyEvaluationError(`${ENTRYPOINT} is undefined for this input`);
    }
    const parsed = PolicyResultSchema.safeParse(first.result);
    if (!parsed.success) {
      throw new PolicyEvaluationError(
        `${ENTRYPOINT} returned a result outside the policy contract: ${formatIssues(parsed.error).join('; ')}`,
      );
    }
    return parsed.data;
  }
}
