/** The unescaped keys of an RFC 6901 pointer (none for ""). */
export function pointerKeys(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((raw) => raw.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** Resolves an RFC 6901 pointer; undefined when any step is missing. */
export function resolvePointer(document: unknown, pointer: string): unknown {
  let current: unknown = document;
  for (const key of pointerKeys(pointer)) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
