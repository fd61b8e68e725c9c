/** POST /cds-services/{id}: validate, load the patient's data, evaluate, answer with cards. */
import express, { type RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { RuleSettings } from '../approach/context';
import type { RenderContext } from '../cards/render';
import type { CdsResponse, IssuedCard } from '../cards/types';
import type { DataLoader, LoadedData } from '../fhir/data-loader';
import { ledgerEntries, type DeliveredCard } from '../feedback-loop/ledger-entries';
import { applyModes, hasPilot, pilotArm, type ModeRules, type PilotArm } from '../feedback-loop/modes';
import type { SnoozeLookups } from '../feedback-loop/snooze-lookup';
import { applySnoozes } from '../feedback-loop/snoozes';
import { APPROACH_PATH } from '../knowledge/approach';
import type { HookRequest } from '../schemas/hook-request';
import type { Store } from '../storage/store';
import { KNOWLEDGE_VERSION, SERVICE_VERSION } from '../version';
import type { RegisteredService, ServiceRegistry } from '../services/registry';
import { HttpError } from '../errors';
import { callLocals, requestLogger, type SnoozeState } from './call-report';
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
  /** Every card returned goes to the ledger; cards the patient's snoozes hold back are left out. */
  cardLoop: HookCardLoop;
}

export interface HookCardLoop {
  /** The keyed hashes of patient and user, the ledger the cards are queued to, and the call counter. */
  store: Pick<Store, 'hashPatient' | 'hashUser' | 'ledger' | 'hookCalls'>;
  /** Which kinds run active, silent or in a pilot. */
  modes: ModeRules;
  /** Undefined when snoozing is off (SNOOZE_DAYS=0): the store is not asked. */
  snoozes: Pick<SnoozeLookups, 'lookUp'> | undefined;
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

/** The body as the service's hook request, or a 400 HttpError naming the field. */
export function validServiceRequest({ entry, implementation }: RegisteredService, body: unknown): HookRequest {
  const request = validateHookRequest(body, implementation.hook, entry.id);
  implementation.checkContext?.(request);
  return request;
}

export interface EvaluationSettings {
  loader: DataLoader;
  /** Read once the data is loaded: the moment the rules judge at. */
  clock: () => Date;
  settings: RuleSettings;
  /** The absolute URL of the approach page, or its path for a page of our own. */
  approachUrl: string;
  /** The call's logger, made when first asked for. */
  log?: () => Logger;
}

export interface Evaluation {
  data: LoadedData;
  issued: IssuedCard[];
  now: Date;
}

/** Loads the patient's data and evaluates the service: the cards it issues, before snoozes. The card preview shares it. */
export async function evaluateService({ entry, implementation }: RegisteredService, request: HookRequest, how: EvaluationSettings): Promise<Evaluation> {
  const data = await how.loader.load(request, { templates: entry.prefetch ?? {}, required: implementation.required }, how.log);
  const now = how.clock();
  const render = renderContext(request, now, how.settings, how.approachUrl);
  return { data, issued: implementation.evaluate({ request, data, now, settings: how.settings, render }), now };
}

/** The steps of a hook call once the caller is authenticated: find the service, read the JSON body, answer. */
export function hookCall(deps: HookDeps): RequestHandler[] {
  const parseJson = express.json({ limit: deps.bodyLimitBytes, type: JSON_TYPES, strict: true });
  const { cardLoop } = deps;

  const answer: RequestHandler = async (req, res) => {
    const locals = callLocals(res);
    const service = locals.service as RegisteredService;
    const request = validServiceRequest(service, req.body);
    // The call's child logger is made only when something logs: most calls log nothing here.
    const log = (): Logger => requestLogger(res, deps.logger);
    const { data, issued, now } = await evaluateService(service, request, {
      loader: deps.loader,
      clock: deps.clock,
      settings: deps.settings,
      approachUrl: `${publicBaseUrl(req, deps.publicUrl)}${APPROACH_PATH}`,
      log,
    });
    // Most charts give no card (no twitching on record): those calls cost the store nothing but a
    // count in memory, neither the snooze question nor the patient's hash.
    const { userId, patientId } = request.context;
    let userHash: string | undefined;
    const hashedUser = () => (userHash ??= cardLoop.store.hashUser(userId));
    let arm: PilotArm | undefined;
    const armOf = () => (arm ??= pilotArm(cardLoop.modes, userId, hashedUser()));
    const serviceId = service.entry.id;
    // The call counts in its user's arm while a pilot runs, so each arm's firings have their own denominator.
    cardLoop.store.hookCalls.count({
      serviceId,
      serviceVersion: SERVICE_VERSION,
      knowledgeVersion: KNOWLEDGE_VERSION,
      at: now,
      ...(hasPilot(cardLoop.modes) ? { pilotArm: armOf() } : {}),
    });
    // Silent cards are set apart before snoozes: a snooze never acts on a card nobody sees.
    const moded = applyModes(issued, cardLoop.modes, serviceId, armOf);
    const active = moded.active.map((m) => m.issued);
    const patientHash = issued.length === 0 ? undefined : cardLoop.store.hashPatient(patientId);
    const found =
      active.length === 0 || patientHash === undefined || cardLoop.snoozes === undefined ? undefined : await cardLoop.snoozes.lookUp(patientHash, now);
    const { shown, snoozed } = applySnoozes(active, found?.available ? found.snoozes : []);
    const snoozes: SnoozeState = found === undefined ? (cardLoop.snoozes === undefined ? 'off' : 'applied') : found.available ? 'applied' : 'unavailable';
    locals.hookCall = {
      hookInstance: request.hookInstance,
      cards: shown,
      snoozed,
      silent: moded.silent.map((m) => m.issued),
      snoozes,
      prefetchedKeys: data.prefetchedKeys,
      fetchedKeys: data.fetchedKeys,
      unavailableKeys: data.unavailable,
    };
    const response: CdsResponse = { cards: shown.map((i) => i.card) };
    res.json(response);
    // The response is on its way: the ledger only queues the rows here, and writes them moments later.
    if (patientHash === undefined) return;
    const isShown = new Set(shown);
    const delivered: DeliveredCard[] = [
      ...moded.active.map((m): DeliveredCard => ({ ...m, delivery: isShown.has(m.issued) ? 'shown' : 'snoozed' })),
      ...moded.silent.map((m): DeliveredCard => ({ ...m, delivery: 'silent' })),
    ];
    try {
      cardLoop.store.ledger.enqueue(
        ledgerEntries(delivered, {
          serviceId,
          hook: request.hook,
          hookInstance: request.hookInstance,
          issuedAt: now,
          patientHash,
          userHash: hashedUser(),
          serviceVersion: SERVICE_VERSION,
          knowledgeVersion: KNOWLEDGE_VERSION,
        }),
      );
    } catch (err) {
      log().error({ errorName: err instanceof Error ? err.name : typeof err, cards: delivered.length }, 'cards could not be queued for the card ledger');
    }
  };
  return [serviceLookup(deps.registry), requireJson, parseJson, answer];
}
