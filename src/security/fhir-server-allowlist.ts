/**
 * Which FHIR servers the service may query. The EHR names its FHIR server in each request; the
 * service sends patient queries, and the EHR's access token, to it. Without a check, anyone who
 * can call the hook could point the service at any host it can reach (server-side request
 * forgery) and collect the tokens sent with the queries. In production the operator lists the
 * origins of the EHRs' FHIR servers; with no list (development only) every http(s) server is open.
 */

/** "https://fhir.example.org" from "https://FHIR.example.org:443/", or a reason it is not an origin. */
export function parseOrigin(text: string): { origin: string } | { problem: string } {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { problem: 'is not a URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { problem: 'is not http or https' };
  if (url.username !== '' || url.password !== '') return { problem: 'carries credentials' };
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '') return { problem: 'has a path, query or fragment (give the origin only)' };
  return { origin: url.origin };
}

export type FhirServerCheck = { allowed: true; base: URL } | { allowed: false; reason: string };

export class FhirServerAllowlist {
  private constructor(private readonly origins: ReadonlySet<string> | undefined) {}

  /** Allows exactly these origins (already parsed with parseOrigin). */
  static of(origins: readonly string[]): FhirServerAllowlist {
    return new FhirServerAllowlist(new Set(origins));
  }

  /** Allows every http(s) server: for local development only. */
  static open(): FhirServerAllowlist {
    return new FhirServerAllowlist(undefined);
  }

  get isOpen(): boolean {
    return this.origins === undefined;
  }

  /**
   * The FHIR base URL to query, or why it may not be queried. Reasons name the origin at most:
   * a path could carry a tenant or patient identifier.
   */
  check(fhirServer: string): FhirServerCheck {
    let base: URL;
    try {
      base = new URL(fhirServer);
    } catch {
      return { allowed: false, reason: 'fhirServer is not an absolute URL' };
    }
    if (base.protocol !== 'https:' && base.protocol !== 'http:') return { allowed: false, reason: 'fhirServer is not an http(s) URL' };
    if (base.username !== '' || base.password !== '') return { allowed: false, reason: 'fhirServer must not carry credentials' };
    if (base.search !== '' || base.hash !== '') return { allowed: false, reason: 'fhirServer must be a base URL without query or fragment' };
    if (this.origins !== undefined && !this.origins.has(base.origin)) {
      return { allowed: false, reason: `FHIR server ${base.origin} is not in this service's FHIR_SERVER_ALLOWLIST` };
    }
    return { allowed: true, base };
  }
}
