/**
 * The one place that maps errors to HTTP answers. HttpErrors (an unreadable body among them)
 * and InvalidReviewErrors are the client's fault and say why; unknown errors are logged and
 * answered generically.
 */
import type { ErrorRequestHandler } from 'express';
import { InvalidReviewError } from '../../src/admission/admission-errors.js';
import type { Logger } from '../logger.js';
import { HttpError } from './http-error.js';

function clientError(error: unknown): { status: number; message: string } | undefined {
  if (error instanceof HttpError) return { status: error.status, message: error.message };
  if (error instanceof InvalidReviewError) return { status: 400, message: error.message };
  return undefined;
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const known = clientError(error);
    if (known) {
      logger.warn({ path: req.path, status: known.status, reason: known.message }, 'bad request');
      res.status(known.status).json({ error: known.message });
      return;
    }
    logger.error({ err: error, path: req.path }, 'internal error');
    res.status(500).json({ error: 'internal error' });
  };
}
