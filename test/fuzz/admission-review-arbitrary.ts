/**
 * Generated AdmissionReviews that the API server would send: every judged workload kind (CREATE
 * and UPDATE), and `kubectl debug`'s pods/ephemeralcontainers UPDATE, with init and ephemeral
 * containers, random security contexts, host namespaces, ports, probes, sysctls and volumes.
 * Only specs the API server's validation accepts are generated (e.g. hostPort equals
 * containerPort under hostNetwork, no probes on init or ephemeral containers, no ephemeral
 * containers in a CREATE, hostUsers false only without host namespaces or hostPath), so every
 * answer is one a real cluster could ask for.
 */
import fc from 'fast-check';

/** Capabilities in and out of the PSS baseline set, plus one no kernel knows. */
export const CAPABILITIES = [
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'KILL',
  'NET_BIND_SERVICE',
  'SETGID',
  'SETUID',
  'SYS_CHROOT',
  'NET_ADMIN',
  'NET_RAW',
  'SYS_ADMIN',
  'SYS_PTRACE',
  'SYS_MODULE',
  'BPF',
  'PERFMON',
  'NOT_A_CAPABILITY',
] as const;

export const PROFILED_IMAGE_DIGEST = `sha256:${'a'.repeat(64)}`;

export const SAFE_SYSCTLS = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
];
export const UNSAFE_SYSCTLS = ['kernel.msgmax', 'kernel.sem', 'vm.swappiness'];

export interface GeneratedReview {
  review: { apiVersion: string; kind: 'AdmissionReview'; request: Record<string, unknown> };
  /** The pod spec inside the object, where the oracle reads it. */
  podSpec: PodSpec;
  kind: string;
}

export interface Container {
  name: string;
  image: string;
  securityContext?: Record<string, unknown>;
  ports?: { containerPort: number; hostPort?: number; protocol: string }[];
  readinessProbe?: Record<string, unknown>;
}

export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  ephemeralContainers?: Container[];
  hostPID?: boolean;
  hostIPC?: boolean;
  hostNetwork?: boolean;
  hostUsers?: boolean;
  securityContext?: Record<string, unknown>;
  volumes?: Record<string, unknown>[];
  restartPolicy?: string;
}

/** `arb` one time in `rarity`, otherwise absent. */
const opt = <T>(arb: fc.Arbitrary<T>, rarity = 6): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: rarity - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });

/** Drops the undefined members, as a YAML or JSON manifest would not have them. */
function defined<T extends Record<string, unknown>>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as T;
}

const seccompProfile = fc.oneof(
  fc.constant({ type: 'RuntimeDefault' }),
  fc.constant({ type: 'Unconfined' }),
  fc.constant({ type: 'Localhost', localhostProfile: 'profilegate/web.json' }),
);

const seLinuxOptions = fc.oneof(
  fc.constant({ type: 'container_t' }),
  fc.constant({ type: 'spc_t' }),
  fc.constant({ level: 's0:c123,c456' }),
  fc.constant({ user: 'system_u', role: 'system_r' }),
);

const containerSecurityContext = fc
  .record({
    privileged: opt(fc.boolean()),
    allowPrivilegeEscalation: opt(fc.boolean()),
    capabilities: opt(
      fc.record({
        add: opt(fc.subarray([...CAPABILITIES], { maxLength: 4 }), 2),
        drop: opt(fc.subarray(['ALL', ...CAPABILITIES], { maxLength: 3 }), 2),
      }),
      4,
    ),
    runAsUser: opt(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 2_147_483_647 }))),
    runAsGroup: opt(fc.integer({ min: 0, max: 65_535 })),
    runAsNonRoot: opt(fc.boolean()),
    readOnlyRootFilesystem: opt(fc.boolean()),
    seccompProfile: opt(seccompProfile),
    procMount: opt(fc.constantFrom('Default', 'Unmasked')),
    seLinuxOptions: opt(seLinuxOptions, 12),
    appArmorProfile: opt(
      fc.oneof(fc.constant({ type: 'RuntimeDefault' }), fc.constant({ type: 'Unconfined' })),
      12,
    ),
  })
  .map((sc) => {
    const capabilities = sc.capabilities ? defined(sc.capabilities) : undefined;
    // The API server refuses allowPrivilegeEscalation: false beside privileged: true.
    const escalation =
      sc.privileged === true && sc.allowPrivilegeEscalation === false
        ? undefined
        : sc.allowPrivilegeEscalation;
    return defined({ ...sc, capabilities, allowPrivilegeEscalation: escalation });
  });

const port = fc.integer({ min: 1, max: 65_535 });

const containerPorts = fc.array(
  fc.record({ containerPort: port, hostPort: opt(port, 8), protocol: fc.constantFrom('TCP', 'UDP') }),
  { maxLength: 3 },
);

const probe = fc.record({
  httpGet: fc.record({ port, host: opt(fc.constantFrom('127.0.0.1', '10.0.0.1', 'example.com'), 8) }),
});

interface ContainerParts {
  image: string;
  securityContext: Record<string, unknown> | undefined;
  ports: Container['ports'] | undefined;
  readinessProbe: Record<string, unknown> | undefined;
}

const containerParts: fc.Arbitrary<ContainerParts> = fc.record({
  // Mostly the image the generated profiles were recorded with (profile-arbitrary.ts).
  image: fc.oneof(
    { weight: 4, arbitrary: fc.constant(`registry.example/app@${PROFILED_IMAGE_DIGEST}`) },
    { weight: 1, arbitrary: fc.constantFrom('nginx:1.27', `registry.example/app@sha256:${'b'.repeat(64)}`) },
  ),
  securityContext: opt(containerSecurityContext, 2),
  ports: opt(containerPorts, 3),
  readinessProbe: opt(probe, 4),
});

/** Mostly a few containers; now and then as many as `maxContainers` allows, or a few more. */
function containerCount(maxContainers: number): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 60, arbitrary: fc.integer({ min: 1, max: 3 }) },
    { weight: 1, arbitrary: fc.integer({ min: maxContainers - 8, max: maxContainers + 4 }) },
  );
}

const volume = fc.oneof(
  {
    weight: 1,
    arbitrary: fc.record({
      hostPath: fc.record({ path: fc.constantFrom('/var/log', '/', '/etc', '/run/containerd') }),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      { emptyDir: {} },
      { configMap: { name: 'settings' } },
      { secret: { secretName: 'credentials' } },
    ),
  },
);

const podSecurityContext = fc
  .record({
    runAsUser: opt(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 65_535 }))),
    runAsNonRoot: opt(fc.boolean()),
    seccompProfile: opt(seccompProfile),
    seLinuxOptions: opt(seLinuxOptions, 12),
    sysctls: opt(
      fc
        .subarray([...SAFE_SYSCTLS, ...UNSAFE_SYSCTLS], { minLength: 1, maxLength: 3 })
        .map((names) => names.map((name) => ({ name, value: '1' }))),
      8,
    ),
  })
  .map(defined);

const hostNamespaces = fc.record({
  hostPID: opt(fc.boolean(), 12),
  hostIPC: opt(fc.boolean(), 12),
  hostNetwork: opt(fc.boolean(), 12),
  hostUsers: opt(fc.boolean(), 8),
});

/** Containers named c0, c1, ... (names must be unique in a pod); init i0, ...; ephemeral e0, ... */
function containers(
  prefix: string,
  parts: ContainerParts[],
  options: { probes: boolean; ports: boolean; hostNetwork: boolean },
): Container[] {
  return parts.map((p, i) =>
    defined({
      name: `${prefix}${i}`,
      image: p.image,
      securityContext: p.securityContext,
      ports:
        options.ports && p.ports
          ? // Under hostNetwork the API server requires hostPort to equal containerPort.
            p.ports.map((x) =>
              defined({ ...x, hostPort: options.hostNetwork ? x.containerPort : x.hostPort }),
            )
          : undefined,
      readinessProbe: options.probes ? p.readinessProbe : undefined,
    }),
  );
}

function podSpecArbitrary(maxContainers: number, withEphemeral: boolean): fc.Arbitrary<PodSpec> {
  const exactly = (n: number) => fc.array(containerParts, { minLength: n, maxLength: n });
  const counts = fc.record({
    count: containerCount(maxContainers),
    initCount: fc.nat({ max: 2 }),
    ephemeralCount: withEphemeral ? fc.integer({ min: 1, max: 2 }) : fc.constant(0),
  });
  return counts
    .chain(({ count, initCount, ephemeralCount }) =>
      fc.record({
        main: exactly(count),
        init: exactly(initCount),
        ephemeral: exactly(ephemeralCount),
        host: hostNamespaces,
        securityContext: opt(podSecurityContext, 2),
        volumes: opt(fc.array(volume, { minLength: 1, maxLength: 3 }), 3),
      }),
    )
    .map(({ main, init, ephemeral, host, securityContext, volumes }) => {
      const hostNetwork = host.hostNetwork === true;
      const named = volumes?.map((v, i) => ({ name: `v${i}`, ...v }));
      const sharesHost =
        host.hostPID === true || host.hostIPC === true || hostNetwork || named?.some((v) => 'hostPath' in v);
      return defined({
        containers: containers('c', main, { probes: true, ports: true, hostNetwork }),
        initContainers:
          init.length > 0 ? containers('i', init, { probes: false, ports: true, hostNetwork }) : undefined,
        ephemeralContainers:
          ephemeral.length > 0
            ? containers('e', ephemeral, { probes: false, ports: false, hostNetwork })
            : undefined,
        ...host,
        // The API server refuses a user namespace beside host namespaces or hostPath volumes.
        hostUsers: host.hostUsers === false && sharesHost ? undefined : host.hostUsers,
        securityContext,
        volumes: named,
      });
    });
}

interface Wrapper {
  group: string;
  resource: string;
  wrap: (spec: PodSpec) => Record<string, unknown>;
}

const WRAPPERS: Record<string, Wrapper> = {
  Pod: { group: '', resource: 'pods', wrap: (spec) => ({ spec }) },
  ReplicationController: {
    group: '',
    resource: 'replicationcontrollers',
    wrap: (spec) => ({ spec: { selector: { app: 'web' }, template: template(spec) } }),
  },
  Deployment: { group: 'apps', resource: 'deployments', wrap: (spec) => ({ spec: selected(spec) }) },
  ReplicaSet: { group: 'apps', resource: 'replicasets', wrap: (spec) => ({ spec: selected(spec) }) },
  StatefulSet: {
    group: 'apps',
    resource: 'statefulsets',
    wrap: (spec) => ({ spec: { ...selected(spec), serviceName: 'web' } }),
  },
  DaemonSet: { group: 'apps', resource: 'daemonsets', wrap: (spec) => ({ spec: selected(spec) }) },
  Job: {
    group: 'batch',
    resource: 'jobs',
    wrap: (spec) => ({ spec: { template: template(spec, 'Never') } }),
  },
  CronJob: {
    group: 'batch',
    resource: 'cronjobs',
    wrap: (spec) => ({
      spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: template(spec, 'OnFailure') } } },
    }),
  },
};

export const WORKLOAD_KINDS = Object.keys(WRAPPERS);

function template(spec: PodSpec, restartPolicy?: string): Record<string, unknown> {
  return { metadata: { labels: { app: 'web' } }, spec: restartPolicy ? { ...spec, restartPolicy } : spec };
}

function selected(spec: PodSpec): Record<string, unknown> {
  return { selector: { matchLabels: { app: 'web' } }, template: template(spec) };
}

const GROUP_VERSION: Record<string, string> = { '': 'v1', apps: 'v1', batch: 'v1' };

function apiVersionOf(group: string): string {
  return group === '' ? 'v1' : `${group}/${GROUP_VERSION[group]}`;
}

export function admissionReviewArbitrary(maxContainers: number): fc.Arbitrary<GeneratedReview> {
  const workload = fc
    .record({
      kind: fc.constantFrom(...WORKLOAD_KINDS),
      operation: fc.constantFrom('CREATE', 'UPDATE'),
      spec: podSpecArbitrary(maxContainers, false),
      name: fc.constantFrom('web', 'db', 'worker-1'),
      namespace: fc.constantFrom('shop', 'default', 'payments'),
    })
    .map(({ kind, operation, spec, name, namespace }) => {
      const { group, resource, wrap } = WRAPPERS[kind] as Wrapper;
      const object = { apiVersion: apiVersionOf(group), kind, metadata: { name, namespace }, ...wrap(spec) };
      const request = {
        kind: { group, version: 'v1', kind },
        resource: { group, version: 'v1', resource },
        name,
        namespace,
        operation,
        object,
        ...(operation === 'UPDATE' ? { oldObject: object } : {}),
      };
      return { request, podSpec: spec, kind };
    });
  // kubectl debug: the Pod as it will be, its new ephemeral containers included.
  const debug = fc
    .record({ spec: podSpecArbitrary(maxContainers, true), namespace: fc.constantFrom('shop', 'default') })
    .map(({ spec, namespace }) => {
      const object = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace }, spec };
      const before: PodSpec = { ...spec };
      delete before.ephemeralContainers;
      const request = {
        kind: { group: '', version: 'v1', kind: 'Pod' },
        resource: { group: '', version: 'v1', resource: 'pods' },
        subResource: 'ephemeralcontainers',
        name: 'web',
        namespace,
        operation: 'UPDATE',
        object,
        oldObject: { ...object, spec: before },
      };
      return { request, podSpec: spec, kind: 'Pod' };
    });
  return fc
    .tuple(
      fc.oneof({ weight: 8, arbitrary: workload }, { weight: 1, arbitrary: debug }),
      fc.uuid({ version: 4 }),
    )
    .map(([{ request, podSpec, kind }, uid]) => ({
      review: {
        apiVersion: 'admission.k8s.io/v1',
        kind: 'AdmissionReview',
        request: { uid, userInfo: { username: 'fuzz', groups: ['system:authenticated'] }, ...request },
      },
      podSpec,
      kind,
    }));
}
