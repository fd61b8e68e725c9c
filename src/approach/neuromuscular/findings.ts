/** What the neuromuscular family concludes, on the chart and on draft orders. */
import type { DraftOrder } from '../../facts/draft-orders';
import type { ClinicalRecord, EmgRecord, Evidence, OrderRecord, ResultRecord } from '../../facts/types';
import type { PersistenceReason } from '../episode';

/** An EMG already ordered or reported for this episode, or neuromyotonia already diagnosed (what the EMG would establish). */
export type ExistingEmg = { kind: 'order'; order: OrderRecord } | { kind: 'emg'; emg: EmgRecord } | { kind: 'diagnosis'; diagnosis: ClinicalRecord };

/**
 * What confirms neuromyotonia: an EMG whose findings are coded as neuromyotonia, or a confirmed
 * diagnosis of neuromyotonia on the problem list (taken as the EMG having confirmed it), or a
 * confirmed G71.19 diagnosis without those words in a patient whose EMG has been done.
 */
export type NeuromyotoniaConfirmation = { by: 'emg'; evidence: Evidence[] } | { by: 'diagnosis'; diagnosis: Evidence[]; emgReport?: Evidence };

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
  confirmation: NeuromyotoniaConfirmation;
  /** LGI1 results on record that say neither positive nor negative: they do not answer the question. */
  unreadable: ResultRecord[];
}

export interface Lgi1Unreadable {
  kind: 'lgi1-unreadable';
  results: ResultRecord[];
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

export type NeuromuscularFinding = NeurologicalEvaluation | Lgi1Testing | Lgi1Positive | Lgi1Unreadable | Lgi1WithoutConfirmation;
