/**
 * One writer among the webhook's replicas: a coordination.k8s.io/v1 Lease held by the replica
 * that runs the background audit. @kubernetes/client-node 1.4 ships no leader-election helper
 * (client-go's leaderelection has no JavaScript port), so this is the small loop client-go runs:
 * create the Lease if it is missing, renew it while we hold it, take it over only when its holder
 * has not renewed it for leaseDurationSeconds. Expiry is measured on our own clock from the moment
 * we last saw the record change (client-go's observedTime), never from the holder's renewTime, so
 * clock skew between nodes cannot hand the Lease to two replicas. A failed or conflicting write
 * drops leadership at once: not writing is always safe, two writers are not.
 */

/** The Lease fields the election reads and writes. */
export interface Lease {
  metadata: { name: string; namespace?: string; resourceVersion?: string };
  spec?: {
    holderIdentity?: string;
    leaseDurationSeconds?: number;
    acquireTime?: string;
    renewTime?: string;
    leaseTransitions?: number;
  };
}

/** The three calls the election makes; `get` resolves undefined for a missing Lease. */
export interface LeaseApi {
  get(): Promise<Lease | undefined>;
  /** Rejects when the Lease already exists (409). */
  create(lease: Lease): Promise<Lease>;
  /** Rejects when `lease.metadata.resourceVersion` is no longer current (409). */
  replace(lease: Lease): Promise<Lease>;
}

export interface ElectorOptions {
  name: string;
  namespace: string;
  /** This replica's identity (its pod name). */
  identity: string;
  leaseDurationSeconds: number;
  now?: () => Date;
}

export class LeaseElector {
  private observed: string | undefined;
  private observedAt = 0;
  private leading = false;
  private readonly now: () => Date;

  constructor(
    private readonly api: LeaseApi,
    private readonly options: ElectorOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  get isLeader(): boolean {
    return this.leading;
  }

  /** One round: acquire or renew. Resolves whether this replica holds the Lease now. */
  async tryAcquireOrRenew(): Promise<boolean> {
    try {
      this.leading = await this.round();
    } catch {
      this.leading = false;
    }
    return this.leading;
  }

  private async round(): Promise<boolean> {
    const now = this.now();
    const current = await this.api.get();
    if (current === undefined) {
      await this.api.create(this.record(undefined, now));
      return true;
    }
    const spec = current.spec ?? {};
    const record = `${spec.holderIdentity ?? ''}/${spec.renewTime ?? ''}/${spec.leaseTransitions ?? 0}`;
    if (record !== this.observed) {
      this.observed = record;
      this.observedAt = now.getTime();
    }
    const held = spec.holderIdentity !== undefined && spec.holderIdentity !== '';
    const mine = spec.holderIdentity === this.options.identity;
    const durationMs = (spec.leaseDurationSeconds ?? this.options.leaseDurationSeconds) * 1000;
    const expired = now.getTime() - this.observedAt >= durationMs;
    if (held && !mine && !expired) return false;
    const written = await this.api.replace(this.record(current, now));
    const w = written.spec ?? {};
    this.observed = `${w.holderIdentity ?? ''}/${w.renewTime ?? ''}/${w.leaseTransitions ?? 0}`;
    this.observedAt = now.getTime();
    return true;
  }

  private record(current: Lease | undefined, now: Date): Lease {
    const time = now.toISOString();
    const spec = current?.spec ?? {};
    const mine = spec.holderIdentity === this.options.identity;
    return {
      metadata: {
        name: this.options.name,
        namespace: this.options.namespace,
        ...(current?.metadata.resourceVersion !== undefined
          ? { resourceVersion: current.metadata.resourceVersion }
          : {}),
      },
      spec: {
        holderIdentity: this.options.identity,
        leaseDurationSeconds: this.options.leaseDurationSeconds,
        acquireTime: mine && spec.acquireTime !== undefined ? spec.acquireTime : time,
        renewTime: time,
        leaseTransitions: current === undefined ? 0 : (spec.leaseTransitions ?? 0) + (mine ? 0 : 1),
      },
    };
  }
}
