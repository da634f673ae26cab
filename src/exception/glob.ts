/**
 * Globs in exceptions (`registry.example/agent:*`, `web-*`): `*` any run of characters, `?` one.
 * Hand-written rather than minimatch: image references contain `/` and `:`, which path globs
 * treat specially, and nothing else (braces, classes) is wanted.
 */
export function globMatches(pattern: string, value: string): boolean {
  const source = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 's').test(value);
}
