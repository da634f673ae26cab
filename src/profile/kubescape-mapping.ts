/**
 * Imports a Kubescape ApplicationProfile (`spdx.softwarecomposition.kubescape.io/v1beta1`, written
 * by Kubescape's node-agent) as a WorkloadProfile, so users who already run Kubescape get
 * runtime-informed decisions on day one.
 *
 * Mapping:
 * - workload: labels kubescape.io/workload-{kind,name,namespace};
 * - source: `kubescape`, importedFrom namespace/name;
 * - observation: Kubescape's own times: firstSeen is metadata.creationTimestamp, lastSeen the
 *   latest managedFields time (else the creation time), so an old import goes stale; the import
 *   time is never used (an object without creationTimestamp is refused);
 * - phase: `complete` only when annotations say kubescape.io/status=completed (learning period
 *   over) and kubescape.io/completion=complete (watched from container start), and every
 *   container shows the program ran (src/profile/evidence-sufficiency.ts: a container that is
 *   only `{name: web}` proves nothing); otherwise `learning`, the reason says why;
 * - per container (containers, initContainers): capabilities (CAP_ prefix dropped), syscalls,
 *   execs[].path → executables, opens[] → writePaths (opened with O_WRONLY/O_RDWR/O_CREAT/O_TRUNC/
 *   O_APPEND) or readPaths, as their directories (a path segment with a wildcard collapses to
 *   its parent); inbound endpoints `:<port>/...` → listening TCP ports; imageID → imageDigest.
 * Kubescape does not record what the rules need as *evidence of absence*, so the importer
 * fills those conservatively: uids stay empty (runAsNonRoot is never proposed),
 * privilegeTransitions is true (allowPrivilegeEscalation=false is never proposed) and every
 * host namespace counts as used. Kubescape only records HTTP endpoints, so a non-HTTP listener
 * is missing from listeningPorts: the rules resting on those facts only warn for this source
 * (src/profile/provenance.ts).
 */
import { parseWorkloadProfile } from './parse-profile.js';
import { containerGaps, DEFAULT_EVIDENCE_MINIMUMS } from './evidence-sufficiency.js';
import {
  WorkloadKind,
  type ContainerProfile,
  type WorkloadProfile,
  PROFILE_API_VERSION,
  PROFILE_KIND,
  profileName,
} from './workload-profile.js';

export const KUBESCAPE_API_VERSION = 'spdx.softwarecomposition.kubescape.io/v1beta1';

export interface KubescapeContainer {
  name: string;
  capabilities?: string[] | null;
  syscalls?: string[] | null;
  execs?: { path: string; args?: string[] | null }[] | null;
  opens?: { path: string; flags?: string[] | null }[] | null;
  endpoints?: { direction?: string; endpoint?: string }[] | null;
  imageID?: string;
}

export interface ApplicationProfile {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    creationTimestamp?: string;
    managedFields?: { time?: string }[];
  };
  spec: { containers?: KubescapeContainer[] | null; initContainers?: KubescapeContainer[] | null };
}

export class KubescapeImportError extends Error {
  override readonly name = 'KubescapeImportError';
}

const WRITE_FLAGS = new Set(['O_WRONLY', 'O_RDWR', 'O_CREAT', 'O_TRUNC', 'O_APPEND']);

/** Directory of an opened path; wildcards (`*`, `⋯`) collapse to the static prefix. */
export function directoryOf(path: string): string {
  const parts = path.split('/').filter((p) => p.length > 0);
  const firstDynamic = parts.findIndex((p) => /[*⋯]/.test(p));
  const staticParts = firstDynamic === -1 ? parts.slice(0, -1) : parts.slice(0, firstDynamic);
  return `/${staticParts.join('/')}`;
}

const uniqueSorted = (items: Iterable<string>): string[] => [...new Set(items)].sort();

function listeningPorts(c: KubescapeContainer): { port: number; protocol: 'TCP' }[] {
  const ports = new Set<number>();
  for (const e of c.endpoints ?? []) {
    if (e.direction !== 'inbound') continue;
    const port = Number(/^[^/]*:(\d+)/.exec(e.endpoint ?? '')?.[1]);
    if (Number.isInteger(port) && port > 0 && port < 65536) ports.add(port);
  }
  return [...ports].sort((a, b) => a - b).map((port) => ({ port, protocol: 'TCP' }));
}

function container(c: KubescapeContainer): ContainerProfile {
  const opens = c.opens ?? [];
  const writes = opens.filter((o) => (o.flags ?? []).some((f) => WRITE_FLAGS.has(f)));
  const reads = opens.filter((o) => !writes.includes(o));
  const digest = /@(sha256:[0-9a-f]{64})/.exec(c.imageID ?? '')?.[1];
  return {
    name: c.name,
    ...(digest === undefined ? {} : { imageDigest: digest }),
    capabilities: uniqueSorted((c.capabilities ?? []).map((cap) => cap.toUpperCase().replace(/^CAP_/, ''))),
    syscalls: uniqueSorted(c.syscalls ?? []),
    executables: uniqueSorted((c.execs ?? []).map((e) => e.path).filter((p) => p.startsWith('/'))),
    writePaths: uniqueSorted(writes.map((o) => directoryOf(o.path))),
    readPaths: uniqueSorted(reads.map((o) => directoryOf(o.path))),
    preexistingWriteDirs: [],
    preexistingUse: [],
    listeningPorts: listeningPorts(c),
    outboundPeers: [],
    uids: [],
    gids: [],
    privilegeTransitions: true,
    hostNamespaces: ['network', 'pid', 'ipc'],
  };
}

/** When Kubescape last wrote the object: its latest managedFields time, else its creation. */
function lastWritten(ap: ApplicationProfile, created: string): string {
  const times = (ap.metadata.managedFields ?? [])
    .map((f) => f.time)
    .filter((t): t is string => t !== undefined && !Number.isNaN(Date.parse(t)));
  return times.reduce((latest, t) => (Date.parse(t) > Date.parse(latest) ? t : latest), created);
}

function workloadKind(raw: string | undefined): WorkloadKind {
  const match = WorkloadKind.options.find((k) => k.toLowerCase() === (raw ?? '').toLowerCase());
  if (match === undefined)
    throw new KubescapeImportError(`unsupported kubescape.io/workload-kind "${raw ?? ''}"`);
  return match;
}

/** Converts one ApplicationProfile. */
export function importApplicationProfile(ap: ApplicationProfile): WorkloadProfile {
  const source = `ApplicationProfile ${ap.metadata.namespace ?? ''}/${ap.metadata.name}`;
  if (ap.apiVersion !== KUBESCAPE_API_VERSION || ap.kind !== 'ApplicationProfile') {
    throw new KubescapeImportError(`${source}: not a ${KUBESCAPE_API_VERSION} ApplicationProfile`);
  }
  const labels = ap.metadata.labels ?? {};
  const annotations = ap.metadata.annotations ?? {};
  const kind = workloadKind(labels['kubescape.io/workload-kind']);
  const name = labels['kubescape.io/workload-name'];
  if (name === undefined) throw new KubescapeImportError(`${source}: no kubescape.io/workload-name label`);
  const namespace = labels['kubescape.io/workload-namespace'] ?? ap.metadata.namespace;
  const status = annotations['kubescape.io/status'] ?? 'unknown';
  const completion = annotations['kubescape.io/completion'] ?? 'unknown';
  const created = ap.metadata.creationTimestamp;
  if (created === undefined || Number.isNaN(Date.parse(created))) {
    throw new KubescapeImportError(
      `${source}: no metadata.creationTimestamp, so when it was observed is unknown (export it with kubectl get -o yaml)`,
    );
  }
  const containers = [...(ap.spec.initContainers ?? []), ...(ap.spec.containers ?? [])].map(container);
  const gaps = containers.flatMap((c) => containerGaps(c, DEFAULT_EVIDENCE_MINIMUMS));
  const learned = status === 'completed' && completion === 'complete';
  const reason = `imported from Kubescape (status ${status}, completion ${completion})`;
  return parseWorkloadProfile(
    {
      apiVersion: PROFILE_API_VERSION,
      kind: PROFILE_KIND,
      metadata: {
        name: profileName(kind, name),
        ...(namespace === undefined ? {} : { namespace }),
        annotations: { 'profilegate.dev/source': `kubescape:${ap.metadata.name}` },
      },
      spec: {
        workload: { kind, name },
        source: {
          type: 'kubescape',
          importedFrom: `${ap.metadata.namespace ?? ''}/${ap.metadata.name}`.slice(0, 320),
        },
        containers,
        observation: { firstSeen: created, lastSeen: lastWritten(ap, created) },
      },
      status: {
        phase: learned && gaps.length === 0 ? 'complete' : 'learning',
        reason: gaps.length === 0 ? reason : `${reason}; not evidence: ${gaps.join('; ')}`,
      },
    },
    source,
  );
}
