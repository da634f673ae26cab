/**
 * The one place that maps errors to HTTP answers. Body-parser failures and HttpErrors
 * are the client's fault and say why; unknown errors are logged and answered generically.
 */
import type { ErrorRequestHandler } from 'express';
import { InvalidReviewError } from '../../src/admission/admission-errors.js';
import type { Logger } from '../logger.js';
import { HttpError } from './http-error.js';

interface BodyParserError {
  type?: string;
  status?: number;
  limit?: number;
}

function clientError(error: unknown): { status: number; message: string } | undefined {
  if (error instanceof HttpError) return { status: error.status, message: error.message };
  if (error instanceof InvalidReviewError) return { status: 400, message: error.message };
  const parser = error as BodyParserError;
  if (parser.type === 'entity.too.large') {
    return { status: 413, message: `request body exceeds the limit of ${parser.limit ?? '?'} bytes` };
  }
  if (parser.type === 'entity.parse.failed')
    return { status: 400, message: 'request body is not valid JSON' };
  if (typeof parser.status === 'number' && parser.status >= 400 && parser.status < 500 && parser.type) {
    return { status: parser.status, message: `cannot read the request body (${parser.type})` };
  }
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
