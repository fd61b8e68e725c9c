/**
 * What every order our suggestions create shares, as data: the body sites an MRI is ordered for,
 * the reason every suggestion gives, its priority. What each order is (its words and codes) is its
 * row's in the catalogue (knowledge/catalogue.ts).
 */
import type { CodeableConcept } from 'fhir/r4';
import type { Side } from './laterality';
import { ICD10CM, SNOMED } from './systems';

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
