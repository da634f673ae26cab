import assert from 'node:assert/strict';
import {
  cgroupPathFromProcFile,
  parseCgroupPath,
  type CgroupContainer,
} from '../../../bpf-profiler/agent/cgroup-path.js';

const ID = 'a3c5e6f7b8d9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5';
const UID = '8f2c1a9e-7b3d-4e5f-9a1b-2c3d4e5f6a7b';
const UID_ = UID.replace(/-/g, '_');

describe('parseCgroupPath', () => {
  const table: [string, string, CgroupContainer | undefined][] = [
    [
      'containerd, systemd driver, burstable',
      `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${UID_}.slice/cri-containerd-${ID}.scope`,
      { podUid: UID, containerId: ID, runtime: 'containerd', qosClass: 'Burstable' },
    ],
    [
      'containerd, systemd driver, besteffort',
      `/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${UID_}.slice/cri-containerd-${ID}.scope`,
      { podUid: UID, containerId: ID, runtime: 'containerd', qosClass: 'BestEffort' },
    ],
    [
      'containerd, systemd driver, guaranteed',
      `/kubepods.slice/kubepods-pod${UID_}.slice/cri-containerd-${ID}.scope`,
      { podUid: UID, containerId: ID, runtime: 'containerd', qosClass: 'Guaranteed' },
    ],
    [
      'CRI-O, systemd driver',
      `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${UID_}.slice/crio-${ID}.scope`,
      { podUid: UID, containerId: ID, runtime: 'cri-o', qosClass: 'Burstable' },
    ],
    [
      'CRI-O, systemd driver, container sub-cgroup',
      `/kubepods.slice/kubepods-pod${UID_}.slice/crio-${ID}.scope/container`,
      { podUid: UID, containerId: ID, runtime: 'cri-o', qosClass: 'Guaranteed' },
    ],
    [
      'containerd or CRI-O, cgroupfs driver, burstable',
      `/kubepods/burstable/pod${UID}/${ID}`,
      { podUid: UID, containerId: ID, runtime: 'unknown', qosClass: 'Burstable' },
    ],
    [
      'cgroupfs driver, guaranteed',
      `/kubepods/pod${UID}/${ID}`,
      { podUid: UID, containerId: ID, runtime: 'unknown', qosClass: 'Guaranteed' },
    ],
    [
      'kind node (nested under kubelet.slice)',
      `/kubelet.slice/kubelet-kubepods.slice/kubelet-kubepods-besteffort.slice/kubelet-kubepods-besteffort-pod${UID_}.slice/cri-containerd-${ID}.scope`,
      { podUid: UID, containerId: ID, runtime: 'containerd', qosClass: 'BestEffort' },
    ],
    [
      'CRI-O conmon monitor is not a container',
      `/kubepods.slice/kubepods-pod${UID_}.slice/crio-conmon-${ID}.scope`,
      undefined,
    ],
    ['pod slice only (the pause sandbox parent)', `/kubepods.slice/kubepods-pod${UID_}.slice`, undefined],
    ['a system service', '/system.slice/containerd.service', undefined],
    ['root', '/', undefined],
  ];
  for (const [name, path, expected] of table) {
    it(name, () => {
      assert.deepEqual(parseCgroupPath(path), expected);
    });
  }
});

describe('cgroupPathFromProcFile', () => {
  it('prefers the unified line', () => {
    assert.equal(cgroupPathFromProcFile('12:memory:/a\n0::/kubepods/x\n'), '/kubepods/x');
  });
  it('falls back to the first v1 line', () => {
    assert.equal(cgroupPathFromProcFile('4:memory:/kubepods/pod1\n'), '/kubepods/pod1');
  });
});
