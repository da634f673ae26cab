/**
 * server.tls.clientAuth: only the API server may ask for reviews. The listener requests a client
 * certificate but completes every handshake (the kubelet's probes present none), so the check is
 * made here, on the admission routes alone: a certificate the configured CA signed, and when
 * allowedNames is set, one whose subject CN or a DNS SAN is in it.
 */
import { TLSSocket } from 'node:tls';
import type { RequestHandler } from 'express';
import type { Logger } from '../logger.js';
import type { WebhookMetrics } from '../metrics.js';
import { HttpError } from './http-error.js';

export interface ClientAuthSettings {
  allowedNames: readonly string[];
}

function namesOf(socket: TLSSocket): string[] {
  const cert = socket.getPeerCertificate();
  const cn = cert.subject.CN;
  const sans = (cert.subjectaltname ?? '')
    .split(', ')
    .filter((san) => san.startsWith('DNS:'))
    .map((san) => san.slice('DNS:'.length));
  return [...(typeof cn === 'string' ? [cn] : []), ...sans];
}

export function requireClientCertificate(
  settings: ClientAuthSettings,
  logger: Logger,
  metrics: Pick<WebhookMetrics, 'clientCertificateRefusals'>,
): RequestHandler {
  const refuse = (reason: 'missing' | 'untrusted' | 'name', status: number, message: string): never => {
    metrics.clientCertificateRefusals.inc({ reason });
    logger.warn({ reason, detail: message }, 'client certificate refused');
    throw new HttpError(status, message);
  };
  return (req, _res, next) => {
    const socket = req.socket;
    if (!(socket instanceof TLSSocket)) throw new HttpError(401, 'a client certificate needs TLS');
    if (!socket.authorized) {
      // A verification code such as UNABLE_TO_VERIFY_LEAF_SIGNATURE (typed Error, sent as a string).
      const code = String(socket.authorizationError);
      const presented = Object.keys(socket.getPeerCertificate()).length > 0;
      if (!presented) {
        refuse(
          'missing',
          401,
          'a client certificate is required (server.tls.clientAuth): none was presented',
        );
      }
      refuse(
        'untrusted',
        401,
        `the client certificate is not signed by the CA in server.tls.clientAuth.caFile (${code})`,
      );
    }
    const names = namesOf(socket);
    const { allowedNames } = settings;
    if (allowedNames.length > 0 && !names.some((name) => allowedNames.includes(name))) {
      refuse(
        'name',
        403,
        `the client certificate names ${names.map((n) => `"${n}"`).join(', ') || 'no one'}; allowed: ${allowedNames.join(', ')} (server.tls.clientAuth.allowedNames)`,
      );
    }
    next();
  };
}
