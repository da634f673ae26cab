/**
 * Reloads the serving certificate (and the client CA of server.tls.clientAuth) when
 * cert-manager rotates the files. New connections get them through setSecureContext; a request
 * in flight finishes on its connection, and each older kept-alive connection closes after its
 * next response (connection-retirement.ts), so the call after it handshakes with the new pair.
 */
import { readFileSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { createSecureContext } from 'node:tls';
import type { Server } from 'node:https';
import type { Logger } from '../logger.js';
import type { CertificateFiles } from './dev-certificate.js';

/** The serving pair, and the CA bundle client certificates are verified against, if any. */
export interface ServingFiles extends CertificateFiles {
  clientCaFile?: string;
}

export interface ServingMaterial {
  cert: Buffer;
  key: Buffer;
  ca?: Buffer;
}

export function readServingMaterial(files: ServingFiles): ServingMaterial {
  return {
    cert: readFileSync(files.certFile),
    key: readFileSync(files.keyFile),
    ...(files.clientCaFile ? { ca: readFileSync(files.clientCaFile) } : {}),
  };
}

export interface TlsReloader {
  /** Re-reads the files now; a broken pair is logged and the old one kept. */
  reload(): boolean;
  close(): void;
}

export function watchKeyPair(
  server: Server,
  files: ServingFiles,
  logger: Logger,
  onReload: (ok: boolean, error?: Error) => void,
): TlsReloader {
  let timer: NodeJS.Timeout | undefined;
  const reload = (): boolean => {
    try {
      const material = readServingMaterial(files);
      createSecureContext(material); // fails on a mismatched or half-written pair or CA
      server.setSecureContext(material);
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
  const paths = [files.certFile, files.keyFile, ...(files.clientCaFile ? [files.clientCaFile] : [])];
  const relevant = new Set([...paths.map((p) => basename(p)), '..data']);
  const watchers: FSWatcher[] = [...new Set(paths.map((p) => dirname(p)))].map((dir) =>
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
