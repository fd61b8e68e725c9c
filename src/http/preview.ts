/**
 * GET /preview: every fixture's cards as an EHR shows them; POST /preview: the cards the service
 * answers to a pasted hook request. Both evaluate with the very services and configuration the
 * hook route uses (each card with its go-live mode for the request's user, silent ones included and
 * marked), but nothing here touches the ledger or the snoozes, nothing is stored, and no
 * FHIR server is queried (a request's fhirServer is set aside): the preview reads only what it is
 * given. On in development; in production only with ADMIN_TOKEN, and then it needs the token.
 */
import express, { Router } from 'express';
import type { Logger } from 'pino';
import type { RuleSettings } from '../approach/context';
import type { DataLoader } from '../fhir/data-loader';
import { applyModes, pilotArm, type ModeRules } from '../feedback-loop/modes';
import { fixtureRuns, listFixtures, readFixture } from '../fixtures/scenarios';
import { APPROACH_PATH } from '../knowledge/approach';
import { PREVIEW_PAGE_CSP } from '../pages/html';
import { PREVIEW_PATH, previewPage, type FixturePreview, type PreviewAnswer } from '../pages/preview';
import type { RegisteredService, ServiceRegistry } from '../services/registry';
import { HttpError } from '../errors';
import { KNOWLEDGE_VERSION, SERVICE_VERSION } from '../version';
import { requireAdminToken } from './admin';
import { methodNotAllowed } from './errors';
import { evaluateService, validServiceRequest } from './hooks';

export interface PreviewDeps {
  registry: ServiceRegistry;
  loader: DataLoader;
  clock: () => Date;
  settings: RuleSettings;
  bodyLimitBytes: number;
  /** Given in production: the preview then needs it like the admin pages. */
  adminToken: string | undefined;
  logger: Logger;
  /** CARD_MODES and the pilot: each card is shown with the mode it runs in for the request's user. */
  modes: ModeRules;
  /** The keyed hash a user's pilot arm is chosen by (the store's; nothing is stored). */
  hashUser: (userId: string) => string;
  /** Where the fixtures are read from; the project's fixtures/ unless a test says otherwise. */
  fixtureFiles?: () => string[];
}

const VERSIONS = { service: SERVICE_VERSION, knowledge: KNOWLEDGE_VERSION };

/** The request without what would make the preview query a FHIR server. */
function withoutFhirServer(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const request = { ...(body as Record<string, unknown>) };
  delete request.fhirServer;
  delete request.fhirAuthorization;
  return request;
}

export function previewRouter(deps: PreviewDeps): Router {
  const router = Router();
  const guard = deps.adminToken === undefined ? [] : [requireAdminToken(deps.adminToken)];
  const services = [...deps.registry.byId.keys()];

  /** What the service answers to this body at `now`, errors included, as the EHR would get it. */
  const answerOf = async (service: RegisteredService, body: unknown, now: () => Date): Promise<PreviewAnswer> => {
    try {
      const request = validServiceRequest(service, withoutFhirServer(body));
      // Links point at this app's own approach page, whatever host the preview is opened on.
      const { issued } = await evaluateService(service, request, { loader: deps.loader, clock: now, settings: deps.settings, approachUrl: APPROACH_PATH });
      const { userId } = request.context;
      const moded = applyModes(issued, deps.modes, service.entry.id, () => pilotArm(deps.modes, userId, deps.hashUser(userId)));
      const views = new Map(
        [...moded.active, ...moded.silent].map((m) => [
          m.issued,
          { mode: m.mode, ...(m.pilotArm ? { pilotArm: m.pilotArm } : {}), shown: moded.active.includes(m) },
        ]),
      );
      return { status: 200, cards: issued.map((i) => i.card), modes: issued.map((i) => views.get(i)!) };
    } catch (err) {
      if (err instanceof HttpError) return { status: err.status, error: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) };
      deps.logger.error({ errorName: err instanceof Error ? err.name : typeof err }, 'the preview could not evaluate a request');
      return { status: 500, error: 'internal_error', message: 'The service failed to process the request' };
    }
  };

  const fixturePreviews = async (): Promise<FixturePreview[]> => {
    let files: string[];
    try {
      files = (deps.fixtureFiles ?? listFixtures)();
    } catch {
      return [];
    }
    const previews: FixturePreview[] = [];
    for (const file of files) {
      const fixture = readFixture(file);
      const now = new Date(fixture.now);
      const runs = [];
      for (const run of fixtureRuns(fixture, deps.registry)) {
        runs.push({ service: run.service, answer: await answerOf(deps.registry.byId.get(run.service)!, run.body, () => now) });
      }
      previews.push({ name: file.replace(/^.*[\\/]/, '').replace(/\.json$/, ''), description: fixture.description, now: fixture.now, runs });
    }
    return previews;
  };

  // The fixtures do not change while the service runs: evaluated once, on the first visit.
  let fixturesPage: Promise<string> | undefined;
  router.get(PREVIEW_PATH, ...guard, async (_req, res) => {
    fixturesPage ??= fixturePreviews().then((fixtures) => previewPage({ form: { services }, fixtures, versions: VERSIONS }));
    const html = await fixturesPage.catch((err: unknown) => {
      fixturesPage = undefined;
      throw err;
    });
    res.setHeader('Content-Security-Policy', PREVIEW_PAGE_CSP);
    res.type('html').send(html);
  });

  const parseForm = express.urlencoded({ extended: false, limit: deps.bodyLimitBytes, parameterLimit: 10 });
  router.post(PREVIEW_PATH, ...guard, parseForm, async (req, res) => {
    const form = (req.body ?? {}) as Record<string, unknown>;
    const serviceId = form.service;
    const service = typeof serviceId === 'string' ? deps.registry.byId.get(serviceId) : undefined;
    if (!service) throw new HttpError(400, 'invalid_request', `service must be one of ${services.join(', ')}`, 'service');
    if (typeof form.request !== 'string') throw new HttpError(400, 'invalid_request', 'request must be the hook request, as JSON text', 'request');
    let body: unknown;
    try {
      body = JSON.parse(form.request);
    } catch {
      body = undefined;
    }
    const result: PreviewAnswer =
      body === undefined ? { status: 400, error: 'invalid_json', message: 'Request body is not valid JSON' } : await answerOf(service, body, deps.clock);
    res.setHeader('Content-Security-Policy', PREVIEW_PAGE_CSP);
    res.type('html').send(previewPage({ form: { services, service: service.entry.id, request: form.request }, result, versions: VERSIONS }));
  });
  router.all(PREVIEW_PATH, methodNotAllowed('GET, POST'));
  return router;
}
