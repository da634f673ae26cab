/**
 * Wall time of one `profilegate` call through the installed bin (bin/profilegate.js → dist/cli,
 * the esbuild bundle of the compiled CLI),
 * against `node -e 0` and the sources run through tsx (what the bin did before). Variants
 * alternate within each round so machine load hits them alike; medians and p90 per variant.
 * Writes the "CLI start-up" section of BENCHMARKS.md.
 *   npm run bench:cli            (ROUNDS=20 by default)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { replaceSection } from './benchmarks-file.js';

const ROOT = join(import.meta.dirname, '..');
const ROUNDS = Number(process.env.ROUNDS ?? 20);
const REVIEW = join('test', 'fixtures', 'reviews', 'deployment-privileged.json');
const BIN = join('bin', 'profilegate.js');

const VARIANTS: { name: string; args: string[] }[] = [
  { name: '`node -e 0`', args: ['-e', '0'] },
  { name: '`profilegate --version`', args: [BIN, '--version'] },
  { name: '`profilegate eval -f review.json`', args: [BIN, 'eval', '-f', REVIEW] },
  { name: '`profilegate audit -f review.json -o sarif`', args: [BIN, 'audit', '-f', REVIEW, '-o', 'sarif'] },
  {
    name: 'before: `eval` from the sources through tsx',
    args: ['--import', 'tsx', join('src', 'cli', 'main.ts'), 'eval', '-f', REVIEW],
  },
];

function once(args: string[]): number {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  // eval/audit exit 1 on the privileged fixture; anything else is a broken benchmark.
  if (run.status !== 0 && run.status !== 1) throw new Error(`${args.join(' ')}: ${run.stderr.toString()}`);
  return ms;
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');

// The bin compiles when a source changed; do that before measuring.
once([BIN, '--version']);
const loadBefore = load();
const startedAt = new Date().toISOString().slice(0, 16).replace('T', ' ');
const times = VARIANTS.map(() => [] as number[]);
for (let round = 0; round < ROUNDS; round++) {
  VARIANTS.forEach((v, i) => times[i]?.push(once(v.args)));
}
const loadAfter = load();
const baseline = quantile(times[0] ?? [], 0.5);
const rows = VARIANTS.map((v, i) => {
  const t = times[i] ?? [];
  const median = quantile(t, 0.5);
  return `| ${v.name} | ${median.toFixed(0)} | ${quantile(t, 0.9).toFixed(0)} | ${(median / baseline).toFixed(1)}× |`;
});
const section = [
  `Run of ${startedAt} UTC on ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}; load average ${loadBefore} before, ${loadAfter} after (other sessions share the machine). ${ROUNDS} rounds, variants alternating, wall time of one process from spawn to exit.`,
  '',
  '| call | median ms | p90 ms | median / `node -e 0` |',
  '| --- | ---: | ---: | ---: |',
  ...rows,
  '',
  'Goal: at most 500 ms per call. `review.json` is `test/fixtures/reviews/deployment-privileged.json` (an AdmissionReview, judged as its request, denied). The bin runs `dist/cli/main.js`, the compiled CLI bundled by esbuild (`scripts/compile.mjs`; npm packages external, `audit --cluster` split off so only it loads @kubernetes/client-node). The same bench the same hour: unbundled, with client-node loaded by every command, 793 / 913 / 898 ms; unbundled with client-node lazy, 461 / 558 / 573 ms.',
  '',
  'Reproduce: `npm run bench:cli` (`ROUNDS` overrides the default 20).',
].join('\n');
const file = join(ROOT, 'BENCHMARKS.md');
const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
writeFileSync(file, replaceSection(current, '## CLI start-up', section));
process.stdout.write(`${section}\n`);
