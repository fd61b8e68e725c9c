/**
 * What one call leaves behind for its single log line and its metrics, kept on `res.locals` by the
 * steps that know it (the edge, the hook route, the error translator), read once when the
 * response closes. Nothing here is patient data: ids of services, keys and finding kinds only.
 */
import type { Response } from 'express';
import type { Logger } from 'pino';
import type { IssuedCard } from '../cards/types';
import type { HttpError } from '../errors';
import type { RegisteredService } from '../services/registry';
import type { VerifiedClient } from '../security/client-auth';

/** Whether the patient's snoozes were applied: off (SNOOZE_DAYS=0), or the store did not answer in time. */
export type SnoozeState = 'applied' | 'unavailable' | 'off';

export interface HookCallReport {
  hookInstance: string;
  /** The cards returned. */
  cards: readonly IssuedCard[];
  /** The cards the patient's snoozes held back. */
  snoozed: readonly IssuedCard[];
  snoozes: SnoozeState;
  /** The cards their mode held silent: recorded, not returned. */
  silent: readonly IssuedCard[];
  prefetchedKeys: readonly string[];
  fetchedKeys: readonly string[];
  unavailableKeys: ReadonlySet<string>;
}

export interface CallLocals {
  /** The request id: the caller's X-Request-Id when it is a safe token, else one made here. */
  reqId: string;
  /** Set by the service look-up. */
  service?: RegisteredService;
  /** Set by client authentication. */
  client?: VerifiedClient;
  hookCall?: HookCallReport;
  /** The failure the error translator answered with. */
  failure?: HttpError;
  /** The outcome of each feedback item stored. */
  feedbackOutcomes?: readonly string[];
  log?: Logger;
}

export function callLocals(res: Response): CallLocals {
  return res.locals as CallLocals;
}

/** A logger whose every line names this call's request id; made on first use, as most calls log nothing else. */
export function requestLogger(res: Response, base: Logger): Logger {
  const locals = callLocals(res);
  locals.log ??= base.child({ reqId: locals.reqId });
  return locals.log;
}
