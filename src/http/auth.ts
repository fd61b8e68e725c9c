/**
 * Client authentication on hook and feedback calls: `Authorization: Bearer <JWT>`, checked before
 * the body is read, so an unauthenticated caller costs no parsing. Failures are 401 with a
 * WWW-Authenticate challenge (RFC 6750) and a message that says what to fix, nothing more.
 */
import type { Request, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { AuthError, type Authenticator } from '../security/client-auth';
import { HttpError } from '../errors';
import { requestLogger } from './call-report';

const REALM = 'hamstring-cds';
const BEARER = /^Bearer[ ]+([A-Za-z0-9\-_.]+)[ ]*$/i;

function challenge(description?: string): Record<string, string> {
  const params = description === undefined ? '' : `, error="invalid_token", error_description="${description.replace(/["\\]/g, "'")}"`;
  return { 'WWW-Authenticate': `Bearer realm="${REALM}"${params}` };
}

/**
 * The exact URL the client called, as its token's `aud` must name it. Behind a proxy only the
 * configured public URL is right; the request's own protocol and Host serve development.
 */
export function calledUrl(req: Request, publicUrl: string | undefined): string {
  const base = publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
  return `${base}${req.originalUrl.split('?')[0]}`;
}

export interface AuthSettings {
  authenticator: Authenticator;
  publicUrl: string | undefined;
  logger: Logger;
}

export function requireClient(settings: AuthSettings): RequestHandler {
  return (req, res, next) => {
    const header = req.get('authorization');
    if (header === undefined || !/^Bearer\b/i.test(header)) {
      next(new HttpError(401, 'token_required', 'This service requires Authorization: Bearer <JWT> signed by a trusted client', undefined, challenge()));
      return;
    }
    const token = BEARER.exec(header)?.[1];
    const verified =
      token === undefined ? Promise.reject(new AuthError('malformed token')) : settings.authenticator.authenticate(token, calledUrl(req, settings.publicUrl));
    verified.then(
      (client) => {
        res.locals.client = client;
        next();
      },
      (err: unknown) => {
        if (!(err instanceof AuthError)) {
          // Not the token's fault: the replay cache (a shared database in production) or a key set
          // failed. The EHR may retry; it must not read this as a bad token or as our bug.
          requestLogger(res, settings.logger).error(
            { path: req.path.slice(0, 200), errorName: err instanceof Error ? err.name : typeof err },
            'client authentication unavailable',
          );
          next(new HttpError(503, 'auth_unavailable', 'Client authentication is unavailable for the moment; retry shortly', undefined, { 'Retry-After': '5' }));
          return;
        }
        requestLogger(res, settings.logger).warn({ path: req.path.slice(0, 200), reason: err.message }, 'client authentication failed');
        next(new HttpError(401, 'invalid_token', err.message, undefined, challenge(err.message)));
      },
    );
  };
}
