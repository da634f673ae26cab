/**
 * The background audit scanning 10,000 workloads on a real API server (etcd + kube-apiserver of
 * the e2e toolchain, the upstream PolicyReport CRD): 100 namespaces × 100 Deployments, one in five
 * privileged. The audit runs in this process with the in-process engine and no rate limit
 * (perSecond 100,000), so the figure is its ceiling; at the default 50/s a full scan is paced to
 * 200 s. Then the bundle revision changes and everything is judged again: with results unchanged,
 * no report may be written.
 *
 *   npm run bench:audit-scan      (NAMESPACES=100 PER_NAMESPACE=100 by default)
 */
import { cpus, loadavg } from 'node:os';
import { readFileSync, writeFileSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import { pino } from 'pino';
import { stringify } from 'yaml';
import { parseConfig } from '../src/config/parse-config.js';
import { WasmPolicyEngine } from '../src/policy/wasm-engine.js';
import { NO_NAMESPACE_LABELS, NO_PROFILES } from '../src/review/review-dependencies.js';
import { verifyPatches } from '../src/hardening/verify-patches.js';
import { createMetrics } from '../webhook/metrics.js';
import { startBackgroundAudit } from '../webhook/audit/start-background-audit.js';
import { E2eEnvironment } from '../test/e2e/support/e2e-environment.js';
import { replaceSection } from './benchmarks-file.js';

const NAMESPACES = Number(process.env.NAMESPACES ?? 100);
const PER_NAMESPACE = Number(process.env.PER_NAMESPACE ?? 100);
const TOTAL = NAMESPACES * PER_NAMESPACE;

function deployment(name: string, privileged: boolean): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            {
              name: 'app',
              image: 'registry.example/app:1',
              ...(privileged ? { securityContext: { privileged: true } } : {}),
            },
          ],
        },
      },
    },
  };
}

async function counter(metric: {
  get(): Promise<{ values: { labels: Record<string, unknown>; value: number }[] }>;
}) {
  const out: Record<string, number> = {};
  for (const v of (await metric.get()).values)
    out[typeof v.labels.outcome === 'string' ? v.labels.outcome : 'total'] = v.value;
  return out;
}

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');
const loadBefore = load();
const env = await E2eEnvironment.start();
try {
  await env.kubectl.ok(['apply', '-f', 'manifests/crds/upstream/wgpolicyk8s.io_policyreports.yaml']);
  await env.kubectl.ok(['wait', '--for=condition=Established', 'crd/policyreports.wgpolicyk8s.io']);
  const created = Date.now();
  for (let n = 0; n < NAMESPACES; n++) {
    const namespace = `scan-${n}`;
    await env.kubectl.ok(['create', 'namespace', namespace]);
    const items = Array.from({ length: PER_NAMESPACE }, (_, i) => deployment(`w${i}`, i % 5 === 0));
    await env.kubectl.ok(
      ['create', '-n', namespace, '-f', '-'],
      stringify({ apiVersion: 'v1', kind: 'List', items }),
    );
  }
  console.log(`created ${TOTAL} Deployments in ${((Date.now() - created) / 1000).toFixed(0)} s`);

  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(env.kubeconfig);
  const config = parseConfig(
    {
      kubernetes: { enabled: true },
      reports: {
        background: { enabled: true, perSecond: 100_000, leaseNamespace: 'default', identity: 'bench' },
      },
    },
    'bench',
  );
  const engine = await WasmPolicyEngine.fromBundle(readFileSync(config.bundle.path), config.bundle.path);
  const metrics = createMetrics();
  let revision = 'first';
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const audit = await startBackgroundAudit({
    config,
    kubeConfig,
    deps: {
      config,
      engine: () => engine,
      namespaces: NO_NAMESPACE_LABELS,
      profiles: NO_PROFILES,
      patchVerifier: { verify: verifyPatches },
    },
    logger: pino({ level: 'warn' }),
    metrics,
    informerOptions: {
      backoff: { initialMs: 500, maxMs: 5000, jitter: 0.2 },
      watchTimeoutSeconds: 300,
      logger: pino({ level: 'warn' }),
      metrics: metrics.informers,
    },
    bundleRevision: () => revision,
  });
  const written = async () =>
    Object.values(await counter(metrics.audit.reportWrites)).reduce((a, b) => a + b, 0);
  const judgedSoFar = async () => (await counter(metrics.audit.judged)).total ?? 0;
  /** Done once `objects` are judged and no write happened for half a second. */
  const settled = async (objects: number) => {
    await until(async () => (await judgedSoFar()) >= objects, 600_000);
    for (let last = -1, now = await written(); now !== last; last = now, now = await written()) {
      await new Promise((r) => setTimeout(r, 500));
    }
  };
  await settled(TOTAL);
  const scanSeconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const firstWrites = await counter(metrics.audit.reportWrites);
  const judged = (await counter(metrics.audit.judged)).total ?? 0;
  const rssAfter = process.memoryUsage().rss;

  revision = 'second';
  const t1 = performance.now();
  await settled(2 * judged);
  const rescanSeconds = (performance.now() - t1) / 1000;
  const allWrites = await counter(metrics.audit.reportWrites);
  clearInterval(sampler);
  await audit.stop();

  const sizes = (await env.kubectl.ok(['get', 'policyreports', '-A', '-o', 'json'])).stdout;
  const reports = (JSON.parse(sizes) as { items: { results?: unknown[] }[] }).items;
  const results = reports.reduce((n, r) => n + (r.results?.length ?? 0), 0);
  const mib = (b: number) => (b / 2 ** 20).toFixed(0);
  const body = `Run of ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, Node ${process.version}; load average ${loadBefore} before, ${load()} after (other sessions share the machine).

${TOTAL.toLocaleString('en-US')} Deployments in ${NAMESPACES} namespaces (one in five privileged) on a real kube-apiserver v1.37.2 + etcd; the background audit in this process, in-process engine, no rate limit.

| | full scan | rescan after a bundle change |
| --- | ---: | ---: |
| wall time | ${scanSeconds.toFixed(1)} s (${(TOTAL / scanSeconds).toFixed(0)} objects/s) | ${rescanSeconds.toFixed(1)} s |
| objects judged | ${judged.toLocaleString('en-US')} (the Deployments and the \`kubernetes\` Service) | ${judged.toLocaleString('en-US')} |
| report writes | ${firstWrites.created ?? 0} created, ${firstWrites.updated ?? 0} updated | ${(allWrites.created ?? 0) - (firstWrites.created ?? 0)} created, ${(allWrites.updated ?? 0) - (firstWrites.updated ?? 0)} updated, ${(allWrites.unchanged ?? 0) - (firstWrites.unchanged ?? 0)} unchanged (not written) |

CPU of the full scan: ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s (${((cpu.user + cpu.system) / TOTAL / 1000).toFixed(2)} ms per object, informers, review and report building). RSS: ${mib(rssBefore)} MiB before, ${mib(rssAfter)} MiB after the scan, peak ${mib(peakRss)} MiB (this process: engine, ${TOTAL.toLocaleString('en-US')} cached objects and their judgements). ${reports.length} reports hold ${results.toLocaleString('en-US')} results. At the default \`reports.background.perSecond\` of 50, the same scan is paced to ${(TOTAL / 50).toFixed(0)} s.

Reproduce: \`npm run bench:audit-scan\` (\`NAMESPACES\`, \`PER_NAMESPACE\`).`;
  console.log(body);
  const file = 'BENCHMARKS.md';
  writeFileSync(file, replaceSection(readFileSync(file, 'utf8'), '## Background audit scan', body));
} finally {
  await env.stop();
}
