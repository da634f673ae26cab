import assert from 'node:assert/strict';
import { join } from 'node:path';
import { buildReports } from '../../../src/report/build-reports.js';
import { PolicyReportSchema, type PolicyReport } from '../../../src/report/policy-report.js';
import type { ConfigInput } from '../../../src/config/config-schema.js';
import { crdValidator } from '../../support/crd-validator.js';
import { deployment, manifest, realJudge } from './judge.js';

const CRDS = join(import.meta.dirname, '..', '..', '..', 'manifests', 'crds', 'upstream');
const policyReportCrd = crdValidator(join(CRDS, 'wgpolicyk8s.io_policyreports.yaml'), 'v1alpha2');
const openReportCrd = crdValidator(join(CRDS, 'openreports.io_reports.yaml'), 'v1alpha1');
const NOW = new Date('2026-12-01T00:00:00Z');

async function reportsFor(objects: Record<string, unknown>[], config: ConfigInput = { mode: 'audit' }) {
  const judge = await realJudge(config);
  const judged = await Promise.all(objects.map((o) => judge.judge(o)));
  return buildReports(judged, { rules: judge.rules, config: judge.config, now: NOW });
}

function only(reports: PolicyReport[]): PolicyReport {
  assert.equal(
    reports.length,
    1,
    `expected one report, got ${reports.map((r) => r.metadata.name).join(', ')}`,
  );
  return reports[0] as PolicyReport;
}

describe('report: review outcomes → PolicyReports', () => {
  it('reports runtime findings with profile, maturity, frameworks and the verified patch', async () => {
    const report = only(await reportsFor([manifest('profiles/deployment-web-overprivileged.yaml')]));
    assert.deepEqual(policyReportCrd(report), []);
    PolicyReportSchema.parse(report);
    assert.equal(report.apiVersion, 'wgpolicyk8s.io/v1alpha2');
    assert.equal(report.kind, 'PolicyReport');
    assert.deepEqual(report.metadata, {
      name: 'profilegate',
      namespace: 'shop',
      labels: { 'app.kubernetes.io/managed-by': 'profilegate' },
    });
    const caps = report.results.find((r) => r.policy === 'runtime-unused-capabilities');
    assert.ok(caps, 'runtime-unused-capabilities is reported');
    assert.equal(caps.result, 'fail');
    assert.equal(caps.severity, 'high');
    assert.equal(caps.category, 'Runtime evidence');
    assert.equal(
      caps.message,
      'container "web" requests NET_ADMIN, SYS_TIME, never used across 14 pods over 6d (profile deployment-web, complete)',
    );
    assert.deepEqual(caps.resources, [
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' },
    ]);
    assert.deepEqual(caps.timestamp, { seconds: NOW.getTime() / 1000, nanos: 0 });
    const { patch, ...properties } = caps.properties;
    assert.deepEqual(properties, {
      mode: 'audit',
      evidence: 'runtime',
      profile: 'deployment-web',
      maturity: 'complete',
      containers: 'web',
      field: 'spec.template.spec.containers[*].securityContext.capabilities.add',
      pss: 'baseline/capabilities',
      cis: '5.2.8,5.2.9',
      nsa: 'Pod security: non-root and unprivileged containers',
      mitre: 'T1611,T1068',
    });
    assert.deepEqual(JSON.parse(patch ?? '[]'), [
      {
        op: 'add',
        path: '/spec/template/spec/containers/0/securityContext/capabilities',
        value: { drop: ['ALL'], add: ['CHOWN', 'NET_BIND_SERVICE', 'SETGID', 'SETUID'] },
      },
    ]);
    const privileged = report.results.find((r) => r.policy === 'pss-privileged');
    assert.equal(privileged?.severity, 'critical');
    assert.equal(privileged.properties.evidence, 'static');
    assert.equal(privileged.properties.profile, undefined, 'static evidence names no profile');
    assert.equal(report.summary.fail + report.summary.warn, report.results.length);
  });

  it('marks findings that only ever warn (exposure rules, runtime ones short of evidence) as warn, the rest as fail', async () => {
    const report = only(await reportsFor([manifest('profiles/deployment-web-overprivileged.yaml')]));
    const byResult = (value: string) =>
      [...new Set(report.results.filter((r) => r.result === value).map((r) => r.category))].sort();
    assert.deepEqual(byResult('warn'), ['Exposure', 'Runtime evidence']);
    // The recorder does not record host namespace use, so hostPID=true is never enforced away.
    assert.deepEqual(
      report.results
        .filter((r) => r.result === 'warn' && r.category === 'Runtime evidence')
        .map((r) => r.policy),
      ['runtime-unused-host-namespaces'],
    );
    assert.ok(byResult('fail').includes('Pod Security Standards (Baseline)'));
  });

  it('counts clean workloads as pass; fixing a workload clears its results', async () => {
    const before = only(
      await reportsFor([deployment('api', 'team-a', true), deployment('db', 'team-a', false)]),
    );
    assert.deepEqual(
      before.results.map((r) => [r.policy, r.resources?.[0]?.name]),
      [['pss-privileged', 'api']],
    );
    assert.deepEqual(before.summary, { pass: 1, fail: 1, warn: 0, error: 0, skip: 0 });
    const after = only(
      await reportsFor([deployment('api', 'team-a', false), deployment('db', 'team-a', false)]),
    );
    assert.deepEqual(after.results, []);
    assert.deepEqual(after.summary, { pass: 2, fail: 0, warn: 0, error: 0, skip: 0 });
  });

  it('gives one report per namespace, exempt namespaces counted as skip, non-workloads left out', async () => {
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'a' } };
    const reports = await reportsFor(
      [
        deployment('x', 'b', true),
        deployment('y', 'a', true),
        configMap,
        deployment('z', 'kube-system', true),
      ],
      { mode: 'audit' },
    );
    assert.deepEqual(
      reports.map((r) => [r.metadata.namespace, r.summary.fail, r.summary.skip]),
      [
        ['a', 1, 0],
        ['b', 1, 0],
        ['kube-system', 0, 1],
      ],
    );
  });

  it('reports an object that could not be read as an error result', async () => {
    const broken = deployment('broken', 'team-a', false);
    (broken.spec as { template: unknown }).template = 'not an object';
    const report = only(await reportsFor([broken]));
    assert.equal(report.summary.error, 1);
    assert.equal(report.results[0]?.result, 'error');
    assert.match(report.results[0].message, /^profilegate cannot read Deployment team-a\/broken: /);
    assert.deepEqual(policyReportCrd(report), []);
  });

  it('per workload: one report each, named after the workload, the subject in scope', async () => {
    const reports = await reportsFor([deployment('api', 'team-a', true), deployment('db', 'team-a', false)], {
      mode: 'audit',
      reports: { scope: 'workload' },
    });
    assert.deepEqual(
      reports.map((r) => [r.metadata.name, r.scope?.name, r.summary.fail, r.summary.pass]),
      [
        ['profilegate-deployment-api', 'api', 1, 0],
        ['profilegate-deployment-db', 'db', 0, 1],
      ],
    );
    assert.equal(reports[0]?.results[0]?.resources, undefined, 'the scope names the subject once');
    for (const r of reports) assert.deepEqual(policyReportCrd(r), []);
  });

  it('writes openreports.io/v1alpha1 Reports when configured', async () => {
    const report = only(
      await reportsFor([deployment('api', 'team-a', true)], {
        mode: 'audit',
        reports: { format: 'openreports.io/v1alpha1' },
      }),
    );
    assert.equal(report.apiVersion, 'openreports.io/v1alpha1');
    assert.equal(report.kind, 'Report');
    assert.equal(report.source, 'profilegate');
    assert.deepEqual(openReportCrd(report), []);
    PolicyReportSchema.parse(report);
  });

  it('the CRD check can fail: a result with an undeclared field or a bad result value', () => {
    const bad = {
      apiVersion: 'wgpolicyk8s.io/v1alpha2',
      kind: 'PolicyReport',
      metadata: { name: 'x', namespace: 'y' },
      results: [{ policy: 'p', result: 'failed', evidence: 'runtime' }],
    };
    const problems = policyReportCrd(bad);
    assert.ok(
      problems.some((p) => p.startsWith('/results/0/result must be equal to one of the allowed values')),
    );
    assert.ok(problems.some((p) => p.includes('"additionalProperty":"evidence"')));
  });

  it('rejects a report whose kind does not match its scope', () => {
    const result = PolicyReportSchema.safeParse({
      apiVersion: 'wgpolicyk8s.io/v1alpha2',
      kind: 'ClusterPolicyReport',
      metadata: { name: 'profilegate', namespace: 'a', labels: {} },
      summary: { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 },
      results: [],
    });
    assert.equal(result.success, false);
    assert.equal(
      result.error.issues[0]?.message,
      'must be PolicyReport for a namespaced wgpolicyk8s.io/v1alpha2 report',
    );
  });
});
