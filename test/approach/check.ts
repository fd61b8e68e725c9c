/** An OrderCheck for family order-check tests. */
import { describeEpisode } from '../../src/approach/episode';
import type { OrderCheck } from '../../src/approach/drafts';
import type { DraftOrder } from '../../src/facts/draft-orders';
import type { PatientFacts } from '../../src/facts/types';
import { CTX } from '../support/facts';

export function orderCheck(facts: PatientFacts, drafts: DraftOrder[], twitching = true): OrderCheck {
  return { facts, drafts, episode: describeEpisode(facts, CTX), ctx: CTX, scope: { twitching } };
}
