/**
 * fast-check generators for the safety-net property tests: pod specs that ask for a random
 * mix of privileges, profiles of what such a pod might really do, and patches that tighten,
 * loosen or break.
 */
import fc from 'fast-check';
import type { PolicyInput } from '../../../src/policy/policy-input.js';
import type { ContainerProfile } from '../../../src/profile/workload-profile.js';
import type { PatchOperation } from '../../../src/patch/patch-operation.js';
import type { ProfileView } from '../../../src/profile/profile-view.js';
import { sortedContainerNames } from '../../../src/admission/workload-view.js';

export const CAPS = [
  'CHOWN',
  'NET_ADMIN',
  'NET_BIND_SERVICE',
  'SETUID',
  'SETGID',
  'SYS_TIME',
  'SYS_ADMIN',
  'SYS_CHROOT',
  'KILL',
  'BPF',
];
export const SYSCALLS = [
  'read',
  'write',
  'openat',
  'close',
  'mmap',
  'futex',
  'chroot',
  'keyctl',
  'bpf',
  'unshare',
  'clone',
];
export const PATHS = [
  '/tmp',
  '/var/cache/app',
  '/data',
  '/data/db',
  '/etc',
  '/etc/app',
  '/host/logs',
  '/dev/shm',
  '/run/app',
];
/** Owner and mode an older write directory had: root's, nginx's www-data 0700, root:adm. */
const PRIOR_OWNERS = [
  { uid: 0, gid: 0, mode: '0755' },
  { uid: 0, gid: 0, mode: '1777' },
  { uid: 33, gid: 0, mode: '0700' },
  { uid: 0, gid: 4, mode: '0755' },
];

export const PORTS = [80, 443, 8080, 9113];

type Obj = Record<string, unknown>;

const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.option(arb, { nil: undefined, freq: 2 });

const securityContext: fc.Arbitrary<Obj> = fc
  .record({
    privileged: maybe(fc.boolean()),
    capabilities: maybe(
      fc.record({
        add: maybe(fc.subarray([...CAPS, 'ALL'], { maxLength: 3 })),
        drop: maybe(fc.constantFrom(['ALL'], ['NET_RAW'], [] as string[])),
      }),
    ),
    allowPrivilegeEscalation: maybe(fc.boolean()),
    readOnlyRootFilesystem: maybe(fc.boolean()),
    runAsNonRoot: maybe(fc.boolean()),
    runAsUser: maybe(fc.constantFrom(0, 101, 1000)),
    seccompProfile: maybe(fc.constantFrom({ type: 'RuntimeDefault' }, { type: 'Unconfined' })),
  })
  .map(clean);

function clean(o: Obj): Obj {
  return Object.fromEntries(
    Object.entries(o)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, typeof v === 'object' && v !== null && !Array.isArray(v) ? clean(v as Obj) : v]),
  );
}

const VOLUMES: Obj[] = [
  { name: 'logs', hostPath: { path: '/var/log' } },
  { name: 'data', emptyDir: {} },
  { name: 'cfg', configMap: { name: 'cfg' } },
];

const mount = fc.constantFrom(
  { name: 'logs', mountPath: '/host/logs' },
  { name: 'logs', mountPath: '/host/logs', readOnly: true },
  { name: 'data', mountPath: '/data' },
  { name: 'cfg', mountPath: '/etc/app', readOnly: true },
);

const container = (name: string): fc.Arbitrary<Obj> =>
  fc
    .record({
      securityContext: maybe(securityContext),
      ports: maybe(
        fc
          .uniqueArray(fc.constantFrom(...PORTS), { maxLength: 3 })
          .chain((ports) =>
            fc.tuple(
              ...ports.map((p) =>
                fc.boolean().map((host) => (host ? { containerPort: p, hostPort: p } : { containerPort: p })),
              ),
            ),
          ),
      ),
      volumeMounts: maybe(fc.uniqueArray(mount, { maxLength: 3, selector: (m) => m.mountPath })),
    })
    .map((c) => ({ name, image: `app/${name}:1`, ...clean(c) }));

export const podSpec: fc.Arbitrary<Obj> = fc
  .record({
    hostNetwork: maybe(fc.boolean()),
    hostPID: maybe(fc.boolean()),
    hostIPC: maybe(fc.boolean()),
    automountServiceAccountToken: maybe(fc.boolean()),
    securityContext: maybe(
      fc.constantFrom({ seccompProfile: { type: 'RuntimeDefault' } }, { runAsNonRoot: true }, {}),
    ),
    containers: fc
      .integer({ min: 1, max: 2 })
      .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => container(`c${i}`)))),
  })
  .map((p) => ({ ...clean(p), volumes: VOLUMES }));

const containerProfile = (name: string, declared: number[]): fc.Arbitrary<ContainerProfile> =>
  fc.record({
    name: fc.constant(name),
    capabilities: fc.subarray(CAPS, { maxLength: 3 }),
    syscalls: fc.subarray(SYSCALLS),
    executables: fc.constant(['/app/bin']),
    writePaths: fc.subarray(PATHS, { maxLength: 3 }),
    readPaths: fc.subarray([...PATHS, '/var/run/secrets/kubernetes.io/serviceaccount'], { maxLength: 3 }),
    preexistingWriteDirs: fc
      .subarray(PATHS, { maxLength: 4 })
      .chain((paths) =>
        fc.tuple(...paths.map((path) => fc.constantFrom(...PRIOR_OWNERS).map((o) => ({ path, ...o })))),
      ),
    preexistingUse: fc.subarray([...PATHS, '/data/db/seed', '/tmp/x'], { maxLength: 2 }),
    listeningPorts: fc.subarray(declared).map((ps) => ps.map((port) => ({ port, protocol: 'TCP' as const }))),
    outboundPeers: fc.constant([]),
    uids: fc.subarray([0, 101, 1000], { minLength: 1, maxLength: 2 }),
    gids: fc.constant([]),
    privilegeTransitions: fc.boolean(),
    hostNamespaces: fc.subarray(['network', 'pid', 'ipc'] as const, { maxLength: 1 }),
  });

export function profileFor(
  spec: Obj,
  maturity: ProfileView['maturity'] = 'complete',
): fc.Arbitrary<ProfileView> {
  const containers = (spec.containers as Obj[]).map((c) =>
    containerProfile(
      c.name as string,
      ((c.ports ?? []) as Obj[]).map((p) => p.containerPort as number),
    ),
  );
  return fc.tuple(...containers).map((list) => ({
    name: 'deployment-web',
    phase: 'complete' as const,
    maturity,
    maturityReason: 'generated',
    containers: Object.fromEntries(list.map((c) => [c.name, c])),
    observation: {
      firstSeen: '2025-11-20T08:00:00Z',
      lastSeen: '2025-11-26T08:00:00Z',
      podsObserved: 5,
      nodesObserved: [],
      eventsLost: 0,
    },
    observedHours: 144,
    images: {},
  }));
}

export const POINTER = '/spec/template/spec';

export function inputFor(spec: Obj, profile: ProfileView | null): PolicyInput {
  const object = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop' },
    spec: { template: { spec } },
  };
  return {
    request: {
      uid: 'u',
      kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
      resource: { group: 'apps', version: 'v1', resource: 'deployments' },
      namespace: 'shop',
      name: 'web',
      operation: 'CREATE',
      userInfo: {},
      dryRun: false,
      object,
      oldObject: null,
    },
    workload: {
      kind: 'Deployment',
      name: 'web',
      namespace: 'shop',
      podMetadata: { labels: {}, annotations: {} },
      podSpec: spec,
      podSpecPointer: POINTER,
      containerNames: sortedContainerNames(spec),
    },
    profile,
    namespace: { name: 'shop', labels: {} },
    config: { mode: 'enforce', level: 'baseline', levelVersion: 'latest', parameters: {} },
  };
}

/** A patch that sets one security-relevant field of container `i` to a random value. */
export function randomContainerPatch(spec: Obj): fc.Arbitrary<PatchOperation[]> {
  const n = (spec.containers as Obj[]).length;
  return fc.integer({ min: 0, max: n - 1 }).chain((i) => {
    const c = (spec.containers as Obj[])[i] ?? {};
    const base = `${POINTER}/containers/${i}/securityContext`;
    const ensure: PatchOperation[] =
      c.securityContext === undefined ? [{ op: 'add', path: base, value: {} }] : [];
    const field = fc.oneof(
      fc.record({ k: fc.constant('privileged'), v: fc.boolean() }),
      fc.record({
        k: fc.constant('capabilities'),
        v: fc.record({ drop: fc.constant(['ALL']), add: fc.subarray([...CAPS, 'ALL'], { maxLength: 4 }) }),
      }),
      fc.record({ k: fc.constant('allowPrivilegeEscalation'), v: fc.boolean() }),
      fc.record({ k: fc.constant('readOnlyRootFilesystem'), v: fc.boolean() }),
      fc.record({ k: fc.constant('runAsNonRoot'), v: fc.boolean() }),
      fc.record({ k: fc.constant('runAsUser'), v: fc.constantFrom(0, 101, 1000) }),
      fc.record({
        k: fc.constant('seccompProfile'),
        v: fc.constantFrom(
          { type: 'RuntimeDefault' },
          { type: 'Unconfined' },
          { type: 'Localhost', localhostProfile: 'x.json' },
        ),
      }),
    );
    return field.map(({ k, v }) => [...ensure, { op: 'add' as const, path: `${base}/${k}`, value: v }]);
  });
}

/** A patch that changes one pod-level field. */
export const randomPodPatch: fc.Arbitrary<PatchOperation[]> = fc.oneof(
  fc
    .record({
      k: fc.constantFrom('hostNetwork', 'hostPID', 'hostIPC', 'automountServiceAccountToken'),
      v: fc.boolean(),
    })
    .map(({ k, v }) => [{ op: 'add' as const, path: `${POINTER}/${k}`, value: v }]),
  fc.constant<PatchOperation[]>([
    { op: 'add', path: `${POINTER}/volumes/-`, value: { name: 'root', hostPath: { path: '/' } } },
    {
      op: 'add',
      path: `${POINTER}/containers/0/volumeMounts`,
      value: [{ name: 'root', mountPath: '/host' }],
    },
  ]),
  fc.constant<PatchOperation[]>([{ op: 'remove', path: `${POINTER}/volumes/0` }]),
  fc.constantFrom(...PATHS).map((mountPath): PatchOperation[] => [
    { op: 'add', path: `${POINTER}/volumes/-`, value: { name: 'scratch', emptyDir: {} } },
    { op: 'add', path: `${POINTER}/containers/0/volumeMounts`, value: [{ name: 'scratch', mountPath }] },
  ]),
  fc.constant<PatchOperation[]>([{ op: 'add', path: `${POINTER}/containers/0/image`, value: 'evil:latest' }]),
);
