/** What the neuromuscular family concludes, on the chart and on draft orders. */
import type { DraftOrder } from '../../facts/draft-orders';
import type { ClinicalRecord, EmgRecord, Evidence, OrderRecord, ResultRecord } from '../../facts/types';
import type { PersistenceReason } from '../episode';

/** An EMG already ordered or reported for this episode. */
export type ExistingEmg = { kind: 'order'; order: OrderRecord } | { kind: 'emg'; emg: EmgRecord };

export interface NeurologicalEvaluation {
  kind: 'neurological-evaluation';
  reasons: PersistenceReason[];
  twitching: ClinicalRecord[];
  durationDays?: number;
  symptoms: ClinicalRecord[];
  existing?: ExistingEmg;
  ordersUnavailable: boolean;
}

export interface Lgi1Testing {
  kind: 'lgi1-testing';
  confirmation: Evidence[];
}

export interface Lgi1Positive {
  kind: 'lgi1-positive';
  result: ResultRecord;
}

export type Lgi1EmgStatus = { status: 'none' } | { status: 'pending'; evidence: Evidence } | { status: 'not-confirming'; evidence: Evidence };

export interface Lgi1WithoutConfirmation {
  kind: 'order-lgi1-without-confirmation';
  draft: DraftOrder;
  emg: Lgi1EmgStatus;
  ordersUnavailable: boolean;
}

export type NeuromuscularFinding = NeurologicalEvaluation | Lgi1Testing | Lgi1Positive | Lgi1WithoutConfirmation;
