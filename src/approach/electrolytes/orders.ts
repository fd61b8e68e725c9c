/**
 * Electrolytes on draft orders. Line: diagnostic.bmp-with-mg: a basic or comprehensive metabolic
 * panel drafted without magnesium, when no magnesium is on record, ordered or drafted.
 */
import { currentResult, orderSince, ordersUnavailable, resultsNewestFirst, windowStart } from '../context';
import { draftOf, type DraftCheck } from '../drafts';
import type { PanelWithoutMagnesium } from './findings';

export const checkMetabolicPanel: DraftCheck<PanelWithoutMagnesium> = ({ facts, drafts, ctx, scope }, panel) => {
  if (!scope.twitching || facts.unavailable.has('observations')) return undefined;
  if (draftOf(drafts, ['magnesium'])) return undefined;
  if (currentResult(facts, 'magnesium', ctx)) return undefined;
  if (orderSince(facts, ['magnesium'], windowStart(ctx))) return undefined;
  return {
    kind: 'order-panel-without-magnesium',
    panel,
    oldMagnesium: resultsNewestFirst(facts, 'magnesium')[0],
    ordersUnavailable: ordersUnavailable(facts),
  };
};
