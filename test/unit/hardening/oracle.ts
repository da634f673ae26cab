/**
 * A deliberately simple, separate reading of a pod spec for the property tests, so the
 * safety net is not checked only against itself. It covers the core privileges: capabilities,
 * privileged, host namespaces, host paths, privilege escalation, and observed writes.
 */
type Obj = Record<string, unknown>;

const ALL = 41; // number of capabilities in src/hardening/capabilities.ts
const DEFAULTS = [
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'NET_RAW',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
];

const o = (v: unknown): Obj => (typeof v === 'object' && v !== null ? (v as Obj) : {});
const list = (v: unknown): string[] => (Array.isArray(v) ? (v as string[]) : []);

export function containers(spec: Obj): Obj[] {
  return list(spec.containers) as unknown as Obj[];
}

/** Capability names, or 'ALL' standing for every one. */
export function caps(c: Obj): Set<string> {
  const sc = o(c.securityContext);
  if (sc.privileged === true) return new Set(['ALL']);
  const cap = o(sc.capabilities);
  const add = list(cap.add);
  if (add.includes('ALL')) return new Set(['ALL']);
  const drop = list(cap.drop);
  const base = drop.includes('ALL') ? [] : DEFAULTS.filter((d) => !drop.includes(d));
  return new Set([...base, ...add]);
}

export function capsSubset(a: Set<string>, b: Set<string>): boolean {
  if (b.has('ALL')) return true;
  if (a.has('ALL')) return b.size >= ALL;
  return [...a].every((x) => b.has(x));
}

export function granted(c: Obj, cap: string): boolean {
  const s = caps(c);
  return s.has('ALL') || s.has(cap);
}

export function escalates(c: Obj): boolean {
  const sc = o(c.securityContext);
  return sc.privileged === true || sc.allowPrivilegeEscalation !== false;
}

export function hostPaths(spec: Obj): Set<string> {
  const used = new Set(
    containers(spec).flatMap((c) => (list(c.volumeMounts) as unknown as Obj[]).map((m) => m.name as string)),
  );
  return new Set(
    (list(spec.volumes) as unknown as Obj[])
      .filter((v) => v.hostPath !== undefined && used.has(v.name as string))
      .map((v) => o(v.hostPath).path as string),
  );
}

export function writable(c: Obj, path: string): boolean {
  if (path === '/dev' || path.startsWith('/dev/') || path.startsWith('/proc/')) return true;
  const mounts = (list(c.volumeMounts) as unknown as Obj[]).filter(
    (m) => path === m.mountPath || path.startsWith(`${m.mountPath as string}/`),
  );
  mounts.sort((a, b) => (b.mountPath as string).length - (a.mountPath as string).length);
  const deepest = mounts[0];
  if (deepest !== undefined) return deepest.readOnly !== true;
  return o(c.securityContext).readOnlyRootFilesystem !== true;
}

/** The directory state an emptyDir replaces, as the profile records it. */
export interface PriorDir {
  path: string;
  uid: number;
  gid: number;
  mode: string;
}

const within = (p: string, dir: string): boolean => p === dir || p.startsWith(`${dir}/`);

/**
 * emptyDir semantics, read separately: a new emptyDir mount at X replaces X by an empty 0777
 * directory owned by root (group fsGroup, mode 2777, when set). It breaks the app unless X was
 * recorded as an older write directory, nothing older was used at or below X, and the root app
 * can chown (and, for a non-root owner with another mode, chmod) X back.
 */
export function emptyDirProblems(
  spec: Obj,
  before: Obj,
  after: Obj,
  observed: { preexistingWriteDirs: PriorDir[]; preexistingUse: string[]; uids: number[] },
): string[] {
  const emptyDirs = new Set(
    (list(spec.volumes) as unknown as Obj[])
      .filter((v) => v.emptyDir !== undefined)
      .map((v) => v.name as string),
  );
  const had = new Set(
    (list(before.volumeMounts) as unknown as Obj[]).map(
      (m) => `${m.name as string}@${m.mountPath as string}`,
    ),
  );
  const fsGroup = o(spec.securityContext).fsGroup as number | undefined;
  const problems: string[] = [];
  for (const m of list(after.volumeMounts) as unknown as Obj[]) {
    const x = m.mountPath as string;
    if (!emptyDirs.has(m.name as string) || had.has(`${m.name as string}@${x}`)) continue;
    const prior = observed.preexistingWriteDirs.find((d) => d.path === x);
    if (prior === undefined) {
      problems.push(`emptyDir ${x} unproven`);
      continue;
    }
    if (observed.preexistingUse.some((p) => within(p, x))) problems.push(`emptyDir ${x} hides`);
    const gid = fsGroup ?? 0;
    const mode = fsGroup === undefined ? '0777' : '2777';
    const needs = [
      ...(prior.uid !== 0 || prior.gid !== gid ? ['CHOWN'] : []),
      ...(prior.uid !== 0 && prior.mode !== mode ? ['FOWNER'] : []),
    ];
    const sc = o(after.securityContext);
    const podSc = o(spec.securityContext);
    const uid = sc.runAsUser ?? podSc.runAsUser;
    const nonRoot = (sc.runAsNonRoot ?? podSc.runAsNonRoot) === true;
    const root = observed.uids.includes(0) && (uid === 0 || (uid === undefined && !nonRoot));
    if (needs.length > 0 && (!root || !needs.every((cap) => granted(after, cap)))) {
      problems.push(`emptyDir ${x} unprepared`);
    }
  }
  return problems;
}
