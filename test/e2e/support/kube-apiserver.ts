import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Agent } from 'node:https';
import { get } from 'node:https';
import { freePort } from './free-port.js';
import { ManagedProcess } from './managed-process.js';
import {
  createCertificateAuthority,
  createClientCertificate,
  createServingCertificate,
  createSigningKey,
  type CertificateAuthority,
} from '../../support/pki.js';
import { WaitAbortedError, waitFor } from './wait.js';

export interface RunningApiServer {
  readonly url: string;
  readonly ca: CertificateAuthority;
  /** Bearer token of the admin identity (group system:masters). */
  readonly token: string;
  readonly auditLogFile: string;
  /** The key that signs ServiceAccount tokens (the controller manager's token controller uses it). */
  readonly serviceAccountKeyFile: string;
  /** The CA of the client certificate the API server presents to admission webhooks, and its name. */
  readonly admissionClient: { readonly caFile: string; readonly commonName: string };
  /** The running process; a new one after restart(). */
  readonly process: ManagedProcess;
  /** Stops the API server and starts it again on the same port and etcd (every watch ends). */
  restart(): Promise<void>;
}

/** The subject CN of the client certificate the API server presents to every webhook. */
export const ADMISSION_CLIENT_NAME = 'kube-apiserver-admission';

/**
 * The API server's identity towards admission webhooks (--admission-control-config-file): a
 * kubeconfig whose user "*" (any webhook host) presents a client certificate of its own CA.
 */
async function admissionControlConfig(dir: string): Promise<{ file: string; caFile: string }> {
  const ca = await createCertificateAuthority(dir, 'admission-client');
  const client = await createClientCertificate(ca, dir, ADMISSION_CLIENT_NAME);
  const kubeconfig = join(dir, 'admission-kubeconfig.yaml');
  await writeFile(
    kubeconfig,
    `apiVersion: v1
kind: Config
users:
  - name: '*'
    user:
      client-certificate: ${client.certFile}
      client-key: ${client.keyFile}
`,
  );
  const webhookPlugin = (name: string) => `  - name: ${name}
    configuration:
      apiVersion: apiserver.config.k8s.io/v1
      kind: WebhookAdmissionConfiguration
      kubeConfigFile: ${kubeconfig}
`;
  const file = join(dir, 'admission-control.yaml');
  await writeFile(
    file,
    `apiVersion: apiserver.config.k8s.io/v1
kind: AdmissionConfiguration
plugins:
${webhookPlugin('ValidatingAdmissionWebhook')}${webhookPlugin('MutatingAdmissionWebhook')}`,
  );
  return { file, caFile: ca.certFile };
}

/** Records every request's metadata, including the auditAnnotations admission webhooks add. */
const AUDIT_POLICY = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
  - level: Metadata
`;

/** GET `path` with the admin token; resolves with the status code and body. */
export async function apiGet(
  server: Pick<RunningApiServer, 'url' | 'ca' | 'token'>,
  path: string,
): Promise<{ status: number; body: string }> {
  const agent = new Agent({ ca: server.ca.pem });
  return new Promise((resolve, reject) => {
    const request = get(
      `${server.url}${path}`,
      { agent, headers: { Authorization: `Bearer ${server.token}` } },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => {
          resolve({ status: response.statusCode ?? 0, body });
        });
      },
    );
    request.on('error', reject);
  });
}

/**
 * Where pods run (test/node/): the API server listens on every address and advertises the
 * node's, so pods reach it through the `kubernetes` Service (kube-proxy) as in-cluster clients
 * do; the ServiceAccount admission plugin is on (the controller manager creates the accounts);
 * it presents a client certificate to the kubelet (logs, exec).
 */
export interface NodeServing {
  readonly advertiseAddress: string;
  /** The first address of --service-cluster-ip-range: the `kubernetes` Service. */
  readonly serviceIp: string;
}

/** The Service CIDR; its first address is the `kubernetes` Service. */
export const SERVICE_CLUSTER_IP_RANGE = '10.96.0.0/24';

/**
 * Starts kube-apiserver against `etcdUrl`, with token auth, RBAC and audit log: on loopback, or
 * serving a node's pods with `node`.
 */
export async function startKubeApiserver(
  binary: string,
  etcdUrl: string,
  dir: string,
  node?: NodeServing,
): Promise<RunningApiServer> {
  const ca = await createCertificateAuthority(dir, 'apiserver');
  const inCluster = node
    ? [
        `IP:${node.advertiseAddress}`,
        `IP:${node.serviceIp}`,
        'DNS:kubernetes',
        'DNS:kubernetes.default',
        'DNS:kubernetes.default.svc',
        'DNS:kubernetes.default.svc.cluster.local',
      ]
    : [];
  const serving = await createServingCertificate(ca, dir, 'apiserver', inCluster);
  const signingKey = await createSigningKey(dir, 'service-account');
  const token = `e2e-admin-${Math.random().toString(36).slice(2)}`;
  const tokenFile = join(dir, 'tokens.csv');
  await writeFile(tokenFile, `${token},e2e-admin,e2e-admin,"system:masters"\n`, { mode: 0o600 });
  const auditPolicyFile = join(dir, 'audit-policy.yaml');
  await writeFile(auditPolicyFile, AUDIT_POLICY);
  const auditLogFile = join(dir, 'audit.log');
  const admission = await admissionControlConfig(dir);
  const port = await freePort();
  const url = `https://127.0.0.1:${port}`;
  const kubeletClient = node
    ? await createClientCertificate(ca, dir, 'kube-apiserver-kubelet-client')
    : undefined;
  const placement = node
    ? [
        '--bind-address=0.0.0.0',
        `--advertise-address=${node.advertiseAddress}`,
        `--kubelet-client-certificate=${kubeletClient?.certFile ?? ''}`,
        `--kubelet-client-key=${kubeletClient?.keyFile ?? ''}`,
        // The node's name is not in DNS; its address is in its status.
        '--kubelet-preferred-address-types=InternalIP',
      ]
    : [
        '--bind-address=127.0.0.1',
        '--advertise-address=127.0.0.1',
        // The endpoint reconciler refuses a loopback address; there is no in-cluster client anyway.
        '--endpoint-reconciler-type=none',
        // No controller-manager runs, so no "default" ServiceAccount is ever created.
        '--disable-admission-plugins=ServiceAccount',
      ];
  const options = {
    name: 'kube-apiserver',
    command: binary,
    args: [
      `--etcd-servers=${etcdUrl}`,
      ...placement,
      `--secure-port=${port}`,
      `--cert-dir=${dir}`,
      `--tls-cert-file=${serving.certFile}`,
      `--tls-private-key-file=${serving.keyFile}`,
      `--token-auth-file=${tokenFile}`,
      '--authorization-mode=RBAC',
      `--service-account-key-file=${signingKey}`,
      `--service-account-signing-key-file=${signingKey}`,
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-cluster-ip-range=${SERVICE_CLUSTER_IP_RANGE}`,
      // Privileged pods must reach the webhook: the API server itself would refuse them.
      '--allow-privileged=true',
      `--audit-policy-file=${auditPolicyFile}`,
      `--audit-log-path=${auditLogFile}`,
      '--audit-log-format=json',
      '--audit-log-mode=blocking',
      `--admission-control-config-file=${admission.file}`,
    ],
    logFile: join(dir, 'kube-apiserver.log'),
  };
  let current = ManagedProcess.start(options);
  const admissionClient = { caFile: admission.caFile, commonName: ADMISSION_CLIENT_NAME };
  const server: RunningApiServer = {
    url,
    ca,
    token,
    auditLogFile,
    serviceAccountKeyFile: signingKey,
    admissionClient,
    get process() {
      return current;
    },
    async restart() {
      await current.stop();
      current = ManagedProcess.start(options);
      await untilReady(server);
    },
  };
  await untilReady(server);
  return server;
}

async function untilReady(server: RunningApiServer): Promise<void> {
  const { process } = server;
  try {
    await waitFor(
      async () => {
        if (!process.alive) throw new WaitAbortedError(`kube-apiserver exited:\n${process.tail()}`);
        const { status, body } = await apiGet(server, '/readyz');
        if (status !== 200) throw new Error(`/readyz ${status}: ${body}`);
        return true;
      },
      { timeoutMs: 90_000, intervalMs: 500, what: 'kube-apiserver /readyz' },
    );
  } catch (error) {
    await process.stop();
    throw error;
  }
}
