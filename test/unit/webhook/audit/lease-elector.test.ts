import { strict as assert } from 'node:assert';
import { LeaseElector, type Lease, type LeaseApi } from '../../../../webhook/audit/lease-elector.js';

/** An API server's view of one Lease: optimistic concurrency on resourceVersion, 409 on conflict. */
class FakeLeases implements LeaseApi {
  lease: Lease | undefined;
  version = 0;
  failNext: Error | undefined;
  writes = 0;
  get(): Promise<Lease | undefined> {
    return this.fail() ?? Promise.resolve(this.lease && structuredClone(this.lease));
  }
  create(lease: Lease): Promise<Lease> {
    if (this.lease) return Promise.reject(new Error('409 AlreadyExists'));
    return this.store(lease);
  }
  replace(lease: Lease): Promise<Lease> {
    if (lease.metadata.resourceVersion !== this.lease?.metadata.resourceVersion) {
      return Promise.reject(new Error('409 Conflict'));
    }
    return this.fail() ?? this.store(lease);
  }
  private store(lease: Lease): Promise<Lease> {
    this.writes += 1;
    this.version += 1;
    this.lease = { ...lease, metadata: { ...lease.metadata, resourceVersion: String(this.version) } };
    return Promise.resolve(structuredClone(this.lease));
  }
  private fail(): Promise<never> | undefined {
    const error = this.failNext;
    this.failNext = undefined;
    return error && Promise.reject(error);
  }
}

function stored(api: FakeLeases): Lease & { spec: NonNullable<Lease['spec']> } {
  const lease = api.lease;
  assert.ok(lease?.spec, 'no Lease stored');
  return { ...lease, spec: lease.spec };
}

describe('LeaseElector', () => {
  let clock: number;
  const now = () => new Date(clock);
  const elector = (api: LeaseApi, identity: string) =>
    new LeaseElector(api, {
      name: 'profilegate-audit',
      namespace: 'pg',
      identity,
      leaseDurationSeconds: 15,
      now,
    });

  beforeEach(() => {
    clock = Date.parse('2026-12-02T12:00:00Z');
  });

  it('creates a missing Lease and holds it', async () => {
    const api = new FakeLeases();
    assert.equal(await elector(api, 'pod-a').tryAcquireOrRenew(), true);
    assert.deepEqual(stored(api).spec, {
      holderIdentity: 'pod-a',
      leaseDurationSeconds: 15,
      acquireTime: '2026-12-02T12:00:00.000Z',
      renewTime: '2026-12-02T12:00:00.000Z',
      leaseTransitions: 0,
    });
  });

  it('two replicas: exactly one leads while the holder renews', async () => {
    const api = new FakeLeases();
    const a = elector(api, 'pod-a');
    const b = elector(api, 'pod-b');
    for (let round = 0; round < 10; round += 1) {
      const results = [await a.tryAcquireOrRenew(), await b.tryAcquireOrRenew()];
      assert.deepEqual(results, [true, false], `round ${round}`);
      clock += 5000;
    }
    assert.equal(stored(api).spec.holderIdentity, 'pod-a');
    assert.equal(stored(api).spec.acquireTime, '2026-12-02T12:00:00.000Z');
  });

  it('takes over only after the holder stopped renewing for the lease duration, on its own clock', async () => {
    const api = new FakeLeases();
    const a = elector(api, 'pod-a');
    const b = elector(api, 'pod-b');
    assert.equal(await a.tryAcquireOrRenew(), true);
    assert.equal(await b.tryAcquireOrRenew(), false);
    clock += 14_000; // a is gone; 14 s is within its 15 s lease
    assert.equal(await b.tryAcquireOrRenew(), false);
    clock += 1000;
    assert.equal(await b.tryAcquireOrRenew(), true);
    assert.equal(stored(api).spec.holderIdentity, 'pod-b');
    assert.equal(stored(api).spec.leaseTransitions, 1);
    assert.equal(await a.tryAcquireOrRenew(), false, 'the old holder sees the new one and stands down');
  });

  it('does not trust a renewTime from a skewed clock: expiry counts from when the record was seen', async () => {
    const api = new FakeLeases();
    await elector(api, 'pod-a').tryAcquireOrRenew();
    const lease = stored(api);
    api.lease = { ...lease, spec: { ...lease.spec, renewTime: '2020-01-01T00:00:00.000Z' } };
    const b = elector(api, 'pod-b');
    assert.equal(await b.tryAcquireOrRenew(), false);
  });

  it('a replica that loses a write race does not lead', async () => {
    const api = new FakeLeases();
    const a = elector(api, 'pod-a');
    await a.tryAcquireOrRenew();
    clock += 15_000;
    const b = elector(api, 'pod-b');
    const c = elector(api, 'pod-c');
    assert.equal(await b.tryAcquireOrRenew(), false); // first sight: the record starts its clock
    assert.equal(await c.tryAcquireOrRenew(), false);
    clock += 15_000;
    const original = api.replace.bind(api);
    // c writes between b's read and b's write, so b's resourceVersion is stale
    api.replace = async (lease) => {
      api.replace = original;
      await c.tryAcquireOrRenew();
      return original(lease);
    };
    assert.equal(await b.tryAcquireOrRenew(), false);
    assert.equal(c.isLeader, true);
    assert.equal(stored(api).spec.holderIdentity, 'pod-c');
  });

  it('a failed renewal drops leadership at once (negative control: the next good round regains it)', async () => {
    const api = new FakeLeases();
    const a = elector(api, 'pod-a');
    assert.equal(await a.tryAcquireOrRenew(), true);
    api.failNext = new Error('503 etcdserver: leader changed');
    assert.equal(await a.tryAcquireOrRenew(), false);
    assert.equal(a.isLeader, false);
    assert.equal(await a.tryAcquireOrRenew(), true);
  });
});
