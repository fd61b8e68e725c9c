/**
 * The first and only middleware every call passes: the static security and CORS headers, the
 * request id, CORS preflights, refusal while draining, and the end-of-call observer. One function
 * with everything computed at start-up, so the edge costs a handful of header writes per call
 * (issue: the edge must cost what a bare express app costs).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Request, RequestHandler, Response } from 'express';
import { HttpError } from '../errors';
import type { ServingState } from '../ops/shutdown';
import { callLocals } from './call-report';
import { SECURITY_HEADERS } from './security-headers';

/** A caller's X-Request-Id is kept only when it cannot break a log line or a header. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

export const REQUEST_ID_HEADER = 'X-Request-Id';

export const CORS_ALLOWED_METHODS = 'GET, POST, OPTIONS';
export const CORS_ALLOWED_HEADERS = 'Content-Type, Authorization, X-Request-Id';
/** Browsers cache a preflight this long (seconds): the Sandbox then POSTs without asking again. */
const CORS_MAX_AGE = '600';

/** Called when a call's response closes, with the moment (performance.now()) the call arrived. */
export type CallObserver = (req: Request, res: Response, startedMs: number) => void;

export interface EdgeSettings {
  /** '*' or the origins whose pages may read the answers. */
  corsOrigins: '*' | readonly string[];
  state: ServingState;
  /** Absent when nothing is logged at the current level and metrics are off: then nothing is observed. */
  observe: CallObserver | undefined;
}

/** Liveness and readiness probes arrive every few seconds and are never logged or measured. */
const PROBES = new Set(['/healthz', '/readyz']);

function isProbe(url: string): boolean {
  const query = url.indexOf('?');
  return PROBES.has(query < 0 ? url : url.slice(0, query));
}

export function requestId(headers: IncomingHttpHeaders): string {
  const incoming = headers['x-request-id'];
  return typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

export function edge(settings: EdgeSettings): RequestHandler {
  const anyOrigin = settings.corsOrigins === '*';
  const allowedOrigins = new Set(anyOrigin ? [] : settings.corsOrigins);
  const staticHeaders: readonly (readonly [string, string])[] = [
    ...Object.entries(SECURITY_HEADERS),
    // With a list, the answer depends on the Origin header: caches must keep one copy per origin.
    anyOrigin ? ['Access-Control-Allow-Origin', '*'] : ['Vary', 'Origin'],
    ['Access-Control-Expose-Headers', REQUEST_ID_HEADER],
  ];
  const { state, observe } = settings;

  return (req, res, next) => {
    for (const [name, value] of staticHeaders) res.setHeader(name, value);
    if (!anyOrigin) {
      const origin = req.headers.origin;
      if (origin !== undefined && allowedOrigins.has(origin)) res.setHeader('Access-Control-Allow-Origin', origin);
    }
    const id = requestId(req.headers);
    res.setHeader(REQUEST_ID_HEADER, id);
    callLocals(res).reqId = id;
    if (observe !== undefined && !isProbe(req.url)) {
      const started = performance.now();
      res.once('close', () => observe(req, res, started));
    }

    if (state.draining) {
      // Also closes a connection kept alive from before the drain began.
      res.setHeader('Connection', 'close');
      next(new HttpError(503, 'shutting_down', 'This instance is shutting down; retry the call', undefined, { 'Retry-After': '1' }));
      return;
    }
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', CORS_ALLOWED_METHODS);
      res.setHeader('Access-Control-Allow-Headers', CORS_ALLOWED_HEADERS);
      res.setHeader('Access-Control-Max-Age', CORS_MAX_AGE);
      res.statusCode = 204;
      res.end();
      return;
    }
    next();
  };
}
