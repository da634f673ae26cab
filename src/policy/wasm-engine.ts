/**
 * Evaluates the Rego→WASM bundle in-process. One instance is reused for every review:
 * opa-wasm resets its heap per evaluation, and evaluation is synchronous, so requests
 * cannot interleave inside it.
 */
import { createHash } from 'node:crypto';
import { loadPolicy, type LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { PolicyEvaluationError, PolicyLoadError } from './policy-errors.js';
import { PolicyResultSchema, type PolicyResult } from './violation.js';
import type { PolicyInput } from './policy-input.js';
import { readWasmBundle } from './read-bundle.js';
import { formatIssues } from '../schema/format-issues.js';

export const ENTRYPOINT = 'profilegate/main/result';

/** Pages of 64 KiB: room for large pod specs, bounded so a runaway rule cannot eat the heap. */
const MEMORY = { initial: 16, maximum: 2048 };

export interface PolicyEngine {
  /** Identifies the loaded bundle in logs, metrics and /readyz. */
  readonly revision: string;
  evaluate(input: PolicyInput): PolicyResult;
}

export class WasmPolicyEngine implements PolicyEngine {
  private constructor(
    private readonly policy: LoadedPolicy,
    readonly revision: string,
  ) {}

  static async fromBundle(archive: Uint8Array, source: string): Promise<WasmPolicyEngine> {
    const bundle = await readWasmBundle(archive, source);
    let policy: LoadedPolicy;
    try {
      policy = await loadPolicy(bundle.wasm, MEMORY);
      policy.setData(bundle.data);
    } catch (cause) {
      throw new PolicyLoadError(`cannot instantiate ${source}: ${String(cause)}`, { cause });
    }
    const entrypoints = policy.entrypoints as Record<string, number>;
    if (!(ENTRYPOINT in entrypoints)) {
      throw new PolicyLoadError(`${source} lacks the entrypoint ${ENTRYPOINT} (opa build -e ${ENTRYPOINT})`);
    }
    const revision = bundle.revision || createHash('sha256').update(bundle.wasm).digest('hex').slice(0, 12);
    return new WasmPolicyEngine(policy, revision);
  }

  evaluate(input: PolicyInput): PolicyResult {
    let raw: unknown;
    try {
      raw = this.policy.evaluate(input, ENTRYPOINT);
    } catch (cause) {
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
