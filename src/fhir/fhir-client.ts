/**
 * A small FHIR REST client over node:http and node:https, for the queries of one hook call:
 * instance reads and type-level searches that follow a Bundle's `next` links. It never follows a
 * redirect and never sends a request outside the FHIR base it was given, so the EHR's access token
 * goes nowhere else. Every failure is a value naming its kind, never an exception: the loader
 * decides what it costs.
 *
 * Node's own HTTP client, not fetch: a round of eight parallel GETs of a typical patient's bundles
 * cost 6-12 ms of CPU through fetch (its streams, text() and the Response objects) and 3-5 ms this
 * way, reading each body into one Buffer and parsing it once. Connections are kept alive between
 * the queries of a call and across calls (FhirConnections), a bounded number per server.
 */
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
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

/** Twice the queries of one call: two calls fetching at once never wait for a connection. */
const MAX_SOCKETS_PER_SERVER = 16;
const MAX_IDLE_PER_SERVER = 8;
const IDLE_MS = 4_000;

/**
 * Connections to FHIR servers, kept alive for the next query (a call's eight queries, its next
 * pages, the next call). At most MAX_SOCKETS_PER_SERVER open to one server (more queries wait for
 * one, within their timeout) and MAX_IDLE_PER_SERVER idle ones kept; an idle connection is closed
 * after IDLE_MS, before a server's usual keep-alive timeout (5 s in Node) closes it under us.
 */
export class FhirConnections {
  readonly http: http.Agent;
  readonly https: https.Agent;

  constructor() {
    const options = { keepAlive: true, maxSockets: MAX_SOCKETS_PER_SERVER, maxFreeSockets: MAX_IDLE_PER_SERVER, timeout: IDLE_MS };
    this.http = new http.Agent(options);
    this.https = new https.Agent(options);
  }

  /** Closes every connection, idle or not: at shutdown, once no call is left. */
  close(): void {
    this.http.destroy();
    this.https.destroy();
  }
}

export interface FhirClientOptions {
  /** The FHIR base URL, already checked against the allowlist. */
  base: URL;
  connections: FhirConnections;
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
}

/** The searchset a paged search adds up to: every entry of every page. */
export interface SearchResult {
  resourceType: 'Bundle';
  type: 'searchset';
  entry: unknown[];
}

type JsonResponse = { status: number; body: unknown };

/**
 * How one GET ended: a JSON body read in full, a status whose body was not read, a failure, or a
 * kept-alive connection the server had closed as it was reused (the GET is then sent again, once).
 */
type Exchange =
  | { kind: 'body'; status: number; text: string }
  | { kind: 'status'; status: number }
  | { kind: 'failed'; failure: FetchFailure; status?: number }
  | { kind: 'stale-connection' };

const JSON_MEDIA_TYPES = new Set(['application/fhir+json', 'application/json', 'application/json+fhir']);

function isJsonMediaType(contentType: string | undefined): boolean {
  return JSON_MEDIA_TYPES.has((contentType ?? '').split(';')[0].trim().toLowerCase());
}

function describeBody(body: unknown): string {
  if (!isResource(body)) return 'JSON that is not a FHIR resource';
  return body.resourceType === 'OperationOutcome' ? 'an OperationOutcome' : `a ${body.resourceType.slice(0, 64)}`;
}

/** The body as the server encoded it, or decompressed (gzip is all we ask for); undefined for an encoding not asked for. */
function decodedBody(res: http.IncomingMessage): Readable | undefined {
  const encoding = (res.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity') return res;
  if (encoding !== 'gzip' && encoding !== 'x-gzip') return undefined;
  return res.pipe(zlib.createGunzip());
}

/** The text of a body read in full; a byte order mark, which JSON.parse would refuse, is dropped. */
function textOf(chunks: readonly Buffer[], size: number): string {
  const text = (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function isStaleConnection(req: http.ClientRequest, err: NodeJS.ErrnoException): boolean {
  return req.reusedSocket && (err.code === 'ECONNRESET' || err.code === 'EPIPE');
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
  private readonly headers: Readonly<Record<string, string>>;

  constructor(private readonly options: FhirClientOptions) {
    this.basePath = options.base.pathname.replace(/\/+$/, '');
    this.plainBasePath = plainPath(this.basePath === '' ? '/' : this.basePath)?.replace(/\/$/, '');
    this.headers = {
      Accept: 'application/fhir+json',
      'Accept-Encoding': 'gzip',
      ...(options.accessToken !== undefined ? { Authorization: `Bearer ${options.accessToken}` } : {}),
    };
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
    let exchange = await this.exchange(url, started);
    if (exchange.kind === 'stale-connection') exchange = await this.exchange(url, started);
    const log = (outcome: { status?: number; failure?: FetchFailure['kind'] }) =>
      this.options.onRequest({ origin: url.origin, resourceType, interaction, ...outcome, ms: Math.round(performance.now() - started) });
    const fail = (failure: FetchFailure, status?: number): FetchResult<never> => {
      log({ status, failure: failure.kind });
      return { ok: false, failure };
    };

    if (exchange.kind === 'stale-connection') return fail({ kind: 'network' });
    if (exchange.kind === 'failed') return fail(exchange.failure, exchange.status);
    const { status } = exchange;
    if (exchange.kind === 'status') {
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
    try {
      const body: unknown = JSON.parse(exchange.text);
      log({ status });
      return { ok: true, value: { status, body } };
    } catch {
      return fail({ kind: 'not-fhir', what: 'a body that is not valid JSON' }, status);
    }
  }

  /**
   * Sends one GET and reads its answer, always resolving. The body of a 2xx JSON answer is read up
   * to `maxResponseBytes` (counted after decompression, refused at once when its Content-Length is
   * larger); any other answer's body is not read, and its connection is closed rather than drained.
   * The request timeout (from `started`) and the call's budget cut the body too: a body that
   * trickles forever ends at the timeout, and the connection with it.
   */
  private exchange(url: URL, started: number): Promise<Exchange> {
    const { budget, budgetMs, requestTimeoutMs, maxResponseBytes, connections } = this.options;
    return new Promise((resolve) => {
      if (budget.aborted) {
        resolve({ kind: 'failed', failure: { kind: 'budget', ms: budgetMs } });
        return;
      }
      const secure = url.protocol === 'https:';
      // No auth option, whatever the URL holds: the only credential sent is the EHR's bearer token.
      const req = (secure ? https : http).request({
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        headers: this.headers,
        agent: secure ? connections.https : connections.http,
      });
      let body: Readable | undefined;
      let responded = false;
      let settled = false;
      const settle = (outcome: Exchange) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        budget.removeEventListener('abort', onBudget);
        resolve(outcome);
      };
      // Ends the exchange early: the connection is destroyed, so nothing more is read and it is never reused.
      const cutOff = (failure: FetchFailure, status?: number) => {
        if (settled) return;
        settle({ kind: 'failed', failure, status });
        body?.destroy();
        req.destroy();
      };
      const timer = setTimeout(() => cutOff({ kind: 'timeout', ms: requestTimeoutMs }), requestTimeoutMs - (performance.now() - started));
      const onBudget = () => cutOff({ kind: 'budget', ms: budgetMs });
      budget.addEventListener('abort', onBudget, { once: true });

      req.on('error', (err: NodeJS.ErrnoException) =>
        settle(!responded && isStaleConnection(req, err) ? { kind: 'stale-connection' } : { kind: 'failed', failure: { kind: 'network' } }),
      );
      req.on('response', (res) => {
        responded = true;
        const status = res.statusCode ?? 0;
        if (status < 200 || status >= 300 || !isJsonMediaType(res.headers['content-type'])) {
          settle({ kind: 'status', status });
          req.destroy();
          return;
        }
        // A connection lost mid-body.
        res.on('error', () => cutOff({ kind: 'network' }));
        res.on('close', () => {
          if (!res.complete) cutOff({ kind: 'network' });
        });
        if (Number(res.headers['content-length']) > maxResponseBytes) {
          cutOff({ kind: 'too-large', limit: maxResponseBytes }, status);
          return;
        }
        body = decodedBody(res);
        if (body === undefined) {
          cutOff({ kind: 'not-fhir', what: `a body encoded as ${String(res.headers['content-encoding']).slice(0, 40)}, which was not asked for` }, status);
          return;
        }
        // A compressed body that does not decompress.
        if (body !== res) body.on('error', () => cutOff({ kind: 'not-fhir', what: 'a compressed body that does not decompress' }, status));
        const chunks: Buffer[] = [];
        let size = 0;
        body.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxResponseBytes) {
            chunks.length = 0;
            cutOff({ kind: 'too-large', limit: maxResponseBytes }, status);
            return;
          }
          chunks.push(chunk);
        });
        body.on('end', () => settle({ kind: 'body', status, text: textOf(chunks, size) }));
      });
      req.end();
    });
  }
}
