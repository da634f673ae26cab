/** BENCHMARKS.md, where each benchmark owns one `## ` section, and what every section prints. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';

const FILE = 'BENCHMARKS.md';

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

/** Writes `body` as the section `heading` of BENCHMARKS.md and prints it. */
export function writeSection(heading: string, body: string): void {
  const current = existsSync(FILE) ? readFileSync(FILE, 'utf8') : '# Benchmarks\n';
  writeFileSync(FILE, replaceSection(current, heading, body));
  process.stdout.write(`${body}\n`);
}

/** The 1, 5 and 15 minute load averages, as every run reports them (the machine is shared). */
export function loadAverage(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');
}
