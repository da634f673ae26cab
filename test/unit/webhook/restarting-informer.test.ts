import { strict as assert } from 'node:assert';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import {
  RestartingInformer,
  type ListResult,
  type WatchClient,
} from '../../../webhook/informer/restarting-informer.js';
import { createInformerMetrics, type InformerMetrics } from '../../../webhook/informer/informer-metrics.js';
import { NamespaceLabelCache, type NamespaceObject } from '../../../webhook/namespace-informer.js';

type Callback = (phase: string, object: unknown) => void;

/** A Watch whose connections the test ends, with an error or normally, and feeds events into. */
class FakeWatch implements WatchClient {
  readonly calls: { query: Record<string, unknown>; callback: Callback; done: (e: unknown) => void }[] = [];
  watch(
    _path: string,
    query: Record<string, unknown>,
    callback: Callback,
    done: (e: unknown) => void,
  ): Promise<AbortController> {
    this.calls.push({ query, callback, done });
    return Promise.resolve(new AbortController());
  }
  get last() {
    const call = this.calls.at(-1);
    assert.ok(call, 'no watch started');
    return call;
  }
}

function namespace(name: string, rv: string, labels: Record<string, string> = {}): NamespaceObject {
  return { metadata: { name, resourceVersion: rv, labels } };
}

async function until(condition: () => boolean, what: string, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

async function value(metric: InformerMetrics[keyof InformerMetrics]): Promise<number> {
  const { values } = await metric.get();
  return values.find((v) => v.labels.informer === 'namespaces')?.value ?? 0;
}

describe('RestartingInformer', () => {
  let watch: FakeWatch;
  let lists: number;
  let listResult: () => Promise<ListResult<NamespaceObject>>;
  let logs: Record<string, unknown>[];
  let metrics: InformerMetrics;
  let cache: NamespaceLabelCache;
  let informer: RestartingInformer<NamespaceObject>;

  beforeEach(async () => {
    watch = new FakeWatch();
    lists = 0;
    listResult = () =>
      Promise.resolve({ metadata: { resourceVersion: '10' }, items: [namespace('shop', '10')] });
    logs = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, next) {
        logs.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        next();
      },
    });
    metrics = createInformerMetrics(new Registry());
    cache = new NamespaceLabelCache();
    informer = new RestartingInformer(
      {
        path: '/api/v1/namespaces',
        list: () => {
          lists += 1;
          return listResult();
        },
      },
      watch,
      cache,
      {
        name: 'namespaces',
        backoff: { initialMs: 20, maxMs: 50, jitter: 0 },
        watchTimeoutSeconds: 300,
        logger: pino({ level: 'warn' }, sink),
        metrics,
      },
    );
    await informer.start();
    await until(() => watch.calls.length === 1, 'the first watch');
  });

  afterEach(async () => {
    await informer.stop();
  });

  it('lists, then watches from the list resourceVersion', async () => {
    assert.equal(lists, 1);
    assert.deepEqual(watch.last.query, {
      resourceVersion: '10',
      allowWatchBookmarks: true,
      timeoutSeconds: 300,
    });
    assert.deepEqual(cache.labelsOf('shop'), {});
    assert.equal(informer.status().state, 'synced');
    assert.equal(await value(metrics.synced), 1);
    watch.last.callback('ADDED', namespace('web', '11', { 'profilegate.dev/mode': 'warn' }));
    assert.deepEqual(cache.labelsOf('web'), { 'profilegate.dev/mode': 'warn' });
  });

  it('a watch that ends with an error: a log line, a metric, stale, then a relist and synced again', async () => {
    listResult = () =>
      Promise.resolve({
        metadata: { resourceVersion: '20' },
        items: [namespace('shop', '20', { team: 'a' })],
      });
    watch.last.done(new Error('socket hang up'));
    await until(() => informer.status().state === 'stale' || lists === 2, 'the error to be seen');
    assert.equal(await value(metrics.errors), 1);
    assert.equal(logs.length, 1);
    const [line] = logs;
    assert.ok(line);
    assert.equal(line.msg, 'informer list/watch failed; relisting after backoff');
    assert.equal(line.informer, 'namespaces');
    assert.equal(line.retryInMs, 20);
    assert.equal((line.err as { message: string }).message, 'socket hang up');

    await until(() => watch.calls.length === 2, 'the watch after the relist');
    assert.equal(lists, 2, 'relisted once');
    assert.equal(watch.last.query.resourceVersion, '20');
    assert.deepEqual(cache.labelsOf('shop'), { team: 'a' }, 'the relist replaced the cache');
    const status = informer.status();
    assert.equal(status.state, 'synced');
    assert.equal(status.errors, 1);
    assert.equal(status.relists, 2);
    assert.equal(status.lastError, 'socket hang up');
    assert.equal(status.staleSince, undefined);
    assert.equal(await value(metrics.relists), 2);
    assert.equal(await value(metrics.synced), 1);
  });

  it('backs off exponentially up to the cap while listing fails, and recovers', async () => {
    listResult = () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6443'));
    watch.last.done(new Error('socket hang up'));
    await until(() => logs.length === 5, 'five failures');
    assert.deepEqual(
      logs.map((l) => l.retryInMs),
      [20, 40, 50, 50, 50],
    );
    const stale = informer.status();
    assert.equal(stale.state, 'stale');
    assert.equal(stale.lastError, 'connect ECONNREFUSED 127.0.0.1:6443');
    assert.ok(stale.staleSince !== undefined);
    assert.equal(await value(metrics.synced), 0);
    assert.ok((await value(metrics.errors)) >= 5);

    listResult = () => Promise.resolve({ metadata: { resourceVersion: '30' }, items: [] });
    await until(() => informer.status().state === 'synced', 'recovery');
    assert.equal(cache.labelsOf('shop'), undefined, 'deleted while the watch was down');
    assert.equal(await value(metrics.synced), 1);
  });

  it('an expired resourceVersion (410 in the stream) relists at once and is not an error', async () => {
    watch.last.callback('ERROR', { kind: 'Status', code: 410, message: 'too old resource version: 10 (15)' });
    await until(() => watch.calls.length === 2, 'the watch after the relist');
    assert.equal(lists, 2);
    assert.equal(logs.length, 0);
    assert.equal(await value(metrics.errors), 0);
  });

  it('another error in the stream is an error', async () => {
    watch.last.callback('ERROR', { kind: 'Status', code: 500, message: 'etcd unavailable' });
    await until(() => watch.calls.length === 2, 'the watch after the relist');
    assert.deepEqual(
      logs.map((l) => [l.msg, (l.err as { message: string }).message]),
      [['informer list/watch failed; relisting after backoff', 'watch error: etcd unavailable']],
    );
  });

  it('a watch the server ends normally resumes from the last resourceVersion without a relist', async () => {
    watch.last.callback('MODIFIED', namespace('shop', '12', { team: 'b' }));
    watch.last.done(null);
    await until(() => watch.calls.length === 2, 'the resumed watch');
    assert.equal(lists, 1);
    assert.equal(watch.last.query.resourceVersion, '12');
    assert.equal(informer.status().state, 'synced');
  });

  it('a first list that fails leaves the cache unsynced, retried until it succeeds', async () => {
    await informer.stop();
    let failures = 0;
    const fresh = new RestartingInformer(
      {
        path: '/api/v1/namespaces',
        list: () =>
          ++failures <= 2
            ? Promise.reject(new Error('Forbidden'))
            : Promise.resolve({ metadata: { resourceVersion: '5' }, items: [] }),
      },
      new FakeWatch(),
      new NamespaceLabelCache(),
      {
        name: 'namespaces',
        backoff: { initialMs: 5, maxMs: 10, jitter: 0 },
        watchTimeoutSeconds: 300,
        logger: pino({ level: 'silent' }),
        metrics: createInformerMetrics(new Registry()),
      },
    );
    await fresh.start();
    assert.equal(fresh.status().state, 'unsynced');
    assert.equal(fresh.status().lastError, 'Forbidden');
    await until(() => fresh.status().state === 'synced', 'the first sync');
    assert.equal(fresh.status().errors, 2);
    await fresh.stop();
  });
});
