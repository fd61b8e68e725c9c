/** POST /cds-services/{id}: validate, load the patient's data, evaluate, answer with cards. */
import express, { type RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { CdsResponse } from '../cards/types';
import type { DataLoader } from '../fhir/data-loader';
import type { RuleSettings } from '../rules/types';
import type { RegisteredService, ServiceRegistry } from '../services/registry';
import { HttpError } from '../errors';
import { callLocals, requestLogger } from './call-report';
import { validateHookRequest } from './validate';

export interface HookDeps {
  registry: ServiceRegistry;
  loader: DataLoader;
  clock: () => Date;
  settings: RuleSettings;
  bodyLimitBytes: number;
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

/** The steps of a hook call once the caller is authenticated: find the service, read the JSON body, answer. */
export function hookCall(deps: HookDeps): RequestHandler[] {
  const parseJson = express.json({ limit: deps.bodyLimitBytes, type: JSON_TYPES, strict: true });

  const answer: RequestHandler = async (req, res) => {
    const locals = callLocals(res);
    const { entry, implementation } = locals.service as RegisteredService;
    const request = validateHookRequest(req.body, implementation.hook, entry.id);
    implementation.checkContext?.(request);
    const data = await deps.loader.load(request, { templates: entry.prefetch ?? {}, required: implementation.required }, requestLogger(res, deps.logger));
    const issued = implementation.evaluate({ request, data, now: deps.clock(), settings: deps.settings });
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
