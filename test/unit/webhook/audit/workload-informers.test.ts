import { strict as assert } from 'node:assert';
import { JUDGED_RESOURCES } from '../../../../src/kube/judged-resources.js';
import { WorkloadIndex, type StoredWorkload } from '../../../../webhook/audit/workload-informers.js';

const deployments = JUDGED_RESOURCES.find((r) => r.kind === 'Deployment');
const pods = JUDGED_RESOURCES.find((r) => r.kind === 'Pod');

function object(name: string, extra: Partial<StoredWorkload> = {}): StoredWorkload {
  return {
    apiVersion: 'ignored/v0',
    kind: 'Ignored',
    metadata: { name, namespace: 'shop', ...extra.metadata },
    spec: { replicas: 1 },
    ...(extra.spec !== undefined ? { spec: extra.spec } : {}),
  };
}

describe('WorkloadIndex (the background audit cache)', () => {
  it('lists every judged kind at its API path', () => {
    assert.deepEqual(
      JUDGED_RESOURCES.map((r) => `${r.apiVersion} ${r.kind} ${r.path}`),
      [
        'v1 Pod /api/v1/pods',
        'v1 ReplicationController /api/v1/replicationcontrollers',
        'apps/v1 Deployment /apis/apps/v1/deployments',
        'apps/v1 ReplicaSet /apis/apps/v1/replicasets',
        'apps/v1 StatefulSet /apis/apps/v1/statefulsets',
        'apps/v1 DaemonSet /apis/apps/v1/daemonsets',
        'batch/v1 Job /apis/batch/v1/jobs',
        'batch/v1 CronJob /apis/batch/v1/cronjobs',
        'v1 Service /api/v1/services',
      ],
    );
  });

  it('queues a change of spec or labels, not a status-only update, and a deletion', () => {
    const changed: string[] = [];
    const index = new WorkloadIndex((key) => changed.push(key));
    assert.ok(deployments);
    const sink = index.sinkFor(deployments);
    sink.replace([object('web')]);
    assert.equal(
      index.get('shop/Deployment/web')?.apiVersion,
      'apps/v1',
      'list items carry no kind: stamped',
    );
    sink.upsert({ ...object('web'), status: { readyReplicas: 1 } } as StoredWorkload);
    sink.upsert(object('web', { spec: { replicas: 2 } }));
    sink.upsert(
      object('web', {
        spec: { replicas: 2 },
        metadata: { name: 'web', namespace: 'shop', labels: { a: 'b' } },
      }),
    );
    sink.remove(object('web'));
    assert.deepEqual(changed, Array(4).fill('shop/Deployment/web'));
    assert.equal(index.size, 0);
  });

  it('leaves out objects a controller owns (their owner is judged), and forgets what a relist no longer has', () => {
    const changed: string[] = [];
    const index = new WorkloadIndex((key) => changed.push(key));
    assert.ok(pods && deployments);
    const owned = object('web-7d9f-abcde', {
      metadata: {
        name: 'web-7d9f-abcde',
        namespace: 'shop',
        ownerReferences: [{ controller: true, kind: 'ReplicaSet' }],
      },
    });
    index.sinkFor(pods).replace([owned, object('debug')]);
    index.sinkFor(deployments).replace([object('web')]);
    assert.deepEqual([...index.keys()].sort(), ['shop/Deployment/web', 'shop/Pod/debug']);
    index.sinkFor(pods).replace([]);
    assert.deepEqual([...index.keys()], ['shop/Deployment/web'], 'the Deployment stays: another kind');
    assert.deepEqual(changed, ['shop/Pod/debug', 'shop/Deployment/web', 'shop/Pod/debug']);
  });
});
