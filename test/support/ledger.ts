/** Stores whose ledger already holds cards, as if the service had just returned them: feedback must name real cards. */
import type { IssuedCard } from '../../src/storage/card-ledger';
import { inMemoryStore, type Store } from '../../src/storage/store';
import { issuedCard } from '../storage/support/rows';

/** An in-memory store whose ledger holds a hamstring-twitch card per uuid (or per partial card given). */
export function storeWithCards(...cards: (string | Partial<IssuedCard>)[]): Store {
  const store = inMemoryStore();
  store.ledger.enqueue(cards.map((card) => issuedCard(typeof card === 'string' ? { cardUuid: card } : card)));
  return store;
}
