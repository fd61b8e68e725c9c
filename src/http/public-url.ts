/**
 * The service's own base URL as its clients reach it. Behind a proxy only the configured public
 * URL (CDS_PUBLIC_URL) is right; in development the request's own protocol and Host serve, when
 * the Host header is a plain host name (it is the caller's to set).
 */
import type { Request } from 'express';

const SAFE_HOST = /^[A-Za-z0-9.-]{1,253}(:\d{1,5})?$|^\[[0-9A-Fa-f:.]{2,45}\](:\d{1,5})?$/;

export function publicBaseUrl(req: Request, publicUrl: string | undefined): string {
  if (publicUrl !== undefined) return publicUrl;
  const host = req.get('host');
  return `${req.protocol}://${host !== undefined && SAFE_HOST.test(host) ? host : 'localhost'}`;
}
