/**
 * What a controller-manager and a kubelet would have written, written by hand through the API:
 * a Deployment, its ReplicaSet and Pods (ownerReferences with uids, spec.nodeName), and each
 * Pod's status with a container id (status subresource), so the node agent can map a container
 * cgroup to its pod and the pod to its Deployment.
 */
import type { Kubectl } from './kubectl.js';

export const PROFILED_IMAGE =
  'registry.example.com/shop/web@sha256:5f0c5e3a7d1b9e2c4a6f8d0b1c3e5a7d9f1b3d5c7e9a1b3d5f7a9c1e3b5d7f9a';

export interface CreatedObject {
  name: string;
  uid: string;
}

/** A Deployment whose one container `web` adds exactly `capabilities`. */
export function deploymentManifest(name: string, capabilities: string[]): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: podTemplate(name, capabilities),
    },
  };
}

function podTemplate(name: string, capabilities: string[]) {
  const labels: Record<string, string> = { app: name };
  return {
    metadata: { labels },
    spec: {
      automountServiceAccountToken: false,
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        {
          name: 'web',
          image: PROFILED_IMAGE,
          resources: {
            requests: { cpu: '50m', memory: '64Mi' },
            limits: { cpu: '500m', memory: '128Mi' },
          },
          securityContext: {
            allowPrivilegeEscalation: false,
            capabilities: { drop: ['ALL'], add: capabilities },
          },
        },
      ],
    },
  };
}

async function createJson(kubectl: Kubectl, namespace: string, object: unknown): Promise<CreatedObject> {
  const result = await kubectl.ok(
    ['create', '-n', namespace, '-o', 'json', '-f', '-'],
    JSON.stringify(object),
  );
  const created = JSON.parse(result.stdout) as { metadata: { name: string; uid: string } };
  return { name: created.metadata.name, uid: created.metadata.uid };
}

function ownerRef(apiVersion: string, kind: string, owner: CreatedObject) {
  return { apiVersion, kind, name: owner.name, uid: owner.uid, controller: true, blockOwnerDeletion: true };
}

/** Deployment → ReplicaSet → Pods, as a controller-manager would create them. */
export async function createDeploymentChain(
  kubectl: Kubectl,
  namespace: string,
  name: string,
  capabilities: string[],
  node: string,
  replicas: number,
): Promise<{ deployment: CreatedObject; replicaSet: CreatedObject; pods: CreatedObject[] }> {
  const deployment = await createJson(kubectl, namespace, deploymentManifest(name, capabilities));
  const hash = '5d9c7b6f4';
  const template = podTemplate(name, capabilities);
  template.metadata.labels = { ...template.metadata.labels, 'pod-template-hash': hash };
  const replicaSet = await createJson(kubectl, namespace, {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${name}-${hash}`,
      labels: template.metadata.labels,
      ownerReferences: [ownerRef('apps/v1', 'Deployment', deployment)],
    },
    spec: { replicas, selector: { matchLabels: template.metadata.labels }, template },
  });
  const pods: CreatedObject[] = [];
  for (let i = 0; i < replicas; i++) {
    pods.push(
      await createJson(kubectl, namespace, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: `${name}-${hash}-${'abcdefghij'.slice(i, i + 5)}`,
          labels: template.metadata.labels,
          ownerReferences: [ownerRef('apps/v1', 'ReplicaSet', replicaSet)],
        },
        spec: { ...template.spec, nodeName: node },
      }),
    );
  }
  return { deployment, replicaSet, pods };
}

/** The kubelet's report that container `web` runs as `<runtime>://<containerId>`. */
export async function setRunningStatus(
  kubectl: Kubectl,
  namespace: string,
  pod: string,
  runtime: 'containerd' | 'cri-o',
  containerId: string,
): Promise<void> {
  const startedAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const status = {
    status: {
      phase: 'Running',
      containerStatuses: [
        {
          name: 'web',
          ready: true,
          started: true,
          restartCount: 0,
          image: PROFILED_IMAGE,
          imageID: PROFILED_IMAGE,
          containerID: `${runtime}://${containerId}`,
          state: { running: { startedAt } },
        },
      ],
    },
  };
  await kubectl.ok([
    'patch',
    'pod',
    pod,
    '-n',
    namespace,
    '--subresource=status',
    '--type=merge',
    '-p',
    JSON.stringify(status),
  ]);
}
