/**
 * Small FHIR R4 resources and CDS Hooks requests for tests. Each builder takes only what a test
 * varies; everything else is a plausible default for the patient PATIENT_ID on NOW.
 */
import { randomUUID } from 'node:crypto';
import { DATA_KEYS, type DataKey } from '../../src/facts/types';

export const PATIENT_ID = 'pt-test';
export const NOW = new Date('2026-11-26T12:00:00Z');

export const ICD10CM = 'http://hl7.org/fhir/sid/icd-10-cm';
export const SNOMED = 'http://snomed.info/sct';
export const LOINC = 'http://loinc.org';
export const CPT = 'http://www.ama-assn.org/go/cpt';
export const UCUM = 'http://unitsofmeasure.org';

export type Resource = { resourceType: string; id?: string; [key: string]: unknown };

/** "2026-11-21": the date `days` days before NOW. */
export function daysAgo(days: number): string {
  return new Date(NOW.getTime() - days * 24 * 3600 * 1000).toISOString().slice(0, 10);
}

let counter = 0;
function nextId(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}`;
}

export interface ConditionOptions {
  id?: string;
  code?: string;
  system?: string;
  display?: string;
  text?: string;
  patientId?: string;
  onset?: string;
  recordedDate?: string;
  clinicalStatus?: string;
  verificationStatus?: string;
  bodySite?: { system?: string; code: string; display?: string }[];
}

/** A Condition; by default an active, confirmed fasciculation (ICD-10-CM R25.3) with onset 5 days ago. */
export function condition(options: ConditionOptions = {}): Resource {
  const resource: Resource = {
    resourceType: 'Condition',
    id: options.id ?? nextId('cond'),
    subject: { reference: `Patient/${options.patientId ?? PATIENT_ID}` },
    clinicalStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: options.clinicalStatus ?? 'active' }],
    },
    verificationStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: options.verificationStatus ?? 'confirmed' }],
    },
    code: {
      coding: [{ system: options.system ?? ICD10CM, code: options.code ?? 'R25.3', ...(options.display ? { display: options.display } : {}) }],
      ...(options.text !== undefined ? { text: options.text } : {}),
    },
    onsetDateTime: options.onset ?? daysAgo(5),
    recordedDate: options.recordedDate ?? options.onset ?? daysAgo(5),
  };
  if (options.bodySite) {
    resource.bodySite = options.bodySite.map((s) => ({ coding: [{ system: s.system ?? SNOMED, ...s }] }));
  }
  return resource;
}

/** Fasciculation recorded as a Condition with onset `days` days ago. */
export function twitching(days = 5, options: ConditionOptions = {}): Resource {
  return condition({ id: 'twitch-1', onset: daysAgo(days), ...options });
}

export interface ObservationOptions {
  id?: string;
  code: string;
  system?: string;
  status?: string;
  patientId?: string;
  effective?: string;
  value?: number;
  unit?: string;
  unitCode?: string;
  valueBoolean?: boolean;
  interpretation?: string;
  referenceLow?: { value: number; unit: string };
}

/** An Observation; by default final, effective 2 days ago. */
export function observation(options: ObservationOptions): Resource {
  const resource: Resource = {
    resourceType: 'Observation',
    id: options.id ?? nextId('obs'),
    status: options.status ?? 'final',
    code: { coding: [{ system: options.system ?? LOINC, code: options.code }] },
    subject: { reference: `Patient/${options.patientId ?? PATIENT_ID}` },
    effectiveDateTime: options.effective ?? `${daysAgo(2)}T08:00:00Z`,
  };
  if (options.value !== undefined) {
    // A unit without unitCode is a printed unit only; neither means UCUM mg/dL.
    const unitCode = options.unitCode ?? (options.unit === undefined ? 'mg/dL' : undefined);
    resource.valueQuantity = {
      value: options.value,
      unit: options.unit ?? 'mg/dL',
      ...(unitCode !== undefined ? { system: UCUM, code: unitCode } : {}),
    };
  }
  if (options.valueBoolean !== undefined) resource.valueBoolean = options.valueBoolean;
  if (options.interpretation) {
    resource.interpretation = [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', code: options.interpretation }] }];
  }
  if (options.referenceLow) {
    resource.referenceRange = [{ low: { value: options.referenceLow.value, unit: options.referenceLow.unit, system: UCUM, code: options.referenceLow.unit } }];
  }
  return resource;
}

/** A serum magnesium result in mg/dL. */
export function magnesium(value: number, options: Partial<ObservationOptions> = {}): Resource {
  return observation({ code: '19123-9', value, unit: 'mg/dL', unitCode: 'mg/dL', ...options });
}

export function patient(id = PATIENT_ID, birthDate = '1988-03-14'): Resource {
  return { resourceType: 'Patient', id, gender: 'female', birthDate };
}

export function bundle(...resources: Resource[]): Resource {
  return { resourceType: 'Bundle', type: 'searchset', total: resources.length, entry: resources.map((resource) => ({ resource })) };
}

export function operationOutcome(): Resource {
  return {
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'error', code: 'exception', diagnostics: 'search failed' }],
  };
}

export type Prefetch = Partial<Record<DataKey, unknown>>;

export interface HookRequestOptions {
  patientId?: string;
  userId?: string;
  encounterId?: string;
  hook?: string;
  /** Prefetch keys to leave out entirely (not satisfied), rather than send as null. */
  omit?: DataKey[];
}

export interface HookRequestBody {
  hook: string;
  hookInstance: string;
  context: { userId: string; patientId: string; encounterId?: string };
  prefetch: Record<string, unknown>;
  [key: string]: unknown;
}

/**
 * A patient-view request. Every prefetch key the service declares is sent (null = "looked, found
 * nothing") unless given in `prefetch` or named in `omit`; the patient key defaults to the Patient.
 */
export function hookRequest(prefetch: Prefetch = {}, options: HookRequestOptions = {}): HookRequestBody {
  const patientId = options.patientId ?? PATIENT_ID;
  const values: Record<string, unknown> = {};
  for (const key of DATA_KEYS) {
    if (options.omit?.includes(key)) continue;
    values[key] = key in prefetch ? prefetch[key] : key === 'patient' ? patient(patientId) : null;
  }
  return {
    hook: options.hook ?? 'patient-view',
    hookInstance: randomUUID(),
    context: {
      userId: options.userId ?? 'Practitioner/dr-test',
      patientId,
      ...(options.encounterId ? { encounterId: options.encounterId } : {}),
    },
    prefetch: values,
  };
}

export interface DraftOptions {
  id?: string;
  status?: string;
  patientId?: string;
  /** ICD-10-CM codes the draft gives as its reason. */
  reasonCodes?: string[];
  authoredDaysAgo?: number;
  text?: string;
}

/** A ServiceRequest coded with `codes` ("system|code"); by default a draft proposal for the test patient. */
export function serviceRequest(codes: string[], options: DraftOptions = {}): Resource {
  const resource: Resource = {
    resourceType: 'ServiceRequest',
    id: options.id ?? nextId('sr'),
    status: options.status ?? 'draft',
    intent: options.status && options.status !== 'draft' ? 'order' : 'proposal',
    code: {
      coding: codes.map((c) => ({ system: c.slice(0, c.lastIndexOf('|')), code: c.slice(c.lastIndexOf('|') + 1) })),
      ...(options.text ? { text: options.text } : {}),
    },
    subject: { reference: `Patient/${options.patientId ?? PATIENT_ID}` },
  };
  if (options.reasonCodes) resource.reasonCode = options.reasonCodes.map((code) => ({ coding: [{ system: ICD10CM, code }] }));
  if (options.authoredDaysAgo !== undefined) resource.authoredOn = `${daysAgo(options.authoredDaysAgo)}T08:00:00Z`;
  return resource;
}

export const ORDER_CODES = {
  bmp: `${LOINC}|51990-0`,
  cmp: `${LOINC}|24323-8`,
  magnesium: `${LOINC}|19123-9`,
  potassium: `${LOINC}|2823-3`,
  calciumTotal: `${LOINC}|17861-6`,
  calciumIonized: `${LOINC}|1995-0`,
  emg: `${SNOMED}|42803009`,
  mriThigh: `${SNOMED}|241640003`,
  lgi1: `${LOINC}|82978-8`,
  abi: `${CPT}|93922`,
  cbc: `${LOINC}|58410-2`,
} as const;

/** The keys the order services read, as hookRequest would send them, plus an order hook's context. */
export function orderRequest(
  hook: 'order-select' | 'order-sign',
  drafts: Resource[],
  prefetch: Prefetch = {},
  options: HookRequestOptions & { selections?: string[] } = {},
): HookRequestBody {
  const body = hookRequest(prefetch, { ...options, hook });
  delete body.prefetch.medicationStatements;
  delete body.prefetch.medicationRequests;
  const context: Record<string, unknown> = {
    ...body.context,
    draftOrders: { resourceType: 'Bundle', type: 'collection', entry: drafts.map((resource) => ({ resource })) },
  };
  if (hook === 'order-select') context.selections = options.selections ?? drafts.map((d) => `${d.resourceType}/${d.id}`);
  return { ...body, context: context as HookRequestBody['context'] };
}
