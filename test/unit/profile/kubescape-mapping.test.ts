import { strict as assert } from 'node:assert';
import {
  directoryOf,
  importApplicationProfile,
  KubescapeImportError,
  type ApplicationProfile,
} from '../../../src/profile/kubescape-mapping.js';

const COMPLETED = { 'kubescape.io/status': 'completed', 'kubescape.io/completion': 'complete' };

function applicationProfile(annotations: Record<string, string>): ApplicationProfile {
  return {
    apiVersion: 'spdx.softwarecomposition.kubescape.io/v1beta1',
    kind: 'ApplicationProfile',
    metadata: {
      name: 'replicaset-webapp-6d8f9',
      namespace: 'webapp',
      creationTimestamp: '2025-11-20T08:00:00Z',
      labels: {
        'kubescape.io/workload-kind': 'Deployment',
        'kubescape.io/workload-name': 'webapp',
        'kubescape.io/workload-namespace': 'webapp',
      },
      annotations,
    },
    spec: {
      containers: [
        {
          name: 'app',
          imageID: `ghcr.io/x/webapp@sha256:${'e'.repeat(64)}`,
          capabilities: ['CAP_DAC_OVERRIDE', 'CAP_SETGID', 'SETUID'],
          syscalls: ['openat', 'read', 'accept4', 'read'],
          execs: [
            { path: '/usr/sbin/apache2', args: ['-DFOREGROUND'] },
            { path: '/bin/mkdir', args: ['-p'] },
          ],
          opens: [
            { path: '/var/www/*', flags: ['O_RDONLY'] },
            { path: '/var/run/apache2/apache2.pid', flags: ['O_WRONLY', 'O_CREAT'] },
            { path: '/etc/apache2/apache2.conf', flags: ['O_RDONLY', 'O_CLOEXEC'] },
          ],
          endpoints: [
            { direction: 'inbound', endpoint: ':8080/ping.php' },
            { direction: 'outbound', endpoint: 'api.example.com:443/v1' },
          ],
        },
      ],
    },
  };
}

describe('importApplicationProfile', () => {
  it('maps a completed Kubescape profile to a complete WorkloadProfile', () => {
    const p = importApplicationProfile(
      applicationProfile({ 'kubescape.io/status': 'completed', 'kubescape.io/completion': 'complete' }),
    );
    assert.equal(p.metadata.name, 'deployment-webapp');
    assert.equal(p.metadata.namespace, 'webapp');
    assert.deepEqual(p.spec.workload, { kind: 'Deployment', name: 'webapp' });
    assert.equal(p.status.phase, 'complete');
    assert.deepEqual(p.spec.source, { type: 'kubescape', importedFrom: 'webapp/replicaset-webapp-6d8f9' });
    const [app] = p.spec.containers;
    assert.deepEqual(app, {
      name: 'app',
      imageDigest: `sha256:${'e'.repeat(64)}`,
      capabilities: ['DAC_OVERRIDE', 'SETGID', 'SETUID'],
      syscalls: ['accept4', 'openat', 'read'],
      executables: ['/bin/mkdir', '/usr/sbin/apache2'],
      writePaths: ['/var/run/apache2'],
      readPaths: ['/etc/apache2', '/var/www'],
      preexistingWriteDirs: [],
      preexistingUse: [],
      listeningPorts: [{ port: 8080, protocol: 'TCP' }],
      outboundPeers: [],
      uids: [],
      gids: [],
      privilegeTransitions: true,
      hostNamespaces: ['network', 'pid', 'ipc'],
    });
  });

  const phases = [
    { status: 'ready', completion: 'complete', phase: 'learning' },
    { status: 'completed', completion: 'partial', phase: 'learning' },
    { status: 'completed', completion: 'complete', phase: 'complete' },
  ];
  for (const c of phases) {
    it(`status ${c.status}, completion ${c.completion} → ${c.phase}`, () => {
      const p = importApplicationProfile(
        applicationProfile({ 'kubescape.io/status': c.status, 'kubescape.io/completion': c.completion }),
      );
      assert.equal(p.status.phase, c.phase);
      assert.match(p.status.reason ?? '', new RegExp(`status ${c.status}, completion ${c.completion}`));
    });
  }

  it("observes from Kubescape's own times, never the import time, so an old import goes stale", () => {
    const ap = applicationProfile(COMPLETED);
    assert.deepEqual(importApplicationProfile(ap).spec.observation, {
      firstSeen: '2025-11-20T08:00:00Z',
      lastSeen: '2025-11-20T08:00:00Z',
      podsObserved: 0,
      nodesObserved: [],
      eventsLost: 0,
    });
    ap.metadata.managedFields = [{ time: '2025-11-21T10:00:00Z' }, { time: '2025-11-20T09:00:00Z' }, {}];
    assert.equal(importApplicationProfile(ap).spec.observation.lastSeen, '2025-11-21T10:00:00Z');
    delete ap.metadata.creationTimestamp;
    assert.throws(
      () => importApplicationProfile(ap),
      new KubescapeImportError(
        'ApplicationProfile webapp/replicaset-webapp-6d8f9: no metadata.creationTimestamp, so when it was observed is unknown (export it with kubectl get -o yaml)',
      ),
    );
  });

  it('a completed profile whose container is only {name: web} imports as learning, saying why', () => {
    const ap = applicationProfile(COMPLETED);
    ap.spec.containers = [{ name: 'web' }];
    const p = importApplicationProfile(ap);
    assert.equal(p.status.phase, 'learning');
    assert.equal(
      p.status.reason,
      'imported from Kubescape (status completed, completion complete); not evidence: container "web" recorded no syscalls; container "web" recorded no exec',
    );
  });

  it('rejects objects it cannot map', () => {
    const ap = applicationProfile({});
    ap.metadata.labels = { 'kubescape.io/workload-kind': 'Rollout', 'kubescape.io/workload-name': 'x' };
    assert.throws(() => importApplicationProfile(ap), KubescapeImportError);
    assert.throws(
      () => importApplicationProfile({ ...applicationProfile({}), apiVersion: 'kubescape.io/v1' }),
      /not a spdx/,
    );
  });

  it('collapses wildcard paths to their static directory', () => {
    assert.equal(directoryOf('/var/www/*'), '/var/www');
    assert.equal(directoryOf('/proc/⋯/status'), '/proc');
    assert.equal(directoryOf('/etc/passwd'), '/etc');
  });
});
