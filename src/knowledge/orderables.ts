/**
 * The orders our suggestions create, as data: the words and the codes each FHIR ServiceRequest
 * carries, the body sites an MRI is ordered for, and the reason every suggestion gives. Every
 * code is one of the value sets' (knowledge/codes.ts); a test checks each against them.
 */
import type { CodeableConcept } from 'fhir/r4';
import type { ConceptId } from './codes';
import type { RequiredElectrolyte } from './coverage';
import type { Side } from './laterality';
import type { Electrolyte } from './thresholds';
import { ICD10CM, SNOMED, CPT, LOINC } from './systems';

export type SuggestedOrder =
  RequiredElectrolyte | 'calciumIonized' | 'electromyography' | 'electromyographyMotorNeuron' | 'mriThigh' | 'lgi1Antibody' | 'ankleBrachialIndex';

export interface Orderable {
  /** ServiceRequest.code.text: what the clinician reads in the order. */
  readonly text: string;
  readonly codes: readonly { readonly concept: ConceptId; readonly system: string; readonly code: string }[];
}

export const ORDERABLES: Readonly<Record<SuggestedOrder, Orderable>> = {
  magnesium: {
    text: 'Serum magnesium',
    codes: [
      { concept: 'magnesium', system: LOINC, code: '19123-9' },
      { concept: 'magnesium', system: CPT, code: '83735' },
    ],
  },
  potassium: { text: 'Serum potassium', codes: [{ concept: 'potassium', system: LOINC, code: '2823-3' }] },
  calcium: { text: 'Serum calcium (total)', codes: [{ concept: 'calciumTotal', system: LOINC, code: '17861-6' }] },
  calciumIonized: { text: 'Ionized calcium (serum or plasma)', codes: [{ concept: 'calciumIonized', system: LOINC, code: '1995-0' }] },
  // One order a neurophysiology laboratory schedules on its own. No CPT code: 95885/95886 are add-on
  // codes billed only with a nerve conduction code (95907-95913, by the number of nerves studied),
  // and both are chosen by the neurophysiologist during the study. No SNOMED CT code for nerve
  // conduction studies could be verified, so the text names them.
  electromyography: {
    text: 'EMG (needle electromyography) and nerve conduction studies of the lower limbs',
    codes: [{ concept: 'electromyography', system: SNOMED, code: '42803009' }],
  },
  // The motor neuron disease question (weakness, atrophy, fasciculations in several regions): the revised
  // El Escorial criteria look for denervation region by region, so the study covers several regions, not
  // the lower limbs only (terminology.md, "Body sites and regions").
  electromyographyMotorNeuron: {
    text: 'EMG (needle electromyography) and nerve conduction studies of several regions (limbs and thoracic paraspinal or bulbar muscles): motor neuron disease question',
    codes: [{ concept: 'electromyography', system: SNOMED, code: '42803009' }],
  },
  mriThigh: {
    text: 'MRI of the thigh without contrast',
    codes: [
      { concept: 'mriThigh', system: SNOMED, code: '241640003' },
      { concept: 'mriLowerLimb', system: CPT, code: '73718' },
    ],
  },
  lgi1Antibody: { text: 'LGI1 antibody (serum)', codes: [{ concept: 'lgi1Antibody', system: LOINC, code: '82978-8' }] },
  ankleBrachialIndex: { text: 'Ankle-brachial index, both legs', codes: [{ concept: 'ankleBrachialStudy', system: CPT, code: '93922' }] },
};

/** Where an MRI of the thigh is done: the side of the record, else the thigh. */
export const THIGH_BODY_SITE: Readonly<Record<Side | 'unspecified', CodeableConcept>> = {
  left: { coding: [{ system: SNOMED, code: '61396006', display: 'Structure of left thigh' }], text: 'Left thigh' },
  right: { coding: [{ system: SNOMED, code: '11207009', display: 'Structure of right thigh (body structure)' }], text: 'Right thigh' },
  bilateral: { coding: [{ system: SNOMED, code: '68367000', display: 'Thigh structure (body structure)' }], text: 'Both thighs' },
  unspecified: { coding: [{ system: SNOMED, code: '68367000', display: 'Thigh structure (body structure)' }], text: 'Thigh' },
};

/** The reason every suggested order gives. */
export const FASCICULATION_REASON: Readonly<CodeableConcept> = {
  coding: [{ system: ICD10CM, code: 'R25.3', display: 'Fasciculation' }],
  text: 'Twitching of the posterior thigh (hamstring)',
};

/** FHIR R4 ServiceRequest.priority (http://hl7.org/fhir/request-priority). */
export type RequestPriority = 'routine' | 'urgent' | 'asap' | 'stat';

/**
 * The deficiency the recheck of a severe low is for, as its reasonCode beside the twitching
 * (terminology reference, "Priority of urgent orders"): the ICD-10-CM code of the concept in codes.ts.
 * Ionized and total calcium share hypocalcaemia.
 */
export const DEFICIENCY_REASON: Readonly<
  Record<Electrolyte, { readonly concept: ConceptId; readonly system: string; readonly code: string; readonly text: string }>
> = {
  magnesium: { concept: 'hypomagnesemia', system: ICD10CM, code: 'E83.42', text: 'Severe hypomagnesemia' },
  potassium: { concept: 'hypokalemia', system: ICD10CM, code: 'E87.6', text: 'Severe hypokalemia' },
  calciumTotal: { concept: 'hypocalcemia', system: ICD10CM, code: 'E83.51', text: 'Severe hypocalcemia' },
  calciumIonized: { concept: 'hypocalcemia', system: ICD10CM, code: 'E83.51', text: 'Severe hypocalcemia' },
};

/** A low result is rechecked with the same measurement. */
export const RECHECK_ORDER: Readonly<Record<Electrolyte, SuggestedOrder>> = {
  magnesium: 'magnesium',
  potassium: 'potassium',
  calciumTotal: 'calcium',
  calciumIonized: 'calciumIonized',
};
