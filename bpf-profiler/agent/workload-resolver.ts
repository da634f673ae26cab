/**
 * Pods to the workload that owns them, through owner references read from the API:
 *   Pod → ReplicaSet → Deployment, Pod → Job → CronJob, Pod → StatefulSet/DaemonSet/…
 * The API is a small interface so unit tests use a fake and the agent the real client.
 */
import { WorkloadKind } from '../../src/profile/workload-profile.js';

export interface OwnerRef {
  apiVersion?: string;
  kind: string;
  name: string;
  uid?: string;
  controller?: boolean;
}

export interface ObjectWithOwners {
  metadata?: { name?: string; namespace?: string; ownerReferences?: OwnerRef[] };
}

export interface PodInfo extends ObjectWithOwners {
  metadata?: ObjectWithOwners['metadata'] & { uid?: string };
  spec?: { nodeName?: string };
  status?: {
    containerStatuses?: { name: string; containerID?: string; imageID?: string }[];
    initContainerStatuses?: { name: string; containerID?: string; imageID?: string }[];
  };
}

/** What the resolver reads from the cluster. */
export interface OwnerLookup {
  getOwner(namespace: string, kind: string, name: string): Promise<ObjectWithOwners | undefined>;
}

export interface ResolvedWorkload {
  namespace: string;
  kind: WorkloadKind;
  name: string;
}

/** Controller kinds an owner reference can name (a Pod owns nothing). */
const WORKLOAD_KINDS: readonly string[] = WorkloadKind.options.filter((k) => k !== 'Pod');
/** Kinds whose controller, if any, is the workload instead. */
const INTERMEDIATE = new Set(['ReplicaSet', 'Job']);

function controllerOf(o: ObjectWithOwners): OwnerRef | undefined {
  const refs = o.metadata?.ownerReferences ?? [];
  return refs.find((r) => r.controller === true) ?? refs[0];
}

function isWorkloadKind(kind: string): kind is WorkloadKind {
  return WORKLOAD_KINDS.includes(kind);
}

export async function resolveWorkload(pod: PodInfo, api: OwnerLookup): Promise<ResolvedWorkload> {
  const namespace = pod.metadata?.namespace ?? 'default';
  const podName = pod.metadata?.name ?? '';
  const owner = controllerOf(pod);
  if (owner === undefined || !isWorkloadKind(owner.kind)) {
    return { namespace, kind: 'Pod', name: podName };
  }
  if (INTERMEDIATE.has(owner.kind)) {
    const parent = await api.getOwner(namespace, owner.kind, owner.name);
    const grand = parent === undefined ? undefined : controllerOf(parent);
    if (grand !== undefined && isWorkloadKind(grand.kind)) {
      return { namespace, kind: grand.kind, name: grand.name };
    }
  }
  return { namespace, kind: owner.kind, name: owner.name };
}

/** The container a runtime id belongs to: `containerd://<id>` in the pod's status. */
export function containerOfPod(
  pod: PodInfo,
  containerId: string,
): { name: string; imageDigest?: string } | undefined {
  const statuses = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])];
  const status = statuses.find((s) => s.containerID?.split('://')[1] === containerId);
  if (status === undefined) return undefined;
  const digest = /sha256:[0-9a-f]{64}/.exec(status.imageID ?? '')?.[0];
  return { name: status.name, ...(digest === undefined ? {} : { imageDigest: digest }) };
}
