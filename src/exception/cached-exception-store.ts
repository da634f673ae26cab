/**
 * PolicyExceptions from a cache something else keeps current (the webhook's informer,
 * webhook/exception-informer.ts), indexed by namespace so admission reads memory only. Each
 * object is validated as it arrives; an invalid one is reported through `onInvalid` and not
 * applied (nor is an earlier valid version of it: it has been replaced).
 */
import { InvalidExceptionError, parsePolicyException, type PolicyException } from './policy-exception.js';

/** What the cache reads of an API object before validating it. */
export interface StoredException {
  metadata?: { namespace?: string; name?: string; resourceVersion?: string };
}

export class CachedExceptionStore {
  /** namespace/name → exception. */
  private readonly byName = new Map<string, PolicyException>();
  private readonly listeners: ((namespace: string) => void)[] = [];
  private muted = false;

  constructor(private readonly onInvalid: (error: InvalidExceptionError) => void = () => undefined) {}

  exceptionsIn(namespace: string): PolicyException[] {
    return [...this.byName.values()].filter((e) => e.metadata.namespace === namespace);
  }

  all(): PolicyException[] {
    return [...this.byName.values()];
  }

  get size(): number {
    return this.byName.size;
  }

  /** Heard with the namespace of every exception added, changed or removed. */
  onChange(listener: (namespace: string) => void): void {
    this.listeners.push(listener);
  }

  /** The full set after a list; every namespace that had or has an exception hears it once. */
  replace(objects: StoredException[]): void {
    const touched = new Set([...this.byName.values()].map((e) => e.metadata.namespace));
    this.byName.clear();
    this.muted = true;
    try {
      for (const o of objects) this.upsert(o);
    } finally {
      this.muted = false;
    }
    for (const e of this.byName.values()) touched.add(e.metadata.namespace);
    for (const namespace of touched) this.changed(namespace);
  }

  upsert(object: StoredException): void {
    const key = identity(object);
    if (key === undefined) return;
    try {
      const parsed = parsePolicyException(
        { apiVersion: 'profilegate.dev/v1alpha1', kind: 'PolicyException', ...object },
        `PolicyException ${key}`,
      );
      this.byName.set(key, parsed);
    } catch (error) {
      if (!(error instanceof InvalidExceptionError)) throw error;
      this.byName.delete(key);
      this.onInvalid(error);
    }
    this.changed(object.metadata?.namespace ?? '');
  }

  remove(object: StoredException): void {
    const key = identity(object);
    if (key === undefined || !this.byName.delete(key)) return;
    this.changed(object.metadata?.namespace ?? '');
  }

  private changed(namespace: string): void {
    if (this.muted) return;
    for (const listener of this.listeners) listener(namespace);
  }
}

function identity(object: StoredException): string | undefined {
  const { namespace, name } = object.metadata ?? {};
  return namespace && name ? `${namespace}/${name}` : undefined;
}
