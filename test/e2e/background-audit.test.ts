/**
 * The background audit (reports.background) on the real API server with the upstream PolicyReport
 * CRD: what ran before ProfileGate was registered is reported, a fix clears it, 1,000 workloads
 * stay under the size cap with correct counts, a bundle change re-judges, and of two replicas one
 * writes until it stops and the other takes over.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { FLAG_EVERYTHING_REGO, buildTestBundle } from '../support/build-test-bundle.js';
import { readFixture } from './support/fixtures.js';
import { createModeNamespace, createNamespace } from './support/namespaces.js';
import { restoreStandardWebhook, waitUntilWebhookCalled } from './support/readiness.js';
import { e2e } from './support/root-hooks.js';
import { waitFor } from './support/wait.js';
import type { RunningWebhook } from './support/webhook-process.js';

const CRD = 'manifests/crds/upstream/wgpolicyk8s.io_policyreports.yaml';
const REPORT = 'profilegate';
const LEASE = 'profilegate-audit';

interface Result {
  policy: string;
  result: string;
  severity?: string;
  resources?: { kind: string; name: string }[];
}

interface Report {
  metadata: { annotations?: Record<string, string> };
  summary: { pass: number; fail: number; warn: number; error: number; skip: number };
  results?: Result[];
}

async function report(namespace: string): Promise<{ report: Report; bytes: number } | undefined> {
  const result = await e2e().kubectl.run([
    'get',
    'policyreports.wgpolicyk8s.io',
    REPORT,
    '-n',
    namespace,
    '-o',
    'json',
  ]);
  if (result.code !== 0) return undefined;
  const stored = JSON.parse(result.stdout) as Report & { metadata: { managedFields?: unknown } };
  // What ProfileGate wrote, as compact JSON: kubectl indents, and the server adds managedFields.
  const written = { ...stored, metadata: { ...stored.metadata, managedFields: undefined } };
  return { report: stored, bytes: Buffer.byteLength(JSON.stringify(written)) };
}

function untilReport(namespace: string, what: string, accept: (r: Report) => boolean, timeoutMs = 60_000) {
  return waitFor(
    async () => {
      const found = await report(namespace);
      return found && accept(found.report) ? found : undefined;
    },
    { timeoutMs, intervalMs: 500, what },
  );
}

async function leaseHolder(namespace: string): Promise<string | undefined> {
  const lease = (await e2e().kubectl.getJson('lease', LEASE, namespace)) as
    { spec?: { holderIdentity?: string } } | undefined;
  return lease?.spec?.holderIdentity;
}

/** `count` copies of the privileged Deployment fixture, named w0, w1, ... */
async function privilegedDeployments(count: number, from = 0): Promise<string> {
  const template = parse(await readFixture('privileged-deployment.yaml')) as {
    metadata: { name: string };
    spec: {
      selector: { matchLabels: Record<string, string> };
      template: { metadata: { labels: Record<string, string> } };
    };
  };
  const items = Array.from({ length: count }, (_, i) => {
    const copy = structuredClone(template);
    const name = `w${from + i}`;
    copy.metadata.name = name;
    copy.spec.selector.matchLabels = { app: name };
    copy.spec.template.metadata.labels = { app: name };
    return copy;
  });
  return stringify({ apiVersion: 'v1', kind: 'List', items });
}

describe('background audit into PolicyReports', () => {
  let namespace: string;
  let leaseNamespace: string;
  let bundlePath: string;
  let replica: RunningWebhook | undefined;

  const auditConfig = (identity: string) => ({
    bundle: { path: bundlePath, watch: true },
    reports: {
      background: { enabled: true, perSecond: 500, leaseNamespace, leaseDurationSeconds: 4, identity },
    },
  });

  before(async function (this: Mocha.Context) {
    this.timeout(180_000);
    const env = e2e();
    await env.kubectl.ok(['apply', '-f', CRD]);
    await env.kubectl.ok([
      'wait',
      '--for=condition=Established',
      'crd/policyreports.wgpolicyk8s.io',
      '--timeout=60s',
    ]);
    leaseNamespace = await createNamespace(env.kubectl, 'e2e-lease');
    namespace = await createModeNamespace(env.kubectl, 'enforce');
    const dir = mkdtempSync(join(tmpdir(), 'pg-e2e-audit-'));
    bundlePath = join(dir, 'bundle.tar.gz');
    copyFileSync('policies/bundle/bundle.tar.gz', bundlePath);
    copyFileSync('policies/bundle/metadata.json', join(dir, 'metadata.json'));

    // A privileged Deployment that was running before ProfileGate was registered.
    await env.kubectl.ok([
      'delete',
      'validatingwebhookconfiguration,mutatingwebhookconfiguration',
      '-l',
      'app.kubernetes.io/name=profilegate',
    ]);
    await env.kubectl.ok(
      ['apply', '-n', namespace, '-f', '-'],
      await readFixture('privileged-deployment.yaml'),
    );
    await env.stopWebhook();
    await env.startWebhook('enforce', auditConfig('replica-a'));
    await env.registerWebhook('Fail');
    await waitUntilWebhookCalled(env);
  });

  after(async function (this: Mocha.Context) {
    this.timeout(120_000);
    const env = e2e();
    await replica?.process.stop();
    await restoreStandardWebhook(env);
  });

  it('reports the privileged Deployment created before the webhook was registered', async function () {
    this.timeout(90_000);
    const { report: found } = await untilReport(namespace, 'the report of the privileged Deployment', (r) =>
      (r.results ?? []).some((x) => x.policy === 'pss-privileged'),
    );
    const privileged = (found.results ?? []).filter((x) => x.policy === 'pss-privileged');
    assert.deepEqual(
      privileged.map((x) => ({
        result: x.result,
        severity: x.severity,
        resources: x.resources?.map((r) => `${r.kind}/${r.name}`),
      })),
      [{ result: 'fail', severity: 'critical', resources: ['Deployment/privileged-deployment'] }],
    );
    assert.ok(found.summary.fail >= 1, JSON.stringify(found.summary));
    assert.equal(await leaseHolder(leaseNamespace), 'replica-a');
  });

  it('clears the results once the Deployment is fixed', async function () {
    this.timeout(90_000);
    const fixed = parse(await readFixture('privileged-deployment.yaml')) as {
      spec: { template: { spec: { containers: { securityContext?: unknown }[] } } };
    };
    for (const c of fixed.spec.template.spec.containers) delete c.securityContext;
    const applied = await e2e().kubectl.apply(stringify(fixed), namespace);
    assert.equal(applied.code, 0, applied.output);
    const { report: found } = await untilReport(namespace, 'the fixed Deployment to leave the report', (r) =>
      (r.results ?? []).every((x) => x.policy !== 'pss-privileged'),
    );
    assert.equal(found.summary.fail, 0, JSON.stringify(found.results));
  });

  it('keeps 1,000 workloads of one namespace under the size cap, counting what it left out', async function () {
    this.timeout(300_000);
    const env = e2e();
    const crowded = await createModeNamespace(env.kubectl, 'audit');
    for (let from = 0; from < 1000; from += 250) {
      await env.kubectl.ok(['apply', '-n', crowded, '-f', '-'], await privilegedDeployments(250, from));
    }
    const { report: found, bytes } = await untilReport(
      crowded,
      'the report of 1,000 Deployments',
      (r) => r.summary.warn + r.summary.fail + r.summary.pass >= 1000,
      180_000,
    );
    const results = found.results ?? [];
    const omitted = Number(found.metadata.annotations?.['profilegate.dev/results-omitted'] ?? 0);
    // Under reports.maxBytes (256 KiB), with room for what the server adds (uid, timestamps).
    assert.ok(bytes < 256 * 1024 + 1024, `report of ${bytes} bytes`);
    assert.ok(results.length <= 1000, `${results.length} results`);
    assert.ok(omitted > 0, 'the cap left results out and says so');
    // Every finding is counted, shown or not: audit mode reports them as warn.
    assert.equal(found.summary.warn + found.summary.fail + found.summary.error, results.length + omitted);
    const privileged = new Set(
      results.filter((x) => x.policy === 'pss-privileged').map((x) => x.resources?.[0]?.name),
    );
    assert.ok(privileged.size > 0);
    assert.match(
      found.metadata.annotations?.['profilegate.dev/results-omitted-by-severity'] ?? '',
      /^(critical|high|medium|low)=\d+/,
    );
  });

  it('judges every workload again when the policy bundle changes', async function () {
    this.timeout(120_000);
    await buildTestBundle(FLAG_EVERYTHING_REGO, bundlePath);
    const { report: found } = await untilReport(namespace, 'the new bundle in the report', (r) =>
      (r.results ?? []).some((x) => x.policy === 'test-everything'),
    );
    assert.deepEqual(
      (found.results ?? []).filter((x) => x.policy === 'test-everything').map((x) => x.resources?.[0]?.name),
      ['privileged-deployment'],
    );
  });

  it('of two replicas one writes; when it stops, the other takes the Lease and writes', async function () {
    this.timeout(120_000);
    const env = e2e();
    replica = await env.startReplica('replica-b', 'enforce', auditConfig('replica-b'));
    await new Promise((r) => setTimeout(r, 6000));
    assert.equal(await leaseHolder(leaseNamespace), 'replica-a');
    assert.doesNotMatch(replica.process.tail(400), /holding the Lease/);

    await env.stopWebhook();
    await env.kubectl.ok(['delete', 'policyreports.wgpolicyk8s.io', REPORT, '-n', namespace]);
    await waitFor(async () => ((await leaseHolder(leaseNamespace)) === 'replica-b' ? true : undefined), {
      timeoutMs: 30_000,
      what: 'replica-b to take the Lease',
    });
    await untilReport(namespace, 'replica-b to write the report again', (r) => (r.results ?? []).length > 0);
    assert.match(replica.process.tail(400), /background audit: holding the Lease/);
  });
});
