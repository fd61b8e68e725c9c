/**
 * PatientFacts: what the rules know about a patient, already cleaned of data that must not count
 * (entered-in-error, cancelled, preliminary, refuted, another patient's), typed, and each piece
 * carrying the evidence a clinician can check.
 */
import type { Place } from '../knowledge/anatomy';
import type { ConceptId } from '../knowledge/codes';
import type { OrderKind, ResultKind } from '../knowledge/catalogue';
import type { QualitativeReading } from '../knowledge/interpretation';
import type { Side } from '../knowledge/laterality';
import type { Ingredient } from '../knowledge/medicines';
import type { QuantityLike } from '../fhir/units';

/** Where a fact came from, as a card prints it. */
export interface Evidence {
  /** A reference the clinician can open: "Observation/mg-1". */
  reference: string;
  /** What the resource says, in words: "Fasciculation (ICD-10-CM R25.3)". */
  description: string;
  /** The value as reported: "1.3 mg/dL". */
  value?: string;
  date?: Date;
}

export interface Coded {
  system?: string;
  code?: string;
  display?: string;
}

/** A Condition or a symptom Observation. */
export interface ClinicalRecord {
  concept: ConceptId;
  resourceType: 'Condition' | 'Observation';
  evidence: Evidence;
  /** Counts now: an active Condition, or a present symptom Observation inside the look-back window. */
  active: boolean;
  /** The documented onset, when the record states one. */
  onset?: Date;
  /** The earliest date the record shows the problem existed (onset, else recorded or observed date). */
  knownSince?: Date;
  bodySites: Coded[];
  /**
   * Where it is: the coded body sites our value sets know, else the sites its words name (code
   * text, displays, body site text). Empty when neither says.
   */
  places: Place[];
  side?: Side;
  /** Condition.verificationStatus is confirmed. */
  confirmed: boolean;
  /** The record's own words: its code text and the displays of its codings, as sent. */
  statedAs?: string;
  /** Every code naming its concept names it only broadly (G71.19 for neuromyotonia): its words must say which. */
  broadlyCoded?: boolean;
  /** Its words say it is getting worse ("worsening weakness"). */
  progressive?: boolean;
  /** Read from the entry's words, having no usable code: the words as a card quotes them. */
  fromWords?: string;
}

/**
 * A numeric result in its analyte's canonical unit (mg/dL, mmol/L, or 1 for a ratio), converted
 * when the facts are read; or why it could not be (no number, a unit that does not convert).
 */
export type Measurement =
  | {
      ok: true;
      value: number;
      unit: string;
      /** What the unit as sent measured: mass (mg/dL) or substance (mmol/L, meq/L); none for a ratio. */
      sentAs?: 'mass' | 'substance';
    }
  | { ok: false; reason: string };

/** A final laboratory or measurement result. */
export interface ResultRecord {
  kind: ResultKind;
  evidence: Evidence;
  /** When the specimen was taken or the measurement made; undated results never count as recent. */
  effective?: Date;
  /** The value as sent: its comparator and printed unit. */
  quantity?: QuantityLike;
  /** Numeric kinds (electrolytes, the ABI): the value in the canonical unit, or why there is none. */
  measured?: Measurement;
  /** The laboratory's lower reference limit in the same canonical unit, when it gave one that converts. */
  rangeLow?: number;
  /** Interpretation codes as sent (v3 ObservationInterpretation: L, LL, N, H, POS, NEG...). */
  interpretation: string[];
  valueCodings: Coded[];
  /** Qualitative kinds (an antibody screen): positive, negative, or nothing that can be read. */
  reading?: QualitativeReading;
  valueText?: string;
  side?: Side;
}

/** A stimulant on the medication list; for caffeine, the milligrams a day its dosage says, when it says. */
export interface StimulantEvidence extends Evidence {
  caffeineMgPerDay?: number;
}

/** An EMG examination that has a result: a report or an Observation coded as EMG / NCS. */
export interface EmgRecord {
  evidence: Evidence;
  date?: Date;
  /** Its findings carry a neuromyotonia / peripheral nerve hyperexcitability code. */
  showsNeuromyotonia: boolean;
  /** What the report concludes, as far as its codes and words say (knowledge/emg-report.ts). */
  outcome: EmgOutcome;
}

/** An EMG report's conclusion: neuromyotonic discharges, a normal study, another abnormality, or nothing that can be read. */
export type EmgOutcome = 'neuromyotonia' | 'normal' | 'abnormal' | 'unstated';

/** An order placed (ServiceRequest active, on-hold or completed) or a procedure done or under way. */
export interface OrderRecord {
  kind: OrderKind;
  /** The concept its code named: tells a total from an ionized calcium, both of kind "calcium". */
  concept: ConceptId;
  resourceType: 'ServiceRequest' | 'Procedure';
  evidence: Evidence;
  status: string;
  date?: Date;
}

/** An active medication whose ingredient lowers an electrolyte, and how it was recognised. */
export interface MedicineRecord {
  ingredient: Ingredient;
  /** The RxNorm ingredient code, or the ingredient's name in the medication's words. */
  matchedBy: 'code' | 'name';
  /** Its description says what matched: the coding's display, or the words quoted with the name found in them. */
  evidence: Evidence;
}

/**
 * The kinds of data the services read, named as their prefetch keys in cds-services.json. A key
 * whose data could not be had is "unavailable": rules that need it stay silent or say so.
 */
export const DATA_KEYS = [
  'patient',
  'conditions',
  'observations',
  'diagnosticReports',
  'serviceRequests',
  'procedures',
  'medicationStatements',
  'medicationRequests',
] as const;
export type DataKey = (typeof DATA_KEYS)[number];

export interface PatientFacts {
  patientId: string;
  birthDate?: Date;
  records: ClinicalRecord[];
  /** Newest first (undated last). */
  results: ResultRecord[];
  emg: EmgRecord[];
  orders: OrderRecord[];
  /** Active medications naming a stimulant (caffeine, pseudoephedrine, amphetamines, methylphenidate). */
  stimulants: StimulantEvidence[];
  /** Active medications whose ingredient lowers potassium or magnesium (diuretics, proton pump inhibitors). */
  medicines: MedicineRecord[];
  unavailable: ReadonlySet<string>;
}
