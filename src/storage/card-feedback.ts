/**
 * Feedback on cards (CDS Hooks §Feedback), tied to the card's ledger row by its uuid. Clients
 * repeat feedback and batch it across cards, so one outcome of one card at one moment is stored
 * once, however often it arrives.
 */
import type { Kysely } from 'kysely';
import { inChunks } from './card-ledger';
import { StoreInputError } from './errors';
import { compareCodePoints, storableInstant, storableOptionalText, storableText, storableTextList, storedTextList } from './storable';
import type { CardFeedbackTable, StoreTables } from './tables';

export type FeedbackOutcome = 'accepted' | 'overridden';

export interface OverrideReason {
  system: string;
  code: string;
  display?: string;
}

export interface CardFeedback {
  cardUuid: string;
  outcome: FeedbackOutcome;
  acceptedSuggestionIds: string[];
  overrideReason?: OverrideReason;
  userComment?: string;
  outcomeAt: Date;
  /** The authenticated client's iss; absent when the service runs without authentication. */
  clientIss?: string;
  receivedAt: Date;
}

const OUTCOMES: readonly string[] = ['accepted', 'overridden'] satisfies FeedbackOutcome[];

function toFeedbackRow(item: CardFeedback, index: number): CardFeedbackTable {
  if (!OUTCOMES.includes(item.outcome)) throw new StoreInputError('outcome', 'must be accepted or overridden', index);
  const reason = item.overrideReason;
  return {
    card_uuid: storableText(item.cardUuid, 'cardUuid', index),
    outcome: item.outcome,
    outcome_at: storableInstant(item.outcomeAt, 'outcomeAt', index),
    accepted_suggestion_ids: storableTextList(item.acceptedSuggestionIds, 'acceptedSuggestionIds', index),
    override_reason_system: reason ? storableText(reason.system, 'overrideReason.system', index) : null,
    override_reason_code: reason ? storableText(reason.code, 'overrideReason.code', index) : null,
    override_reason_display: storableOptionalText(reason?.display, 'overrideReason.display', index),
    user_comment: storableOptionalText(item.userComment, 'userComment', index),
    client_iss: storableOptionalText(item.clientIss, 'clientIss', index),
    received_at: storableInstant(item.receivedAt, 'receivedAt', index),
  };
}

function fromFeedbackRow(row: CardFeedbackTable): CardFeedback {
  const item: CardFeedback = {
    cardUuid: row.card_uuid,
    outcome: row.outcome as FeedbackOutcome,
    acceptedSuggestionIds: storedTextList(row.accepted_suggestion_ids),
    outcomeAt: new Date(row.outcome_at),
    receivedAt: new Date(row.received_at),
  };
  if (row.override_reason_system !== null && row.override_reason_code !== null) {
    item.overrideReason = { system: row.override_reason_system, code: row.override_reason_code };
    if (row.override_reason_display !== null) item.overrideReason.display = row.override_reason_display;
  }
  if (row.user_comment !== null) item.userComment = row.user_comment;
  if (row.client_iss !== null) item.clientIss = row.client_iss;
  return item;
}

export class CardFeedbackRepository {
  constructor(
    private readonly db: Kysely<StoreTables>,
    private readonly ready: () => Promise<void>,
  ) {}

  /** Stores what is new, in one statement; returns how many items were not stored before. */
  async record(items: readonly CardFeedback[]): Promise<number> {
    const rows = items.map(toFeedbackRow);
    if (rows.length === 0) return 0;
    await this.ready();
    let added = 0;
    for (const chunk of inChunks(rows)) {
      const result = await this.db
        .insertInto('card_feedback')
        .values(chunk)
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      added += Number(result.numInsertedOrUpdatedRows ?? 0n);
    }
    return added;
  }

  /** The feedback on these cards, by outcome time, then card, then outcome. */
  async findByCardUuids(cardUuids: readonly string[]): Promise<CardFeedback[]> {
    const wanted = [...new Set(cardUuids.map((uuid, index) => storableText(uuid, 'cardUuid', index)))];
    if (wanted.length === 0) return [];
    await this.ready();
    const rows: CardFeedbackTable[] = [];
    for (const chunk of inChunks(wanted)) {
      rows.push(...(await this.db.selectFrom('card_feedback').selectAll().where('card_uuid', 'in', chunk).execute()));
    }
    // Sorted here, not in SQL: PostgreSQL's collation may order text differently from SQLite's.
    rows.sort((a, b) => a.outcome_at - b.outcome_at || compareCodePoints(a.card_uuid, b.card_uuid) || compareCodePoints(a.outcome, b.outcome));
    return rows.map(fromFeedbackRow);
  }
}
