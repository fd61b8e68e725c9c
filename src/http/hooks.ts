/** POST /cds-services/{id}: validate, load the patient's data, evaluate, answer with cards. */
import express, { type RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { RuleSettings } from '../approach/context';
import type { RenderContext } from '../cards/render';
import type { CdsResponse } from '../cards/types';
import type { DataLoader } from '../fhir/data-loader';
import { APPROACH_PATH } from '../knowledge/approach';
import type { HookRequest } from '../schemas/hook-request';
import { KNOWLEDGE_VERSION, SERVICE_VERSION } from '../version';
import type { RegisteredService, ServiceRegistry } from '../services/registry';
import { HttpError } from '../errors';
import { callLocals, requestLogger } from './call-report';
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
  logger: Logger;
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
    callLocals(res).service = service;
    next();
  };
}

function renderContext(request: HookRequest, now: Date, settings: RuleSettings, approachUrl: string): RenderContext {
  const { patientId, encounterId, userId } = request.context;
  return { patientId, encounterId, userId, now, settings, approachUrl, serviceVersion: SERVICE_VERSION, knowledgeVersion: KNOWLEDGE_VERSION };
}

/** The steps of a hook call once the caller is authenticated: find the service, read the JSON body, answer. */
export function hookCall(deps: HookDeps): RequestHandler[] {
  const parseJson = express.json({ limit: deps.bodyLimitBytes, type: JSON_TYPES, strict: true });

  const answer: RequestHandler = async (req, res) => {
    const locals = callLocals(res);
    const { entry, implementation } = locals.service as RegisteredService;
    const request = validateHookRequest(req.body, implementation.hook, entry.id);
    implementation.checkContext?.(request);
    const data = await deps.loader.load(request, { templates: entry.prefetch ?? {}, required: implementation.required }, () => requestLogger(res, deps.logger));
    const now = deps.clock();
    const render = renderContext(request, now, deps.settings, `${publicBaseUrl(req, deps.publicUrl)}${APPROACH_PATH}`);
    const issued = implementation.evaluate({ request, data, now, settings: deps.settings, render });
    locals.hookCall = {
      hookInstance: request.hookInstance,
      cards: issued,
      prefetchedKeys: data.prefetchedKeys,
      fetchedKeys: data.fetchedKeys,
      unavailableKeys: data.unavailable,
    };
    const response: CdsResponse = { cards: issued.map((i) => i.card) };
    res.json(response);
  };
  return [serviceLookup(deps.registry), requireJson, parseJson, answer];
}
