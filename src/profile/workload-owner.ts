/**
 * Which workload a pod (or ReplicaSet, or Job) belongs to, so its profile can be found.
 * Profiles are recorded per controller (Deployment, StatefulSet, DaemonSet, CronJob) or per
 * bare Pod. Without an API call we only have the object's own ownerReferences and labels:
 *   Pod --owner--> ReplicaSet `<deployment>-<pod-template-hash>` → Deployment
 *   Pod --owner--> Job `<cronjob>-<scheduled minutes>`           → CronJob
 *   ReplicaSet / Job admitted directly: the same name rules on its own owner reference.
 * The result lists candidates, most specific controller first; the caller takes the first
 * that has a profile.
 */
import type { WorkloadKind } from './workload-profile.js';
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

export function workloadCandidates(kind: WorkloadKind, name: string, meta: ObjectMeta = {}): WorkloadRef[] {
  const candidates: WorkloadRef[] = [];
  const owner = controllerOf(meta.ownerReferences);
  const self: WorkloadRef = { kind, name };
  if (owner === undefined) return [self];
  candidates.push(...viaOwner(owner, meta.labels ?? {}));
  candidates.push(self);
  return candidates;
}

function controllerOf(refs: readonly OwnerReference[] | undefined): OwnerReference | undefined {
  if (refs === undefined) return undefined;
  return refs.find((r) => r.controller === true) ?? refs[0];
}

function viaOwner(owner: OwnerReference, labels: Readonly<Record<string, string>>): WorkloadRef[] {
  switch (owner.kind) {
    case 'ReplicaSet': {
      const hash = labels['pod-template-hash'];
      const deployment =
        hash !== undefined && owner.name.endsWith(`-${hash}`)
          ? owner.name.slice(0, -hash.length - 1)
          : RS_HASH.exec(owner.name)?.[1];
      const rs: WorkloadRef = { kind: 'ReplicaSet', name: owner.name };
      return deployment === undefined ? [rs] : [{ kind: 'Deployment', name: deployment }, rs];
    }
    case 'Job': {
      const cronJob = CRON_SUFFIX.exec(owner.name)?.[1];
      const job: WorkloadRef = { kind: 'Job', name: owner.name };
      return cronJob === undefined ? [job] : [{ kind: 'CronJob', name: cronJob }, job];
    }
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicationController':
    case 'CronJob':
      return [{ kind: owner.kind, name: owner.name }];
    default:
      return [];
  }
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
