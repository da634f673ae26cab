/** Replaces one `## ` section of BENCHMARKS.md, so each benchmark owns its section only. */
export function replaceSection(document: string, heading: string, body: string): string {
  const lines = document.split('\n');
  const start = lines.findIndex((l) => l.trim() === heading);
  const block = [heading, '', body.trimEnd(), ''];
  if (start === -1) return `${document.trimEnd()}\n\n${block.join('\n')}`;
  const next = lines.findIndex((l, i) => i > start && l.startsWith('## '));
  const end = next === -1 ? lines.length : next;
  return [...lines.slice(0, start), ...block, ...lines.slice(end)].join('\n');
}
