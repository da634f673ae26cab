/**
 * A bundle server of OPA's bundle service protocol for tests: serves one bundle at
 * /bundles/profilegate.tar.gz with a content ETag, answers 304 to a matching If-None-Match,
 * optionally over HTTPS and requiring a bearer token, and records every request.
 */
import { createHash } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

export interface ServedRequest {
  ifNoneMatch?: string;
  authorization?: string;
  status: number;
}

export interface BundleServer {
  url: string;
  requests: ServedRequest[];
  /** What the next GET serves; `undefined` answers 404. */
  serve(archive: Buffer | undefined): void;
  close(): Promise<void>;
}

export const BUNDLE_PATH = '/bundles/profilegate.tar.gz';

export async function startBundleServer(
  options: { tls?: { cert: Buffer; key: Buffer }; token?: string; host?: string } = {},
): Promise<BundleServer> {
  let archive: Buffer | undefined;
  let etag = '';
  const requests: ServedRequest[] = [];
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const answer = (status: number, body?: Buffer) => {
      requests.push({
        ...(req.headers['if-none-match'] ? { ifNoneMatch: req.headers['if-none-match'] } : {}),
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
        status,
      });
      res.writeHead(status, status === 200 ? { etag, 'content-type': 'application/gzip' } : {});
      res.end(body);
    };
    if (req.url !== BUNDLE_PATH || archive === undefined) answer(404);
    else if (options.token !== undefined && req.headers.authorization !== `Bearer ${options.token}`)
      answer(401);
    else if (req.headers['if-none-match'] === etag) answer(304);
    else answer(200, archive);
  };
  const server = options.tls ? createHttpsServer(options.tls, handle) : createHttpServer(handle);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  const name = options.tls ? 'localhost' : host;
  return {
    url: `${options.tls ? 'https' : 'http'}://${name}:${port}${BUNDLE_PATH}`,
    requests,
    serve(next) {
      archive = next;
      etag = next === undefined ? '' : `"${createHash('sha256').update(next).digest('hex').slice(0, 16)}"`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
