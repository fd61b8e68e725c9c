/**
 * Headers every response carries, errors and CORS preflights included (the edge sets them). The
 * service answers JSON only, so the browser is told to run, frame and cache nothing of it.
 * Cross-Origin-Resource-Policy stays `cross-origin`: the CDS Hooks Sandbox reads our answers from
 * another origin (CORS decides who may; CORP must not block it).
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'Cross-Origin-Resource-Policy': 'cross-origin',
};
