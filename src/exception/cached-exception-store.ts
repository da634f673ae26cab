/**
 * PolicyExceptions from a cache something else keeps current (the webhook's informer,
 * webhook/exception-informer.ts), indexed by namespace so admission reads memory only. Each
 * object is validated as it arrives; an invalid one is reported through `onInvalid` and not
 * applied (nor is an earlier valid version of it: it has been replaced).
 */
import { InvalidExceptionError, parseStoredException, type PolicyException } from './policy-exception.js';

/** What the cache reads of an API object before validating it. */
export interface StoredException {
  metadata?: { namespace?: string; name?: string; resourceVersion?: string };
}

export class CachedExceptionStore {
  /** namespace → name → exception: a review reads its namespace's only. */
  private readonly byNamespace = new Map<string, Map<string, PolicyException>>();
  private readonly listeners: ((namespace: string) => void)[] = [];
  private muted = false;

  constructor(private readonly onInvalid: (error: InvalidExceptionError) => void = () => undefined) {}

  exceptionsIn(namespace: string): PolicyException[] {
    return [...(this.byNamespace.get(namespace)?.values() ?? [])];
  }

  all(): PolicyException[] {
    return [...this.byNamespace.values()].flatMap((m) => [...m.values()]);
  }

  get size(): number {
    return this.all().length;
  }

  /** Heard with the namespace of every exception added, changed or removed. */
  onChange(listener: (namespace: string) => void): void {
    this.listeners.push(listener);
  }

  /** The full set after a list; every namespace that had or has an exception hears it once. */
  replace(objects: StoredException[]): void {
    const touched = new Set(this.byNamespace.keys());
    this.byNamespace.clear();
    this.muted = true;
    try {
      for (const o of objects) this.upsert(o);
    } finally {
      this.muted = false;
    }
    for (const namespace of this.byNamespace.keys()) touched.add(namespace);
    for (const namespace of touched) this.changed(namespace);
  }

  upsert(object: StoredException): void {
    const { namespace, name } = object.metadata ?? {};
    if (!namespace || !name) return;
    const entries = this.byNamespace.get(namespace) ?? new Map<string, PolicyException>();
    this.byNamespace.set(namespace, entries);
    try {
      entries.set(name, parseStoredException(object, `PolicyException ${namespace}/${name}`));
    } catch (error) {
      if (!(error instanceof InvalidExceptionError)) throw error;
      entries.delete(name);
      this.onInvalid(error);
    }
    this.changed(namespace);
  }

  remove(object: StoredException): void {
    const { namespace, name } = object.metadata ?? {};
    if (!namespace || !name || this.byNamespace.get(namespace)?.delete(name) !== true) return;
    this.changed(namespace);
  }

  private changed(namespace: string): void {
    if (this.muted) return;
    for (const listener of this.listeners) listener(namespace);
  }
}
