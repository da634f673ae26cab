import assert from 'node:assert/strict';
import { buildReports, type JudgedObject } from '../../../src/report/build-reports.js';
import { reportBytes } from '../../../src/report/fit-report.js';
import { PolicyReportSchema, type PolicyReport } from '../../../src/report/policy-report.js';
import { carryOverTimestamps, reportChanged } from '../../../src/report/report-changes.js';
import { deployment, realJudge, type Judge } from './judge.js';

const NOW = new Date('2026-12-01T00:00:00Z');
const LATER = new Date('2026-12-01T06:00:00Z');

function build(judge: Judge, judged: JudgedObject[], now = NOW): PolicyReport[] {
  return buildReports(judged, { rules: judge.rules, config: judge.config, now });
}

describe('report: size cap', () => {
  let judge: Judge;
  let thousand: JudgedObject[];
  before(async () => {
    judge = await realJudge({ mode: 'audit', reports: { maxBytes: 64 * 1024 } });
    // 1,000 workloads in one namespace: 600 privileged (critical), 400 clean.
    thousand = [];
    for (let i = 0; i < 1000; i += 1) {
      thousand.push(await judge.judge(deployment(`app-${String(i).padStart(4, '0')}`, 'crowded', i < 600)));
    }
  });

  it('keeps 1,000 workloads under the cap, with correct counts of what it left out', () => {
    const [report] = build(judge, thousand);
    assert.ok(report);
    assert.ok(reportBytes(report) <= 64 * 1024, `report is ${reportBytes(report)} bytes`);
    assert.deepEqual(report.summary, { pass: 400, fail: 600, warn: 0, error: 0, skip: 0 });
    const kept = report.results.length;
    assert.ok(kept > 10 && kept < 600, `kept ${kept}`);
    assert.deepEqual(report.metadata.annotations, {
      'profilegate.dev/results-omitted': String(600 - kept),
      'profilegate.dev/results-omitted-by-severity': `critical=${600 - kept}`,
    });
    PolicyReportSchema.parse(report);
  });

  it('negative control: the same findings without a tight cap are larger than it', async () => {
    const loose = await realJudge({ mode: 'audit', reports: { maxBytes: 1024 * 1024, maxResults: 10_000 } });
    const [report] = build(loose, thousand);
    assert.ok(report);
    assert.equal(report.results.length, 600);
    assert.ok(reportBytes(report) > 64 * 1024);
    assert.equal(report.metadata.annotations, undefined);
  });

  it('maxResults caps the count even when bytes would allow more', async () => {
    const few = await realJudge({ mode: 'audit', reports: { maxResults: 25 } });
    const [report] = build(few, thousand);
    assert.equal(report?.results.length, 25);
    assert.equal(report.metadata.annotations?.['profilegate.dev/results-omitted'], '575');
  });

  it('keeps the most important results: critical before high before the rest', async () => {
    const mixed = await realJudge({ mode: 'audit', reports: { maxResults: 1 } });
    const hostPid = deployment('host-pid', 'mixed', false);
    (hostPid.spec as { template: { spec: Record<string, unknown> } }).template.spec.hostPID = true;
    const [report] = build(mixed, [
      await mixed.judge(hostPid),
      await mixed.judge(deployment('priv', 'mixed', true)),
    ]);
    assert.deepEqual(
      report?.results.map((r) => [r.policy, r.severity]),
      [['pss-privileged', 'critical']],
    );
    assert.equal(report.metadata.annotations?.['profilegate.dev/results-omitted-by-severity'], 'high=1');
  });
});

describe('report: deterministic, so unchanged results cause no writes', () => {
  let judge: Judge;
  before(async () => {
    judge = await realJudge({ mode: 'audit' });
  });

  const objects = () =>
    Promise.all([
      judge.judge(deployment('c', 'ns', true)),
      judge.judge(deployment('a', 'ns', true)),
      judge.judge(deployment('b', 'ns', false)),
    ]);

  it('the same findings in any order give the same bytes', async () => {
    const one = JSON.stringify(build(judge, await objects()));
    const other = JSON.stringify(build(judge, (await objects()).reverse()));
    assert.equal(one, other);
  });

  it('a rescan later keeps first-seen timestamps and needs no write', async () => {
    const [stored] = build(judge, await objects(), NOW);
    // What the API server returns: the same object with keys in another order and its own metadata.
    const fromServer: unknown = JSON.parse(
      JSON.stringify({ ...stored, metadata: { ...stored?.metadata, resourceVersion: '7' } }),
    );
    const [rescanned] = build(judge, await objects(), LATER);
    assert.ok(stored && rescanned);
    assert.equal(reportChanged(rescanned, fromServer), true, 'negative control: new timestamps differ');
    const desired = carryOverTimestamps(rescanned, fromServer);
    assert.equal(reportChanged(desired, fromServer), false);
    assert.deepEqual(desired.results[0]?.timestamp, { seconds: NOW.getTime() / 1000, nanos: 0 });
  });

  it('a fixed workload is a change; its remaining results keep their timestamps', async () => {
    const [stored] = build(judge, await objects(), NOW);
    const fixed = [
      await judge.judge(deployment('a', 'ns', false)),
      await judge.judge(deployment('c', 'ns', true)),
    ];
    const [rescanned] = build(judge, fixed, LATER);
    assert.ok(stored && rescanned);
    const desired = carryOverTimestamps(rescanned, stored);
    assert.equal(reportChanged(desired, stored), true);
    assert.deepEqual(
      desired.results.map((r) => [r.resources?.[0]?.name, r.timestamp.seconds]),
      [['c', NOW.getTime() / 1000]],
    );
  });

  it('labels and annotations other controllers add are not a change', async () => {
    const [stored] = build(judge, await objects(), NOW);
    assert.ok(stored);
    const annotated = {
      ...stored,
      metadata: { ...stored.metadata, labels: { ...stored.metadata.labels, team: 'x' } },
    };
    assert.equal(reportChanged(stored, annotated), false);
  });
});
