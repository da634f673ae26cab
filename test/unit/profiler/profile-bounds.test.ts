import assert from 'node:assert/strict';
import { ContainerObservations } from '../../../bpf-profiler/agent/container-observations.js';
import { toContainerProfile } from '../../../bpf-profiler/agent/container-profile.js';
import { cutThrowaway } from '../../../bpf-profiler/agent/path-collapse.js';
import { aggregatePeers } from '../../../bpf-profiler/agent/peer-aggregation.js';
import { boundContainer } from '../../../bpf-profiler/agent/profile-bounds.js';
import { mergeContainers } from '../../../bpf-profiler/agent/profile-merge.js';
import { buildWorkloadProfile } from '../../../bpf-profiler/agent/build-profile.js';
import { ContainerProfile } from '../../../src/profile/workload-profile.js';

function connectingTo(count: number, port = 443): ContainerObservations {
  const obs = new ContainerObservations();
  obs.apply({ type: 'summary', key: '1', syscalls: ['connect', 'execve'] });
  for (let i = 0; i < count; i++) {
    const addr = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    obs.apply({ type: 'connect', key: '1', pid: 1, protocol: 'TCP', port, family: 4, addr });
  }
  return obs;
}

function profileOf(container: ContainerProfile) {
  const at = new Date('2026-01-01T00:00:00Z');
  return buildWorkloadProfile({
    kind: 'Deployment',
    name: 'client',
    source: { type: 'agent' },
    containers: [container],
    firstSeen: at,
    lastSeen: at,
    podsObserved: 1,
    nodesObserved: ['node-a'],
    eventsLost: 0,
    phase: 'complete',
    reason: 'test',
  });
}

describe('profile bounds', () => {
  it('2,750 outbound connections become one aggregated peer, not a 322 KB profile', () => {
    const container = toContainerProfile('client', connectingTo(2750));
    assert.deepEqual(container.outboundPeers, [{ cidr: '10.0.0.0/16', port: 443, protocol: 'TCP' }]);
    assert.equal(container.incomplete, undefined);
    const bytes = Buffer.byteLength(JSON.stringify(profileOf(container)));
    assert.ok(bytes < 1024, `${bytes} bytes`);
  });

  it('aggregates per protocol and port, each address family on its own, keeping narrow peers when few', () => {
    const peers = aggregatePeers([
      ...Array.from({ length: 5 }, (_, i) => ({
        cidr: `192.168.${i}.7/32`,
        port: 80,
        protocol: 'TCP' as const,
      })),
      { cidr: '10.96.0.10/32', port: 53, protocol: 'UDP' },
      { cidr: '2001:db8::1/128', port: 80, protocol: 'TCP' },
      { cidr: '192.168.0.0/16', port: 5432, protocol: 'TCP' },
      { cidr: '192.168.3.3/32', port: 5432, protocol: 'TCP' },
    ]);
    assert.deepEqual(peers, [
      { cidr: '10.96.0.10/32', port: 53, protocol: 'UDP' },
      { cidr: '192.168.0.0/16', port: 80, protocol: 'TCP' },
      { cidr: '192.168.0.0/16', port: 5432, protocol: 'TCP' },
      { cidr: '2001:db8::1/128', port: 80, protocol: 'TCP' },
    ]);
  });

  it('a list that still does not fit is cut and marked incomplete, never silently', () => {
    const ports = new ContainerObservations();
    for (let port = 1; port <= 100; port++) {
      ports.apply({ type: 'connect', key: '1', pid: 1, protocol: 'TCP', port, family: 4, addr: '10.0.0.1' });
    }
    for (let uid = 1; uid <= 40; uid++) {
      ports.apply({ type: 'ids', key: '1', pid: 1, uid, euid: uid, gid: 1, egid: 1, transition: false });
    }
    const container = toContainerProfile('c', ports);
    assert.equal(container.outboundPeers.length, 64);
    assert.equal(container.uids.length, 32);
    assert.deepEqual(container.incomplete, ['outboundPeers', 'uids']);
    // The schema accepts the bounded result, and merging keeps the mark.
    const merged = mergeContainers(container, toContainerProfile('c', new ContainerObservations()));
    assert.deepEqual(merged.incomplete, ['outboundPeers', 'uids']);
    assert.equal(profileOf(merged).spec.containers[0]?.incomplete?.length, 2);
  });

  it('the schema refuses an unbounded list, naming the field and the bound', () => {
    const tooMany = { name: 'c', uids: Array.from({ length: 33 }, (_, i) => i) };
    const result = ContainerProfile.safeParse(tooMany);
    assert.equal(result.success, false);
    assert.match(result.error.issues[0]?.message ?? '', /<=32 items/);
    assert.deepEqual(boundContainer(ContainerProfile.parse({ name: 'c' })).incomplete, undefined);
  });

  const throwaway: [string, string][] = [
    ['/tmp/tmp.Xa81bQ9z/run.sh', '/tmp'],
    ['/tmp/nginx-12345', '/tmp'],
    ['/tmp/go-build123456789/b001', '/tmp'],
    ['/run/systemd-private-3f2a9c1d4e', '/run'],
    ['/var/lib/postgresql/15/main', '/var/lib/postgresql/15/main'],
    ['/usr/lib/python3.11', '/usr/lib/python3.11'],
    ['/etc/nginx/conf.d', '/etc/nginx/conf.d'],
    ['/var/cache/nginx', '/var/cache/nginx'],
  ];
  for (const [path, expected] of throwaway) {
    it(`collapses throwaway names: ${path} -> ${expected}`, () => {
      assert.equal(cutThrowaway(path), expected);
    });
  }

  it('a PID-numbered temp dir and a mktemp script collapse in the profile the recorder writes', () => {
    const obs = new ContainerObservations();
    obs.apply({ type: 'file', key: '1', pid: 1, access: 'write', dir: '/tmp/app-4711', truncated: false });
    obs.apply({ type: 'exec', key: '1', pid: 1, path: '/tmp/tmp.Qx81bZ3k/setup.sh', truncated: false });
    obs.apply({ type: 'exec', key: '1', pid: 1, path: '/usr/bin/env', truncated: false });
    const c = toContainerProfile('c', obs);
    assert.deepEqual(c.writePaths, ['/tmp']);
    assert.deepEqual(c.executables, ['/tmp', '/usr/bin/env']);
  });
});
