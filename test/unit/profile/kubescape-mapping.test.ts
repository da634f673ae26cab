import { strict as assert } from 'node:assert';
import {
  directoryOf,
  importApplicationProfile,
  KubescapeImportError,
  type ApplicationProfile,
} from '../../../src/profile/kubescape-mapping.js';

const NOW = new Date('2025-11-27T09:00:00Z');

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
      NOW,
    );
    assert.equal(p.metadata.name, 'deployment-webapp');
    assert.equal(p.metadata.namespace, 'webapp');
    assert.deepEqual(p.spec.workload, { kind: 'Deployment', name: 'webapp' });
    assert.equal(p.status.phase, 'complete');
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
        NOW,
      );
      assert.equal(p.status.phase, c.phase);
      assert.match(p.status.reason ?? '', new RegExp(`status ${c.status}, completion ${c.completion}`));
    });
  }

  it('rejects objects it cannot map', () => {
    const ap = applicationProfile({});
    ap.metadata.labels = { 'kubescape.io/workload-kind': 'Rollout', 'kubescape.io/workload-name': 'x' };
    assert.throws(() => importApplicationProfile(ap, NOW), KubescapeImportError);
    assert.throws(
      () => importApplicationProfile({ ...applicationProfile({}), apiVersion: 'kubescape.io/v1' }, NOW),
      /not a spdx/,
    );
  });

  it('collapses wildcard paths to their static directory', () => {
    assert.equal(directoryOf('/var/www/*'), '/var/www');
    assert.equal(directoryOf('/proc/⋯/status'), '/proc');
    assert.equal(directoryOf('/etc/passwd'), '/etc');
  });
});
