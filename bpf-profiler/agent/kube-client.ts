/**
 * The few API calls the agent makes (GET, POST, PUT of JSON, and a watch stream), over one
 * keep-alive HTTPS agent. Failed calls become ApiStatusError with the HTTP status, which is what
 * the profile writer needs to tell a 409 Conflict from anything else; a watch line that is not a
 * JSON watch event ends the watch with a WatchDecodeError instead of escaping as an exception.
 */
import { Agent, request as httpsRequest, type RequestOptions } from 'node:https';
import type { IncomingMessage } from 'node:http';
import { createInterface } from 'node:readline';
import type { KubeAccess } from './kube-access.js';
import { ApiStatusError, WatchDecodeError } from './api-status-error.js';

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: unknown;
}

export interface Watch {
  /** Resolves when the server ends the stream (timeout, restart) or it fails. */
  done: Promise<void>;
  abort(): void;
}

const TIMEOUT_MS = 30_000;

export class KubeClient {
  private readonly agent: Agent;

  constructor(private readonly access: KubeAccess) {
    this.agent = new Agent({
      keepAlive: true,
      maxSockets: 4,
      ...(access.ca === undefined ? {} : { ca: access.ca }),
      ...(access.cert === undefined ? {} : { cert: access.cert }),
      ...(access.key === undefined ? {} : { key: access.key }),
      rejectUnauthorized: !access.insecureSkipTlsVerify,
    });
  }

  /** GET; undefined on 404. */
  async get(path: string): Promise<unknown> {
    try {
      return await this.send('GET', path);
    } catch (error) {
      if (error instanceof ApiStatusError && error.status === 404) return undefined;
      throw error;
    }
  }

  post(path: string, body: unknown): Promise<unknown> {
    return this.send('POST', path, body);
  }

  put(path: string, body: unknown): Promise<unknown> {
    return this.send('PUT', path, body);
  }

  /** A watch stream: one JSON event per line, handed to `onEvent` in order. */
  watch(path: string, onEvent: (event: WatchEvent) => void): Watch {
    let abort: () => void = () => undefined;
    const done = new Promise<void>((resolve, reject) => {
      const req = httpsRequest(this.url(path), this.options('GET'), (res) => {
        if (res.statusCode !== 200) {
          void readBody(res).then((text) => {
            reject(new ApiStatusError(res.statusCode ?? 0, `watch ${path}: ${res.statusCode}: ${text}`));
          }, reject);
          return;
        }
        const lines = createInterface({ input: res });
        let broken = false;
        lines.on('line', (line) => {
          if (broken || line.trim() === '') return;
          const event = decodeEvent(line);
          if (event !== undefined) {
            onEvent(event);
            return;
          }
          // Not a watch event: end this watch with an error (lines already buffered are dropped);
          // the caller relists and resumes.
          broken = true;
          reject(new WatchDecodeError(`watch ${path}: not a JSON watch event: ${line.slice(0, 200)}`));
          lines.close();
          req.destroy();
        });
        lines.on('close', () => {
          resolve();
        });
        // A dropped connection (API server restart, abort) ends this watch; the caller resumes.
        lines.on('error', () => {
          resolve();
        });
        res.on('error', () => {
          resolve();
        });
      });
      req.on('error', (error) => {
        reject(error);
      });
      req.end();
      abort = () => {
        req.destroy();
        resolve();
      };
    });
    return { done, abort: () => abort() };
  }

  close(): void {
    this.agent.destroy();
  }

  private url(path: string): URL {
    return new URL(path, `${this.access.server}/`);
  }

  private options(method: string, contentType?: string): RequestOptions {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (contentType !== undefined) headers['Content-Type'] = contentType;
    const token = this.access.token?.();
    if (token !== undefined) headers['Authorization'] = `Bearer ${token}`;
    return { method, agent: this.agent, headers };
  }

  private send(method: string, path: string, body?: unknown): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const options = this.options(method, payload === undefined ? undefined : 'application/json');
      const req = httpsRequest(this.url(path), { ...options, timeout: TIMEOUT_MS }, (res) => {
        readBody(res).then((text) => {
          const status = res.statusCode ?? 0;
          if (status < 200 || status >= 300) {
            reject(new ApiStatusError(status, `${method} ${path}: ${status}: ${text.slice(0, 500)}`));
            return;
          }
          resolve(text === '' ? undefined : (JSON.parse(text) as unknown));
        }, reject);
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer in ${TIMEOUT_MS} ms`)));
      req.on('error', reject);
      req.end(payload);
    });
  }
}

const EVENT_TYPES: ReadonlySet<string> = new Set(['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK', 'ERROR']);

function decodeEvent(line: string): WatchEvent | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { type, object } = parsed as { type?: unknown; object?: unknown };
  return typeof type === 'string' && EVENT_TYPES.has(type)
    ? { type: type as WatchEvent['type'], object }
    : undefined;
}

function readBody(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (text += chunk));
    res.on('end', () => {
      resolve(text);
    });
    res.on('error', reject);
  });
}
