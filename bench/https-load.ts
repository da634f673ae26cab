/** autocannon against one endpoint of a local HTTPS server that uses the bench certificate. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';

export const CERT_DIR = '.cache/bench-cert';

export interface LoadOptions {
  port: number;
  path: string;
  /** JSON bodies, sent in turn. */
  bodies: readonly string[];
  seconds: number;
  connections: number;
}

export function postLoad(o: LoadOptions): Promise<autocannon.Result> {
  return autocannon({
    url: `https://127.0.0.1:${o.port}`,
    connections: o.connections,
    duration: o.seconds,
    requests: o.bodies.map((body) => ({
      method: 'POST',
      path: o.path,
      body,
      headers: { 'content-type': 'application/json' },
    })),
    tlsOptions: { ca: readFileSync(join(CERT_DIR, 'tls.crt')), servername: 'localhost' },
  });
}
