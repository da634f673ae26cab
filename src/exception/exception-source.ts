/** Where a review finds the PolicyExceptions of a namespace, and a fixed list as one (the CLI's). */
import type { PolicyException } from './policy-exception.js';

/** The exceptions of a namespace, as the shell knows them (an informer, files), and the clock. */
export interface ExceptionSource {
  exceptionsIn(namespace: string): readonly PolicyException[];
  now(): Date;
  /**
   * Why the exceptions known may not be trusted right now (their cache does not follow the API
   * server: a deleted exception could still be in it), or undefined. While set, no exception
   * applies: findings are judged as if there were none.
   */
  distrust?(): string | undefined;
}

export function staticExceptions(exceptions: readonly PolicyException[], now: () => Date): ExceptionSource {
  const byNamespace = new Map<string, PolicyException[]>();
  for (const e of exceptions) {
    const list = byNamespace.get(e.metadata.namespace) ?? [];
    list.push(e);
    byNamespace.set(e.metadata.namespace, list);
  }
  return { exceptionsIn: (namespace) => byNamespace.get(namespace) ?? [], now };
}
