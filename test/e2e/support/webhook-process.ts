import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ManagedProcess } from './managed-process.js';
import type { ServingCertificate } from '../../support/pki.js';

export const REPO_ROOT = join(import.meta.dirname, '..', '..', '..');

export type Mode = 'enforce' | 'warn' | 'audit';

/** The group whose members may change ProfileGate's namespace labels in the e2e run. */
export const LABEL_EDITORS_GROUP = 'e2e:namespace-label-editors';

/**
 * What every webhook of the e2e run is configured with: no drain window (nothing balances
 * load here, so SIGTERM need not wait 5 s with the listener open), metrics on any free port,
 * and the namespace label
 * editors: the admin (system:masters) and LABEL_EDITORS_GROUP.
 */
const HARNESS_CONFIG = {
  server: { drainSeconds: 0, metrics: { port: 0 } },
  namespaceLabels: { editors: { groups: ['system:masters', LABEL_EDITORS_GROUP] } },
};

export interface WebhookOptions {
  readonly cert: ServingCertificate;
  readonly mode: Mode;
  readonly kubeconfig: string;
  readonly logFile: string;
  /** 0 picks any free port; pass the previous port to come back at the same URL. */
  readonly port?: number;
  /** Settings over HARNESS_CONFIG (top-level keys replace, `server` merges). */
  readonly config?: { server?: Record<string, unknown> } & Record<string, unknown>;
}

export interface RunningWebhook {
  readonly port: number;
  readonly baseUrl: string;
  readonly process: ManagedProcess;
}

/** The port of a `"msg":"listening"` JSON log line, or undefined for any other line. */
export function listeningPort(line: string): number | undefined {
  let entry: unknown;
  try {
    entry = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof entry !== 'object' || entry === null) return undefined;
  const { msg, port } = entry as { msg?: unknown; port?: unknown };
  return msg === 'listening' && typeof port === 'number' ? port : undefined;
}

/** Starts `node --import tsx webhook/main.ts` and resolves once it logs that it listens. */
export async function startWebhook(options: WebhookOptions): Promise<RunningWebhook> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PROFILEGATE_HOST: '127.0.0.1',
    PROFILEGATE_PORT: String(options.port ?? 0),
    PROFILEGATE_TLS_CERT: options.cert.certFile,
    PROFILEGATE_TLS_KEY: options.cert.keyFile,
    PROFILEGATE_MODE: options.mode,
    KUBECONFIG: options.kubeconfig,
  };
  const configFile = `${options.logFile}.config.yaml`;
  await writeFile(
    configFile,
    stringify({
      ...HARNESS_CONFIG,
      ...options.config,
      server: { ...HARNESS_CONFIG.server, ...options.config?.server },
    }),
  );
  env['PROFILEGATE_CONFIG'] = configFile;
  let onPort: (port: number) => void = () => undefined;
  const portSeen = new Promise<number>((resolve) => (onPort = resolve));
  const child = ManagedProcess.start({
    name: 'webhook',
    command: process.execPath,
    args: ['--import', 'tsx', 'webhook/main.ts'],
    cwd: REPO_ROOT,
    env,
    logFile: options.logFile,
    onLine: (line) => {
      const port = listeningPort(line);
      if (port !== undefined) onPort(port);
    },
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error('no "listening" log line within 60 s'));
    }, 60_000);
  });
  const exited = child.exit.then((code) => {
    throw new Error(`webhook exited with ${code} before listening`);
  });
  try {
    const port = await Promise.race([portSeen, timeout, exited]);
    return { port, baseUrl: `https://127.0.0.1:${port}`, process: child };
  } catch (error) {
    await child.stop();
    throw new Error(`${(error as Error).message}\n${child.tail()}`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}
