/**
 * Order templates: the FHIR R4 ServiceRequests our suggestions create. Each carries standard
 * codes from the value sets, the patient as subject, the twitching as reason, and is a draft
 * proposal the clinician signs (or not) in the EHR.
 */
import type { CodeableConcept, ServiceRequest } from 'fhir/r4';
import { CONCEPT, type ConceptId } from '../knowledge/codes';
import { CPT, ICD10CM, LOINC, SNOMED } from '../knowledge/systems';
import type { Side } from '../facts/types';
import type { RequiredElectrolyte } from '../knowledge/thresholds';

export type SuggestedOrder =
  | RequiredElectrolyte
  | 'calciumIonized'
  | 'electromyography'
  | 'mriThigh'
  | 'lgi1Antibody'
  | 'ankleBrachialIndex';

interface OrderTemplate {
  text: string;
  codes: { concept: ConceptId; system: string; code: string }[];
}

const TEMPLATES: Readonly<Record<SuggestedOrder, OrderTemplate>> = {
  magnesium: {
    text: 'Serum magnesium',
    codes: [
      { concept: 'magnesium', system: LOINC, code: '19123-9' },
      { concept: 'magnesium', system: CPT, code: '83735' },
    ],
  },
  potassium: { text: 'Serum potassium', codes: [{ concept: 'potassium', system: LOINC, code: '2823-3' }] },
  calcium: { text: 'Serum calcium (total)', codes: [{ concept: 'calciumTotal', system: LOINC, code: '17861-6' }] },
  calciumIonized: {
    text: 'Ionized calcium (serum or plasma)',
    codes: [{ concept: 'calciumIonized', system: LOINC, code: '1995-0' }],
  },
  electromyography: {
    text: 'Needle EMG with nerve conduction studies of the lower limb',
    codes: [
      { concept: 'electromyography', system: SNOMED, code: '42803009' },
      { concept: 'electromyography', system: CPT, code: '95886' },
    ],
  },
  mriThigh: {
    text: 'MRI of the thigh without contrast',
    codes: [
      { concept: 'mriThigh', system: SNOMED, code: '241640003' },
      { concept: 'mriLowerLimb', system: CPT, code: '73718' },
    ],
  },
  lgi1Antibody: { text: 'LGI1 antibody (serum)', codes: [{ concept: 'lgi1Antibody', system: LOINC, code: '82978-8' }] },
  ankleBrachialIndex: {
    text: 'Ankle-brachial index, both legs',
    codes: [{ concept: 'ankleBrachialStudy', system: CPT, code: '93922' }],
  },
};

function coding(concept: ConceptId, system: string, code: string) {
  const entry = CONCEPT[concept].codes.find((e) => e.system === system && e.code === code);
  if (!entry) throw new Error(`order template names ${system}|${code}, which is not in the ${concept} value set`);
  return { system, code, display: entry.display };
}

const THIGH_SITE: Record<Side | 'unspecified', CodeableConcept> = {
  left: { coding: [{ system: SNOMED, code: '61396006', display: 'Structure of left thigh' }], text: 'Left thigh' },
  right: {
    coding: [{ system: SNOMED, code: '11207009', display: 'Structure of right thigh (body structure)' }],
    text: 'Right thigh',
  },
  bilateral: { coding: [{ system: SNOMED, code: '68367000', display: 'Thigh structure (body structure)' }], text: 'Both thighs' },
  unspecified: { coding: [{ system: SNOMED, code: '68367000', display: 'Thigh structure (body structure)' }], text: 'Thigh' },
};

const FASCICULATION_REASON: CodeableConcept = {
  coding: [{ system: ICD10CM, code: 'R25.3', display: 'Fasciculation' }],
  text: 'Twitching of the posterior thigh (hamstring)',
};

export interface OrderContext {
  patientId: string;
  encounterId?: string;
  /** The CDS Hooks `userId` ("Practitioner/123"): becomes the requester when it is a practitioner. */
  userId?: string;
  now: Date;
  /** A Condition the order is for, when the twitching is recorded as one. */
  reasonReference?: string;
}

export function orderTemplateCodes(order: SuggestedOrder): { system: string; code: string }[] {
  return TEMPLATES[order].codes.map(({ system, code }) => ({ system, code }));
}

export function buildServiceRequest(order: SuggestedOrder, ctx: OrderContext, options: { side?: Side } = {}): ServiceRequest {
  const template = TEMPLATES[order];
  const request: ServiceRequest = {
    resourceType: 'ServiceRequest',
    status: 'draft',
    intent: 'proposal',
    code: { coding: template.codes.map((c) => coding(c.concept, c.system, c.code)), text: template.text },
    subject: { reference: `Patient/${ctx.patientId}` },
    authoredOn: ctx.now.toISOString(),
    reasonCode: [FASCICULATION_REASON],
  };
  if (order === 'mriThigh') request.bodySite = [THIGH_SITE[options.side ?? 'unspecified']];
  if (ctx.encounterId) request.encounter = { reference: `Encounter/${ctx.encounterId}` };
  if (ctx.userId && /^(Practitioner|PractitionerRole)\//.test(ctx.userId)) request.requester = { reference: ctx.userId };
  if (ctx.reasonReference && /^Condition\/[A-Za-z0-9\-.]{1,64}$/.test(ctx.reasonReference)) {
    request.reasonReference = [{ reference: ctx.reasonReference }];
  }
  return request;
}
