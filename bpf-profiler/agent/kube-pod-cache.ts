/**
 * An informer cache of the pods on this node (list + watch with `spec.nodeName=<node>`), indexed
 * by uid and slimmed to what the agent reads (name, namespace, owner references, container ids),
 * so a node with 110 pods costs kilobytes. A watch that ends is resumed from the last
 * resourceVersion; a 410 Gone (or any failure) relists.
 */
import type { KubeClient, Watch } from './kube-client.js';
import type { PodSource } from './node-agent.js';
import type { PodInfo } from './workload-resolver.js';

interface RawPod {
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    ownerReferences?: {
      apiVersion?: string;
      kind: string;
      name: string;
      uid?: string;
      controller?: boolean;
    }[];
  };
  spec?: { nodeName?: string };
  status?: PodInfo['status'];
}

interface PodList {
  metadata?: { resourceVersion?: string };
  items?: RawPod[];
}

type Status = { name: string; containerID?: string; imageID?: string };

function slimStatuses(statuses: Status[] | undefined): Status[] | undefined {
  return statuses?.map((s) => ({
    name: s.name,
    ...(s.containerID === undefined ? {} : { containerID: s.containerID }),
    ...(s.imageID === undefined ? {} : { imageID: s.imageID }),
  }));
}

function slim(pod: RawPod): PodInfo {
  const m = pod.metadata ?? {};
  const containerStatuses = slimStatuses(pod.status?.containerStatuses);
  const initContainerStatuses = slimStatuses(pod.status?.initContainerStatuses);
  return {
    metadata: {
      ...(m.name === undefined ? {} : { name: m.name }),
      ...(m.namespace === undefined ? {} : { namespace: m.namespace }),
      ...(m.uid === undefined ? {} : { uid: m.uid }),
      ...(m.ownerReferences === undefined
        ? {}
        : {
            ownerReferences: m.ownerReferences.map((r) => ({
              kind: r.kind,
              name: r.name,
              ...(r.controller === undefined ? {} : { controller: r.controller }),
            })),
          }),
    },
    status: {
      ...(containerStatuses === undefined ? {} : { containerStatuses }),
      ...(initContainerStatuses === undefined ? {} : { initContainerStatuses }),
    },
  };
}

export interface PodCacheLogger {
  warn(message: string, error: unknown): void;
}

export class KubePodCache implements PodSource {
  private readonly pods = new Map<string, PodInfo>();
  private resourceVersion = '';
  private watch: Watch | undefined;
  private stopped = false;
  private syncedResolve: () => void = () => undefined;
  /** Resolves after the first complete list. */
  readonly synced = new Promise<void>((resolve) => (this.syncedResolve = resolve));

  constructor(
    private readonly client: KubeClient,
    private readonly node: string,
    private readonly logger: PodCacheLogger,
    private readonly retryMs = 2000,
  ) {}

  get size(): number {
    return this.pods.size;
  }

  start(): void {
    void this.run();
  }

  stop(): void {
    this.stopped = true;
    this.watch?.abort();
  }

  async podByUid(uid: string): Promise<PodInfo | undefined> {
    await this.synced;
    return this.pods.get(uid);
  }

  private isStopped(): boolean {
    return this.stopped;
  }

  private selector(): string {
    return `fieldSelector=${encodeURIComponent(`spec.nodeName=${this.node}`)}`;
  }

  private async run(): Promise<void> {
    let relist = true;
    while (!this.stopped) {
      try {
        if (relist) await this.list();
        relist = false;
        this.watch = this.client.watch(
          `/api/v1/pods?watch=true&allowWatchBookmarks=true&${this.selector()}` +
            `&resourceVersion=${this.resourceVersion}&timeoutSeconds=300`,
          (event) => {
            if (event.type === 'ERROR') {
              relist = true; // 410 Gone: our resourceVersion is too old
              this.watch?.abort();
              return;
            }
            this.apply(event.type, event.object as RawPod);
          },
        );
        await this.watch.done;
      } catch (error) {
        if (this.isStopped()) return;
        this.logger.warn('pod list/watch failed; retrying', error);
        relist = true;
        await new Promise((r) => setTimeout(r, this.retryMs));
      }
    }
  }

  private async list(): Promise<void> {
    const list = (await this.client.get(`/api/v1/pods?${this.selector()}`)) as PodList | undefined;
    this.pods.clear();
    for (const pod of list?.items ?? []) this.apply('ADDED', pod);
    this.resourceVersion = list?.metadata?.resourceVersion ?? '';
    this.syncedResolve();
  }

  private apply(type: string, pod: RawPod): void {
    const rv = pod.metadata?.resourceVersion;
    if (rv !== undefined) this.resourceVersion = rv;
    const uid = pod.metadata?.uid;
    if (type === 'BOOKMARK' || uid === undefined) return;
    if (type === 'DELETED') this.pods.delete(uid);
    else this.pods.set(uid, slim(pod));
  }
}
