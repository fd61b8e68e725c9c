/** What the vascular family concludes, on the chart and on draft orders. */
import type { DraftOrder } from '../../facts/draft-orders';
import type { ClinicalRecord, Evidence, ResultRecord } from '../../facts/types';
import type { AbiBand } from '../../knowledge/thresholds';

export interface AbiReading {
  result: ResultRecord;
  value: number;
  band: AbiBand;
  old: boolean;
}

/** The ABI on record read against the guideline's bands, one reading per side (claudication not recorded). */
export interface AbiInterpretation {
  kind: 'abi-result';
  readings: AbiReading[];
  worst: AbiBand;
}

/** Claudication and what is on record to work it up: the ABI readings, an ABI ordered. */
export interface ClaudicationWorkup {
  records: ClinicalRecord[];
  /** The latest plausible ABI of each side, read against the bands. */
  readings: AbiReading[];
  worst?: AbiBand;
  /** An ABI result in the window or an ABI order: no ABI is suggested. */
  existingAbi?: Evidence;
  ordersUnavailable: boolean;
}

export interface EmgForClaudication {
  kind: 'order-emg-claudication';
  draft: DraftOrder;
  claudication: ClinicalRecord[];
  /** Twitching that is persistent or comes with other symptoms: the EMG has its own indication. */
  emgIndicated: boolean;
  /** An ABI result or order in the window, or an ABI among the drafts. */
  existingAbi?: Evidence;
  ordersUnavailable: boolean;
}

export type VascularFinding = AbiInterpretation | EmgForClaudication;
