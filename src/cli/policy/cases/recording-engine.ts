/** Wraps the WASM engine and keeps every input and result, for the interpreter comparison. */
import type { PolicyInput } from '../../../policy/policy-input.js';
import type { PolicyResult } from '../../../policy/violation.js';
import type { PolicyEngine } from '../../../policy/wasm-engine.js';

export interface Recorded {
  input: PolicyInput;
  result: PolicyResult;
}

export class RecordingEngine implements PolicyEngine {
  readonly recorded: Recorded[] = [];

  constructor(private readonly inner: PolicyEngine) {}

  get revision(): string {
    return this.inner.revision;
  }

  async evaluate(input: PolicyInput): Promise<PolicyResult> {
    const result = await this.inner.evaluate(input);
    // A copy: the review applies patch values by reference and may change them afterwards.
    this.recorded.push({ input: structuredClone(input), result: structuredClone(result) });
    return result;
  }
}
