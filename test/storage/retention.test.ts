/** Retention on both forms: the ledger, its feedback and call counts past LEDGER_RETENTION_DAYS go; comments are erased sooner. */
import assert from 'node:assert/strict';
import { createLogger } from '../../src/logger';
import { runRetention } from '../../src/ops/retention-job';
import { forEachForm } from './support/forms';
import { feedbackOn, issuedCard } from './support/rows';

const DAY_MS = 24 * 60 * 60 * 1000;
const NOW = new Date('2026-12-01T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS);

describe('store: retention', () => {
  forEachForm((form) => {
    it('deletes ledger rows, feedback and call counts older than the ledger retention, and erases comments older than theirs', async () => {
      const store = form.open();
      const old = issuedCard({ issuedAt: daysAgo(40) });
      const recent = issuedCard({ issuedAt: daysAgo(20) });
      const today = issuedCard({ issuedAt: daysAgo(1) });
      store.ledger.enqueue([old, recent, today]);
      await store.ledger.flush();
      await store.feedback.record([
        feedbackOn(old, { userComment: 'old words', receivedAt: daysAgo(40) }),
        feedbackOn(recent, { userComment: 'twenty days ago', receivedAt: daysAgo(20) }),
        feedbackOn(today, { userComment: 'yesterday', receivedAt: daysAgo(1) }),
      ]);
      for (const at of [daysAgo(40), daysAgo(1)]) store.hookCalls.count({ serviceId: 'hamstring-twitch', serviceVersion: '0.1.0', knowledgeVersion: 'k1', at });
      await store.hookCalls.flush();

      await runRetention({ store, policy: { ledgerDays: 30, feedbackCommentDays: 7 }, clock: () => NOW, logger: createLogger('silent') });

      assert.deepEqual(
        (await store.ledger.find([old.cardUuid, recent.cardUuid, today.cardUuid])).map((c) => c.cardUuid),
        [recent.cardUuid, today.cardUuid],
      );
      const feedback = await store.feedback.findByCardUuids([old.cardUuid, recent.cardUuid, today.cardUuid]);
      assert.deepEqual(
        feedback.map((f) => [f.cardUuid, f.userComment]),
        [
          [recent.cardUuid, undefined],
          [today.cardUuid, 'yesterday'],
        ],
      );
      assert.equal(await form.count('hook_call_counts'), 1);
      // A second turn finds nothing more to do.
      assert.deepEqual(await store.purgeRetained(NOW, { ledgerDays: 30, feedbackCommentDays: 7 }), {
        ledgerRows: 0,
        feedbackRows: 0,
        callCounts: 0,
        commentsErased: 0,
      });
    });
  });

  describe('when the store fails', () => {
    it('logs it and does not throw', async () => {
      const lines: string[] = [];
      const logger = createLogger('warn', { write: (line: string) => lines.push(line) });
      await runRetention({
        store: { purgeRetained: () => Promise.reject(new Error('down')) },
        policy: { ledgerDays: 30, feedbackCommentDays: 7 },
        clock: () => NOW,
        logger,
      });
      assert.match(lines.join(''), /retention could not run/);
    });
  });
});
