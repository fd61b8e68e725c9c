/** What the vascular family concludes, on the chart and on draft orders. */
import type { DraftOrder } from '../../facts/draft-orders';
import type { ClinicalRecord, Evidence, ResultRecord } from '../../facts/types';
import type { AbiBand } from '../../knowledge/thresholds';

export interface RedFlagClaudication {
  kind: 'red-flag-claudication';
  records: ClinicalRecord[];
  /** An ABI result in the window or an ABI order: the suggestion is left out. */
  existingAbi?: Evidence;
  ordersUnavailable: boolean;
}

export interface AbiReading {
  result: ResultRecord;
  value: number;
  band: AbiBand;
  old: boolean;
}

export interface AbiInterpretation {
  kind: 'abi-result';
  readings: AbiReading[];
  worst: AbiBand;
  unassessable: { result: ResultRecord; reason: string }[];
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

export type VascularFinding = RedFlagClaudication | AbiInterpretation | EmgForClaudication;
