import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { ManagedProcess } from './managed-process.js';
import { WaitAbortedError, waitFor } from './wait.js';

export interface RunningEtcd {
  readonly url: string;
  readonly process: ManagedProcess;
}

/** Starts a single-member etcd on loopback with a fresh data dir under `dir`. */
export async function startEtcd(binary: string, dir: string): Promise<RunningEtcd> {
  const dataDir = join(dir, 'etcd-data');
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const clientPort = await freePort();
  const peerPort = await freePort();
  const url = `http://127.0.0.1:${clientPort}`;
  const peerUrl = `http://127.0.0.1:${peerPort}`;
  const process = ManagedProcess.start({
    name: 'etcd',
    command: binary,
    args: [
      '--name=e2e',
      `--data-dir=${dataDir}`,
      `--listen-client-urls=${url}`,
      `--advertise-client-urls=${url}`,
      `--listen-peer-urls=${peerUrl}`,
      `--initial-advertise-peer-urls=${peerUrl}`,
      `--initial-cluster=e2e=${peerUrl}`,
      '--initial-cluster-state=new',
      '--listen-metrics-urls=',
    ],
    logFile: join(dir, 'etcd.log'),
  });
  try {
    await waitFor(
      async () => {
        if (!process.alive) throw new WaitAbortedError(`etcd exited:\n${process.tail()}`);
        const response = await fetch(`${url}/health`);
        const body = (await response.json()) as { health?: string };
        return body.health === 'true' ? true : undefined;
      },
      { timeoutMs: 30_000, what: 'etcd /health' },
    );
  } catch (error) {
    await process.stop();
    throw error;
  }
  return { url, process };
}
