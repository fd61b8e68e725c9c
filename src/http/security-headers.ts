/**
 * Headers every response carries, errors and CORS preflights included. The service answers JSON
 * only, so the browser is told to run, frame and cache nothing of it. Cross-Origin-Resource-Policy
 * stays `cross-origin`: the CDS Hooks Sandbox reads our answers from another origin (CORS decides
 * who may; CORP must not block it).
 */
import type { RequestHandler } from 'express';

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'Cross-Origin-Resource-Policy': 'cross-origin',
};

export const securityHeaders: RequestHandler = (_req, res, next) => {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
  next();
};
