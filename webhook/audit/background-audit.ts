/**
 * The background audit's core: workloads leave the scan queue at the queue's rate, each is judged
 * by the same review admission runs (`judge`, src/review), and every namespace touched is rebuilt
 * through src/report and written only when what ProfileGate owns in it changed. Only the Lease
 * holder works; a replica that loses the Lease stops between two objects and writes nothing more.
 * The shell feeds it: informer events call `enqueue`, a WorkloadProfile change or a bundle reload
 * calls `enqueueAll`.
 */
import type { ReviewOutcome } from '../../src/review/review-request.js';
import { buildReports, NAMESPACE_REPORT_NAME, type JudgedObject } from '../../src/report/build-reports.js';
import { carryOverTimestamps, reportChanged } from '../../src/report/report-changes.js';
import type { ObjectReference, PolicyReport } from '../../src/report/policy-report.js';
import type { RuleFacts } from '../../src/report/rule-facts.js';
import type { Config } from '../../src/config/config-schema.js';
import type { ScanQueue } from './scan-queue.js';

export interface Workload {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string; uid?: string };
}

/** The informers' caches: every judged kind, by key. */
export interface WorkloadCache {
  get(key: string): Workload | undefined;
  keys(): Iterable<string>;
}

/** Reports as the API server holds them. */
export interface ReportStore {
  get(
    namespace: string,
    name: string,
  ): Promise<(PolicyReport & { metadata: { resourceVersion?: string } }) | undefined>;
  create(report: PolicyReport): Promise<void>;
  /** Optimistic: rejects when resourceVersion is no longer current. */
  replace(report: PolicyReport, resourceVersion: string | undefined): Promise<void>;
  remove(namespace: string, name: string): Promise<void>;
}

export interface AuditMetrics {
  judged(count: number): void;
  reportWrite(outcome: 'created' | 'updated' | 'deleted' | 'unchanged' | 'failed'): void;
  scanSeconds(seconds: number): void;
}

export interface BackgroundAuditDeps {
  cache: WorkloadCache;
  queue: ScanQueue;
  judge(workload: Workload): Promise<ReviewOutcome>;
  reports: ReportStore;
  isLeader(): boolean;
  /** Rule METADATA of the bundle in use (it changes with the bundle). */
  rules: () => readonly RuleFacts[];
  config: () => Config;
  metrics: AuditMetrics;
  now: () => Date;
  onError(error: unknown, what: string): void;
}

export function workloadKey(w: Pick<Workload, 'kind' | 'metadata'>): string {
  return `${w.metadata.namespace}/${w.kind}/${w.metadata.name}`;
}

export class BackgroundAudit {
  /** The latest judgement of every workload, by namespace then key. */
  private readonly judged = new Map<string, Map<string, JudgedObject>>();
  /**
   * Namespaces judged since their report was last written. One is written only once none of its
   * keys waits in the queue, so a scan (at start, after a takeover or a bundle reload) never
   * writes a report of the part it has judged so far.
   */
  private readonly dirty = new Set<string>();

  constructor(private readonly deps: BackgroundAuditDeps) {}

  enqueue(key: string): void {
    this.deps.queue.add(key);
  }

  /** Start, a WorkloadProfile change, a bundle reload: every workload is judged again. */
  enqueueAll(): void {
    for (const key of this.deps.cache.keys()) this.deps.queue.add(key);
  }

  /** One step: judge what the rate allows now, then write the namespaces fully judged. */
  async step(): Promise<void> {
    if (!this.deps.isLeader()) return;
    const started = this.deps.now();
    const keys = this.deps.queue.take(started.getTime());
    if (keys.length === 0) return;
    let count = 0;
    for (const key of keys) {
      if (!this.deps.isLeader()) return;
      const namespace = key.slice(0, key.indexOf('/'));
      this.dirty.add(namespace);
      const workload = this.deps.cache.get(key);
      const entries = this.namespaceEntries(namespace);
      if (workload === undefined) {
        entries.delete(key);
        continue;
      }
      try {
        const outcome = await this.deps.judge(workload);
        count += 1;
        // An exempt namespace, or a kind ProfileGate does not judge: nothing to report.
        if (outcome.decision === 'exempt' || outcome.decision === 'skip') entries.delete(key);
        else entries.set(key, { subject: subjectOf(workload), outcome: slim(outcome) });
      } catch (error) {
        this.deps.onError(error, `judging ${key}`);
      }
    }
    this.deps.metrics.judged(count);
    for (const namespace of [...this.dirty].sort()) {
      if (!this.deps.isLeader()) return;
      if (this.deps.queue.pendingIn(namespace) > 0) continue;
      this.dirty.delete(namespace);
      await this.write(namespace);
    }
    this.deps.metrics.scanSeconds((this.deps.now().getTime() - started.getTime()) / 1000);
  }

  private namespaceEntries(namespace: string): Map<string, JudgedObject> {
    let entries = this.judged.get(namespace);
    if (entries === undefined) {
      entries = new Map();
      this.judged.set(namespace, entries);
    }
    return entries;
  }

  private async remove(namespace: string): Promise<void> {
    this.judged.delete(namespace);
    try {
      if ((await this.deps.reports.get(namespace, NAMESPACE_REPORT_NAME)) === undefined) return;
      await this.deps.reports.remove(namespace, NAMESPACE_REPORT_NAME);
      this.deps.metrics.reportWrite('deleted');
    } catch (error) {
      this.deps.metrics.reportWrite('failed');
      this.deps.onError(error, `deleting report ${namespace}/${NAMESPACE_REPORT_NAME}`);
    }
  }

  private async write(namespace: string): Promise<void> {
    const entries = [...(this.judged.get(namespace)?.values() ?? [])];
    const config = this.deps.config();
    const built = buildReports(entries, { rules: this.deps.rules(), config, now: this.deps.now() });
    if (entries.length === 0) {
      // the namespace's last workload is gone: so is its report (per-workload reports: remaining)
      await this.remove(namespace);
      return;
    }
    for (const desired of built) {
      const name = desired.metadata.name;
      try {
        const existing = await this.deps.reports.get(namespace, name);
        const report = carryOverTimestamps(desired, existing);
        if (existing === undefined) {
          await this.deps.reports.create(report);
          this.deps.metrics.reportWrite('created');
        } else if (reportChanged(report, existing)) {
          await this.deps.reports.replace(report, existing.metadata.resourceVersion);
          this.deps.metrics.reportWrite('updated');
        } else {
          this.deps.metrics.reportWrite('unchanged');
        }
      } catch (error) {
        this.deps.metrics.reportWrite('failed');
        this.deps.onError(error, `writing report ${namespace}/${name}`);
        // judged again later, so a lost write race or a full etcd is retried
        for (const key of this.judged.get(namespace)?.keys() ?? []) this.deps.queue.add(key);
        return;
      }
    }
  }
}

/** What reports read of an outcome, without the patched object and the encoded patch (memory). */
function slim(outcome: ReviewOutcome): ReviewOutcome {
  const response = { ...outcome.response };
  delete response.patch;
  delete response.patchType;
  return {
    response,
    decision: outcome.decision,
    mode: outcome.mode,
    violations: outcome.violations,
    ...(outcome.exempted !== undefined ? { exempted: outcome.exempted } : {}),
    ...(outcome.profile !== undefined ? { profile: outcome.profile } : {}),
    ...(outcome.dropped !== undefined ? { dropped: outcome.dropped } : {}),
  };
}

function subjectOf(w: Workload): ObjectReference {
  return {
    apiVersion: w.apiVersion,
    kind: w.kind,
    name: w.metadata.name,
    namespace: w.metadata.namespace,
    ...(w.metadata.uid !== undefined ? { uid: w.metadata.uid } : {}),
  };
}
