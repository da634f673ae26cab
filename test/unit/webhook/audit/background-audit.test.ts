import { strict as assert } from 'node:assert';
import {
  BackgroundAudit,
  workloadKey,
  type AuditMetrics,
  type ReportStore,
  type Workload,
} from '../../../../webhook/audit/background-audit.js';
import { ScanQueue } from '../../../../webhook/audit/scan-queue.js';
import type { PolicyReport } from '../../../../src/report/policy-report.js';
import { deployment, realJudge, type Judge } from '../../report/judge.js';

/** Reports held as an API server would, with resourceVersions and a write log. */
class FakeReports implements ReportStore {
  readonly stored = new Map<string, PolicyReport & { metadata: { resourceVersion?: string } }>();
  readonly writes: string[] = [];
  private version = 0;
  get(namespace: string, name: string) {
    const report = this.stored.get(`${namespace}/${name}`);
    return Promise.resolve(report && structuredClone(report));
  }
  create(report: PolicyReport) {
    return this.put(report, 'create');
  }
  replace(report: PolicyReport, resourceVersion: string | undefined) {
    const key = `${report.metadata.namespace ?? ''}/${report.metadata.name}`;
    if (this.stored.get(key)?.metadata.resourceVersion !== resourceVersion) {
      return Promise.reject(new Error('409 Conflict'));
    }
    return this.put(report, 'replace');
  }
  remove(namespace: string, name: string) {
    this.stored.delete(`${namespace}/${name}`);
    this.writes.push(`delete ${namespace}/${name}`);
    return Promise.resolve();
  }
  private put(report: PolicyReport, verb: string) {
    const key = `${report.metadata.namespace ?? ''}/${report.metadata.name}`;
    this.version += 1;
    this.stored.set(key, {
      ...report,
      metadata: { ...report.metadata, resourceVersion: String(this.version) },
    });
    this.writes.push(`${verb} ${key}`);
    return Promise.resolve();
  }
}

class Recorder implements AuditMetrics {
  judgedTotal = 0;
  readonly writes: string[] = [];
  judged(count: number) {
    this.judgedTotal += count;
  }
  reportWrite(outcome: string) {
    this.writes.push(outcome);
  }
  scanSeconds() {}
}

describe('BackgroundAudit', function () {
  this.timeout(20_000);
  let judge: Judge;
  before(async () => {
    judge = await realJudge({ mode: 'audit' });
  });

  function setup(perSecond = 100) {
    const cache = new Map<string, Workload>();
    const put = (object: Record<string, unknown>) =>
      cache.set(workloadKey(object as unknown as Workload), object as unknown as Workload);
    let clock = Date.parse('2026-12-02T12:00:00Z');
    let leader = true;
    const reports = new FakeReports();
    const metrics = new Recorder();
    const errors: string[] = [];
    const queue = new ScanQueue(perSecond, clock);
    const audit = new BackgroundAudit({
      cache: { get: (k) => cache.get(k), keys: () => cache.keys() },
      queue,
      judge: async (w) => (await judge.judge(w as unknown as Record<string, unknown>)).outcome,
      reports,
      isLeader: () => leader,
      rules: () => judge.rules,
      config: () => judge.config,
      metrics,
      now: () => new Date(clock),
      onError: (e, what) => errors.push(`${what}: ${String(e)}`),
    });
    return {
      audit,
      cache,
      put,
      queue,
      reports,
      metrics,
      errors,
      tick: (ms: number) => (clock += ms),
      setLeader: (v: boolean) => (leader = v),
    };
  }

  const report = (reports: FakeReports, ns: string) => {
    const r = reports.stored.get(`${ns}/profilegate`);
    assert.ok(r, `no report in ${ns}`);
    return r;
  };

  it('reports an existing privileged Deployment, rewrites nothing on a rescan, and clears it once fixed', async () => {
    const t = setup();
    t.put(deployment('web', 'shop', true));
    t.put(deployment('api', 'shop', false));
    t.audit.enqueueAll();
    await t.audit.step();
    assert.deepEqual(t.reports.writes, ['create shop/profilegate']);
    const first = report(t.reports, 'shop');
    assert.deepEqual(
      first.results
        .filter((r) => r.policy === 'pss-privileged')
        .map((r) => [r.result, r.resources?.[0]?.name]),
      [['fail', 'web']],
    );
    assert.equal(first.summary.pass, 1, 'api passes');

    t.tick(1000);
    t.audit.enqueueAll(); // a WorkloadProfile change or a bundle reload
    await t.audit.step();
    assert.deepEqual(t.reports.writes, ['create shop/profilegate'], 'unchanged results are not written');
    assert.deepEqual(t.metrics.writes, ['created', 'unchanged']);

    t.tick(1000);
    t.put(deployment('web', 'shop', false));
    t.audit.enqueue('shop/Deployment/web');
    await t.audit.step();
    assert.deepEqual(t.reports.writes, ['create shop/profilegate', 'replace shop/profilegate']);
    const fixed = report(t.reports, 'shop');
    assert.deepEqual(
      fixed.results.filter((r) => r.policy === 'pss-privileged'),
      [],
    );
    assert.equal(fixed.summary.pass, 2);
    assert.equal(t.metrics.judgedTotal, 5);
    assert.deepEqual(t.errors, []);
  });

  it("one report per namespace; a deleted workload's results leave it, and deleting the last one removes the report", async () => {
    const t = setup();
    t.put(deployment('web', 'shop', true));
    t.put(deployment('db', 'data', true));
    t.audit.enqueueAll();
    await t.audit.step();
    assert.deepEqual(t.reports.writes, ['create data/profilegate', 'create shop/profilegate']);
    t.cache.delete('shop/Deployment/web');
    t.put(deployment('api', 'shop', false));
    t.audit.enqueue('shop/Deployment/web');
    t.audit.enqueue('shop/Deployment/api');
    t.tick(1000);
    await t.audit.step();
    const shop = report(t.reports, 'shop');
    assert.deepEqual(shop.results, []);
    assert.equal(shop.summary.pass, 1);
    t.cache.delete('data/Deployment/db');
    t.audit.enqueue('data/Deployment/db');
    t.tick(1000);
    await t.audit.step();
    assert.equal(t.reports.writes.at(-1), 'delete data/profilegate');
    assert.equal(t.reports.stored.has('data/profilegate'), false);
  });

  it('a replica that does not hold the Lease judges and writes nothing (negative control: once it holds it, it does)', async () => {
    const t = setup();
    t.put(deployment('web', 'shop', true));
    t.setLeader(false);
    t.audit.enqueueAll();
    await t.audit.step();
    assert.deepEqual(t.reports.writes, []);
    assert.equal(t.metrics.judgedTotal, 0);
    assert.equal(t.queue.size, 1, 'the work waits for leadership');
    t.setLeader(true);
    await t.audit.step();
    assert.deepEqual(t.reports.writes, ['create shop/profilegate']);
  });

  it('judges at most objectsPerSecond per second', async () => {
    const t = setup(2);
    for (const name of ['a', 'b', 'c', 'd', 'e']) t.put(deployment(name, 'shop', false));
    t.audit.enqueueAll();
    await t.audit.step();
    assert.equal(t.metrics.judgedTotal, 2);
    await t.audit.step();
    assert.equal(t.metrics.judgedTotal, 2, 'no tokens left within the same second');
    t.tick(1000);
    await t.audit.step();
    assert.equal(t.metrics.judgedTotal, 4);
  });

  it('a failed write is retried: the namespace is queued again', async () => {
    const t = setup();
    t.put(deployment('web', 'shop', true));
    t.reports.create = () => Promise.reject(new Error('etcdserver: request is too large'));
    t.audit.enqueueAll();
    await t.audit.step();
    assert.deepEqual(t.metrics.writes, ['failed']);
    assert.deepEqual(t.errors, ['writing report shop/profilegate: Error: etcdserver: request is too large']);
    assert.equal(t.queue.size, 1);
  });

  it('writes a namespace only once all its queued objects are judged (no partial report during a scan)', async () => {
    const t = setup(2);
    for (const name of ['a', 'b', 'c']) t.put(deployment(name, 'shop', true));
    t.audit.enqueueAll();
    await t.audit.step();
    assert.equal(t.metrics.judgedTotal, 2);
    assert.deepEqual(t.reports.writes, [], 'c still waits: no report of a and b alone');
    t.tick(1000);
    await t.audit.step();
    assert.deepEqual(t.reports.writes, ['create shop/profilegate']);
    const names = new Set(report(t.reports, 'shop').results.map((r) => r.resources?.[0]?.name));
    assert.deepEqual([...names].sort(), ['a', 'b', 'c']);
  });

  it('writes no report for an exempt namespace', async () => {
    const t = setup();
    t.put(deployment('proxy', 'kube-system', true));
    t.put(deployment('web', 'shop', true));
    t.audit.enqueueAll();
    await t.audit.step();
    assert.deepEqual(t.reports.writes, ['create shop/profilegate']);
  });
});
