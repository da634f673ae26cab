/** Finding a containerd container's image layers in mountinfo. */
import assert from 'node:assert/strict';
import { rootfsLayers } from '../../../bpf-profiler/agent/container-rootfs.js';

const ID = 'c'.repeat(64);
const OTHER = 'd'.repeat(64);
const SNAP = '/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots';
const TASK = '/run/containerd/io.containerd.runtime.v2.task/k8s.io';

const line = (id: string, fsType: string, superOptions: string): string =>
  `812 29 0:97 / ${TASK}/${id}/rootfs rw,relatime shared:420 - ${fsType} overlay ${superOptions}`;

const mountinfo = (...lines: string[]): string =>
  [
    '29 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw',
    '33 29 0:26 / /sys/fs/cgroup rw,nosuid shared:9 - cgroup2 cgroup2 rw',
    ...lines,
  ].join('\n');

describe('rootfsLayers', () => {
  it('reads the classic lowerdir list, topmost first', () => {
    const opts = `rw,lowerdir=${SNAP}/12/fs:${SNAP}/3/fs,upperdir=${SNAP}/40/fs,workdir=${SNAP}/40/work,index=off`;
    assert.deepEqual(
      rootfsLayers(mountinfo(line(OTHER, 'overlay', 'rw,lowerdir=/x/fs'), line(ID, 'overlay', opts)), ID),
      [`${SNAP}/12/fs`, `${SNAP}/3/fs`],
    );
  });

  it('reads repeated lowerdir+ and data-only layers, and unescapes paths', () => {
    const opts = `rw,lowerdir+=/l\\040a/fs,lowerdir+=/l\\:b/fs,datadir+=/data/fs,upperdir=/u/fs,workdir=/u/work`;
    assert.deepEqual(rootfsLayers(mountinfo(line(ID, 'overlay', opts)), ID), [
      '/l a/fs',
      '/l:b/fs',
      '/data/fs',
    ]);
    assert.deepEqual(rootfsLayers(mountinfo(line(ID, 'overlay', 'rw,lowerdir=/a/fs::/data/fs')), ID), [
      '/a/fs',
      '/data/fs',
    ]);
  });

  it('gives no layers for another container, another file system or relative layer paths', () => {
    assert.equal(rootfsLayers(mountinfo(line(OTHER, 'overlay', 'rw,lowerdir=/a/fs')), ID), undefined);
    assert.equal(rootfsLayers(mountinfo(line(ID, 'fuse.overlayfs', 'rw,lowerdir=/a/fs')), ID), undefined);
    assert.equal(
      rootfsLayers(mountinfo(line(ID, 'overlay', 'rw,lowerdir=12/fs:3/fs,upperdir=40/fs')), ID),
      undefined,
    );
    assert.equal(rootfsLayers(mountinfo(line(ID, 'overlay', 'rw,upperdir=/u/fs')), ID), undefined);
  });
});
