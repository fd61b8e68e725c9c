/**
 * Prometheus metrics (prom-client), in a registry of their own, served on METRICS_PORT only.
 * Every label takes its values from a bounded set: route names, service ids from the discovery
 * document (one shared label for any other id), HTTP statuses, finding kinds, card indicators,
 * prefetch keys the services declare, fetch outcomes and the fixed refusal reasons below.
 * Never a patient, a token or a URL from the request.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { IssuedCard } from '../cards/types';
import type { FhirFetchObserver, KeyFetchOutcome } from '../fhir/fhir-loader';
import type { Versions } from './version';

export type RouteLabel = 'hook' | 'feedback' | 'discovery' | 'openapi' | 'other';

/** The service label of a call to an id the discovery document does not list. */
export const UNKNOWN_SERVICE = 'unknown';
/** The service label of a call to a route that names no service. */
export const NO_SERVICE = 'none';

/** Why a client's token was refused: every refusal message maps to one of these. */
export const JWT_REFUSAL_REASONS = [
  'missing',
  'malformed',
  'algorithm',
  'type',
  'unknown_issuer',
  'jku_not_allowed',
  'keys_unavailable',
  'no_matching_key',
  'signature',
  'audience',
  'expired',
  'not_yet_valid',
  'lifetime',
  'claims',
  'replayed',
  'other',
] as const;
export type JwtRefusalReason = (typeof JWT_REFUSAL_REASONS)[number];

export type StoreLabel = 'replay-cache' | 'feedback';

/** Hook calls answer in milliseconds from prefetch, in seconds when the FHIR server is slow. */
const CALL_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8];
const FETCH_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 4];

export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly callDuration = new Histogram({
    name: 'cds_http_request_duration_seconds',
    help: 'Time from receiving a call to closing its response, by route, service and status ("aborted" when the client left first)',
    labelNames: ['route', 'service', 'status'] as const,
    buckets: CALL_BUCKETS,
    registers: [this.registry],
  });
  private readonly cards = new Counter({
    name: 'cds_cards_total',
    help: 'Cards returned, by service, finding kind and indicator',
    labelNames: ['service', 'finding_kind', 'indicator'] as const,
    registers: [this.registry],
  });
  private readonly fhirFetches = new Histogram({
    name: 'cds_fhir_fetch_duration_seconds',
    help: "Prefetch keys fetched from the EHR's FHIR server (every page of a search), by key and outcome",
    labelNames: ['key', 'outcome'] as const,
    buckets: FETCH_BUCKETS,
    registers: [this.registry],
  });
  private readonly refusals = new Counter({
    name: 'cds_jwt_refusals_total',
    help: 'Calls refused for their client JWT, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  private readonly storeErrors = new Counter({
    name: 'cds_store_errors_total',
    help: 'Calls answered 503 because the shared store failed, by the store that failed',
    labelNames: ['store'] as const,
    registers: [this.registry],
  });
  private readonly snoozedCards = new Counter({
    name: 'cds_cards_snoozed_total',
    help: "Cards held back because their patient's snooze of the finding holds on the same evidence, by service and finding kind",
    labelNames: ['service', 'finding_kind'] as const,
    registers: [this.registry],
  });
  private readonly snoozesUnavailable = new Counter({
    name: 'cds_snoozes_unavailable_total',
    help: "Hook calls answered with every card, snoozed ones included, because the store did not give the patient's snoozes in time",
    labelNames: ['service'] as const,
    registers: [this.registry],
  });
  private readonly feedback = new Counter({
    name: 'cds_feedback_total',
    help: 'Feedback items received and stored, by service and outcome',
    labelNames: ['service', 'outcome'] as const,
    registers: [this.registry],
  });

  /** Told of each key the FhirLoader fetches. */
  readonly fhirObserver: FhirFetchObserver = {
    keyFetched: (key: string, outcome: KeyFetchOutcome, ms: number) => this.fhirFetches.observe({ key, outcome }, ms / 1000),
  };

  constructor(versions: Versions) {
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'cds_build_info',
      help: 'Always 1; the labels say which service and knowledge versions run',
      labelNames: ['version', 'knowledge_version'] as const,
      registers: [this.registry],
    }).set({ version: versions.version, knowledge_version: versions.knowledgeVersion }, 1);
  }

  observeCall(route: RouteLabel, service: string, status: string, seconds: number): void {
    this.callDuration.observe({ route, service, status }, seconds);
  }

  countCards(service: string, issued: readonly IssuedCard[]): void {
    for (const { card, findingKind } of issued) this.cards.inc({ service, finding_kind: findingKind, indicator: card.indicator });
  }

  countSnoozed(service: string, snoozed: readonly IssuedCard[]): void {
    for (const { findingKind } of snoozed) this.snoozedCards.inc({ service, finding_kind: findingKind });
  }

  countSnoozesUnavailable(service: string): void {
    this.snoozesUnavailable.inc({ service });
  }

  countRefusal(reason: JwtRefusalReason): void {
    this.refusals.inc({ reason });
  }

  countStoreError(store: StoreLabel): void {
    this.storeErrors.inc({ store });
  }

  countFeedback(service: string, outcomes: readonly string[]): void {
    for (const outcome of outcomes) this.feedback.inc({ service, outcome });
  }
}
