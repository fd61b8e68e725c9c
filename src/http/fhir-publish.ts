/**
 * GET /fhir/...: the service's knowledge as FHIR R4, read-only. `metadata` is the
 * CapabilityStatement; `ValueSet`, `PlanDefinition` and `Library` searchset Bundles (by `_id` or `url`); `{type}/{id}` one
 * artifact; an unknown id a 404 OperationOutcome, as a FHIR client expects. The artifacts are
 * derived once per base URL (behind a proxy the configured public URL is the only one).
 */
import { Router, type Request, type Response } from 'express';
import type { Bundle, OperationOutcome } from 'fhir/r4';
import type { Config } from '../config';
import type { ConceptCodes } from '../knowledge/codes';
import { loadSiteTerminology } from '../knowledge/site-terminology';
import { FHIR_PATH, type Published } from '../publish/canonical';
import { PUBLISHED_TYPES, capabilityStatement, publishedArtifacts, type Artifacts } from '../publish/artifacts';
import type { ServiceRegistry } from '../services/registry';
import { methodNotAllowed } from './errors';
import { publicBaseUrl } from './public-url';

export interface FhirPublishDeps {
  registry: ServiceRegistry;
  /** The site's codes (TERMINOLOGY_FILE), published with the built-in ones. */
  site: readonly ConceptCodes[];
  publicUrl: string | undefined;
  /** When the artifacts were derived: the expansions and the CapabilityStatement carry it. */
  timestamp: string;
}

const FHIR_JSON = 'application/fhir+json';
const SEARCH_PARAMETERS = new Set(['_id', 'url']);

function outcome(code: OperationOutcome['issue'][number]['code'], diagnostics: string): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics }] };
}

function send(res: Response, status: number, body: object): void {
  res.status(status).type(FHIR_JSON).send(JSON.stringify(body));
}

/** What the app gives the router: the site's file is read again here (server.ts has already refused a bad one). */
export function fhirPublishDeps(config: Config, registry: ServiceRegistry, now: Date): FhirPublishDeps {
  const site = config.terminologyFile !== undefined ? loadSiteTerminology(config.terminologyFile) : [];
  return { registry, site, publicUrl: config.security.publicUrl, timestamp: now.toISOString() };
}

export function fhirPublishRouter(deps: FhirPublishDeps): Router {
  const derived = new Map<string, Artifacts>();
  const publishedFor = (req: Request): Published => ({ base: `${publicBaseUrl(req, deps.publicUrl)}${FHIR_PATH}`, timestamp: deps.timestamp });
  const artifactsFor = (published: Published): Artifacts => {
    const known = derived.get(published.base);
    if (known) return known;
    const artifacts = publishedArtifacts(deps.registry, deps.site, published);
    // Hosts come from the request in development: keep a few, never grow without bound.
    if (derived.size >= 8) derived.clear();
    derived.set(published.base, artifacts);
    return artifacts;
  };

  const router = Router();
  router.get(`${FHIR_PATH}/metadata`, (req, res) => {
    const published = publishedFor(req);
    send(res, 200, capabilityStatement(artifactsFor(published), published));
  });
  for (const type of PUBLISHED_TYPES) {
    router.get(`${FHIR_PATH}/${type}`, (req, res) => {
      const unknown = Object.keys(req.query).find((name) => !SEARCH_PARAMETERS.has(name));
      if (unknown !== undefined) return send(res, 400, outcome('not-supported', `Search parameter "${unknown.slice(0, 60)}" is not supported: use _id or url`));
      const { _id: id, url } = req.query;
      const matches = artifactsFor(publishedFor(req))[type].filter(
        (resource) => (typeof id !== 'string' || resource.id === id) && (typeof url !== 'string' || resource.url === url),
      );
      const bundle: Bundle = {
        resourceType: 'Bundle',
        type: 'searchset',
        total: matches.length,
        entry: matches.map((resource) => ({ fullUrl: resource.url, resource, search: { mode: 'match' } })),
      };
      send(res, 200, bundle);
    });
    // A value set is named by its concept; a PlanDefinition and a Library by their service.
    router.get(`${FHIR_PATH}/${type}/:${type === 'ValueSet' ? 'concept' : 'id'}`, (req, res) => {
      const id = Object.values(req.params as Record<string, string>)[0];
      const resource = artifactsFor(publishedFor(req))[type].find((r) => r.id === id);
      if (resource) send(res, 200, resource);
      else send(res, 404, outcome('not-found', `${type}/${id.slice(0, 64)} is not known here`));
    });
  }
  router.all(
    [
      `${FHIR_PATH}/metadata`,
      ...PUBLISHED_TYPES.flatMap((type) => [`${FHIR_PATH}/${type}`, `${FHIR_PATH}/${type}/:${type === 'ValueSet' ? 'concept' : 'id'}`]),
    ],
    methodNotAllowed('GET'),
  );
  return router;
}
