/** POST /cds-services/{id}: validate, load the patient's data, evaluate, answer with cards. */
import express, { Router, type RequestHandler } from 'express';
import type { RuleSettings } from '../approach/context';
import type { RenderContext } from '../cards/render';
import type { CdsResponse } from '../cards/types';
import type { DataLoader } from '../fhir/data-loader';
import { APPROACH_PATH } from '../knowledge/approach';
import type { HookRequest } from '../schemas/hook-request';
import { KNOWLEDGE_VERSION, SERVICE_VERSION } from '../version';
import type { ServiceRegistry } from '../services/registry';
import { HttpError } from '../errors';
import { methodNotAllowed } from './errors';
import { publicBaseUrl } from './public-url';
import { validateHookRequest } from './validate';

export interface HookDeps {
  registry: ServiceRegistry;
  loader: DataLoader;
  clock: () => Date;
  settings: RuleSettings;
  bodyLimitBytes: number;
  /** CDS_PUBLIC_URL: the base of the links cards carry (the request's own host when unset). */
  publicUrl: string | undefined;
}

export const JSON_TYPES = ['application/json', 'application/*+json'];

/** Only JSON bodies are read; anything else is refused before parsing. */
export const requireJson: RequestHandler = (req, _res, next) => {
  if (!req.is(JSON_TYPES)) {
    next(new HttpError(415, 'unsupported_media_type', 'Content-Type must be application/json'));
    return;
  }
  next();
};

function safeId(id: string): string {
  return id.slice(0, 64).replace(/[^A-Za-z0-9\-_.]/g, '?');
}

/** Finds the service named in the path (on res.locals.service) or answers 404: hook and feedback routes share it. */
export function serviceLookup(registry: ServiceRegistry): RequestHandler {
  return (req, res, next) => {
    const id = String(req.params.id);
    const service = registry.byId.get(id);
    if (!service) {
      next(new HttpError(404, 'unknown_service', `No CDS service with id "${safeId(id)}"`));
      return;
    }
    res.locals.service = service;
    next();
  };
}

function renderContext(request: HookRequest, now: Date, settings: RuleSettings, approachUrl: string): RenderContext {
  const { patientId, encounterId, userId } = request.context;
  return { patientId, encounterId, userId, now, settings, approachUrl, serviceVersion: SERVICE_VERSION, knowledgeVersion: KNOWLEDGE_VERSION };
}

export function hooksRouter(deps: HookDeps): Router {
  const router = Router();
  const parseJson = express.json({ limit: deps.bodyLimitBytes, type: JSON_TYPES, strict: true });

  const findService = serviceLookup(deps.registry);

  router.post('/cds-services/:id', findService, requireJson, parseJson, async (req, res) => {
    const { entry, implementation } = res.locals.service as NonNullable<ReturnType<typeof deps.registry.byId.get>>;
    const request = validateHookRequest(req.body, implementation.hook, entry.id);
    implementation.checkContext?.(request);
    const data = await deps.loader.load(request, { templates: entry.prefetch ?? {}, required: implementation.required });
    const now = deps.clock();
    const render = renderContext(request, now, deps.settings, `${publicBaseUrl(req, deps.publicUrl)}${APPROACH_PATH}`);
    const issued = implementation.evaluate({ request, data, now, settings: deps.settings, render });
    const response: CdsResponse = { cards: issued.map((i) => i.card) };
    res.json(response);
  });
  router.all('/cds-services/:id', findService, methodNotAllowed('POST'));
  return router;
}
