/**
 * Retention: the ledger, its feedback and the call counts are kept LEDGER_RETENTION_DAYS; the free
 * text clinicians write with their feedback, which may name a patient, is erased after
 * FEEDBACK_COMMENT_RETENTION_DAYS. Plain deletes and updates on time columns, the same in both forms.
 */
import type { Kysely } from 'kysely';
import type { RetentionConfig } from '../config';
import type { StoreTables } from './tables';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface RetentionPurge {
  ledgerRows: number;
  feedbackRows: number;
  callCounts: number;
  commentsErased: number;
}

export async function purgeRetained(db: Kysely<StoreTables>, now: Date, policy: RetentionConfig): Promise<RetentionPurge> {
  const ledgerCutoff = now.getTime() - policy.ledgerDays * DAY_MS;
  const commentCutoff = now.getTime() - policy.feedbackCommentDays * DAY_MS;
  const ledger = await db.deleteFrom('card_ledger').where('issued_at', '<', ledgerCutoff).executeTakeFirst();
  // Feedback arrives after its card: by the time it is this old, so is its card.
  const feedback = await db.deleteFrom('card_feedback').where('received_at', '<', ledgerCutoff).executeTakeFirst();
  const counts = await db.deleteFrom('hook_call_counts').where('day_start', '<', ledgerCutoff).executeTakeFirst();
  const comments = await db
    .updateTable('card_feedback')
    .set({ user_comment: null })
    .where('received_at', '<', commentCutoff)
    .where('user_comment', 'is not', null)
    .executeTakeFirst();
  return {
    ledgerRows: Number(ledger.numDeletedRows),
    feedbackRows: Number(feedback.numDeletedRows),
    callCounts: Number(counts.numDeletedRows),
    commentsErased: Number(comments.numUpdatedRows),
  };
}
