/**
 * Readiness: may a load balancer send this replica calls? Only when the services are loaded and
 * the shared store answers within a short deadline. Which part failed goes to the log, once per
 * change, never to the caller: the probe is public.
 */
import type { Logger } from 'pino';
import type { FeedbackStore } from '../storage/feedback-store';

/** What readiness asks of the shared store: answer within `deadlineMs`, or reject. */
export interface StorePing {
  ping(deadlineMs: number): Promise<void>;
}

/**
 * A store that cannot answer in half a second would make every authenticated call slow too; the
 * deadline also stays below Kubernetes' default probe timeout of one second.
 */
export const STORE_PING_DEADLINE_MS = 500;

/**
 * The current stores have no ping of their own: reading the feedback of a service id that cannot
 * exist is one indexed query in PostgreSQL, and nothing at all in memory.
 */
export function pingThroughFeedback(store: FeedbackStore): StorePing {
  return { ping: () => store.forService('').then(() => undefined) };
}

export type ReadinessFailure = 'no services loaded' | 'store did not answer in time' | 'store failed';

export interface Readiness {
  /** Undefined when ready, else the part that failed. */
  check(): Promise<ReadinessFailure | undefined>;
}

class Deadline extends Error {}

function withinDeadline(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const expiry = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Deadline()), ms);
  });
  return Promise.race([work, expiry]).finally(() => clearTimeout(timer));
}

export interface ReadinessDeps {
  serviceCount: number;
  store: StorePing;
  logger: Logger;
  deadlineMs?: number;
}

export function createReadiness(deps: ReadinessDeps): Readiness {
  const deadlineMs = deps.deadlineMs ?? STORE_PING_DEADLINE_MS;
  // Probes that arrive together share one ping, so a flood of /readyz costs the store one query at a time.
  let pending: Promise<ReadinessFailure | undefined> | undefined;
  let lastFailure: ReadinessFailure | undefined;

  const probe = async (): Promise<ReadinessFailure | undefined> => {
    if (deps.serviceCount === 0) return 'no services loaded';
    try {
      await withinDeadline(deps.store.ping(deadlineMs), deadlineMs);
      return undefined;
    } catch (err) {
      return err instanceof Deadline ? 'store did not answer in time' : 'store failed';
    }
  };

  const report = (failure: ReadinessFailure | undefined): void => {
    if (failure === lastFailure) return;
    if (failure === undefined) deps.logger.info('ready again');
    else deps.logger.warn({ failure }, 'not ready');
    lastFailure = failure;
  };

  return {
    check() {
      pending ??= probe().then((failure) => {
        pending = undefined;
        report(failure);
        return failure;
      });
      return pending;
    },
  };
}
