/**
 * Which workload a pod (or ReplicaSet, or Job) belongs to, so its profile can be found.
 * Profiles are recorded per controller (Deployment, StatefulSet, DaemonSet, CronJob) or per
 * bare Pod. Without an API call we only have the object's own ownerReferences and labels:
 *   Pod --owner--> ReplicaSet `<deployment>-<pod-template-hash>` → Deployment
 *   Pod --owner--> Job `<cronjob>-<scheduled minutes>`           → CronJob
 *   ReplicaSet / Job admitted directly: the same name rules on its own owner reference.
 * The result lists candidates, most specific controller first; the caller takes the first
 * that has a profile. The node agent names each profile by the same rule (controllerOf,
 * PARENT_KIND, ownerWorkloadKind), reading the owner's owner from the API instead of its name.
 */
import { WorkloadKind } from './workload-profile.js';
import type { ProfileKey, ProfileStore } from './profile-store.js';
import type { WorkloadProfile } from './workload-profile.js';

export interface OwnerReference {
  kind: string;
  name: string;
  controller?: boolean;
}

export interface WorkloadRef {
  kind: WorkloadKind;
  name: string;
}

export interface ObjectMeta {
  ownerReferences?: readonly OwnerReference[];
  labels?: Readonly<Record<string, string>>;
}

// The ReplicaSet hash suffix is a SafeEncodeString: consonants and digits without vowels
// or look-alikes (k8s.io/apimachinery/pkg/util/rand), up to 10 characters.
const RS_HASH = /^(.+)-([bcdfghjklmnpqrstvwxz2456789]{1,10})$/;
// CronJob-created Jobs are named `<cronjob>-<scheduled time in minutes since the epoch>`.
const CRON_SUFFIX = /^(.+)-(\d{8,10})$/;

/**
 * The one rule of whose profile a pod is: a ReplicaSet's pods belong to its Deployment and a
 * Job's to its CronJob when it has one; any other workload kind owns its pods itself; a pod with
 * no workload owner (bare, static, or owned by a custom controller) is its own workload.
 */
export const PARENT_KIND: Readonly<Partial<Record<WorkloadKind, WorkloadKind>>> = {
  ReplicaSet: 'Deployment',
  Job: 'CronJob',
};

/** The workload kind an owner reference names; undefined for a Node, a custom kind, a Pod. */
export function ownerWorkloadKind(kind: string): WorkloadKind | undefined {
  const parsed = WorkloadKind.safeParse(kind);
  return parsed.success && parsed.data !== 'Pod' ? parsed.data : undefined;
}

export function workloadCandidates(kind: WorkloadKind, name: string, meta: ObjectMeta = {}): WorkloadRef[] {
  const candidates: WorkloadRef[] = [];
  const owner = controllerOf(meta.ownerReferences);
  const self: WorkloadRef = { kind, name };
  if (owner === undefined) return [self];
  candidates.push(...viaOwner(owner, meta.labels ?? {}));
  candidates.push(self);
  return candidates;
}

/** The owner reference that controls an object: the one marked controller, else the first. */
export function controllerOf(refs: readonly OwnerReference[] | undefined): OwnerReference | undefined {
  if (refs === undefined) return undefined;
  return refs.find((r) => r.controller === true) ?? refs[0];
}

function viaOwner(owner: OwnerReference, labels: Readonly<Record<string, string>>): WorkloadRef[] {
  const kind = ownerWorkloadKind(owner.kind);
  if (kind === undefined) return [];
  const self: WorkloadRef = { kind, name: owner.name };
  const parent = PARENT_KIND[kind];
  const parentName = parent === undefined ? undefined : parentNameOf(kind, owner.name, labels);
  return parent === undefined || parentName === undefined
    ? [self]
    : [{ kind: parent, name: parentName }, self];
}

/** Without the API: the Deployment of a ReplicaSet, the CronJob of a Job, from the owner's name. */
function parentNameOf(
  kind: WorkloadKind,
  name: string,
  labels: Readonly<Record<string, string>>,
): string | undefined {
  if (kind === 'Job') return CRON_SUFFIX.exec(name)?.[1];
  const hash = labels['pod-template-hash'];
  return hash !== undefined && name.endsWith(`-${hash}`)
    ? name.slice(0, -hash.length - 1)
    : RS_HASH.exec(name)?.[1];
}

/** The first candidate with a profile in the store. */
export function findProfile(
  store: ProfileStore,
  namespace: string,
  candidates: WorkloadRef[],
): WorkloadProfile | undefined {
  for (const c of candidates) {
    const key: ProfileKey = { namespace, kind: c.kind, name: c.name };
    const found = store.get(key);
    if (found !== undefined) return found;
  }
  return undefined;
}
