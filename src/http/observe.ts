/**
 * The end of every call but the probes: one log line (at info) and its metrics. A hook call's line
 * says which service answered which hookInstance for which client, how many cards of which kinds,
 * which keys were prefetched and which fetched, and how long it took. Never patient data, a token
 * or the query string.
 */
import type { Logger } from 'pino';
import type { HttpError } from '../errors';
import { NO_SERVICE, UNKNOWN_SERVICE, type JwtRefusalReason, type RouteLabel, type ServiceMetrics, type StoreLabel } from '../ops/metrics';
import type { ServiceRegistry } from '../services/registry';
import { callLocals, type CallLocals } from './call-report';
import type { CallObserver } from './edge';

const SERVICE_PATH = /^\/cds-services\/([^/]+)(\/feedback)?$/;

interface Place {
  path: string;
  route: RouteLabel;
  /** The id in the path, for routes that name a service. */
  serviceId?: string;
}

function placeOf(url: string): Place {
  const query = url.indexOf('?');
  const path = query < 0 ? url : url.slice(0, query);
  if (path === '/cds-services') return { path, route: 'discovery' };
  if (path === '/openapi.json') return { path, route: 'openapi' };
  const service = SERVICE_PATH.exec(path);
  if (service) return { path, route: service[2] ? 'feedback' : 'hook', serviceId: service[1] };
  return { path, route: 'other' };
}

/** The message of each refusal the authenticator gives (src/security/client-auth.ts), by its reason. */
const REFUSALS: readonly (readonly [RegExp, JwtRefusalReason])[] = [
  [/^malformed token$/, 'malformed'],
  [/^algorithm not allowed|key or algorithm that is not supported/, 'algorithm'],
  [/^token type/, 'type'],
  [/^unknown issuer$/, 'unknown_issuer'],
  [/^key set URL \(jku\) not allowed/, 'jku_not_allowed'],
  [/keys could not be retrieved/, 'keys_unavailable'],
  [/keys? of the issuer match/, 'no_matching_key'],
  [/^signature could not be verified$/, 'signature'],
  [/^audience does not match/, 'audience'],
  [/^token expired$/, 'expired'],
  [/^token not yet valid$|^token issued in the future$/, 'not_yet_valid'],
  [/^token lifetime|^token issued too long ago/, 'lifetime'],
  [/claim/, 'claims'],
  [/^token already used$/, 'replayed'],
];

export function refusalReason(failure: HttpError): JwtRefusalReason {
  if (failure.code === 'token_required') return 'missing';
  return REFUSALS.find(([pattern]) => pattern.test(failure.message))?.[1] ?? 'other';
}

/** 503s that mean a shared store failed, by the store. */
const STORE_FAILURES: Readonly<Record<string, StoreLabel>> = { auth_unavailable: 'replay-cache', feedback_unavailable: 'feedback' };

export interface ObserverDeps {
  logger: Logger;
  metrics: ServiceMetrics | undefined;
  registry: ServiceRegistry;
}

function serviceLabel(locals: CallLocals, place: Place, registry: ServiceRegistry): string {
  if (locals.service) return locals.service.entry.id;
  if (place.serviceId === undefined) return NO_SERVICE;
  return registry.byId.has(place.serviceId) ? place.serviceId : UNKNOWN_SERVICE;
}

function record(metrics: ServiceMetrics, place: Place, service: string, status: string, seconds: number, locals: CallLocals): void {
  metrics.observeCall(place.route, service, status, seconds);
  if (locals.hookCall) {
    metrics.countCards(service, locals.hookCall.cards);
    metrics.countSnoozed(service, locals.hookCall.snoozed);
    if (locals.hookCall.snoozes === 'unavailable') metrics.countSnoozesUnavailable(service);
  }
  if (locals.feedbackOutcomes) metrics.countFeedback(service, locals.feedbackOutcomes);
  const failure = locals.failure;
  if (failure === undefined) return;
  if (failure.status === 401) metrics.countRefusal(refusalReason(failure));
  const store = STORE_FAILURES[failure.code];
  if (store !== undefined) metrics.countStoreError(store);
}

/** Undefined when there is nothing to do: info lines are not written and metrics are off. */
export function callObserver(deps: ObserverDeps): CallObserver | undefined {
  const logger = deps.logger.isLevelEnabled('info') ? deps.logger : undefined;
  const { metrics, registry } = deps;
  if (logger === undefined && metrics === undefined) return undefined;

  return (req, res, startedMs) => {
    const ms = performance.now() - startedMs;
    const locals = callLocals(res);
    const place = placeOf(req.originalUrl);
    const finished = res.writableFinished;
    const service = serviceLabel(locals, place, registry);
    if (metrics) record(metrics, place, service, finished ? String(res.statusCode) : 'aborted', ms / 1000, locals);
    if (!logger) return;

    const line: Record<string, unknown> = {
      reqId: locals.reqId,
      method: req.method,
      path: place.path.slice(0, 200),
      status: res.statusCode,
      ms: Math.round(ms * 1000) / 1000,
    };
    if (!finished) line.aborted = true;
    if (service !== NO_SERVICE) line.serviceId = service;
    if (locals.client) line.client = locals.client.iss;
    if (locals.failure) line.error = locals.failure.code;
    const hook = locals.hookCall;
    if (hook) {
      line.hookInstance = hook.hookInstance;
      line.cards = hook.cards.length;
      line.findings = hook.cards.map((issued) => issued.findingKind);
      line.prefetched = hook.prefetchedKeys;
      line.fetched = hook.fetchedKeys;
      if (hook.unavailableKeys.size > 0) line.unavailable = [...hook.unavailableKeys];
      if (hook.snoozed.length > 0) line.snoozed = hook.snoozed.map((issued) => issued.findingKind);
      if (hook.silent.length > 0) line.silent = hook.silent.map((issued) => issued.findingKind);
      if (hook.snoozes === 'unavailable') line.snoozes = 'unavailable';
    }
    logger.info(line, hook ? 'hook call' : 'request');
  };
}
