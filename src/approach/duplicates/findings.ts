/** A draft that repeats earlier work: the one order check every test shares. */
import type { DraftOrder, DraftTest } from '../../facts/draft-orders';
import type { EmgRecord, OrderRecord, ResultRecord } from '../../facts/types';

/** What a draft order repeats: a result in the window, an order placed or done, or another draft. */
export type PriorWork =
  | { kind: 'result'; result: ResultRecord }
  | { kind: 'order'; order: OrderRecord }
  | { kind: 'emg'; emg: EmgRecord }
  | { kind: 'draft'; draft: DraftOrder; test: DraftTest };

export interface OrderDuplicate {
  kind: 'order-duplicate';
  draft: DraftOrder;
  test: DraftTest;
  prior: PriorWork;
}

export type DuplicateFinding = OrderDuplicate;
