/** Feedback in the store: the same contract on SQLite and PostgreSQL. */
import assert from 'node:assert/strict';
import { StoreInputError } from '../../src/storage/errors';
import type { Store } from '../../src/storage/store';
import { forEachForm } from './support/forms';
import { cardUuid, feedbackOn } from './support/rows';

const REASONS = 'http://example.org/cds-services/fhir/CodeSystem/override-reasons';

describe('store: card feedback', () => {
  forEachForm((form) => {
    let store: Store;
    beforeEach(() => {
      store = form.open();
    });

    it('stores a batch across cards with every field, and gives it back by outcome time', async () => {
      const [a, b] = [cardUuid(), cardUuid()];
      const accepted = feedbackOn(b, {
        outcome: 'accepted',
        acceptedSuggestionIds: ['s-1', 's-2'],
        outcomeAt: new Date('2026-11-26T10:00:00.000Z'),
        clientIss: 'https://ehr.example.org',
      });
      const overridden = feedbackOn(a, {
        overrideReason: { system: REASONS, code: 'already-addressed', display: 'Already addressed' },
        userComment: 'seen by neurology — «déjà vu» \u{1F600}',
        outcomeAt: new Date('2026-11-26T11:00:00.000Z'),
      });
      assert.equal(await store.feedback.record([overridden, accepted]), 2);
      assert.deepEqual(await store.feedback.findByCardUuids([a, b]), [accepted, overridden]);
    });

    it('keeps a reason without a display as it came', async () => {
      const card = cardUuid();
      const item = feedbackOn(card, { overrideReason: { system: REASONS, code: 'other' } });
      await store.feedback.record([item]);
      assert.deepEqual(await store.feedback.findByCardUuids([card]), [item]);
    });

    it('stores a repeat once, whether it comes in a later call or in the same batch, and counts only what is new', async () => {
      const [c, d] = [cardUuid(), cardUuid()];
      assert.equal(await store.feedback.record([feedbackOn(c), feedbackOn(c)]), 1);
      assert.equal(await store.feedback.record([feedbackOn(c), feedbackOn(d)]), 1);
      assert.deepEqual(
        (await store.feedback.findByCardUuids([c, d])).map((f) => f.cardUuid),
        [c, d],
      );
    });

    it('stores two outcomes of one card, and one outcome at two moments, apart', async () => {
      const card = cardUuid();
      const later = new Date('2026-11-27T09:00:00Z');
      assert.equal(await store.feedback.record([feedbackOn(card), feedbackOn(card, { outcome: 'accepted' }), feedbackOn(card, { outcomeAt: later })]), 3);
    });

    it('answers nothing for cards without feedback', async () => {
      assert.deepEqual(await store.feedback.findByCardUuids([cardUuid()]), []);
    });

    describe('with an item that holds what cannot be stored', () => {
      const bad: [string, Parameters<typeof feedbackOn>[1], string][] = [
        ['a NUL in the comment', { userComment: 'a\u0000b' }, 'userComment'],
        ['a lone surrogate in the comment', { userComment: 'a\uD83Db' }, 'userComment'],
        ['a NUL in the reason code', { overrideReason: { system: REASONS, code: '\u0000' } }, 'overrideReason.code'],
        ['a lone surrogate in an accepted suggestion id', { outcome: 'accepted', acceptedSuggestionIds: ['\uDE00'] }, 'acceptedSuggestionIds'],
        ['an outcome time in the year 0000', { outcomeAt: new Date('0000-12-31T23:59:59Z') }, 'outcomeAt'],
        ['an outcome time in the year 10000', { outcomeAt: new Date('+010000-01-01T00:00:00Z') }, 'outcomeAt'],
      ];
      for (const [what, overrides, field] of bad) {
        it(`refuses ${what} with StoreInputError naming ${field} and the item, and stores none of the batch`, async () => {
          const good = feedbackOn(cardUuid());
          await assert.rejects(
            store.feedback.record([good, feedbackOn(cardUuid(), overrides)]),
            (err: unknown) => err instanceof StoreInputError && err.field === field && err.index === 1,
          );
          assert.deepEqual(await store.feedback.findByCardUuids([good.cardUuid]), []);
        });
      }
    });
  });
});
