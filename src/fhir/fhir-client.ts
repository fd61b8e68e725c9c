/**
 * A small FHIR REST client over Node's fetch, for the queries of one hook call: instance reads and
 * type-level searches that follow a Bundle's `next` links. It never follows a redirect and never
 * sends a request outside the FHIR base it was given, so the EHR's access token goes nowhere else.
 * Every failure is a value naming its kind, never an exception: the loader decides what it costs.
 */
import path from 'node:path';
import { isResource, type AnyResource } from './resources';
import type { FhirQuery } from './prefetch-template';

export type FetchFailure =
  | { kind: 'timeout'; ms: number }
  | { kind: 'budget'; ms: number }
  | { kind: 'network' }
  | { kind: 'redirect'; status: number }
  | { kind: 'refused'; status: number }
  | { kind: 'server-error'; status: number }
  | { kind: 'unexpected-status'; status: number }
  | { kind: 'not-fhir'; what: string }
  | { kind: 'foreign-next-link' }
  | { kind: 'page-cap'; limit: number }
  | { kind: 'resource-cap'; limit: number }
  | { kind: 'too-large'; limit: number };

export type FetchResult<T> = { ok: true; value: T } | { ok: false; failure: FetchFailure };

/** What the EHR and the logs may hear about a failure: no URL, no query, no token. */
export function describeFailure(failure: FetchFailure): string {
  switch (failure.kind) {
    case 'timeout':
      return `timed out after ${failure.ms} ms`;
    case 'budget':
      return `the ${failure.ms} ms budget for the call ran out`;
    case 'network':
      return 'could not connect';
    case 'redirect':
      return `redirected (${failure.status}); redirects are not followed`;
    case 'refused':
      return `refused (${failure.status})`;
    case 'server-error':
      return `server error (${failure.status})`;
    case 'unexpected-status':
      return `unexpected status ${failure.status}`;
    case 'not-fhir':
      return `answered ${failure.what}`;
    case 'foreign-next-link':
      return 'a next link points outside the FHIR server; it was not followed';
    case 'page-cap':
      return `more than ${failure.limit} pages (FHIR_MAX_PAGES); a truncated result is not used`;
    case 'resource-cap':
      return `more than ${failure.limit} resources (FHIR_MAX_RESOURCES); a truncated result is not used`;
    case 'too-large':
      return `answered more than ${failure.limit} bytes (FHIR_MAX_RESPONSE_BYTES); the rest was not read`;
  }
}

export interface FhirRequestLog {
  origin: string;
  resourceType: string;
  interaction: 'read' | 'search' | 'next-page';
  status?: number;
  failure?: FetchFailure['kind'];
  ms: number;
}

export interface FhirClientOptions {
  /** The FHIR base URL, already checked against the allowlist. */
  base: URL;
  accessToken?: string;
  requestTimeoutMs: number;
  /** Aborts every request of the hook call once its total budget is spent. */
  budget: AbortSignal;
  budgetMs: number;
  maxPages: number;
  maxResources: number;
  /** Most bytes read of one response body; past it the request is aborted. */
  maxResponseBytes: number;
  onRequest: (entry: FhirRequestLog) => void;
  fetch?: typeof fetch;
}

/** The searchset a paged search adds up to: every entry of every page. */
export interface SearchResult {
  resourceType: 'Bundle';
  type: 'searchset';
  entry: unknown[];
}

type JsonResponse = { status: number; body: unknown };

const JSON_MEDIA_TYPES = new Set(['application/fhir+json', 'application/json', 'application/json+fhir']);

function isJsonMediaType(contentType: string | null): boolean {
  return JSON_MEDIA_TYPES.has((contentType ?? '').split(';')[0].trim().toLowerCase());
}

function describeBody(body: unknown): string {
  if (!isResource(body)) return 'JSON that is not a FHIR resource';
  return body.resourceType === 'OperationOutcome' ? 'an OperationOutcome' : `a ${body.resourceType.slice(0, 64)}`;
}

/**
 * The body as text, or undefined as soon as it passes `limit` bytes: a server that streams without
 * end costs at most the limit, and the chunks read so far are dropped at once. The request's own
 * abort signal (timeout, budget) ends the read in between chunks, so a trickling body is cut too.
 */
async function readLimited(body: ReadableStream<Uint8Array>, limit: number): Promise<string | undefined> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      void reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  // TextDecoder, like Response.text(), drops a byte order mark that JSON.parse would refuse.
  return new TextDecoder().decode(Buffer.concat(chunks, size));
}

/** Deeper encodings than this are no legitimate link's: such a path is not followed. */
const MAX_DECODING_ROUNDS = 3;

/**
 * A URL path as a server, or a proxy before it, may end up reading it: percent-decoded until
 * nothing changes (so double encoding is seen through), backslashes read as slashes and repeated
 * slashes as one. Undefined when it does not decode.
 */
function decodedPath(pathname: string): string | undefined {
  let decoded = pathname;
  for (let round = 0; round < MAX_DECODING_ROUNDS; round += 1) {
    let next: string;
    try {
      next = decodeURIComponent(decoded);
    } catch {
      return undefined;
    }
    if (next === decoded) return decoded.replace(/\\/g, '/').replace(/\/{2,}/g, '/');
    decoded = next;
  }
  return undefined;
}

/**
 * The decoded path when it means what it says: no dot segment hides in its encoding
 * ("..%2fadmin", "%2e%2e%5c"), which a server could resolve to a path outside the one checked.
 */
function plainPath(pathname: string): string | undefined {
  const decoded = decodedPath(pathname);
  return decoded !== undefined && path.posix.normalize(decoded) === decoded ? decoded : undefined;
}

function nextLink(bundle: AnyResource): string | undefined {
  if (!Array.isArray(bundle.link)) return undefined;
  for (const link of bundle.link as unknown[]) {
    if (typeof link !== 'object' || link === null) continue;
    const { relation, url } = link as { relation?: unknown; url?: unknown };
    if (relation === 'next' && typeof url === 'string' && url !== '') return url;
  }
  return undefined;
}

export class FhirClient {
  private readonly basePath: string;
  /** The base path decoded, to compare next links with as the server will read them. */
  private readonly plainBasePath: string | undefined;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: FhirClientOptions) {
    this.basePath = options.base.pathname.replace(/\/+$/, '');
    this.plainBasePath = plainPath(this.basePath === '' ? '/' : this.basePath)?.replace(/\/$/, '');
    this.fetchImpl = options.fetch ?? fetch;
  }

  /** The resource, null when the server has none (404, 410), or a failure. */
  async read(query: Extract<FhirQuery, { kind: 'read' }>): Promise<FetchResult<AnyResource | null>> {
    const answer = await this.getJson(this.resolve(query.path), query.resourceType, 'read');
    if (!answer.ok) return answer;
    if (answer.value === null) return { ok: true, value: null };
    const { body } = answer.value;
    if (!isResource(body) || body.resourceType !== query.resourceType) {
      return { ok: false, failure: { kind: 'not-fhir', what: `${describeBody(body)} instead of a ${query.resourceType}` } };
    }
    return { ok: true, value: body };
  }

  /** Every page of a search, or a failure: a result cut short by a cap or a bad page is never returned. */
  async search(query: Extract<FhirQuery, { kind: 'search' }>): Promise<FetchResult<SearchResult>> {
    const entries: unknown[] = [];
    let url: URL | undefined = this.resolve(query.path);
    for (let page = 1; url !== undefined; page += 1) {
      const answer = await this.getJson(url, query.resourceType, page === 1 ? 'search' : 'next-page');
      if (!answer.ok) return answer;
      const body = answer.value?.body;
      if (!isResource(body) || body.resourceType !== 'Bundle') {
        return { ok: false, failure: { kind: 'not-fhir', what: `${answer.value === null ? 'not found' : describeBody(body)} instead of a Bundle` } };
      }
      if (Array.isArray(body.entry)) entries.push(...(body.entry as unknown[]));
      if (entries.length > this.options.maxResources) return { ok: false, failure: { kind: 'resource-cap', limit: this.options.maxResources } };
      const next = nextLink(body);
      if (next === undefined) break;
      if (page >= this.options.maxPages) return { ok: false, failure: { kind: 'page-cap', limit: this.options.maxPages } };
      url = this.sameServer(next);
      if (url === undefined) return { ok: false, failure: { kind: 'foreign-next-link' } };
    }
    return { ok: true, value: { resourceType: 'Bundle', type: 'searchset', entry: entries } };
  }

  private resolve(relative: string): URL {
    return new URL(relative, `${this.options.base.origin}${this.basePath}/`);
  }

  /**
   * The link as a URL when it stays on this FHIR server (same origin, under the base path both as
   * written and as decoded), else undefined.
   */
  private sameServer(link: string): URL | undefined {
    let url: URL;
    try {
      url = new URL(link, `${this.options.base.origin}${this.basePath}/`);
    } catch {
      return undefined;
    }
    if (url.origin !== this.options.base.origin || url.username !== '' || url.password !== '') return undefined;
    const under = (pathname: string, base: string) => pathname === base || pathname.startsWith(`${base}/`);
    if (!under(url.pathname, this.basePath)) return undefined;
    const plain = plainPath(url.pathname);
    return plain !== undefined && this.plainBasePath !== undefined && under(plain, this.plainBasePath) ? url : undefined;
  }

  /** One GET: the parsed JSON of a 2xx answer, null for 404/410, or a failure. */
  private async getJson(url: URL, resourceType: string, interaction: FhirRequestLog['interaction']): Promise<FetchResult<JsonResponse | null>> {
    const started = performance.now();
    const log = (outcome: { status?: number; failure?: FetchFailure['kind'] }) =>
      this.options.onRequest({ origin: url.origin, resourceType, interaction, ...outcome, ms: Math.round(performance.now() - started) });
    const timeout = AbortSignal.timeout(this.options.requestTimeoutMs);
    // Aborted when a body grows past the limit, so the connection is closed rather than drained.
    const cutOff = new AbortController();
    const headers: Record<string, string> = { Accept: 'application/fhir+json' };
    if (this.options.accessToken !== undefined) headers.Authorization = `Bearer ${this.options.accessToken}`;

    const fail = (failure: FetchFailure, status?: number): FetchResult<never> => {
      log({ status, failure: failure.kind });
      return { ok: false, failure };
    };
    const interrupted = (): FetchResult<never> => {
      if (this.options.budget.aborted) return fail({ kind: 'budget', ms: this.options.budgetMs });
      if (timeout.aborted) return fail({ kind: 'timeout', ms: this.options.requestTimeoutMs });
      return fail({ kind: 'network' });
    };

    let response: Response;
    let text: string;
    try {
      response = await this.fetchImpl(url, {
        headers,
        redirect: 'manual',
        signal: AbortSignal.any([timeout, this.options.budget, cutOff.signal]),
      });
      if (response.status < 200 || response.status >= 300 || !isJsonMediaType(response.headers.get('content-type'))) {
        await response.body?.cancel().catch(() => undefined);
        const { status } = response;
        if (status >= 300 && status < 400) return fail({ kind: 'redirect', status }, status);
        if (status === 401 || status === 403) return fail({ kind: 'refused', status }, status);
        if (status === 404 || status === 410) {
          log({ status });
          return { ok: true, value: null };
        }
        if (status >= 500) return fail({ kind: 'server-error', status }, status);
        if (status < 200 || status >= 300) return fail({ kind: 'unexpected-status', status }, status);
        return fail({ kind: 'not-fhir', what: 'a body that is not FHIR JSON' }, status);
      }
      const tooLarge = (): FetchResult<never> => {
        cutOff.abort();
        return fail({ kind: 'too-large', limit: this.options.maxResponseBytes }, response.status);
      };
      if (Number(response.headers.get('content-length')) > this.options.maxResponseBytes) return tooLarge();
      const limited = response.body === null ? '' : await readLimited(response.body, this.options.maxResponseBytes);
      if (limited === undefined) return tooLarge();
      text = limited;
    } catch {
      return interrupted();
    }
    try {
      const body: unknown = JSON.parse(text);
      log({ status: response.status });
      return { ok: true, value: { status: response.status, body } };
    } catch {
      return fail({ kind: 'not-fhir', what: 'a body that is not valid JSON' }, response.status);
    }
  }
}
