/**
 * Start-up with a directory of 10,000 WorkloadProfiles: the time DirectoryProfileStore.load
 * takes and the memory the loaded profiles hold, for YAML files and for JSON files (the agent and
 * `profilegate import -o json` write JSON). The profiles are the realistic fixture
 * test/fixtures/profiles/deployment-web.yaml (nginx + exporter, 112 syscalls) under 10,000
 * workload names. Each round loads in a fresh child process (so one round's heap does not
 * burden the next), formats alternating; medians of ROUNDS.
 *
 *   npm run bench:profile-startup      (PROFILES=10000 ROUNDS=3)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { replaceSection } from './benchmarks-file.js';

const PROFILES = Number(process.env.PROFILES ?? 10_000);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const FORMATS = ['yaml', 'json'] as const;

/** One load in this process, as the child of a round: prints {ms, heapMiB, rssMiB}. */
async function loadOnce(directory: string): Promise<void> {
  const { DirectoryProfileStore } = await import('../src/profile/directory-profile-store.js');
  global.gc?.();
  const before = process.memoryUsage();
  const t0 = performance.now();
  const store = await DirectoryProfileStore.load(directory);
  const ms = performance.now() - t0;
  global.gc?.();
  const after = process.memoryUsage();
  const mib = (b: number) => b / 2 ** 20;
  console.log(
    JSON.stringify({
      profiles: store.size,
      ms,
      heapMiB: mib(after.heapUsed - before.heapUsed),
      rssBeforeMiB: mib(before.rss),
      rssMiB: mib(after.rss),
    }),
  );
}

interface Sample {
  profiles: number;
  ms: number;
  heapMiB: number;
  rssBeforeMiB: number;
  rssMiB: number;
}

function writeProfiles(directory: string, format: (typeof FORMATS)[number]): void {
  const fixture = parse(readFileSync('test/fixtures/profiles/deployment-web.yaml', 'utf8')) as {
    metadata: { name: string };
    spec: { workload: { name: string } };
  };
  for (let i = 0; i < PROFILES; i++) {
    const profile = structuredClone(fixture);
    profile.metadata.name = `deployment-web-${i}`;
    profile.spec.workload.name = `web-${i}`;
    const file = join(directory, `deployment-web-${i}.${format}`);
    writeFileSync(file, format === 'json' ? JSON.stringify(profile) : stringify(profile));
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function main(): Promise<void> {
  if (process.argv[2] === '--load') return loadOnce(process.argv[3] ?? '');
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(', ');
  const loadBefore = load();
  const dirs = Object.fromEntries(
    FORMATS.map((f) => {
      const dir = mkdtempSync(join(tmpdir(), `pg-profiles-${f}-`));
      writeProfiles(dir, f);
      return [f, dir];
    }),
  ) as Record<(typeof FORMATS)[number], string>;
  const samples: Record<string, Sample[]> = { yaml: [], json: [] };
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const format of round % 2 === 0 ? FORMATS : [...FORMATS].reverse()) {
        const out = execFileSync(
          process.execPath,
          ['--expose-gc', '--import', 'tsx', 'bench/profile-startup.ts', '--load', dirs[format]],
          { encoding: 'utf8', maxBuffer: 1 << 20 },
        );
        const sample = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Sample;
        samples[format]?.push(sample);
        console.log(format, JSON.stringify(sample));
      }
    }
  } finally {
    for (const dir of Object.values(dirs)) rmSync(dir, { recursive: true, force: true });
  }
  const row = (format: string) => {
    const s = samples[format] ?? [];
    const ms = median(s.map((x) => x.ms));
    return `| ${format} | ${(ms / 1000).toFixed(2)} s | ${((ms * 1000) / PROFILES).toFixed(0)} µs | ${median(s.map((x) => x.heapMiB)).toFixed(0)} MiB | ${median(s.map((x) => x.rssBeforeMiB)).toFixed(0)} → ${median(s.map((x) => x.rssMiB)).toFixed(0)} MiB |`;
  };
  const body = `Run of ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, Node ${process.version}; load average ${loadBefore} before, ${load()} after. ${ROUNDS} rounds, formats alternating, each load in a fresh process; medians.

${PROFILES.toLocaleString('en-US')} profiles (the nginx + exporter fixture under ${PROFILES.toLocaleString('en-US')} names) loaded by \`DirectoryProfileStore.load\`, as the webhook does at start with \`profiles.source: directory\`.

| files | load time | per profile | heap held by the profiles | process RSS before → after |
| --- | ---: | ---: | ---: | ---: |
${row('yaml')}
${row('json')}

Goal: 10,000 profiles in ≤ 5 s and ≤ 200 MB. The RSS before is the bench child itself (Node, the tsx loader, the modules). Before this change (the \`yaml\` package, one file read at a time, no interning) the same load took 34–36 s for YAML and held about 340 MB (measured by the issue); the parser alone was 2 ms per profile with \`yaml\`, 0.15 ms with js-yaml 4 (0.4 ms with js-yaml 5). With only the name lists interned and every file read before any was parsed (run of 2026-12-03), YAML held 81 MiB (every profile's other strings, slices of its file, kept the file's text alive) and the process reached 252 MiB; now every string is interned and each file is parsed as it is read.

Reproduce: \`npm run bench:profile-startup\` (\`PROFILES\`, \`ROUNDS\`).`;
  console.log(body);
  writeFileSync(
    'BENCHMARKS.md',
    replaceSection(readFileSync('BENCHMARKS.md', 'utf8'), '## Profile start-up', body),
  );
}

await main();
