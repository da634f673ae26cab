/**
 * The background audit's view of the cluster: one informer per judged kind (every workload kind
 * and Services), into one cache keyed namespace/kind/name. A change that matters to a verdict
 * (spec, labels, annotations) queues the key; status-only updates, which controllers write all
 * the time, do not. Pods, ReplicaSets and Jobs that a controller owns are left out: their owner
 * (Deployment, StatefulSet, DaemonSet, CronJob, ...) is judged for the same pod template, and a
 * finding is reported once, on the object a user edits.
 */
import { Watch, type KubeConfig } from '@kubernetes/client-node';
import { JUDGED_RESOURCES, ownedByController, type JudgedResource } from '../../src/kube/judged-resources.js';
import {
  RestartingInformer,
  type InformerOptions,
  type InformerSink,
} from '../informer/restarting-informer.js';
import type { Workload, WorkloadCache } from './background-audit.js';
import { workloadKey } from './background-audit.js';
import { listJson } from '../../src/kube/list-json.js';

export interface StoredWorkload extends Workload {
  metadata: Workload['metadata'] & {
    resourceVersion?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: { controller?: boolean; kind?: string }[];
  };
  spec?: unknown;
}

/** What a verdict reads: a change elsewhere (status, managedFields) is not worth a new judgement. */
function verdictInput(w: StoredWorkload): string {
  return JSON.stringify([w.spec, w.metadata.labels, w.metadata.annotations]);
}

/** Every judged object by key, for the audit; `onChange` hears which keys to judge again. */
export class WorkloadIndex implements WorkloadCache {
  private readonly objects = new Map<string, StoredWorkload>();
  private readonly seen = new Map<string, string>();

  constructor(private readonly onChange: (key: string) => void) {}

  get(key: string): Workload | undefined {
    return this.objects.get(key);
  }

  keys(): Iterable<string> {
    return this.objects.keys();
  }

  get size(): number {
    return this.objects.size;
  }

  /** The sink of one kind's informer. */
  sinkFor(resource: JudgedResource): InformerSink<StoredWorkload> {
    const stamp = (w: StoredWorkload): StoredWorkload => ({
      ...w,
      apiVersion: resource.apiVersion,
      kind: resource.kind,
    });
    return {
      replace: (objects) => {
        const listed = new Set<string>();
        for (const object of objects) {
          const w = stamp(object);
          if (ownedByController(w)) continue;
          listed.add(workloadKey(w));
          this.put(w);
        }
        for (const key of [...this.objects.keys()]) {
          if (this.objects.get(key)?.kind === resource.kind && !listed.has(key)) this.drop(key);
        }
      },
      upsert: (object) => {
        const w = stamp(object);
        if (!ownedByController(w)) this.put(w);
      },
      remove: (object) => this.drop(workloadKey(stamp(object))),
    };
  }

  private put(w: StoredWorkload): void {
    const key = workloadKey(w);
    this.objects.set(key, w);
    const input = verdictInput(w);
    if (this.seen.get(key) === input) return;
    this.seen.set(key, input);
    this.onChange(key);
  }

  private drop(key: string): void {
    if (!this.objects.delete(key)) return;
    this.seen.delete(key);
    this.onChange(key);
  }
}

export function workloadInformers(
  kubeConfig: KubeConfig,
  index: WorkloadIndex,
  options: Omit<InformerOptions, 'name'>,
): RestartingInformer<StoredWorkload>[] {
  const watch = new Watch(kubeConfig);
  return JUDGED_RESOURCES.map(
    (resource) =>
      new RestartingInformer<StoredWorkload>(
        { path: resource.path, list: () => listJson<StoredWorkload>(kubeConfig, resource.path) },
        watch,
        index.sinkFor(resource),
        { ...options, name: `audit-${resource.kind.toLowerCase()}s` },
      ),
  );
}
