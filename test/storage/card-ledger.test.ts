/** The card ledger and its writer: the same contract on SQLite and PostgreSQL. */
import assert from 'node:assert/strict';
import { StoreInputError } from '../../src/storage/errors';
import type { Store } from '../../src/storage/store';
import { forEachForm } from './support/forms';
import { issuedCard } from './support/rows';

describe('store: card ledger', () => {
  forEachForm((form) => {
    let store: Store;
    beforeEach(() => {
      store = form.open();
    });

    describe('a queued batch', () => {
      it('is found at once, before it is written, and still after', async () => {
        const cards = [issuedCard(), issuedCard({ indicator: 'critical', approachLineIds: [], suggestionUuids: [] })];
        store.ledger.enqueue(cards);
        assert.deepEqual(await store.ledger.find(cards.map((c) => c.cardUuid)), cards);
        assert.equal(store.ledger.counts().writtenRows, 0, "nothing was written on the caller's time");
        await store.ledger.flush();
        assert.equal(store.ledger.counts().writtenRows, 2);
        assert.deepEqual(await store.ledger.find(cards.map((c) => c.cardUuid)), cards);
      });

      it('is written by the writer on its own, moments later', async () => {
        const card = issuedCard();
        store.ledger.enqueue([card]);
        // Nobody flushes: the writer's own timer must write it (the test times out otherwise).
        while (store.ledger.counts().writtenRows === 0) await new Promise((resolve) => setTimeout(resolve, 5));
        assert.equal(store.ledger.counts().writtenRows, 1);
      });

      it('is all written by close(), and found after a restart', async () => {
        const cards = Array.from({ length: 1_200 }, () => issuedCard());
        store.ledger.enqueue(cards);
        await store.close();
        const restarted = form.open();
        const found = await restarted.ledger.find([cards[0].cardUuid, cards[600].cardUuid, cards[1_199].cardUuid]);
        assert.deepEqual(found, [cards[0], cards[600], cards[1_199]]);
      });
    });

    describe('find', () => {
      it('answers in the order asked, once per card, leaving unknown cards out', async () => {
        const [a, b] = [issuedCard(), issuedCard()];
        store.ledger.enqueue([a, b]);
        await store.ledger.flush();
        const found = await store.ledger.find([b.cardUuid, 'unknown', a.cardUuid, b.cardUuid]);
        assert.deepEqual(
          found.map((c) => c.cardUuid),
          [b.cardUuid, a.cardUuid],
        );
      });
    });

    describe('with a card that holds what cannot be stored', () => {
      const bad: [string, Parameters<typeof issuedCard>[0], string][] = [
        ['a NUL in the finding key', { findingKey: 'electrolyte-low:\u0000' }, 'findingKey'],
        ['a lone surrogate in an approach line id', { approachLineIds: ['1', '\uDC00'] }, 'approachLineIds'],
        ['an issue time in the year 0000', { issuedAt: new Date('0000-01-01T00:00:00Z') }, 'issuedAt'],
        ['an invalid issue time', { issuedAt: new Date(Number.NaN) }, 'issuedAt'],
      ];
      for (const [what, overrides, field] of bad) {
        it(`refuses ${what}, naming the field and the card's position, and queues none of the batch`, async () => {
          const good = issuedCard();
          assert.throws(
            () => store.ledger.enqueue([good, issuedCard(overrides)]),
            (err: unknown) => err instanceof StoreInputError && err.field === field && err.index === 1,
          );
          await store.ledger.flush();
          assert.deepEqual(await store.ledger.find([good.cardUuid]), []);
        });
      }
    });

    describe('with the same card written twice', () => {
      it('keeps the first row', async () => {
        const card = issuedCard();
        store.ledger.enqueue([card]);
        await store.ledger.flush();
        store.ledger.enqueue([{ ...card, findingKind: 'changed' }]);
        await store.ledger.flush();
        assert.equal((await store.ledger.find([card.cardUuid]))[0].findingKind, card.findingKind);
        assert.equal(store.ledger.counts().droppedRows, 0);
      });
    });
  });
});
