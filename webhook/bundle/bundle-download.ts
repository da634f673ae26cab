/**
 * One request of OPA's bundle service protocol: GET the bundle URL with the ETag of the bundle
 * in hand (If-None-Match); 304 means unchanged, 200 carries a new bundle and its ETag. Plain
 * node:http(s), because a custom CA per request is what the client needs and fetch cannot take
 * one without an extra dispatcher package.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface DownloadRequest {
  url: string;
  etag?: string | undefined;
  timeoutMs: number;
  maxBytes: number;
  /** PEM CA bundle for an https URL; the system's CAs when unset. */
  ca?: string | undefined;
  bearerToken?: string | undefined;
}

export type DownloadResult = { status: 'unchanged' } | { status: 'updated'; archive: Buffer; etag?: string };

export class BundleDownloadError extends Error {
  override readonly name = 'BundleDownloadError';
}

export function downloadBundle(req: DownloadRequest): Promise<DownloadResult> {
  const url = new URL(req.url);
  const headers: Record<string, string> = { accept: 'application/gzip, application/octet-stream' };
  if (req.etag !== undefined) headers['if-none-match'] = req.etag;
  if (req.bearerToken !== undefined) headers.authorization = `Bearer ${req.bearerToken}`;
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const fail = (message: string) => reject(new BundleDownloadError(`GET ${req.url}: ${message}`));
    const call = send(url, {
      method: 'GET',
      headers,
      timeout: req.timeoutMs,
      ...(req.ca ? { ca: req.ca } : {}),
    });
    call.on('timeout', () => call.destroy(new Error(`no answer within ${req.timeoutMs} ms`)));
    call.on('error', (error) => fail(error.message));
    call.on('response', (response) => {
      if (response.statusCode === 304) {
        response.resume();
        resolve({ status: 'unchanged' });
        return;
      }
      if (response.statusCode !== 200) {
        response.resume();
        fail(`HTTP ${response.statusCode ?? '?'} ${response.statusMessage ?? ''}`.trimEnd());
        return;
      }
      readLimited(response, req.maxBytes).then(
        (archive) => {
          const etag = response.headers.etag;
          resolve({ status: 'updated', archive, ...(etag ? { etag } : {}) });
        },
        (error: unknown) => fail((error as Error).message),
      );
    });
    call.end();
  });
}

function readLimited(response: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        response.destroy();
        reject(new Error(`the bundle exceeds bundle.service.maxBytes (${maxBytes} bytes)`));
        return;
      }
      chunks.push(chunk);
    });
    response.on('end', () => resolve(Buffer.concat(chunks)));
    response.on('error', reject);
  });
}
