/**
 * Reloads the serving certificate when cert-manager rotates the files. New connections
 * get the new pair through setSecureContext; open connections are not touched.
 */
import { readFileSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { createSecureContext } from 'node:tls';
import type { Server } from 'node:https';
import type { Logger } from '../logger.js';
import type { CertificateFiles } from './dev-certificate.js';

export function readKeyPair(files: CertificateFiles): { cert: Buffer; key: Buffer } {
  return { cert: readFileSync(files.certFile), key: readFileSync(files.keyFile) };
}

export interface TlsReloader {
  /** Re-reads the files now; a broken pair is logged and the old one kept. */
  reload(): boolean;
  close(): void;
}

export function watchKeyPair(
  server: Server,
  files: CertificateFiles,
  logger: Logger,
  onReload: (ok: boolean, error?: Error) => void,
): TlsReloader {
  let timer: NodeJS.Timeout | undefined;
  const reload = (): boolean => {
    try {
      const pair = readKeyPair(files);
      createSecureContext(pair); // fails on a mismatched or half-written pair
      server.setSecureContext(pair);
      logger.info({ certFile: files.certFile }, 'serving certificate reloaded');
      onReload(true);
      return true;
    } catch (error) {
      logger.error(
        { err: error, certFile: files.certFile },
        'serving certificate reload failed; keeping the previous one',
      );
      onReload(false, error as Error);
      return false;
    }
  };
  // Kubernetes swaps Secret volumes through a ..data symlink, so watch the directories, but
  // only react to the pair itself and that symlink (other files there, e.g. logs, are not ours).
  const relevant = new Set([basename(files.certFile), basename(files.keyFile), '..data']);
  const watchers: FSWatcher[] = [...new Set([dirname(files.certFile), dirname(files.keyFile)])].map((dir) =>
    watch(dir, (_event, name) => {
      if (name !== null && !relevant.has(name)) return;
      clearTimeout(timer);
      timer = setTimeout(reload, 200);
    }),
  );
  return {
    reload,
    close: () => {
      clearTimeout(timer);
      for (const w of watchers) w.close();
    },
  };
}
