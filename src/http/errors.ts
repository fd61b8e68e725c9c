/**
 * The middleware that answers failures as JSON (HttpError lives in src/errors.ts). Unexpected
 * errors are logged without request data and answered with a generic 500: nothing internal
 * (stack, message, patient data) reaches the client.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { HttpError } from '../errors';
import { callLocals } from './call-report';

export interface ErrorBody {
  error: string;
  message: string;
  field?: string;
}

/** body-parser's failures, as the client should hear them. */
function fromBodyParser(err: { type?: unknown; status?: unknown; limit?: unknown }): HttpError | undefined {
  switch (err.type) {
    case 'entity.too.large':
      return new HttpError(413, 'payload_too_large', `Request body exceeds the limit of ${formatBytes(Number(err.limit))}`);
    case 'entity.parse.failed':
      return new HttpError(400, 'invalid_json', 'Request body is not valid JSON');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new HttpError(415, 'unsupported_encoding', 'Request body encoding is not supported: send UTF-8 JSON');
    case 'request.aborted':
      return new HttpError(400, 'request_aborted', 'The request was aborted before the body was received');
    default:
      return typeof err.status === 'number' && err.status >= 400 && err.status < 500
        ? new HttpError(err.status, 'bad_request', 'The request could not be read')
        : undefined;
  }
}

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return 'the configured size';
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} kB`;
  return `${bytes} bytes`;
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const known = err instanceof HttpError ? err : typeof err === 'object' && err !== null ? fromBodyParser(err) : undefined;
    const locals = callLocals(res);
    if (!known) {
      // Log the kind of failure and where, never the request body or the error's text (it may quote input).
      logger.error({ reqId: locals.reqId, method: req.method, path: req.path, errorName: err instanceof Error ? err.name : typeof err }, 'unexpected error');
    }
    const failure = known ?? new HttpError(500, 'internal_error', 'The service failed to process the request');
    locals.failure = failure;
    for (const [name, value] of Object.entries(failure.headers)) res.setHeader(name, value);
    const body: ErrorBody = { error: failure.code, message: failure.message };
    if (failure.field) body.field = failure.field;
    res.status(failure.status).json(body);
  };
}

export const notFound: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, 'not_found', `No route for ${req.method} ${req.path.slice(0, 200)}`));
};

export function methodNotAllowed(allowed: string): RequestHandler {
  return (req, _res, next) => {
    next(new HttpError(405, 'method_not_allowed', `${req.method} is not allowed here; use ${allowed}`, undefined, { Allow: allowed }));
  };
}
