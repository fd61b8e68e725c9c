/**
 * Findings: what a rule concluded, with the evidence that made it conclude so. Rendering them
 * as cards is the card catalogue's job (src/cards); rules never write prose for the clinician.
 */
import type { DraftOrder, DraftTest } from '../facts/draft-orders';
import type { ClinicalRecord, EmgRecord, Evidence, OrderRecord, ResultRecord, Side } from '../facts/types';
import type { AbiBand, Electrolyte, RequiredElectrolyte } from '../knowledge/thresholds';

export interface RuleSettings {
  /** Results older than this many days are old: they do not count as a current check. */
  lookbackDays: number;
  /** Twitching that has lasted longer than this is persistent (the approach: > 2-4 weeks). */
  persistentAfterDays: number;
}

export interface RuleContext extends RuleSettings {
  now: Date;
}

/** Something the approach asks for that is already ordered or done. */
export type ExistingWork = { kind: 'order'; order: OrderRecord } | { kind: 'emg'; emg: EmgRecord };

export interface LikelyBenign {
  kind: 'likely-benign';
  twitching: ClinicalRecord[];
  durationDays: number;
  stimulants: Evidence[];
  medicationsUnavailable: boolean;
  /** Documented dehydration or electrolyte disorders, benign causes the approach names. */
  contributing: ClinicalRecord[];
}

export interface DurationUnknown {
  kind: 'twitching-duration-unknown';
  twitching: ClinicalRecord[];
}

export interface ElectrolytesMissing {
  kind: 'electrolytes-missing';
  missing: RequiredElectrolyte[];
  /** The latest result of a missing analyte when it is older than the window (or undated). */
  old: ResultRecord[];
  /** A metabolic panel in the window: it does not include magnesium. */
  panelWithoutMagnesium?: OrderRecord;
  /** Orders in the window that will answer part of the question. */
  pending: OrderRecord[];
  ordersUnavailable: boolean;
}

export type LevelBasis = 'lab-interpretation' | 'lab-range' | 'cut-off';

export interface ElectrolyteLow {
  kind: 'electrolyte-low';
  analyte: Electrolyte;
  result: ResultRecord;
  /** The value in the analyte's canonical unit, when the unit converts. */
  canonicalValue?: number;
  basis: LevelBasis;
  /** The limit the value fell below, in words with its unit ("1.7 mg/dL"). */
  limit?: string;
  severe: boolean;
  /** The patient is under 18 (or of unknown age) and the limit is an adult cut-off. */
  adultCutOffCaveat: boolean;
}

export interface ElectrolyteUnassessable {
  kind: 'electrolyte-unassessable';
  analyte: Electrolyte;
  result: ResultRecord;
  reason: string;
}

export type PersistenceReason = 'duration' | 'symptoms';

export interface NeurologicalEvaluation {
  kind: 'neurological-evaluation';
  reasons: PersistenceReason[];
  twitching: ClinicalRecord[];
  durationDays?: number;
  symptoms: ClinicalRecord[];
  existing?: ExistingWork;
  ordersUnavailable: boolean;
}

export interface MriThigh {
  kind: 'mri-thigh';
  pain: ClinicalRecord[];
  injuries: ClinicalRecord[];
  side?: Side;
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

export interface RedFlagWeakness {
  kind: 'red-flag-weakness-atrophy';
  records: ClinicalRecord[];
}

export interface RedFlagWidespread {
  kind: 'red-flag-widespread-fasciculations';
  records: ClinicalRecord[];
  /** Body sites outside the thigh, as printed in the card. */
  sites: string[];
}

export interface RedFlagClaudication {
  kind: 'red-flag-claudication';
  records: ClinicalRecord[];
  /** An ABI result in the window or an ABI order: the suggestion is left out. */
  existingAbi?: Evidence;
  ordersUnavailable: boolean;
}

export interface RedFlagRadiculopathy {
  kind: 'red-flag-radiculopathy';
  records: ClinicalRecord[];
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

export interface PanelWithoutMagnesium {
  kind: 'order-panel-without-magnesium';
  panel: DraftOrder;
  /** The newest magnesium result, when it is older than the window. */
  oldMagnesium?: ResultRecord;
  ordersUnavailable: boolean;
}

/** Where EMG stands for this episode, as the approach sees it. */
export type EmgStanding =
  | { status: 'indicated'; reasons: PersistenceReason[] }
  | { status: 'on-record'; evidence: Evidence }
  | { status: 'not-yet-indicated' };

export interface MriWithoutIndication {
  kind: 'order-mri-without-indication';
  draft: DraftOrder;
  /** Required electrolytes with no result, order or draft in the window. */
  electrolytes: RequiredElectrolyte[];
  emg: EmgStanding;
  durationDays?: number;
  ordersUnavailable: boolean;
}

export type Lgi1EmgStatus =
  | { status: 'none' }
  | { status: 'pending'; evidence: Evidence }
  | { status: 'not-confirming'; evidence: Evidence };

export interface Lgi1WithoutConfirmation {
  kind: 'order-lgi1-without-confirmation';
  draft: DraftOrder;
  emg: Lgi1EmgStatus;
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

export type Finding =
  | LikelyBenign
  | DurationUnknown
  | ElectrolytesMissing
  | ElectrolyteLow
  | ElectrolyteUnassessable
  | NeurologicalEvaluation
  | MriThigh
  | Lgi1Testing
  | Lgi1Positive
  | RedFlagWeakness
  | RedFlagWidespread
  | RedFlagClaudication
  | RedFlagRadiculopathy
  | AbiInterpretation
  | OrderDuplicate
  | PanelWithoutMagnesium
  | MriWithoutIndication
  | Lgi1WithoutConfirmation
  | EmgForClaudication;

export type FindingKind = Finding['kind'];
