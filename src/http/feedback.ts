/**
 * POST /cds-services/{id}/feedback (CDS Hooks §Feedback): what the clinician did with our cards.
 * Repeats and batches across cards are expected; storing is idempotent and the answer is 200.
 */
import type { Logger } from 'pino';
import express, { Router } from 'express';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { VerifiedClient } from '../security/client-auth';
import { feedbackRequestSchema } from '../schemas/feedback';
import type { ServiceRegistry } from '../services/registry';
import type { FeedbackRecord, FeedbackStore } from '../storage/feedback-store';
import { HttpError } from '../errors';
import { callLocals, requestLogger } from './call-report';
import { methodNotAllowed } from './errors';
import { JSON_TYPES, requireJson, serviceLookup } from './hooks';
import { describe } from './validate';

export interface FeedbackDeps {
  registry: ServiceRegistry;
  store: FeedbackStore;
  bodyLimitBytes: number;
  logger: Logger;
}

interface FeedbackItem {
  card: string;
  outcome: FeedbackRecord['outcome'];
  acceptedSuggestions?: { id: string }[];
  overrideReason?: { reason?: { system: string; code: string; display?: string }; userComment?: string };
  outcomeTimestamp: string;
}

const ajv = new Ajv({ allErrors: false, verbose: true, strict: true, strictRequired: false });
addFormats(ajv, ['date-time']);
const validateFeedback: ValidateFunction<{ feedback: FeedbackItem[] }> = ajv.compile(feedbackRequestSchema);

/** Only the fields CDS Hooks defines are kept: whatever else a client sends is not ours to store. */
function toRecord(item: FeedbackItem, index: number, serviceId: string, client: VerifiedClient | undefined): FeedbackRecord {
  const time = Date.parse(item.outcomeTimestamp);
  if (Number.isNaN(time)) {
    throw new HttpError(
      400,
      'invalid_request',
      'outcomeTimestamp must be an RFC 3339 date-time from the year 2000 to 2099, such as "2026-11-26T12:00:00Z"',
      `feedback[${index}].outcomeTimestamp`,
    );
  }
  const record: FeedbackRecord = {
    serviceId,
    card: item.card,
    outcome: item.outcome,
    acceptedSuggestions: (item.acceptedSuggestions ?? []).map((s) => s.id),
    outcomeTimestamp: new Date(time).toISOString(),
  };
  const reason = item.overrideReason;
  if (reason && (reason.reason || reason.userComment !== undefined)) {
    record.overrideReason = {};
    if (reason.reason) {
      const { system, code, display } = reason.reason;
      record.overrideReason.reason = display === undefined ? { system, code } : { system, code, display };
    }
    if (reason.userComment !== undefined) record.overrideReason.userComment = reason.userComment;
  }
  if (client) record.client = client.iss;
  return record;
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
    const serviceId = String(req.params.id);
    const client = res.locals.client as VerifiedClient | undefined;
    const records = body.feedback.map((item, index) => toRecord(item, index, serviceId, client));
    try {
      await deps.store.record(records);
    } catch (err) {
      // The shared store is down: the EHR may send the same feedback again, and a repeat is harmless.
      requestLogger(res, deps.logger).error({ errorName: err instanceof Error ? err.name : typeof err }, 'feedback could not be stored');
      throw new HttpError(503, 'feedback_unavailable', 'Feedback could not be stored for the moment; send it again shortly', undefined, { 'Retry-After': '5' });
    }
    callLocals(res).feedbackOutcomes = records.map((r) => r.outcome);
    res.status(200).end();
  });
  router.all('/cds-services/:id/feedback', findService, methodNotAllowed('POST'));
  return router;
}
