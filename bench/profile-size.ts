/**
 * Size of the WorkloadProfile the real recorder writes (`profilegate profile`, eBPF), for a
 * typical server and for clients that open 10,000 outbound connections: to 10,000 addresses on
 * one port (a fan-out client: peers aggregate into networks) and to 10,000 ports (the worst case
 * for per-port aggregation: the list hits its bound and is marked incomplete, never cut silently).
 * Run as root:
 *   node --import tsx bench/profile-size.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ensureRecorderBuilt } from '../bpf-profiler/agent/recorder-build.js';
import { replaceSection } from './benchmarks-file.js';

const ROOT = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'pg-profile-size-'));
const IMAGE = 'bench.local/client@sha256:' + 'a'.repeat(64);

/** Opens `count` TCP connections to closed loopback endpoints: each connect() is refused at once. */
const CLIENT = `
import socket, sys
count, mode = int(sys.argv[1]), sys.argv[2]
for i in range(count):
    if mode == 'addresses':
        addr, port = '127.%d.%d.%d' % (1 + (i >> 16), (i >> 8) & 255, i & 255), 9
    else:
        addr, port = '127.0.0.1', 20000 + i
    s = socket.socket()
    try:
        s.connect((addr, port))
    except OSError:
        pass
    s.close()
`;

/** A small HTTP server answering 20 requests, the shape of most recorded services. */
const SERVER = `python3 -m http.server 18091 --bind 127.0.0.1 >/dev/null 2>&1 & pid=$!
for i in $(seq 50); do curl -fs http://127.0.0.1:18091/ >/dev/null && break; sleep 0.1; done
for i in $(seq 20); do curl -fs -o /dev/null http://127.0.0.1:18091/; done
kill $pid; wait $pid 2>/dev/null; exit 0`;

interface Row {
  name: string;
  connections: number;
  seconds: number;
  jsonBytes: number;
  yamlBytes: number;
  peers: number;
  incomplete: string;
}

function record(name: string, connections: number, command: string[]): Row {
  const out = join(dir, `${name}.json`);
  const started = process.hrtime.bigint();
  execFileSync(
    process.execPath,
    [
      join(ROOT, 'bin', 'profilegate.js'),
      'profile',
      '--out',
      out,
      '--name',
      name,
      '--image',
      IMAGE,
      '--',
      ...command,
    ],
    { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const profile = JSON.parse(readFileSync(out, 'utf8')) as {
    spec: { containers: { outboundPeers?: unknown[]; incomplete?: string[] }[] };
  };
  const [container] = profile.spec.containers;
  return {
    name,
    connections,
    seconds,
    jsonBytes: Buffer.byteLength(JSON.stringify(profile)),
    yamlBytes: Buffer.byteLength(stringify(profile)),
    peers: container?.outboundPeers?.length ?? 0,
    incomplete: (container?.incomplete ?? []).join(', ') || '–',
  };
}

await ensureRecorderBuilt(); // so the first recording's time is not the build's
writeFileSync(join(dir, 'client.py'), CLIENT);
const load = loadavg()
  .map((l) => l.toFixed(2))
  .join(' ');
const rows = [
  record('http-server', 0, ['sh', '-c', SERVER]),
  record('fan-out-addresses', 10_000, ['python3', 'client.py', '10000', 'addresses']),
  record('fan-out-ports', 10_000, ['python3', 'client.py', '10000', 'ports']),
];
const table = [
  '| recording | outbound connections | profile JSON | YAML | outboundPeers | fields marked incomplete | recording time |',
  '|---|---:|---:|---:|---:|---|---:|',
  ...rows.map(
    (r) =>
      `| ${r.name} | ${r.connections.toLocaleString('en')} | ${r.jsonBytes.toLocaleString('en')} B | ` +
      `${r.yamlBytes.toLocaleString('en')} B | ${r.peers} | ${r.incomplete} | ${r.seconds.toFixed(1)} s |`,
  ),
].join('\n');
console.log(`load average before: ${load}\n${table}`);

const body = `Measured with \`node --import tsx bench/profile-size.ts\` (root; the real recorder through
\`profilegate profile\`), load average ${load} before the run. Sizes are of the profile as written
(JSON, compact) and as YAML. Outbound connections are refused connects to loopback endpoints, so
the recording holds nothing but the peers: 10,000 addresses on one port, then 10,000 ports on one
address. The goal is a typical profile of at most 8 KB (before peers were bounded, 2,750
connections made a 322,270-byte profile); none of these grows with the connections.

${table}`;
const file = join(ROOT, 'BENCHMARKS.md');
writeFileSync(file, replaceSection(readFileSync(file, 'utf8'), '## Profile size', body));
