/**
 * The background audit in the webhook process (reports.background): informers over every judged
 * kind feed the scan queue; the replica holding the Lease judges the queue at its rate with the
 * same review admission runs (/mutate, so reports carry the verified patches) and writes the
 * reports. Every replica keeps its informers warm, so a new leader starts at once with a full
 * rescan. A bundle reload rescans everything, a WorkloadProfile change the workload it describes.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import type { Config } from '../../src/config/config-schema.js';
import type { RuleFacts } from '../../src/report/rule-facts.js';
import type { ReviewDependencies } from '../../src/review/review-dependencies.js';
import { reviewRequest } from '../../src/review/review-request.js';
import { requestForObject } from '../../src/review/request-for-object.js';
import { readRuleMetadataFile } from '../../src/cli/build/rule-metadata.js';
import type { InformerHealth } from '../informer/informer-health.js';
import type { InformerOptions } from '../informer/restarting-informer.js';
import type { Logger } from '../logger.js';
import type { WebhookMetrics } from '../metrics.js';
import { BackgroundAudit, type Workload } from './background-audit.js';
import { LeaseElector } from './lease-elector.js';
import { leaseApi } from './lease-api.js';
import { reportStore } from './report-store.js';
import { ScanQueue } from './scan-queue.js';
import { WorkloadIndex, workloadInformers } from './workload-informers.js';

/** Who the made-up requests of the background audit name (logs, never an authorization). */
const AUDIT_USER = 'profilegate:background-audit';
/** How often an idle audit looks for a bundle reload. */
const IDLE_MS = 1000;

export interface BackgroundAuditOptions {
  config: Config;
  kubeConfig: KubeConfig;
  deps: ReviewDependencies;
  logger: Logger;
  metrics: WebhookMetrics;
  informerOptions: Omit<InformerOptions, 'name'>;
  /** The revision of the bundle in use; a change rescans everything. */
  bundleRevision: () => string | undefined;
  /** Subscribes to WorkloadProfile changes (workload keys), when profiles come from the cluster. */
  onProfileChange?: (listener: (key: string) => void) => void;
  /** Hears the namespace of each PolicyException that changes: its workloads are judged again. */
  onExceptionChange?: (listener: (namespace: string) => void) => void;
}

export interface RunningBackgroundAudit {
  informers(): InformerHealth[];
  isLeader(): boolean;
  stop(): Promise<void>;
}

export async function startBackgroundAudit(options: BackgroundAuditOptions): Promise<RunningBackgroundAudit> {
  const { config, kubeConfig, deps, logger, metrics } = options;
  const settings = config.reports.background;
  const identity = settings.identity ?? hostname();
  const queue = new ScanQueue(settings.perSecond, Date.now());
  const index = new WorkloadIndex((key) => queue.add(key));
  const informers = workloadInformers(kubeConfig, index, options.informerOptions);
  const elector = new LeaseElector(leaseApi(kubeConfig, settings.leaseNamespace, settings.leaseName), {
    name: settings.leaseName,
    namespace: settings.leaseNamespace,
    identity,
    leaseDurationSeconds: settings.leaseDurationSeconds,
  });

  let rules: readonly RuleFacts[] = [];
  const metadataFile = join(dirname(config.bundle.path), 'metadata.json');
  const loadRules = async (): Promise<void> => {
    try {
      rules = await readRuleMetadataFile(metadataFile);
    } catch (error) {
      logger.warn(
        { err: error, metadataFile },
        'rule metadata unreadable; reports carry no framework references',
      );
    }
  };

  const audit = new BackgroundAudit({
    cache: index,
    queue,
    judge: (workload: Workload) =>
      reviewRequest(
        requestForObject(workload as unknown as Record<string, unknown>, {
          uid: randomUUID(),
          namespace: workload.metadata.namespace,
          username: AUDIT_USER,
        }),
        'mutate',
        deps,
      ),
    reports: reportStore(kubeConfig, config.reports.format),
    isLeader: () => elector.isLeader,
    rules: () => rules,
    config: () => config,
    metrics: {
      judged: (count) => metrics.audit.judged.inc(count),
      reportWrite: (outcome) => metrics.audit.reportWrites.inc({ outcome }),
      scanSeconds: (seconds) => metrics.audit.scanSeconds.observe(seconds),
    },
    now: () => new Date(),
    onError: (error, what) => logger.warn({ err: error, what }, 'background audit step failed'),
  });

  options.onProfileChange?.((key) => {
    // A profile without a namespace answers in every namespace (ProfileIndex).
    if (!key.startsWith('/')) audit.enqueue(key);
    else for (const k of index.keys()) if (k.endsWith(key)) audit.enqueue(k);
  });

  options.onExceptionChange?.((namespace) => {
    for (const k of index.keys()) if (k.startsWith(`${namespace}/`)) audit.enqueue(k);
  });

  await loadRules();
  await Promise.all(informers.map((i) => i.start()));
  logger.info({ objects: index.size, identity, lease: settings.leaseName }, 'background audit watching');

  let stopped = false;
  let revision = options.bundleRevision();
  let electionTimer: NodeJS.Timeout | undefined;
  let stepTimer: NodeJS.Timeout | undefined;

  const elect = async (): Promise<void> => {
    const was = elector.isLeader;
    const leading = await elector.tryAcquireOrRenew();
    metrics.audit.leader.set(leading ? 1 : 0);
    if (leading && !was) {
      logger.info(
        { identity, objects: index.size },
        'background audit: holding the Lease, judging every object',
      );
      audit.enqueueAll();
    } else if (!leading && was) {
      logger.warn({ identity }, 'background audit: lost the Lease; another replica writes the reports');
    }
    if (!stopped) electionTimer = setTimeout(() => void elect(), (settings.leaseDurationSeconds * 1000) / 3);
  };

  const step = async (): Promise<void> => {
    const current = options.bundleRevision();
    if (current !== revision) {
      revision = current;
      await loadRules();
      logger.info({ revision }, 'background audit: policy bundle changed, judging every object again');
      audit.enqueueAll();
    }
    try {
      await audit.step();
    } catch (error) {
      logger.warn({ err: error }, 'background audit step failed');
    }
    metrics.audit.queued.set(queue.size);
    const wait = elector.isLeader ? (queue.waitMs(Date.now()) ?? IDLE_MS) : IDLE_MS;
    if (!stopped) stepTimer = setTimeout(() => void step(), Math.max(wait, 10));
  };

  await elect();
  void step();

  return {
    informers: () => informers.map((i) => i.status()),
    isLeader: () => elector.isLeader,
    async stop() {
      stopped = true;
      clearTimeout(electionTimer);
      clearTimeout(stepTimer);
      metrics.audit.leader.set(0);
      await Promise.all(informers.map((i) => i.stop()));
    },
  };
}
