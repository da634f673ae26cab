/**
 * The node suite's workloads: an nginx Deployment with a privileged python sidecar and a redis
 * Deployment, both asking for more than they use (NET_ADMIN, a writable root filesystem, an
 * unused hostPath, an automounted token), and the traffic that exercises them.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Kubectl } from '../../e2e/support/kubectl.js';
import type { PinnedImages } from './node-environment.js';

const run = promisify(execFile);

export const NGINX_DEPLOYMENT = 'web';
export const REDIS_DEPLOYMENT = 'cache';
/** The sidecar's port (python -m http.server). */
export const SIDECAR_PORT = 8081;

function deployment(name: string, containers: unknown[], hostDir: string, extraCapabilities: string[]) {
  const withCapabilities = (containers as { securityContext?: Record<string, unknown> }[]).map((c, i) =>
    i === 0 ? { ...c, securityContext: { capabilities: { add: ['NET_ADMIN', ...extraCapabilities] } } } : c,
  );
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: withCapabilities.map((c, i) =>
            i === 0 ? { ...c, volumeMounts: [{ name: 'host-data', mountPath: '/host-data' }] } : c,
          ),
          volumes: [{ name: 'host-data', hostPath: { path: hostDir, type: 'DirectoryOrCreate' } }],
        },
      },
    },
  };
}

/** nginx on port 80 (the image's config answers "profilegate nginx"), plus a privileged sidecar. */
export function nginxDeployment(images: PinnedImages, hostDir: string, extraCapabilities: string[] = []) {
  return deployment(
    NGINX_DEPLOYMENT,
    [
      {
        name: 'nginx',
        image: images.nginx,
        imagePullPolicy: 'Never',
        ports: [{ containerPort: 80 }],
        readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 2 },
      },
      {
        name: 'sidecar',
        image: images.python,
        imagePullPolicy: 'Never',
        args: ['-m', 'http.server', String(SIDECAR_PORT), '--directory', '/usr/share/doc'],
        ports: [{ containerPort: SIDECAR_PORT }],
        securityContext: { privileged: true },
      },
    ],
    hostDir,
    extraCapabilities,
  );
}

/** redis with its append-only file in /data (written from the first command on). */
export function redisDeployment(images: PinnedImages, hostDir: string) {
  return deployment(
    REDIS_DEPLOYMENT,
    [
      {
        name: 'redis',
        image: images.redis,
        imagePullPolicy: 'Never',
        args: ['--bind', '0.0.0.0', '--protected-mode', 'no', '--dir', '/data', '--appendonly', 'yes'],
        ports: [{ containerPort: 6379 }],
        readinessProbe: { tcpSocket: { port: 6379 }, periodSeconds: 2 },
      },
    ],
    hostDir,
    [],
  );
}

/** JSON, not YAML: kubectl reads YAML 1.1, where an unquoted `yes` is a boolean. */
export function manifestOf(object: unknown): string {
  return JSON.stringify(object);
}

/** IPs of the Running, Ready pods of a Deployment's label app=<name>. */
export async function readyPodIps(kubectl: Kubectl, namespace: string, app: string): Promise<string[]> {
  const list = JSON.parse(
    (await kubectl.ok(['get', 'pods', '-n', namespace, '-l', `app=${app}`, '-o', 'json'])).stdout,
  ) as {
    items: {
      metadata: { deletionTimestamp?: string };
      status: { podIP?: string; conditions?: { type: string; status: string }[] };
    }[];
  };
  return list.items
    .filter((p) => p.metadata.deletionTimestamp === undefined)
    .filter((p) => p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'))
    .map((p) => p.status.podIP ?? '')
    .filter(Boolean);
}

export interface TrafficResult {
  /** HTTP requests answered with the expected body / sent, nginx and sidecar together. */
  readonly http: { ok: number; sent: number };
  /** redis-benchmark's requests per second of SET and GET, per pod. */
  readonly redis: { pod: string; set: number; get: number }[];
}

/** 100 GETs to each nginx pod and its sidecar, and redis-benchmark SET/GET against each redis pod. */
export async function sendTraffic(
  webIps: readonly string[],
  cacheIps: readonly string[],
): Promise<TrafficResult> {
  let ok = 0;
  let sent = 0;
  for (const ip of webIps) {
    for (let i = 0; i < 100; i++) {
      sent += 2;
      const page = await fetch(`http://${ip}/`)
        .then((r) => r.text())
        .catch(() => '');
      if (page === 'profilegate nginx\n') ok += 1;
      const listing = await fetch(`http://${ip}:${SIDECAR_PORT}/`)
        .then((r) => r.status)
        .catch(() => 0);
      if (listing === 200) ok += 1;
    }
  }
  const redis: TrafficResult['redis'] = [];
  for (const ip of cacheIps) {
    const { stdout } = await run('redis-benchmark', [
      '-h',
      ip,
      '-q',
      '-n',
      '2000',
      '-c',
      '4',
      '-t',
      'set,get',
    ]);
    const rate = (command: string) =>
      Number(new RegExp(`${command}: ([\\d.]+) requests per second`).exec(stdout)?.[1] ?? 0);
    redis.push({ pod: ip, set: rate('SET'), get: rate('GET') });
  }
  return { http: { ok, sent }, redis };
}
