/**
 * POST /cds-services/{id}/feedback (CDS Hooks §Feedback): what the clinician did with our cards.
 * Each item must name a card this service issued (its ledger row: the rule, the versions, the
 * hashed patient), else 404 naming the card; accepted suggestions must be the card's own. An
 * override snoozes the card's finding for its patient (src/feedback-loop/snoozes.ts). Repeats and
 * batches across cards are expected; storing is idempotent and the answer is 200.
 */
import type { Logger } from 'pino';
import express, { Router } from 'express';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FeedbackLoopConfig } from '../config';
import { snoozesFromFeedback } from '../feedback-loop/snoozes';
import type { VerifiedClient } from '../security/client-auth';
import { feedbackRequestSchema } from '../schemas/feedback';
import type { RegisteredService, ServiceRegistry } from '../services/registry';
import type { CardFeedback } from '../storage/card-feedback';
import type { IssuedCard as LedgerCard } from '../storage/card-ledger';
import { StoreInputError, StoreUnavailableError } from '../storage/errors';
import type { Store } from '../storage/store';
import { HttpError } from '../errors';
import { callLocals, requestLogger } from './call-report';
import { methodNotAllowed } from './errors';
import { JSON_TYPES, requireJson, serviceLookup } from './hooks';
import { describe } from './validate';

export interface FeedbackDeps {
  registry: ServiceRegistry;
  store: {
    feedback: Pick<Store['feedback'], 'record'>;
    /** `find` sees the cards still queued in this process, so feedback on a card just answered finds it. */
    ledger: Pick<Store['ledger'], 'find'>;
    snoozes: Pick<Store['snoozes'], 'upsert'>;
  };
  /** How long an override snoozes the card. */
  snoozePolicy: FeedbackLoopConfig;
  /** FEEDBACK_COMMENT_RETENTION_DAYS=0: comments are not stored at all. */
  keepComments: boolean;
  clock: () => Date;
  bodyLimitBytes: number;
  logger: Logger;
}

interface FeedbackItem {
  card: string;
  outcome: CardFeedback['outcome'];
  acceptedSuggestions?: { id: string }[];
  overrideReason?: { reason?: { system: string; code: string; display?: string }; userComment?: string };
  outcomeTimestamp: string;
}

const ajv = new Ajv({ allErrors: false, verbose: true, strict: true, strictRequired: false });
addFormats(ajv, ['date-time']);
const validateFeedback: ValidateFunction<{ feedback: FeedbackItem[] }> = ajv.compile(feedbackRequestSchema);

/** Only the fields CDS Hooks defines are kept: whatever else a client sends is not ours to store. */
function toRecord(item: FeedbackItem, index: number, client: VerifiedClient | undefined, receivedAt: Date): CardFeedback {
  const time = Date.parse(item.outcomeTimestamp);
  if (Number.isNaN(time)) {
    throw new HttpError(
      400,
      'invalid_request',
      'outcomeTimestamp must be an RFC 3339 date-time from the year 2000 to 2099, such as "2026-11-26T12:00:00Z"',
      `feedback[${index}].outcomeTimestamp`,
    );
  }
  const record: CardFeedback = {
    cardUuid: item.card,
    outcome: item.outcome,
    acceptedSuggestionIds: (item.acceptedSuggestions ?? []).map((s) => s.id),
    outcomeAt: new Date(time),
    receivedAt,
  };
  const reason = item.overrideReason?.reason;
  if (reason)
    record.overrideReason =
      reason.display === undefined ? { system: reason.system, code: reason.code } : { system: reason.system, code: reason.code, display: reason.display };
  if (item.overrideReason?.userComment !== undefined) record.userComment = item.overrideReason.userComment;
  if (client) record.clientIss = client.iss;
  return record;
}

/** 404 for an item whose card this service never issued; 409 for a card never shown; 400 for a suggestion the card never had. */
function checkAgainstLedger(records: readonly CardFeedback[], cards: ReadonlyMap<string, LedgerCard>, serviceId: string): void {
  records.forEach((record, index) => {
    const card = cards.get(record.cardUuid);
    if (card === undefined || card.serviceId !== serviceId) {
      throw new HttpError(404, 'unknown_card', `No card "${record.cardUuid}" was issued by the service "${serviceId}"`, `feedback[${index}].card`);
    }
    // A silent or snoozed card never reached the EHR: feedback on it cannot come from a clinician.
    if (card.delivery !== 'shown') {
      const why = card.delivery === 'silent' ? `held silent (mode ${card.mode}${card.pilotArm ? `, ${card.pilotArm} arm` : ''})` : 'held back by a snooze';
      throw new HttpError(
        409,
        'card_not_shown',
        `The card "${record.cardUuid}" was ${why}: it was never shown, so it can have no feedback`,
        `feedback[${index}].card`,
      );
    }
    record.acceptedSuggestionIds.forEach((id, position) => {
      if (!card.suggestionUuids.includes(id)) {
        throw new HttpError(
          400,
          'invalid_request',
          `acceptedSuggestions[${position}].id "${id}" is not a suggestion of the card "${record.cardUuid}"`,
          `feedback[${index}].acceptedSuggestions[${position}].id`,
        );
      }
    });
  });
}

/** A store failure as the EHR should hear it: its own mistake (400) or a moment's outage (503, send it again). */
function storeFailure(err: unknown, log: Logger): never {
  if (err instanceof StoreInputError) {
    throw new HttpError(400, 'invalid_request', `feedback[${err.index ?? 0}]: ${err.message}`, `feedback[${err.index ?? 0}]`);
  }
  if (!(err instanceof StoreUnavailableError)) throw err;
  // The store is down: the EHR may send the same feedback again, and a repeat is harmless.
  log.error({ errorName: err.name }, 'feedback could not be stored');
  throw new HttpError(503, 'feedback_unavailable', 'Feedback could not be stored for the moment; send it again shortly', undefined, { 'Retry-After': '5' });
}

export function feedbackRouter(deps: FeedbackDeps): Router {
  const router = Router();
  const parseJson = express.json({ limit: deps.bodyLimitBytes, type: JSON_TYPES, strict: true });

  const findService = serviceLookup(deps.registry);

  router.post('/cds-services/:id/feedback', findService, requireJson, parseJson, async (req, res) => {
    const body: unknown = req.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new HttpError(400, 'invalid_request', 'Request body must be a JSON object');
    }
    if (!validateFeedback(body)) {
      const { field, message } = describe(validateFeedback.errors![0]);
      throw new HttpError(400, 'invalid_request', message, field);
    }
    const client = res.locals.client as VerifiedClient | undefined;
    const receivedAt = deps.clock();
    const records = body.feedback.map((item, index) => toRecord(item, index, client, receivedAt));
    if (!deps.keepComments) for (const record of records) delete record.userComment;
    const { entry } = callLocals(res).service as RegisteredService;
    const log = requestLogger(res, deps.logger);
    try {
      const cards = new Map((await deps.store.ledger.find(records.map((r) => r.cardUuid))).map((card) => [card.cardUuid, card]));
      checkAgainstLedger(records, cards, entry.id);
      await deps.store.feedback.record(records);
      // One at a time: a batch overrides a handful of cards, and each snooze is one upsert.
      for (const snooze of snoozesFromFeedback(records, cards, deps.snoozePolicy)) await deps.store.snoozes.upsert(snooze);
    } catch (err) {
      if (err instanceof HttpError) throw err;
      storeFailure(err, log);
    }
    callLocals(res).feedbackOutcomes = records.map((r) => r.outcome);
    res.status(200).end();
  });
  router.all('/cds-services/:id/feedback', findService, methodNotAllowed('POST'));
  return router;
}
