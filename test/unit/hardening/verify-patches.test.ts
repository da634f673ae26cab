import { strict as assert } from 'node:assert';
import { verifyPatches } from '../../../src/hardening/verify-patches.js';
import type { ContainerProfile } from '../../../src/profile/workload-profile.js';
import type { PatchOperation } from '../../../src/patch/patch-operation.js';
import type { Violation } from '../../../src/policy/violation.js';
import { POINTER, inputFor } from './arbitraries.js';
import type { ProfileView } from '../../../src/profile/profile-view.js';

const web = (fields: Partial<ContainerProfile>): ContainerProfile => ({
  name: 'web',
  capabilities: [],
  syscalls: [],
  executables: [],
  writePaths: [],
  readPaths: [],
  preexistingWriteDirs: [],
  preexistingUse: [],
  listeningPorts: [],
  outboundPeers: [],
  uids: [101],
  gids: [],
  privilegeTransitions: false,
  hostNamespaces: [],
  ...fields,
});

const profile = (fields: Partial<ContainerProfile>): ProfileView => ({
  name: 'deployment-web',
  phase: 'complete',
  maturity: 'complete',
  maturityReason: 'test',
  containers: { web: web(fields) },
  observation: {
    firstSeen: '2025-11-20T08:00:00Z',
    lastSeen: '2025-11-26T08:00:00Z',
    podsObserved: 3,
    nodesObserved: [],
    eventsLost: 0,
  },
  observedHours: 144,
  images: {},
});

const v = (id: string, patch: PatchOperation[]): Violation => ({
  id,
  severity: 'high',
  message: id,
  evidence: 'runtime',
  containers: ['web'],
  patch,
});
const sc = `${POINTER}/containers/0/securityContext`;

describe('verifyPatches', () => {
  const spec = {
    containers: [
      {
        name: 'web',
        image: 'nginx',
        securityContext: { capabilities: { add: ['NET_ADMIN'] } },
        volumeMounts: [{ name: 'cache', mountPath: '/var/cache/nginx' }],
      },
    ],
    volumes: [{ name: 'cache', emptyDir: {} }],
  };
  const cases: {
    name: string;
    observed: Partial<ContainerProfile>;
    patch: PatchOperation[];
    reason?: RegExp;
  }[] = [
    {
      name: 'drop ALL keeping the used capability',
      observed: { capabilities: ['CHOWN'] },
      patch: [{ op: 'add', path: `${sc}/capabilities`, value: { drop: ['ALL'], add: ['CHOWN'] } }],
    },
    {
      name: 'adding a capability loosens',
      observed: {},
      patch: [{ op: 'add', path: `${sc}/capabilities/add/-`, value: 'SYS_ADMIN' }],
      reason: /^loosens capabilities of container "web" \(adds SYS_ADMIN\)$/,
    },
    {
      name: 'privileged loosens',
      observed: {},
      patch: [{ op: 'add', path: `${sc}/privileged`, value: true }],
      reason: /makes container "web" privileged/,
    },
    {
      name: 'hostNetwork loosens',
      observed: {},
      patch: [{ op: 'add', path: `${POINTER}/hostNetwork`, value: true }],
      reason: /^sets hostNetwork=true$/,
    },
    {
      name: 'dropping a used capability breaks',
      observed: { capabilities: ['CHOWN'] },
      patch: [{ op: 'add', path: `${sc}/capabilities`, value: { drop: ['ALL'] } }],
      reason: /^would remove observed capability CHOWN from container "web"$/,
    },
    {
      name: 'read-only rootfs with an unbacked write breaks',
      observed: { writePaths: ['/tmp', '/var/cache/nginx'] },
      patch: [{ op: 'add', path: `${sc}/readOnlyRootFilesystem`, value: true }],
      reason: /^would break observed write to \/tmp in container "web"$/,
    },
    {
      name: 'read-only rootfs with backed writes is kept',
      observed: { writePaths: ['/var/cache/nginx', '/dev/shm'] },
      patch: [{ op: 'add', path: `${sc}/readOnlyRootFilesystem`, value: true }],
    },
    {
      name: 'RuntimeDefault refusing an observed syscall breaks',
      observed: { syscalls: ['read', 'keyctl'] },
      patch: [{ op: 'add', path: `${sc}/seccompProfile`, value: { type: 'RuntimeDefault' } }],
      reason: /^would refuse observed syscall keyctl in container "web"$/,
    },
    {
      name: 'runAsNonRoot with uid 0 observed breaks',
      observed: { uids: [0] },
      patch: [{ op: 'add', path: `${sc}/runAsNonRoot`, value: true }],
      reason: /would forbid uid 0/,
    },
    {
      name: 'changing the image is out of scope',
      observed: {},
      patch: [{ op: 'replace', path: `${POINTER}/containers/0/image`, value: 'evil' }],
      reason: /changes \/containers\/0\/image, which the safety net cannot judge/,
    },
    {
      name: 'a patch that does not apply',
      observed: {},
      patch: [{ op: 'remove', path: `${POINTER}/nothing` }],
      reason: /^does not apply/,
    },
  ];
  for (const c of cases) {
    it(`${c.name} → ${c.reason === undefined ? 'kept' : 'dropped'}`, () => {
      const result = verifyPatches(inputFor(spec, profile(c.observed)), [v('rule', c.patch)]);
      assert.equal(result.violations.length, 1);
      if (c.reason === undefined) {
        assert.deepEqual(result.dropped, []);
        assert.deepEqual(result.violations[0]?.patch, c.patch);
      } else {
        assert.equal(result.dropped.length, 1);
        assert.match(result.dropped[0]?.reason ?? '', c.reason);
        assert.deepEqual(result.dropped[0]?.ops, c.patch);
        assert.deepEqual(result.violations[0]?.patch, []);
      }
    });
  }

  it('replacing privileged by the used capabilities is a tightening', () => {
    const privileged = { containers: [{ name: 'web', securityContext: { privileged: true } }] };
    const patch: PatchOperation[] = [
      { op: 'replace', path: `${sc}/privileged`, value: false },
      { op: 'add', path: `${sc}/capabilities`, value: { drop: ['ALL'], add: ['NET_ADMIN'] } },
    ];
    const result = verifyPatches(inputFor(privileged, profile({ capabilities: ['NET_ADMIN'] })), [
      v('p', patch),
    ]);
    assert.deepEqual(result.dropped, []);
  });

  it('composes: an ensure-parent op made redundant by an earlier patch is removed', () => {
    const bare = { containers: [{ name: 'web' }] };
    const a = [
      { op: 'add', path: sc, value: {} },
      { op: 'add', path: `${sc}/allowPrivilegeEscalation`, value: false },
    ] as PatchOperation[];
    const b = [
      { op: 'add', path: sc, value: {} },
      { op: 'add', path: `${sc}/readOnlyRootFilesystem`, value: true },
    ] as PatchOperation[];
    const result = verifyPatches(inputFor(bare, profile({})), [v('a', a), v('b', b)]);
    assert.deepEqual(result.dropped, []);
    assert.deepEqual(result.violations[1]?.patch, [b[1]]);
  });

  it('drops a patch that is safe alone but not after the earlier ones', () => {
    // RuntimeDefault allows chroot only with SYS_CHROOT in the bounding set; each change alone
    // keeps chroot working, both together do not.
    const bare = { containers: [{ name: 'web', securityContext: {} }] };
    const seccomp: PatchOperation[] = [
      { op: 'add', path: `${sc}/seccompProfile`, value: { type: 'RuntimeDefault' } },
    ];
    const dropAll: PatchOperation[] = [{ op: 'add', path: `${sc}/capabilities`, value: { drop: ['ALL'] } }];
    const result = verifyPatches(inputFor(bare, profile({ syscalls: ['read', 'chroot'] })), [
      v('a', seccomp),
      v('b', dropAll),
    ]);
    assert.deepEqual(
      result.dropped.map((d) => [d.id, d.reason]),
      [['b', 'together with earlier patches: would refuse observed syscall chroot in container "web"']],
    );
    assert.deepEqual(result.violations[0]?.patch, seccomp);
  });

  it('drops a patch writing outside the pod spec before applying it, and never changes the object', () => {
    const bare = { containers: [{ name: 'web', securityContext: {} }] };
    const input = inputFor(bare, profile({}));
    const before = structuredClone(input.request.object);
    const outside: PatchOperation[] = [
      { op: 'add', path: `${sc}/allowPrivilegeEscalation`, value: false },
      { op: 'add', path: '/metadata/labels', value: { hardened: 'yes' } },
    ];
    const inside: PatchOperation[] = [{ op: 'add', path: `${sc}/readOnlyRootFilesystem`, value: true }];
    const result = verifyPatches(input, [v('outside', outside), v('inside', inside)]);
    assert.deepEqual(
      result.dropped.map((d) => [d.id, d.reason]),
      [['outside', 'changes /metadata/labels, outside the pod spec']],
    );
    assert.deepEqual(result.violations[1]?.patch, inside);
    // The copy a patch is tried on shares everything outside the pod spec with the object.
    assert.deepEqual(input.request.object, before);
  });

  it('passes violations through when there is no workload', () => {
    const input = inputFor({ containers: [] }, null);
    input.workload = null;
    const violations = [v('exposure', [{ op: 'remove', path: '/spec/externalIPs' }])];
    assert.deepEqual(verifyPatches(input, violations), { violations, dropped: [] });
  });
});
