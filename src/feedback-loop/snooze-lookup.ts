/**
 * The hook path's one question to the store: which of this patient's snoozes are running. It must
 * never fail or hold up the hook call: the question has a short deadline, a failure or a late
 * answer gives "unavailable" (the call then serves every card, unfiltered: a card shown again is
 * better than a call that fails or a card hidden on a guess), and after a failure the store is
 * left alone for a few seconds, so an outage costs one deadline every few seconds rather than one
 * per call. The change of state is logged once each way; each call reports what it got.
 */
import type { Logger } from 'pino';
import type { Snooze } from '../storage/card-snoozes';
import { withDeadline } from '../storage/deadline';

export type SnoozeLookup = { available: true; snoozes: Snooze[] } | { available: false };

export interface SnoozeSource {
  activeFor(patientHash: string, now: Date): Promise<Snooze[]>;
}

export interface SnoozeLookupOptions {
  /** Longest the hook call waits for the answer. */
  deadlineMs: number;
  /** After a failure, how long the store is not asked. */
  restMs: number;
  /** Milliseconds on a clock that only moves forward (performance.now), for the rest period. */
  monotonicMs?: () => number;
}

/**
 * A hook call answers in about a millisecond from prefetch: 250 ms is far above what the store
 * takes (tens of microseconds embedded, a round trip on PostgreSQL) and well below what the EHR waits.
 */
export const SNOOZE_LOOKUP_DEFAULTS: SnoozeLookupOptions = { deadlineMs: 250, restMs: 5_000 };

const UNAVAILABLE: SnoozeLookup = { available: false };

export class SnoozeLookups {
  private restingUntil = Number.NEGATIVE_INFINITY;
  private failing = false;
  private readonly monotonicMs: () => number;

  constructor(
    private readonly source: SnoozeSource,
    private readonly logger: Logger,
    private readonly options: SnoozeLookupOptions = SNOOZE_LOOKUP_DEFAULTS,
  ) {
    this.monotonicMs = options.monotonicMs ?? (() => performance.now());
  }

  /** Never rejects. */
  async lookUp(patientHash: string, now: Date): Promise<SnoozeLookup> {
    if (this.monotonicMs() < this.restingUntil) return UNAVAILABLE;
    try {
      const snoozes = await withDeadline(this.source.activeFor(patientHash, now), this.options.deadlineMs, 'the snooze look-up');
      if (this.failing) {
        this.failing = false;
        this.logger.info('snoozes available again: overridden cards are held back again');
      }
      return { available: true, snoozes };
    } catch (err) {
      this.restingUntil = this.monotonicMs() + this.options.restMs;
      if (!this.failing) {
        this.failing = true;
        this.logger.warn(
          { errorName: err instanceof Error ? err.name : typeof err, restMs: this.options.restMs },
          'snoozes unavailable: hook calls serve every card, overridden ones included, until the store answers again',
        );
      }
      return UNAVAILABLE;
    }
  }
}
