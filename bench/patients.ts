/**
 * Synthetic patients for the benchmark, generated deterministically from a seed.
 *
 * Dates are relative to `now` (the service reads the wall clock, so "onset 40 days ago" has to
 * be computed at run time); everything else (ids, values, which codes appear in which order)
 * depends only on the seed, so two runs on the same day send byte-identical bodies.
 *
 *   typical   ~250 resources: Patient, 12 Conditions (one an active R25.3 with onset 40 days
 *             ago), 200 Observations (vitals and unrelated labs, plus two years of magnesium,
 *             potassium and calcium results), 20 ServiceRequests, 10 Procedures,
 *             5 MedicationStatements, a few DiagnosticReports and MedicationRequests.
 *   noTwitch  the same patient without the twitching Condition.
 *   large     the typical patient with 10 000 Observations (mostly unrelated, some electrolytes).
 *   orderSign the typical patient at order-sign: the prefetch keys of the order-sign service and
 *             three draft orders (a basic metabolic panel, an MRI of the thigh, a CBC).
 *   electrolyteHeavyRequest(n)  the typical patient whose observations prefetch holds n electrolyte
 *             results and nothing else, as a prefetch filtered by code does.
 */
import cdsServices from '../cds-services.json';

type Json = Record<string, unknown>;

const LOINC = 'http://loinc.org';
const SNOMED = 'http://snomed.info/sct';
const ICD10CM = 'http://hl7.org/fhir/sid/icd-10-cm';
const CPT = 'http://www.ama-assn.org/go/cpt';
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const UCUM = 'http://unitsofmeasure.org';
const OBS_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
const CONDITION_CLINICAL = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
const CONDITION_VERIFICATION = 'http://terminology.hl7.org/CodeSystem/condition-ver-status';
const CONDITION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/condition-category';
const INTERPRETATION = 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation';

/** The hooks the bench calls; the discovery document has one service for each. */
export type Hook = 'patient-view' | 'order-sign';

function serviceFor(hook: Hook): { id: string; prefetch: object } {
  const service = cdsServices.services.find((s) => s.hook === hook);
  if (!service) throw new Error(`cds-services.json has no service for the ${hook} hook`);
  return service;
}

/** The id the hook's service is called by: POST /cds-services/{id}. */
export function serviceId(hook: Hook): string {
  return serviceFor(hook).id;
}

/** The prefetch keys the hook's service declares, in the discovery document's order. */
export function prefetchKeys(hook: Hook): readonly string[] {
  return Object.keys(serviceFor(hook).prefetch);
}

/** The query the hook's service makes for a prefetch key it was not sent: "Observation?patient=...". */
export function prefetchTemplate(hook: Hook, key: string): string {
  const template = (serviceFor(hook).prefetch as Record<string, unknown>)[key];
  if (typeof template !== 'string') throw new Error(`cds-services.json has no prefetch template "${key}" for the ${hook} hook`);
  return template;
}

// ---------------------------------------------------------------------------------------------
// Seeded randomness
// ---------------------------------------------------------------------------------------------

/** mulberry32: small, fast, good enough for synthetic data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Random {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = rng(seed);
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  /** A value around `mean`, rounded to `decimals`. */
  around(mean: number, spread: number, decimals: number): number {
    const v = mean + (this.next() * 2 - 1) * spread;
    const f = 10 ** decimals;
    return Math.round(v * f) / f;
  }
  /** An RFC 4122 version 4 UUID drawn from this generator. */
  uuid(): string {
    const hex = Array.from({ length: 32 }, () => Math.floor(this.next() * 16).toString(16));
    hex[12] = '4';
    hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
    const s = hex.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Code tables (everything here except the electrolytes is unknown to the service)
// ---------------------------------------------------------------------------------------------

interface LabCode {
  code: string;
  display: string;
  unit: string;
  mean: number;
  spread: number;
  decimals: number;
  low: number;
  high: number;
  category: 'vital-signs' | 'laboratory';
}

const lab = (
  category: LabCode['category'],
  code: string,
  display: string,
  unit: string,
  mean: number,
  spread: number,
  decimals: number,
  low: number,
  high: number,
): LabCode => ({ category, code, display, unit, mean, spread, decimals, low, high });

const VITALS: readonly LabCode[] = [
  lab('vital-signs', '8867-4', 'Heart rate', '/min', 72, 12, 0, 60, 100),
  lab('vital-signs', '9279-1', 'Respiratory rate', '/min', 15, 3, 0, 12, 20),
  lab('vital-signs', '8310-5', 'Body temperature', 'Cel', 36.8, 0.4, 1, 36.1, 37.5),
  lab('vital-signs', '29463-7', 'Body weight', 'kg', 82, 4, 1, 50, 120),
  lab('vital-signs', '8302-2', 'Body height', 'cm', 178, 0.5, 1, 150, 200),
  lab('vital-signs', '39156-5', 'Body mass index (BMI) [Ratio]', 'kg/m2', 26, 1.5, 1, 18.5, 25),
  lab('vital-signs', '59408-5', 'Oxygen saturation in Arterial blood by Pulse oximetry', '%', 97, 2, 0, 95, 100),
];

const OTHER_LABS: readonly LabCode[] = [
  lab('laboratory', '2345-7', 'Glucose [Mass/volume] in Serum or Plasma', 'mg/dL', 98, 20, 0, 70, 99),
  lab('laboratory', '2160-0', 'Creatinine [Mass/volume] in Serum or Plasma', 'mg/dL', 0.95, 0.2, 2, 0.7, 1.3),
  lab('laboratory', '2951-2', 'Sodium [Moles/volume] in Serum or Plasma', 'mmol/L', 140, 3, 0, 135, 145),
  lab('laboratory', '2075-0', 'Chloride [Moles/volume] in Serum or Plasma', 'mmol/L', 102, 3, 0, 98, 107),
  lab('laboratory', '1963-8', 'Bicarbonate [Moles/volume] in Serum or Plasma', 'mmol/L', 25, 2, 0, 22, 29),
  lab('laboratory', '3094-0', 'Urea nitrogen [Mass/volume] in Serum or Plasma', 'mg/dL', 14, 4, 0, 7, 20),
  lab('laboratory', '718-7', 'Hemoglobin [Mass/volume] in Blood', 'g/dL', 14.5, 1, 1, 13.5, 17.5),
  lab('laboratory', '6690-2', 'Leukocytes [#/volume] in Blood by Automated count', '10*3/uL', 6.5, 2, 1, 4.5, 11),
  lab('laboratory', '777-3', 'Platelets [#/volume] in Blood by Automated count', '10*3/uL', 250, 60, 0, 150, 400),
  lab('laboratory', '4548-4', 'Hemoglobin A1c/Hemoglobin.total in Blood', '%', 5.6, 0.4, 1, 4, 5.6),
  lab('laboratory', '3016-3', 'Thyrotropin [Units/volume] in Serum or Plasma', 'm[IU]/L', 2, 1, 2, 0.4, 4),
  lab('laboratory', '1742-6', 'Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma', 'U/L', 25, 10, 0, 7, 56),
  lab('laboratory', '2093-3', 'Cholesterol [Mass/volume] in Serum or Plasma', 'mg/dL', 190, 25, 0, 0, 200),
  lab('laboratory', '2571-8', 'Triglyceride [Mass/volume] in Serum or Plasma', 'mg/dL', 140, 40, 0, 0, 150),
  lab('laboratory', '2085-9', 'Cholesterol in HDL [Mass/volume] in Serum or Plasma', 'mg/dL', 50, 10, 0, 40, 100),
  lab('laboratory', '2777-1', 'Phosphate [Mass/volume] in Serum or Plasma', 'mg/dL', 3.5, 0.6, 1, 2.5, 4.5),
  lab('laboratory', '1920-8', 'Aspartate aminotransferase [Enzymatic activity/volume] in Serum or Plasma', 'U/L', 24, 8, 0, 10, 40),
  lab('laboratory', '2532-0', 'Lactate dehydrogenase [Enzymatic activity/volume] in Serum or Plasma', 'U/L', 180, 40, 0, 140, 280),
];

/** The electrolytes the service reads (codes.ts: magnesium, potassium, total calcium). */
const ELECTROLYTES: readonly LabCode[] = [
  lab('laboratory', '19123-9', 'Magnesium [Mass/volume] in Serum or Plasma', 'mg/dL', 2.0, 0.2, 1, 1.7, 2.2),
  lab('laboratory', '2823-3', 'Potassium [Moles/volume] in Serum or Plasma', 'mmol/L', 4.2, 0.4, 1, 3.5, 5.1),
  lab('laboratory', '17861-6', 'Calcium [Mass/volume] in Serum or Plasma', 'mg/dL', 9.4, 0.4, 1, 8.6, 10.3),
];

interface Code {
  system: string;
  code: string;
  display: string;
}
const code = (system: string, c: string, display: string): Code => ({ system, code: c, display });

const UNRELATED_CONDITIONS: readonly Code[] = [
  code(ICD10CM, 'I10', 'Essential (primary) hypertension'),
  code(ICD10CM, 'E78.5', 'Hyperlipidemia, unspecified'),
  code(ICD10CM, 'E11.9', 'Type 2 diabetes mellitus without complications'),
  code(ICD10CM, 'J45.909', 'Unspecified asthma, uncomplicated'),
  code(ICD10CM, 'K21.9', 'Gastro-esophageal reflux disease without esophagitis'),
  code(ICD10CM, 'F41.1', 'Generalized anxiety disorder'),
  code(ICD10CM, 'M54.50', 'Low back pain, unspecified'),
  code(ICD10CM, 'J30.9', 'Allergic rhinitis, unspecified'),
  code(ICD10CM, 'E66.9', 'Obesity, unspecified'),
  code(ICD10CM, 'G47.33', 'Obstructive sleep apnea (adult) (pediatric)'),
  code(ICD10CM, 'Z87.891', 'Personal history of nicotine dependence'),
  code(SNOMED, '38341003', 'Hypertensive disorder, systemic arterial (disorder)'),
];

const UNRELATED_ORDERS: readonly Code[] = [
  code(CPT, '71046', 'Radiologic examination, chest; 2 views'),
  code(CPT, '93000', 'Electrocardiogram, routine ECG with at least 12 leads'),
  code(CPT, '80061', 'Lipid panel'),
  code(CPT, '85025', 'Blood count; complete (CBC), automated'),
  code(CPT, '83036', 'Hemoglobin; glycosylated (A1C)'),
  code(CPT, '84443', 'Thyroid stimulating hormone (TSH)'),
  code(CPT, '93306', 'Echocardiography, transthoracic, complete'),
  code(CPT, '72100', 'Radiologic examination, spine, lumbosacral; 2 or 3 views'),
  code(LOINC, '57698-3', 'Lipid panel with direct LDL - Serum or Plasma'),
  code(SNOMED, '183519002', 'Referral to cardiology service (procedure)'),
];

const UNRELATED_PROCEDURES: readonly Code[] = [
  code(CPT, '45378', 'Colonoscopy, flexible; diagnostic'),
  code(CPT, '90686', 'Influenza virus vaccine, quadrivalent, split virus, preservative free'),
  code(CPT, '99213', 'Office or other outpatient visit, established patient'),
  code(SNOMED, '80146002', 'Appendectomy (procedure)'),
  code(SNOMED, '73761001', 'Colonoscopy (procedure)'),
  code(CPT, '36415', 'Collection of venous blood by venipuncture'),
];

const MEDICATIONS: readonly Code[] = [
  code(RXNORM, '314076', 'lisinopril 10 MG Oral Tablet'),
  code(RXNORM, '617312', 'atorvastatin 20 MG Oral Tablet'),
  code(RXNORM, '861007', 'metformin hydrochloride 500 MG Oral Tablet'),
  code(RXNORM, '198053', 'omeprazole 20 MG Delayed Release Oral Capsule'),
  code(RXNORM, '636671', 'cholecalciferol 1000 UNT Oral Tablet'),
];

// ---------------------------------------------------------------------------------------------
// Resource builders
// ---------------------------------------------------------------------------------------------

const DAY_MS = 86_400_000;

interface Ctx {
  r: Random;
  now: Date;
  patientId: string;
  subject: { reference: string };
}

function isoDaysAgo(ctx: Ctx, days: number, hour = 9): string {
  const d = new Date(ctx.now.getTime() - days * DAY_MS);
  d.setUTCHours(hour, ctx.r.int(0, 59), 0, 0);
  return d.toISOString().replace('.000Z', 'Z');
}

function dateDaysAgo(ctx: Ctx, days: number): string {
  return new Date(ctx.now.getTime() - days * DAY_MS).toISOString().slice(0, 10);
}

function meta(ctx: Ctx, daysAgo: number): Json {
  return { versionId: '1', lastUpdated: isoDaysAgo(ctx, daysAgo, 10) };
}

function patient(ctx: Ctx): Json {
  return {
    resourceType: 'Patient',
    id: ctx.patientId,
    meta: meta(ctx, 400),
    identifier: [{ system: 'urn:oid:1.2.36.146.595.217.0.1', value: `MRN-${ctx.r.int(100000, 999999)}` }],
    active: true,
    name: [{ use: 'official', family: 'Bench', given: ['Synthetic', 'Patient'] }],
    telecom: [{ system: 'phone', value: '555-0100', use: 'home' }],
    gender: 'male',
    birthDate: '1988-06-14',
    address: [{ use: 'home', line: ['1 Benchmark Way'], city: 'Springfield', postalCode: '12345', country: 'US' }],
  };
}

function condition(ctx: Ctx, id: string, c: Code, opts: { active: boolean; onsetDaysAgo: number; bodySite?: Code; text?: string }): Json {
  return {
    resourceType: 'Condition',
    id,
    meta: meta(ctx, Math.max(0, opts.onsetDaysAgo - 1)),
    subject: ctx.subject,
    clinicalStatus: { coding: [{ system: CONDITION_CLINICAL, code: opts.active ? 'active' : 'resolved' }] },
    verificationStatus: { coding: [{ system: CONDITION_VERIFICATION, code: 'confirmed' }] },
    category: [{ coding: [{ system: CONDITION_CATEGORY, code: 'problem-list-item', display: 'Problem List Item' }] }],
    code: { coding: [c], text: opts.text ?? c.display },
    ...(opts.bodySite ? { bodySite: [{ coding: [opts.bodySite] }] } : {}),
    onsetDateTime: dateDaysAgo(ctx, opts.onsetDaysAgo),
    recordedDate: dateDaysAgo(ctx, Math.max(0, opts.onsetDaysAgo - 2)),
    ...(opts.active ? {} : { abatementDateTime: dateDaysAgo(ctx, Math.max(0, opts.onsetDaysAgo - 30)) }),
  };
}

function quantityObservation(ctx: Ctx, id: string, l: LabCode, daysAgo: number): Json {
  const value = ctx.r.around(l.mean, l.spread, l.decimals);
  const interpretation = value < l.low ? 'L' : value > l.high ? 'H' : 'N';
  const effective = isoDaysAgo(ctx, daysAgo);
  return {
    resourceType: 'Observation',
    id,
    meta: meta(ctx, daysAgo),
    status: 'final',
    category: [{ coding: [{ system: OBS_CATEGORY, code: l.category, display: l.category === 'laboratory' ? 'Laboratory' : 'Vital Signs' }] }],
    code: { coding: [{ system: LOINC, code: l.code, display: l.display }], text: l.display },
    subject: ctx.subject,
    effectiveDateTime: effective,
    issued: effective.replace(/T\d\d/, 'T18'),
    valueQuantity: { value, unit: l.unit, system: UCUM, code: l.unit },
    interpretation: [{ coding: [{ system: INTERPRETATION, code: interpretation }] }],
    referenceRange: [{ low: { value: l.low, unit: l.unit, system: UCUM, code: l.unit }, high: { value: l.high, unit: l.unit, system: UCUM, code: l.unit } }],
  };
}

function bloodPressure(ctx: Ctx, id: string, daysAgo: number): Json {
  const bp = (c: string, display: string, v: number) => ({
    code: { coding: [{ system: LOINC, code: c, display }] },
    valueQuantity: { value: v, unit: 'mm[Hg]', system: UCUM, code: 'mm[Hg]' },
  });
  return {
    resourceType: 'Observation',
    id,
    meta: meta(ctx, daysAgo),
    status: 'final',
    category: [{ coding: [{ system: OBS_CATEGORY, code: 'vital-signs', display: 'Vital Signs' }] }],
    code: { coding: [{ system: LOINC, code: '85354-9', display: 'Blood pressure panel with all children optional' }], text: 'Blood pressure' },
    subject: ctx.subject,
    effectiveDateTime: isoDaysAgo(ctx, daysAgo),
    component: [bp('8480-6', 'Systolic blood pressure', ctx.r.int(112, 148)), bp('8462-4', 'Diastolic blood pressure', ctx.r.int(68, 94))],
  };
}

/**
 * `total` Observations: the electrolyte history (`electrolyteDraws` draws of Mg, K and Ca spread
 * over two years, newest 20 days ago) and the rest vitals and unrelated labs over two years.
 */
function observations(ctx: Ctx, total: number, electrolyteDraws: number): Json[] {
  const out: Json[] = [];
  for (let draw = 0; draw < electrolyteDraws; draw++) {
    // Newest draw 20 days ago, oldest about 730 days ago.
    const daysAgo = electrolyteDraws === 1 ? 20 : Math.round(20 + (710 * draw) / (electrolyteDraws - 1));
    for (const e of ELECTROLYTES) out.push(quantityObservation(ctx, `obs-${e.code}-${draw}`, e, daysAgo));
  }
  let n = 0;
  while (out.length < total) {
    const daysAgo = ctx.r.int(1, 730);
    const id = `obs-${n++}`;
    const roll = ctx.r.next();
    if (roll < 0.15) out.push(bloodPressure(ctx, id, daysAgo));
    else if (roll < 0.5) out.push(quantityObservation(ctx, id, ctx.r.pick(VITALS), daysAgo));
    else out.push(quantityObservation(ctx, id, ctx.r.pick(OTHER_LABS), daysAgo));
  }
  // Interleave as a server sorting by date would (newest first), not electrolytes first.
  return out.sort((a, b) => String(b.effectiveDateTime).localeCompare(String(a.effectiveDateTime)));
}

function serviceRequest(ctx: Ctx, id: string, c: Code, daysAgo: number): Json {
  return {
    resourceType: 'ServiceRequest',
    id,
    meta: meta(ctx, daysAgo),
    status: ctx.r.pick(['active', 'completed', 'completed', 'on-hold']),
    intent: 'order',
    category: [{ coding: [{ system: SNOMED, code: '108252007', display: 'Laboratory procedure' }] }],
    code: { coding: [c], text: c.display },
    subject: ctx.subject,
    authoredOn: isoDaysAgo(ctx, daysAgo),
    requester: { reference: 'Practitioner/bench', display: 'Dr Bench' },
  };
}

function procedure(ctx: Ctx, id: string, c: Code, daysAgo: number): Json {
  return {
    resourceType: 'Procedure',
    id,
    meta: meta(ctx, daysAgo),
    status: 'completed',
    code: { coding: [c], text: c.display },
    subject: ctx.subject,
    performedDateTime: isoDaysAgo(ctx, daysAgo),
    performer: [{ actor: { reference: 'Practitioner/bench', display: 'Dr Bench' } }],
  };
}

function medicationStatement(ctx: Ctx, id: string, c: Code, daysAgo: number): Json {
  return {
    resourceType: 'MedicationStatement',
    id,
    meta: meta(ctx, daysAgo),
    status: 'active',
    medicationCodeableConcept: { coding: [c], text: c.display },
    subject: ctx.subject,
    effectivePeriod: { start: dateDaysAgo(ctx, daysAgo) },
    dateAsserted: dateDaysAgo(ctx, daysAgo),
    dosage: [{ text: 'Take one tablet by mouth daily' }],
  };
}

function medicationRequest(ctx: Ctx, id: string, c: Code, daysAgo: number): Json {
  return {
    resourceType: 'MedicationRequest',
    id,
    meta: meta(ctx, daysAgo),
    status: 'active',
    intent: 'order',
    medicationCodeableConcept: { coding: [c], text: c.display },
    subject: ctx.subject,
    authoredOn: isoDaysAgo(ctx, daysAgo),
    dosageInstruction: [{ text: 'Take one tablet by mouth daily' }],
  };
}

function diagnosticReport(ctx: Ctx, id: string, c: Code, daysAgo: number): Json {
  return {
    resourceType: 'DiagnosticReport',
    id,
    meta: meta(ctx, daysAgo),
    status: 'final',
    code: { coding: [c], text: c.display },
    subject: ctx.subject,
    effectiveDateTime: isoDaysAgo(ctx, daysAgo),
    issued: isoDaysAgo(ctx, daysAgo, 18),
    conclusion: 'Within normal limits.',
  };
}

function bundle(resources: readonly Json[]): Json {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: resources.length,
    entry: resources.map((resource) => ({
      fullUrl: `https://ehr.example.org/fhir/${String(resource.resourceType)}/${String(resource.id)}`,
      resource,
      search: { mode: 'match' },
    })),
  };
}

/**
 * The orders a clinician is about to sign, as `context.draftOrders` carries them: a Bundle of type
 * collection. Each is checked, but only the MRI gets a card (no thigh pain or strain on record):
 * the panel lacks magnesium, yet the patient's magnesium was drawn 20 days ago, and the CBC is
 * not part of the approach.
 */
function draftOrders(ctx: Ctx): Json {
  const forTwitching = { reasonCode: [{ coding: [code(ICD10CM, 'R25.3', 'Fasciculation')] }] };
  const draft = (id: string, codings: Code[], text: string, reason: Json = {}): Json => ({
    resourceType: 'ServiceRequest',
    id,
    status: 'draft',
    intent: 'proposal',
    code: { coding: codings, text },
    subject: ctx.subject,
    ...reason,
  });
  const drafts = [
    draft(
      'draft-bmp',
      [code(LOINC, '51990-0', 'Basic metabolic panel - Blood'), code(CPT, '80048', 'Basic metabolic panel (calcium, total)')],
      'Basic metabolic panel',
      forTwitching,
    ),
    draft(
      'draft-mri',
      [
        code(SNOMED, '241640003', 'Magnetic resonance imaging of thigh (procedure)'),
        code(CPT, '73718', 'MRI lower extremity other than joint, without contrast'),
      ],
      'MRI of the left thigh',
      forTwitching,
    ),
    draft('draft-cbc', [code(LOINC, '58410-2', 'CBC panel - Blood by Automated count')], 'CBC'),
  ];
  return { resourceType: 'Bundle', type: 'collection', entry: drafts.map((resource) => ({ resource })) };
}

// ---------------------------------------------------------------------------------------------
// Patients and requests
// ---------------------------------------------------------------------------------------------

export interface PatientOptions {
  seed: number;
  now: Date;
  patientId: string;
  twitching: boolean;
  observationCount: number;
  /** Draws of Mg + K + Ca (3 Observations each). */
  electrolyteDraws: number;
}

export interface HookBody {
  hook: Hook;
  hookInstance: string;
  context: { userId: string; patientId: string; draftOrders?: Json };
  prefetch: Record<string, Json | null>;
}

/** The patient's request to the hook's service: the same record whatever the hook, its prefetch cut to the service's keys. */
export function hookRequest(hook: Hook, o: PatientOptions): HookBody {
  const r = new Random(o.seed);
  const ctx: Ctx = { r, now: o.now, patientId: o.patientId, subject: { reference: `Patient/${o.patientId}` } };
  const hookInstance = r.uuid();

  // Built either way, so that the patient without twitching is otherwise the same, value for value.
  const twitch = condition(ctx, 'cond-twitch', code(ICD10CM, 'R25.3', 'Fasciculation'), {
    active: true,
    onsetDaysAgo: 40,
    bodySite: code(SNOMED, '61396006', 'Structure of left thigh'),
    text: 'Twitching back of left thigh',
  });
  const conditions: Json[] = o.twitching ? [twitch] : [];
  UNRELATED_CONDITIONS.slice(0, 11).forEach((c, i) => conditions.push(condition(ctx, `cond-${i}`, c, { active: i % 4 !== 3, onsetDaysAgo: r.int(90, 3000) })));

  const serviceRequests = Array.from({ length: 20 }, (_, i) => serviceRequest(ctx, `sr-${i}`, UNRELATED_ORDERS[i % UNRELATED_ORDERS.length], r.int(5, 700)));
  const procedures = Array.from({ length: 10 }, (_, i) => procedure(ctx, `proc-${i}`, UNRELATED_PROCEDURES[i % UNRELATED_PROCEDURES.length], r.int(30, 1500)));
  const medicationStatements = MEDICATIONS.map((c, i) => medicationStatement(ctx, `ms-${i}`, c, r.int(60, 900)));
  const medicationRequests = MEDICATIONS.slice(0, 2).map((c, i) => medicationRequest(ctx, `mr-${i}`, c, r.int(10, 200)));
  const diagnosticReports = [
    diagnosticReport(ctx, 'dr-0', code(LOINC, '57698-3', 'Lipid panel with direct LDL - Serum or Plasma'), r.int(30, 300)),
    diagnosticReport(ctx, 'dr-1', code(LOINC, '58410-2', 'CBC panel - Blood by Automated count'), r.int(30, 300)),
    diagnosticReport(ctx, 'dr-2', code(LOINC, '24323-8', 'Comprehensive metabolic 2000 panel - Serum or Plasma'), r.int(30, 300)),
  ];

  const values: Record<string, Json | null> = {
    patient: patient(ctx),
    conditions: bundle(conditions),
    observations: bundle(observations(ctx, o.observationCount, o.electrolyteDraws)),
    diagnosticReports: bundle(diagnosticReports),
    serviceRequests: bundle(serviceRequests),
    procedures: bundle(procedures),
    medicationStatements: bundle(medicationStatements),
    medicationRequests: bundle(medicationRequests),
  };
  const prefetch: Record<string, Json | null> = {};
  for (const key of prefetchKeys(hook)) {
    if (!(key in values)) throw new Error(`bench/patients.ts builds no value for prefetch key "${key}"`);
    prefetch[key] = values[key]!;
  }
  const context: HookBody['context'] = { userId: 'Practitioner/bench', patientId: o.patientId };
  if (hook === 'order-sign') context.draftOrders = draftOrders(ctx);
  return { hook, hookInstance, context, prefetch };
}

export type Scenario = 'typical' | 'noTwitch' | 'large' | 'orderSign';

/** Midnight UTC today: dates move once a day, not once a run. */
export function benchNow(): Date {
  const d = new Date();
  d.setUTCHours(0, 0, 0, 0);
  return d;
}

function typicalPatient(now: Date): PatientOptions {
  // 8 draws x 3 electrolytes = 24 results, one per quarter over two years.
  return { seed: 20240601, now, patientId: 'bench-typical', twitching: true, observationCount: 200, electrolyteDraws: 8 };
}

export function scenarioRequest(scenario: Scenario, now: Date = benchNow()): HookBody {
  switch (scenario) {
    case 'typical':
      return hookRequest('patient-view', typicalPatient(now));
    case 'noTwitch':
      return hookRequest('patient-view', { ...typicalPatient(now), twitching: false });
    case 'large':
      // 100 draws x 3 = 300 electrolyte results among 10 000 Observations.
      return hookRequest('patient-view', { seed: 20240602, now, patientId: 'bench-large', twitching: true, observationCount: 10_000, electrolyteDraws: 100 });
    case 'orderSign':
      return hookRequest('order-sign', typicalPatient(now));
  }
}

/**
 * The typical patient with an observations prefetch filtered to electrolytes, as an EHR that runs
 * the service's coded query sends it: `results` results of magnesium, potassium and calcium in turn
 * over two years, newest 20 days ago, and no other Observation.
 */
export function electrolyteHeavyRequest(results: number, now: Date = benchNow()): HookBody {
  if (!Number.isInteger(results / 3)) throw new Error(`electrolyte results come in draws of three; got ${results}`);
  return hookRequest('patient-view', { ...typicalPatient(now), patientId: 'bench-electrolytes', observationCount: results, electrolyteDraws: results / 3 });
}

/** Resource counts per prefetch key (and of the draft orders, under `draftOrders`), for the report. */
export function countResources(body: HookBody): Record<string, number> {
  const counts: Record<string, number> = {};
  const resources: Record<string, Json | null> = { ...body.prefetch };
  if (body.context.draftOrders !== undefined) resources.draftOrders = body.context.draftOrders;
  for (const [key, value] of Object.entries(resources)) {
    counts[key] = value === null ? 0 : value.resourceType === 'Bundle' ? (value.entry as unknown[]).length : 1;
  }
  return counts;
}
