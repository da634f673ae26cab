/**
 * Bounded background work: workloads to judge wait here by key (namespace/kind/name), a key
 * queued twice is judged once, and at most `perSecond` keys leave per second (a token bucket
 * that holds one second's worth), so a full rescan after a bundle reload or a WorkloadProfile
 * change spreads over time instead of starving admission of CPU. Memory is one entry per key.
 */
export class ScanQueue {
  private readonly pending = new Set<string>();
  /** Keys waiting per namespace (the key's first segment), so a report waits for all of them. */
  private readonly perNamespace = new Map<string, number>();
  private tokens: number;
  private last: number;

  constructor(
    private readonly perSecond: number,
    nowMs: number,
  ) {
    this.tokens = perSecond;
    this.last = nowMs;
  }

  get size(): number {
    return this.pending.size;
  }

  add(key: string): void {
    if (this.pending.has(key)) return;
    this.pending.add(key);
    const namespace = namespaceOf(key);
    this.perNamespace.set(namespace, (this.perNamespace.get(namespace) ?? 0) + 1);
  }

  /** Keys of `namespace` still waiting. */
  pendingIn(namespace: string): number {
    return this.perNamespace.get(namespace) ?? 0;
  }

  /** The keys that may be judged now, oldest first; they leave the queue. */
  take(nowMs: number): string[] {
    this.refill(nowMs);
    const out: string[] = [];
    for (const key of this.pending) {
      if (this.tokens < 1) break;
      this.tokens -= 1;
      out.push(key);
    }
    for (const key of out) {
      this.pending.delete(key);
      const namespace = namespaceOf(key);
      const left = (this.perNamespace.get(namespace) ?? 1) - 1;
      if (left === 0) this.perNamespace.delete(namespace);
      else this.perNamespace.set(namespace, left);
    }
    return out;
  }

  /** Milliseconds until the next key may leave; 0 when one may now, undefined when empty. */
  waitMs(nowMs: number): number | undefined {
    if (this.pending.size === 0) return undefined;
    this.refill(nowMs);
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.perSecond) * 1000);
  }

  private refill(nowMs: number): void {
    const elapsed = Math.max(0, nowMs - this.last) / 1000;
    this.tokens = Math.min(this.perSecond, this.tokens + elapsed * this.perSecond);
    this.last = nowMs;
  }
}

function namespaceOf(key: string): string {
  return key.slice(0, key.indexOf('/'));
}
