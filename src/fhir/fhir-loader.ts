/**
 * Loads a hook call's data from prefetch and, for what the EHR did not prefetch, from its FHIR
 * server (CDS Hooks §Prefetch, §FHIR Resource Access). Satisfied keys are used as they are and
 * never fetched again; a null key means the EHR found nothing. Absent keys, and keys holding an
 * OperationOutcome, are fetched from `fhirServer` in parallel, with the EHR's access token when it
 * gave one, under a per-request timeout and a total budget for the call. A required key that cannot
 * be had is a 412; an optional one is reported as unavailable so the rules say what they could not
 * check.
 */
import { defaultMaxListeners, setMaxListeners } from 'node:events';
import type { Logger } from 'pino';
import { HttpError } from '../errors';
import type { HookRequest } from '../schemas/hook-request';
import type { FhirServerAllowlist } from '../security/fhir-server-allowlist';
import { isSatisfied, poolFrom, prefetchMissing, type DataLoader, type DataNeeds, type LoadedData } from './data-loader';
import { describeFailure, FhirClient, FhirConnections, type FetchFailure } from './fhir-client';
import { fillTemplate } from './prefetch-template';

export interface FhirFetchLimits {
  /** Longest wait for one FHIR request, in ms. */
  requestTimeoutMs: number;
  /** Longest time all FHIR requests of one hook call may take together, in ms. */
  budgetMs: number;
  /** Most pages followed for one search. */
  maxPages: number;
  /** Most resources accepted for one search, all pages together. */
  maxResources: number;
  /** Most bytes read of one response (a read, or one page of a search). */
  maxResponseBytes: number;
}

export type KeyFetchOutcome = 'ok' | 'unfillable' | FetchFailure['kind'];

/** Told of each key fetched (all its pages), for metrics: how it ended and how long it took. */
export interface FhirFetchObserver {
  keyFetched(key: string, outcome: KeyFetchOutcome, ms: number): void;
}

export interface FhirLoaderOptions extends FhirFetchLimits {
  allowlist: FhirServerAllowlist;
  logger: Logger;
  observer?: FhirFetchObserver;
}

type KeyOutcome = { key: string; ok: true; value: unknown } | { key: string; ok: false; resourceType?: string; reason: string; fetchFailure?: FetchFailure };

function quoted(keys: readonly string[]): string {
  return keys.map((k) => `"${k}"`).join(', ');
}

export class FhirLoader implements DataLoader {
  /** Kept alive from one call to the next: a call's queries reuse the connections of the calls before it. */
  private readonly connections = new FhirConnections();

  constructor(private readonly options: FhirLoaderOptions) {}

  close(): void {
    this.connections.close();
  }

  async load(request: HookRequest, needs: DataNeeds, callLog: () => Logger = () => this.options.logger): Promise<LoadedData> {
    const keys = Object.keys(needs.templates);
    const missing = keys.filter((key) => !isSatisfied(request.prefetch, key));
    const prefetchedKeys = keys.filter((key) => !missing.includes(key));
    const prefetched = prefetchedKeys.map((key) => request.prefetch![key]);
    if (missing.length === 0) return { pool: poolFrom(prefetched), unavailable: new Set(), prefetchedKeys, fetchedKeys: [] };

    if (request.fhirServer === undefined) {
      const missingRequired = missing.filter((key) => needs.required.includes(key));
      if (missingRequired.length > 0) throw prefetchMissing(missingRequired, 'and the request names no fhirServer to fetch it from');
      return { pool: poolFrom(prefetched), unavailable: new Set(missing), prefetchedKeys, fetchedKeys: [] };
    }

    const log = callLog();
    const server = this.options.allowlist.check(request.fhirServer);
    if (!server.allowed) {
      log.warn({ reason: server.reason.slice(0, 200) }, 'fhirServer refused');
      throw new HttpError(
        412,
        'fhir_server_not_allowed',
        `${server.reason}: ${quoted(missing)} could not be fetched. Prefetch every key, or ask the operator to allow the server.`,
        'fhirServer',
      );
    }

    const budget = AbortSignal.timeout(this.options.budgetMs);
    // Each query in flight listens for the budget: every key at once is no leak.
    setMaxListeners(Math.max(defaultMaxListeners, missing.length), budget);
    const client = new FhirClient({
      base: server.base,
      connections: this.connections,
      accessToken: request.fhirAuthorization?.access_token,
      requestTimeoutMs: this.options.requestTimeoutMs,
      budget,
      budgetMs: this.options.budgetMs,
      maxPages: this.options.maxPages,
      maxResources: this.options.maxResources,
      maxResponseBytes: this.options.maxResponseBytes,
      onRequest: (entry) => log.info(entry, 'fhir request'),
    });
    const outcomes = await Promise.all(missing.map((key) => this.observed(key, () => this.fetchKey(client, key, needs.templates[key], request.context))));

    const failed = outcomes.filter((o) => !o.ok);
    const failedRequired = failed.filter((o) => needs.required.includes(o.key));
    if (failedRequired.length > 0) throw this.fetchFailed(failedRequired, server.base.origin);

    const fetched = outcomes.flatMap((o) => (o.ok ? [o.value] : []));
    const fetchedKeys = outcomes.flatMap((o) => (o.ok ? [o.key] : []));
    return { pool: poolFrom([...prefetched, ...fetched]), unavailable: new Set(failed.map((o) => o.key)), prefetchedKeys, fetchedKeys };
  }

  private async observed(key: string, fetchKey: () => Promise<KeyOutcome>): Promise<KeyOutcome> {
    const observer = this.options.observer;
    if (!observer) return fetchKey();
    const started = performance.now();
    const outcome = await fetchKey();
    observer.keyFetched(key, outcome.ok ? 'ok' : (outcome.fetchFailure?.kind ?? 'unfillable'), performance.now() - started);
    return outcome;
  }

  private async fetchKey(client: FhirClient, key: string, template: string, context: HookRequest['context']): Promise<KeyOutcome> {
    const filled = fillTemplate(template, context);
    if (!filled.ok) return { key, ok: false, reason: filled.reason };
    const { query } = filled;
    const result = query.kind === 'read' ? await client.read(query) : await client.search(query);
    if (result.ok) return { key, ok: true, value: result.value };
    return { key, ok: false, resourceType: query.resourceType, reason: describeFailure(result.failure), fetchFailure: result.failure };
  }

  /** Names each key, its resource type and what went wrong; never the URL, its query or the token. */
  private fetchFailed(failures: readonly Extract<KeyOutcome, { ok: false }>[], origin: string): HttpError {
    const keys = failures.map((f) => f.key);
    const details = failures.map((f) => `"${f.key}" (${f.resourceType ? `${f.resourceType}: ` : ''}${f.reason})`).join('; ');
    if (failures.every((f) => f.fetchFailure === undefined)) {
      return prefetchMissing(keys, `and cannot be fetched: ${details}`);
    }
    return new HttpError(412, 'fhir_fetch_failed', `Required data could not be fetched from the FHIR server at ${origin}: ${details}`, `prefetch.${keys[0]}`);
  }
}
