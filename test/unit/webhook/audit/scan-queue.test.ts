import { strict as assert } from 'node:assert';
import { ScanQueue } from '../../../../webhook/audit/scan-queue.js';

describe('ScanQueue', () => {
  it('judges a key queued twice once, oldest first', () => {
    const q = new ScanQueue(10, 0);
    for (const key of ['ns/Deployment/a', 'ns/Deployment/b', 'ns/Deployment/a']) q.add(key);
    assert.deepEqual(q.take(0), ['ns/Deployment/a', 'ns/Deployment/b']);
    assert.equal(q.size, 0);
    assert.equal(q.waitMs(0), undefined);
  });

  it('lets at most perSecond keys out per second', () => {
    const q = new ScanQueue(100, 0);
    for (let i = 0; i < 1000; i += 1) q.add(`ns/Deployment/w${i}`);
    let taken = 0;
    for (let ms = 0; ms <= 2000; ms += 50) taken += q.take(ms).length;
    // one second's burst plus two seconds of refill
    assert.equal(taken, 300);
    assert.equal(q.size, 700);
    assert.equal(q.waitMs(2000), 10);
    assert.equal(q.waitMs(2010), 0);
  });

  it('does not save up more than one second of work while idle', () => {
    const q = new ScanQueue(5, 0);
    for (let i = 0; i < 50; i += 1) q.add(`k${i}`);
    assert.equal(q.take(60_000).length, 5);
  });
});
