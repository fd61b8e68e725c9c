/**
 * Where feedback on our cards is kept (CDS Hooks §Feedback). Clients repeat feedback and batch it
 * across cards, so storing is idempotent: one outcome of one card at one moment is one record,
 * however often it arrives. The in-process form serves one replica; several share the PostgreSQL
 * form (postgres-feedback-store.ts).
 */
export interface FeedbackRecord {
  serviceId: string;
  card: string;
  outcome: 'accepted' | 'overridden';
  acceptedSuggestions: string[];
  overrideReason?: { reason?: { system: string; code: string; display?: string }; userComment?: string };
  /** ISO 8601 in UTC, normalised so that repeats compare equal. */
  outcomeTimestamp: string;
  /** The authenticated client's iss; absent when the service runs without authentication. */
  client?: string;
}

export interface FeedbackStore {
  /** Stores what is new; returns how many records were not stored before. */
  record(records: readonly FeedbackRecord[]): Promise<number>;
  /** A service's feedback, by outcome time, then card, then outcome. */
  forService(serviceId: string): Promise<FeedbackRecord[]>;
}

/** What makes two feedback records the same outcome. */
export function feedbackKey(record: FeedbackRecord): string {
  return JSON.stringify([record.serviceId, record.card, record.outcome, record.outcomeTimestamp]);
}

export class MemoryFeedbackStore implements FeedbackStore {
  private readonly records = new Map<string, FeedbackRecord>();

  record(records: readonly FeedbackRecord[]): Promise<number> {
    let added = 0;
    for (const record of records) {
      const key = feedbackKey(record);
      if (this.records.has(key)) continue;
      this.records.set(key, structuredClone(record));
      added += 1;
    }
    return Promise.resolve(added);
  }

  forService(serviceId: string): Promise<FeedbackRecord[]> {
    const found = [...this.records.values()].filter((r) => r.serviceId === serviceId);
    found.sort((a, b) => a.outcomeTimestamp.localeCompare(b.outcomeTimestamp) || a.card.localeCompare(b.card) || a.outcome.localeCompare(b.outcome));
    return Promise.resolve(found.map((r) => structuredClone(r)));
  }
}
