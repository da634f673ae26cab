/**
 * Pods to the workload that owns them, through owner references read from the API:
 *   Pod → ReplicaSet → Deployment, Pod → Job → CronJob, Pod → StatefulSet/DaemonSet/…
 * The API is a small interface so unit tests use a fake and the agent the real client.
 */
import type { WorkloadKind } from '../../src/profile/workload-profile.js';
import { controllerOf, ownerWorkloadKind, PARENT_KIND } from '../../src/profile/workload-owner.js';

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

/**
 * The workload a pod's profile is recorded for, by the rule the webhook looks it up with
 * (src/profile/workload-owner.ts): here the owner's owner is read from the API.
 */
export async function resolveWorkload(pod: PodInfo, api: OwnerLookup): Promise<ResolvedWorkload> {
  const namespace = pod.metadata?.namespace ?? 'default';
  const podName = pod.metadata?.name ?? '';
  const owner = controllerOf(pod.metadata?.ownerReferences);
  const kind = owner === undefined ? undefined : ownerWorkloadKind(owner.kind);
  if (owner === undefined || kind === undefined) return { namespace, kind: 'Pod', name: podName };
  const parentKind = PARENT_KIND[kind];
  if (parentKind !== undefined) {
    const parent = await api.getOwner(namespace, kind, owner.name);
    const grand = controllerOf(parent?.metadata?.ownerReferences);
    if (grand?.kind === parentKind) return { namespace, kind: parentKind, name: grand.name };
  }
  return { namespace, kind, name: owner.name };
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
