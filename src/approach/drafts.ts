/**
 * What an order check is given: the patient's facts, every draft of the order session, the
 * episode, the moment, and whether the approach applies (twitching in the chart or as a draft's
 * reason). Only selected drafts raise cards; every draft counts when asking "is this ordered?".
 */
import type { DraftOrder, DraftTest } from '../facts/draft-orders';
import type { OrderKind } from '../knowledge/catalogue';
import type { PatientFacts } from '../facts/types';
import type { RuleContext } from './context';
import type { Episode } from './episode';

export interface OrderScope {
  /** Twitching counts now, in the chart or as the reason of a draft: the approach applies. */
  twitching: boolean;
}

export interface OrderCheck {
  facts: PatientFacts;
  drafts: readonly DraftOrder[];
  episode: Episode;
  ctx: RuleContext;
  scope: OrderScope;
}

/** A family's check of one test of one selected draft: a finding, or nothing to say. */
export type DraftCheck<F> = (check: OrderCheck, draft: DraftOrder, test: DraftTest) => F | undefined;

/** The first draft (selected or not) that orders one of the kinds. */
export function draftOf(drafts: readonly DraftOrder[], kinds: readonly OrderKind[]): DraftOrder | undefined {
  return drafts.find((d) => d.tests.some((t) => kinds.includes(t.kind)));
}
