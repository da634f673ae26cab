/**
 * Reads a JSON request body up to `maxBytes`. A larger body is drained without being kept
 * (memory stays bounded; requestTimeout bounds the time) and becomes an OversizeBody with its
 * size and first bytes, so the route can still answer the request's uid: a 413 would be a webhook
 * failure, and `failurePolicy: Ignore` admits on failure.
 */
import type { RequestHandler } from 'express';
import { HttpError } from './http-error.js';

/** Enough for the request's uid, kind, name, namespace and operation, which come before the objects. */
export const HEAD_BYTES = 64 * 1024;

export class OversizeBody {
  constructor(
    readonly bytes: number,
    /** The first HEAD_BYTES of the body as text. */
    readonly head: string,
  ) {}
}

export function readJsonBody(maxBytes: number): RequestHandler {
  return async (req, _res, next) => {
    if (!req.is('application/json')) {
      next();
      return;
    }
    const encoding = req.get('content-encoding') ?? 'identity';
    if (encoding !== 'identity') {
      next(new HttpError(415, `content-encoding ${encoding} is not supported (send identity)`));
      return;
    }
    const chunks: Buffer[] = [];
    let bytes = 0;
    let oversize = false;
    try {
      for await (const chunk of req as AsyncIterable<Buffer>) {
        bytes += chunk.length;
        if (oversize) continue;
        chunks.push(chunk);
        if (bytes > maxBytes) {
          // Past the limit: keep only the head, drop the rest as it arrives.
          oversize = true;
          const head = Buffer.concat(chunks).subarray(0, HEAD_BYTES);
          chunks.splice(0, chunks.length, head);
        }
      }
    } catch (error) {
      next(new HttpError(400, 'the request body could not be read', { cause: error }));
      return;
    }
    const body = Buffer.concat(chunks);
    if (oversize) {
      req.body = new OversizeBody(bytes, body.toString('utf8'));
      next();
      return;
    }
    try {
      req.body = JSON.parse(body.toString('utf8')) as unknown;
    } catch {
      next(new HttpError(400, 'request body is not valid JSON'));
      return;
    }
    next();
  };
}
