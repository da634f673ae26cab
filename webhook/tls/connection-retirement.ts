/**
 * After a certificate reload, connections opened before it are retired gracefully: the next
 * response on each carries `Connection: close`, so the client closes it after reading that
 * response and its following call handshakes with the new pair. A bad rotation (a certificate
 * the API server's caBundle does not trust) so shows within two calls instead of whenever
 * kept-alive connections happen to end. Closing idle connections at once instead would race a
 * request the client is already writing: it sees a reset, and under failurePolicy Fail the
 * apply is rejected (the fault-matrix e2e caught exactly that).
 */
import type { Server } from 'node:https';
import type { Socket } from 'node:net';

export interface ConnectionRetirement {
  /** Marks every connection open now as retired. */
  retire(): void;
}

export function retireConnectionsOnReload(server: Server): ConnectionRetirement {
  let generation = 0;
  const opened = new WeakMap<Socket, number>();
  server.on('secureConnection', (socket) => opened.set(socket, generation));
  // Before the app's own listener, so the header is set before any response is written.
  server.prependListener('request', (req, res) => {
    const born = opened.get(req.socket);
    if (born !== undefined && born < generation) res.setHeader('Connection', 'close');
  });
  return {
    retire: () => {
      generation += 1;
    },
  };
}
