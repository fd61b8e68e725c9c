/**
 * The retention job: at start-up and every hour after, each replica asks the store to delete what
 * is past LEDGER_RETENTION_DAYS and to erase comments past FEEDBACK_COMMENT_RETENTION_DAYS. The
 * work is a few indexed deletes, harmless when replicas run it together; a store that fails is
 * logged and tried again at the next turn.
 */
import type { Logger } from 'pino';
import type { RetentionConfig } from '../config';
import type { Store } from '../storage/store';

export const RETENTION_EVERY_MS = 60 * 60 * 1000;

export interface RetentionJobDeps {
  store: Pick<Store, 'purgeRetained'>;
  policy: RetentionConfig;
  clock: () => Date;
  logger: Logger;
}

/** One turn of the job; never rejects. */
export async function runRetention(deps: RetentionJobDeps): Promise<void> {
  try {
    const purged = await deps.store.purgeRetained(deps.clock(), deps.policy);
    if (Object.values(purged).some((n) => n > 0)) deps.logger.info({ ...purged, ...deps.policy }, 'retention: old ledger rows, feedback and comments removed');
  } catch (err) {
    deps.logger.warn({ errorName: err instanceof Error ? err.name : typeof err }, 'retention could not run: tried again at the next turn');
  }
}

/** Runs a turn now and every `everyMs`; the returned function stops it. The timer never keeps the process alive. */
export function startRetentionJob(deps: RetentionJobDeps, everyMs = RETENTION_EVERY_MS): () => void {
  void runRetention(deps);
  const timer = setInterval(() => void runRetention(deps), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
