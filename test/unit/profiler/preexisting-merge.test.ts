import assert from 'node:assert/strict';
import { ContainerObservations } from '../../../bpf-profiler/agent/container-observations.js';
import { toContainerProfile } from '../../../bpf-profiler/agent/container-profile.js';
import { mergeContainers } from '../../../bpf-profiler/agent/profile-merge.js';
import type { ContainerProfile } from '../../../src/profile/workload-profile.js';

const base = (): ContainerProfile => toContainerProfile('c', new ContainerObservations());

describe('merging pre-existing directory evidence', () => {
  it('keeps a directory both sides saw alike and drops one they disagree on', () => {
    const a = {
      ...base(),
      preexistingWriteDirs: [
        { path: '/var/lib/app', uid: 0, gid: 0, mode: '0755' },
        { path: '/var/log/app', uid: 33, gid: 4, mode: '0750' },
      ],
      preexistingUse: ['/var/lib/app/seed'],
    };
    const b = {
      ...base(),
      preexistingWriteDirs: [
        { path: '/var/lib/app', uid: 0, gid: 0, mode: '0755' },
        { path: '/var/log/app', uid: 0, gid: 0, mode: '0755' },
        { path: '/tmp', uid: 0, gid: 0, mode: '1777' },
      ],
      preexistingUse: ['/tmp/cache'],
    };
    const merged = mergeContainers(a, b);
    assert.deepEqual(merged.preexistingWriteDirs, [
      { path: '/tmp', uid: 0, gid: 0, mode: '1777' },
      { path: '/var/lib/app', uid: 0, gid: 0, mode: '0755' },
    ]);
    assert.deepEqual(merged.preexistingUse, ['/tmp/cache', '/var/lib/app/seed']);
  });
});
