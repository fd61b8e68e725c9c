/**
 * Resources -> PatientFacts.
 *
 * Two passes. Routing reads only each resource's codes (a hash look-up per coding) to find the
 * few resources the rules care about; a real prefetch holds thousands of Observations and
 * nearly all of them are irrelevant. Everything the rules then read from a routed resource
 * (status, dates, values, body sites) goes through the compiled FHIRPath expressions.
 */
import { CONCEPT, conceptsOf, NEGATIVE_CODES, sideFromIcd10, STIMULANT_NAMES, type ConceptId } from '../knowledge/codes';
import { SIDE_BY_SNOMED } from '../knowledge/laterality';
import { CPT, ICD10CM, LOINC, RXNORM, SNOMED } from '../knowledge/systems';
import { daysBefore, parseFhirDate } from '../fhir/dates';
import { read, readObjects, readString, readStrings } from '../fhir/fhirpath';
import { keepNewestVersions, referenceOf, type AnyResource, type PooledResource } from '../fhir/resources';
import type { QuantityLike } from '../fhir/units';
import type {
  ClinicalRecord,
  Coded,
  EmgRecord,
  Evidence,
  OrderKind,
  OrderRecord,
  PatientFacts,
  ReferenceRange,
  ResultKind,
  ResultRecord,
  Side,
} from './types';

export interface FactsInput {
  patientId: string;
  now: Date;
  lookbackDays: number;
  unavailable: ReadonlySet<string>;
}

/** A resource the routing pass kept, with the concepts its codes name. */
export interface RoutedResource {
  pooled: PooledResource;
  reference: string;
  concepts: readonly ConceptId[];
  /** The codings that named those concepts, as routing read them. */
  matches: readonly CodeMatch[];
}

export interface CodeMatch {
  concept: ConceptId;
  system: string;
  code: string;
}

const SYMPTOM_CONCEPTS: ReadonlySet<ConceptId> = new Set<ConceptId>([
  'twitching',
  'muscleWeakness',
  'muscleAtrophy',
  'muscleCramp',
  'sensoryChange',
  'radiculopathy',
  'claudication',
  'peripheralVascularDisease',
  'thighPain',
  'hamstringInjury',
  'neuromyotonia',
  'hypomagnesemia',
  'hypokalemia',
  'hypocalcemia',
  'dehydration',
]);

const RESULT_KIND_BY_CONCEPT: Partial<Record<ConceptId, ResultKind>> = {
  magnesium: 'magnesium',
  potassium: 'potassium',
  calciumTotal: 'calciumTotal',
  calciumIonized: 'calciumIonized',
  ankleBrachialIndex: 'ankleBrachialIndex',
  lgi1Antibody: 'lgi1Antibody',
};

const ORDER_KIND_BY_CONCEPT: Partial<Record<ConceptId, OrderKind>> = {
  electromyography: 'electromyography',
  nerveConductionStudy: 'electromyography',
  mriLowerLimb: 'mriThigh',
  mriThigh: 'mriThigh',
  ankleBrachialStudy: 'ankleBrachialIndex',
  ankleBrachialIndex: 'ankleBrachialIndex',
  lgi1Antibody: 'lgi1Antibody',
  magnesium: 'magnesium',
  potassium: 'potassium',
  calciumTotal: 'calcium',
  calciumIonized: 'calcium',
  basicMetabolicPanel: 'basicMetabolicPanel',
  comprehensiveMetabolicPanel: 'comprehensiveMetabolicPanel',
};

const EMG_CONCEPTS: readonly ConceptId[] = ['electromyography', 'nerveConductionStudy'];

/** Statuses of a result that may be acted on (terminology reference, "How to match" 1). */
const FINAL_STATUSES = new Set(['final', 'amended', 'corrected']);
const ACTIVE_CLINICAL_STATUSES = new Set(['active', 'recurrence', 'relapse']);
const DISCARDED_VERIFICATION = new Set(['refuted', 'entered-in-error']);
const PLACED_ORDER_STATUSES = new Set(['active', 'on-hold', 'completed']);
const PROCEDURE_DONE_STATUSES = new Set(['completed', 'in-progress']);
const ACTIVE_MEDICATION_STATUSES = new Set(['active', 'intended', 'on-hold']);

/** LGI1 orders are billed under a generic CPT code, so an order's own text naming LGI1 identifies it. */
const LGI1_TEXT = /\bLGI[- ]?1\b/i;

const ALWAYS_ROUTED = new Set(['Patient', 'MedicationStatement', 'MedicationRequest']);

// ---------------------------------------------------------------------------------------------
// Pass 1: routing
// ---------------------------------------------------------------------------------------------

function codingsAt(value: unknown): unknown[] {
  if (typeof value !== 'object' || value === null) return [];
  const coding = (value as { coding?: unknown }).coding;
  return Array.isArray(coding) ? coding : [];
}

function matchCodings(codings: unknown[], into: CodeMatch[]): void {
  for (const coding of codings) {
    if (typeof coding !== 'object' || coding === null) continue;
    const { system, code } = coding as { system?: unknown; code?: unknown };
    for (const concept of conceptsOf(system, code)) into.push({ concept, system: system as string, code: code as string });
  }
}

/** Keeps the resources whose codes (or, for medications and the Patient, whose type) matter, newest version of each. */
export function routeResources(pool: readonly PooledResource[]): RoutedResource[] {
  const routed: RoutedResource[] = [];
  for (const pooled of pool) {
    const r = pooled.resource;
    if (ALWAYS_ROUTED.has(r.resourceType)) {
      routed.push({ pooled, reference: referenceOf(pooled), concepts: [], matches: [] });
      continue;
    }
    const matches: CodeMatch[] = [];
    matchCodings(codingsAt(r.code), matches);
    if (r.resourceType === 'Observation') matchCodings(codingsAt(r.valueCodeableConcept), matches);
    const concepts = new Set(matches.map((m) => m.concept));
    const namesLgi1 =
      r.resourceType === 'ServiceRequest' && typeof (r.code as { text?: unknown })?.text === 'string'
        ? LGI1_TEXT.test((r.code as { text: string }).text.slice(0, 500))
        : false;
    if (namesLgi1) concepts.add('lgi1Antibody');
    if (concepts.size > 0) routed.push({ pooled, reference: referenceOf(pooled), concepts: [...concepts], matches });
  }
  return keepNewestVersions(routed);
}

// ---------------------------------------------------------------------------------------------
// Pass 2: reading routed resources with FHIRPath
// ---------------------------------------------------------------------------------------------

const PATIENT_REFERENCE = /(?:^|\/)Patient\/([^/]+)(?:\/_history\/[^/]+)?$/;

/**
 * A resource about another patient must never count. A reference we cannot read as a Patient
 * (a Group, say) does not count either; a resource with no subject reference at all came back
 * from a search by this patient, so it does.
 */
export function belongsTo(resource: AnyResource, patientId: string): boolean {
  if (resource.resourceType === 'Patient') return resource.id === patientId;
  const references = readStrings('subject', resource);
  if (references.length === 0) return true;
  return references.every((ref) => PATIENT_REFERENCE.exec(ref)?.[1] === patientId);
}

const SYSTEM_LABEL: Record<string, string> = {
  [LOINC]: 'LOINC',
  [SNOMED]: 'SNOMED CT',
  [ICD10CM]: 'ICD-10-CM',
  [CPT]: 'CPT',
  [RXNORM]: 'RxNorm',
};

/** "Fasciculation (ICD-10-CM R25.3)": our value set's display for the code that matched. */
function describeMatch(routed: RoutedResource, concept: ConceptId): string {
  const match = routed.matches.find((m) => m.concept === concept);
  if (match) {
    const known = CONCEPT[concept].codes.find((entry) => entry.system === match.system && entry.code === match.code);
    const display = known?.display ?? CONCEPT[concept].prefixes?.[0]?.display ?? CONCEPT[concept].label;
    return `${display} (${SYSTEM_LABEL[match.system] ?? match.system} ${match.code.slice(0, 64)})`;
  }
  const text = readString('codeText', routed.pooled.resource);
  return text ? `${CONCEPT[concept].label} ("${text.slice(0, 120)}")` : CONCEPT[concept].label;
}

/** The first date among FHIRPath results: a dateTime string, or the start of a Period. */
function firstDate(values: unknown[]): Date | undefined {
  for (const v of values) {
    const d = parseFhirDate(typeof v === 'object' && v !== null ? (v as { start?: unknown }).start : v);
    if (d) return d;
  }
  return undefined;
}

/** An Observation's value[x], read once and told apart by shape. */
interface ObservationValue {
  quantity?: QuantityLike;
  codings: Coded[];
  text?: string;
  boolean?: boolean;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function codingsOf(concept: Record<string, unknown>): Coded[] {
  return Array.isArray(concept.coding) ? (concept.coding.filter(isObject)) : [];
}

function observationValue(resource: AnyResource): ObservationValue {
  const [value] = read('observationValue', resource);
  if (typeof value === 'boolean') return { codings: [], boolean: value };
  if (typeof value === 'string') return { codings: [], text: value };
  if (!isObject(value)) return { codings: [] };
  if (typeof value.value === 'number') return { codings: [], quantity: value };
  return { codings: codingsOf(value), text: typeof value.text === 'string' ? value.text : undefined };
}

/** The normal range: the first referenceRange without a type, or typed "normal". */
function normalRange(resource: AnyResource): ReferenceRange | undefined {
  return read('observationReferenceRanges', resource)
    .filter(isObject)
    .find((range) => !isObject(range.type) || codingsOf(range.type).some((c) => c.code === 'normal'));
}

/** When an Observation or report was made: its effective time, else when it was issued. */
function effectiveOf(resource: AnyResource, path: 'observationEffective' | 'reportEffective'): Date | undefined {
  return firstDate(read(path, resource)) ?? firstDate(read('issued', resource));
}

function earliest(...dates: (Date | undefined)[]): Date | undefined {
  return dates.filter((d): d is Date => d !== undefined).sort((a, b) => a.getTime() - b.getTime())[0];
}

/** Laterality from a sided ICD-10-CM code, else from a sided body site code, else from the body site's words. */
function sideOf(routed: RoutedResource, bodySites: readonly Coded[], concept?: ConceptId): Side | undefined {
  for (const match of routed.matches) {
    if (match.system === ICD10CM && (!concept || match.concept === concept)) {
      const side = sideFromIcd10(match.code);
      if (side) return side;
    }
  }
  for (const site of bodySites) {
    if (site.system === SNOMED && site.code && SIDE_BY_SNOMED[site.code]) return SIDE_BY_SNOMED[site.code];
  }
  const resource = routed.pooled.resource;
  const text = resource.bodySite !== undefined ? readString('bodySiteText', resource)?.toLowerCase() : undefined;
  if (text && /\bleft\b/.test(text) && !/\bright\b/.test(text)) return 'left';
  if (text && /\bright\b/.test(text) && !/\bleft\b/.test(text)) return 'right';
  return undefined;
}

function conditionRecords(routed: RoutedResource): ClinicalRecord[] {
  const r = routed.pooled.resource;
  const verification = readStrings('conditionVerificationStatus', r);
  if (verification.some((v) => DISCARDED_VERIFICATION.has(v))) return [];
  const clinical = readStrings('conditionClinicalStatus', r);
  // R4 requires clinicalStatus on a live Condition; when a sender omits it, an abatement says
  // it is over, and otherwise we keep it (missing a red flag costs more than showing one).
  const active =
    clinical.length > 0 ? clinical.some((s) => ACTIVE_CLINICAL_STATUSES.has(s)) : read('conditionAbated', r).length === 0;
  const onset = firstDate(read('conditionOnset', r));
  const recorded = firstDate(read('conditionRecorded', r));
  const bodySites = readObjects<Coded>('bodySiteCodings', r);
  return routed.concepts
    .filter((concept) => SYMPTOM_CONCEPTS.has(concept))
    .map((concept) => ({
      concept,
      resourceType: 'Condition' as const,
      evidence: {
        reference: routed.reference,
        description: describeMatch(routed, concept),
        date: onset ?? recorded,
        value: clinical.length > 0 ? `clinical status ${clinical.join(', ')}` : undefined,
      },
      active,
      onset,
      knownSince: earliest(onset, recorded),
      bodySites,
      side: sideOf(routed, bodySites, concept),
      confirmed: verification.includes('confirmed'),
    }));
}

function isNegativeFinding(r: AnyResource): boolean {
  const value = observationValue(r);
  if (value.boolean === false) return true;
  return value.codings.some((c) => c.system === SNOMED && c.code !== undefined && NEGATIVE_CODES.has(c.code));
}

function symptomObservationRecords(routed: RoutedResource, input: FactsInput): ClinicalRecord[] {
  if (!routed.concepts.some((concept) => SYMPTOM_CONCEPTS.has(concept))) return [];
  const r = routed.pooled.resource;
  const status = readString('status', r);
  if (!status || !FINAL_STATUSES.has(status) || isNegativeFinding(r)) return [];
  const effective = effectiveOf(r, 'observationEffective');
  const withinWindow = effective === undefined || effective >= daysBefore(input.now, input.lookbackDays);
  const bodySites = readObjects<Coded>('bodySiteCodings', r);
  return routed.concepts
    .filter((concept) => SYMPTOM_CONCEPTS.has(concept))
    .map((concept) => ({
      concept,
      resourceType: 'Observation' as const,
      evidence: { reference: routed.reference, description: describeMatch(routed, concept), date: effective },
      active: withinWindow,
      knownSince: effective,
      bodySites,
      side: sideOf(routed, bodySites, concept),
      confirmed: true,
    }));
}

/** A result the routing pass found, before anything else is read from it. */
interface ResultCandidate {
  routed: RoutedResource;
  kinds: ResultKind[];
  effective?: Date;
}

function resultKindsOf(routed: RoutedResource): ResultKind[] {
  return [...new Set(routed.concepts.map((c) => RESULT_KIND_BY_CONCEPT[c]).filter((k): k is ResultKind => k !== undefined))];
}

/** Kinds where only the newest result matters: an electrolyte is judged by its latest level. */
const NEWEST_ONLY: ReadonlySet<ResultKind> = new Set<ResultKind>(['magnesium', 'potassium', 'calciumTotal', 'calciumIonized']);

function counts(candidate: ResultCandidate, patientId: string): boolean {
  const r = candidate.routed.pooled.resource;
  const status = readString('status', r);
  return status !== undefined && FINAL_STATUSES.has(status) && belongsTo(r, patientId);
}

/**
 * The results the rules read: the newest final result of each electrolyte, and every final ABI
 * (one per side matters) and LGI1 result. Electrolytes are walked newest first and only until one
 * counts, so years of potassium results cost one date read each and one full read in all.
 */
function selectResults(candidates: readonly ResultCandidate[], patientId: string): ResultRecord[] {
  const records: ResultRecord[] = [];
  const byKind = new Map<ResultKind, ResultCandidate[]>();
  for (const candidate of candidates) {
    for (const kind of candidate.kinds) byKind.set(kind, [...(byKind.get(kind) ?? []), candidate]);
  }
  for (const [kind, ofKind] of byKind) {
    if (!NEWEST_ONLY.has(kind)) {
      for (const candidate of ofKind) if (counts(candidate, patientId)) records.push(readResult(candidate, kind));
      continue;
    }
    for (const candidate of ofKind) candidate.effective ??= effectiveOf(candidate.routed.pooled.resource, 'observationEffective');
    const newestFirst = [...ofKind].sort((a, b) => (b.effective?.getTime() ?? -Infinity) - (a.effective?.getTime() ?? -Infinity));
    const newest = newestFirst.find((candidate) => counts(candidate, patientId));
    if (newest) records.push(readResult(newest, kind));
  }
  return records;
}

function readResult(candidate: ResultCandidate, kind: ResultKind): ResultRecord {
  const r = candidate.routed.pooled.resource;
  candidate.effective ??= effectiveOf(r, 'observationEffective');
  const { quantity, text: valueText, codings: valueCodings } = observationValue(r);
  return {
    kind,
    evidence: {
      reference: candidate.routed.reference,
      description: describeMatch(candidate.routed, candidate.routed.concepts.find((c) => RESULT_KIND_BY_CONCEPT[c] === kind)!),
      value: describeValue(quantity, valueText, valueCodings),
      date: candidate.effective,
    },
    effective: candidate.effective,
    quantity,
    interpretation: readStrings('observationInterpretation', r),
    referenceRange: normalRange(r),
    valueCodings,
    valueText,
    side: sideOf(candidate.routed, readObjects<Coded>('bodySiteCodings', r)),
  };
}

/** Units that mean "no unit": UCUM unity and annotations such as {ratio}. */
const DIMENSIONLESS = /^(1|\{[^}]*\})$/;

/** A result's value as the clinician should read it: "1.3 mg/dL", "0.82", "Positive (qualifier value)". */
function describeValue(quantity: QuantityLike | undefined, text: string | undefined, codings: Coded[]): string | undefined {
  if (quantity && typeof quantity.value === 'number') {
    const unit = typeof quantity.unit === 'string' ? quantity.unit : typeof quantity.code === 'string' ? quantity.code : '';
    return `${quantity.value}${unit && !DIMENSIONLESS.test(unit) ? ` ${unit.slice(0, 40)}` : ''}`;
  }
  if (text) return text.slice(0, 120);
  const coded = codings.find((c) => c.display || c.code);
  return coded ? (coded.display ?? coded.code)!.slice(0, 120) : undefined;
}

function emgRecord(routed: RoutedResource): EmgRecord | undefined {
  const r = routed.pooled.resource;
  if (!routed.concepts.some((c) => EMG_CONCEPTS.includes(c))) return undefined;
  const status = readString('status', r);
  if (!status || !FINAL_STATUSES.has(status)) return undefined;
  const findings =
    r.resourceType === 'DiagnosticReport'
      ? readObjects<Coded>('reportConclusionCodings', r)
      : observationValue(r).codings;
  const showsNeuromyotonia = findings.some((c) => conceptsOf(c.system, c.code).includes('neuromyotonia'));
  const date = effectiveOf(r, r.resourceType === 'DiagnosticReport' ? 'reportEffective' : 'observationEffective');
  const conclusion = r.resourceType === 'DiagnosticReport' ? readString('reportConclusion', r) : undefined;
  const finding = findings.find((c) => conceptsOf(c.system, c.code).includes('neuromyotonia'));
  return {
    evidence: {
      reference: routed.reference,
      description: describeMatch(routed, routed.concepts.find((c) => EMG_CONCEPTS.includes(c))!),
      value: finding
        ? `finding ${finding.display ?? CONCEPT.neuromyotonia.label} (ICD-10-CM ${finding.code})`
        : conclusion?.slice(0, 160),
      date,
    },
    date,
    showsNeuromyotonia,
  };
}

function orderRecords(routed: RoutedResource): OrderRecord[] {
  const r = routed.pooled.resource;
  const status = readString('status', r) ?? '';
  const isRequest = r.resourceType === 'ServiceRequest';
  if (!(isRequest ? PLACED_ORDER_STATUSES : PROCEDURE_DONE_STATUSES).has(status)) return [];
  const kinds = new Set(routed.concepts.map((c) => ORDER_KIND_BY_CONCEPT[c]).filter((k): k is OrderKind => k !== undefined));
  const date = isRequest
    ? (firstDate(read('requestAuthored', r)) ?? firstDate(read('requestOccurrence', r)))
    : firstDate(read('procedurePerformed', r));
  return [...kinds].map((kind) => {
    const concept = routed.concepts.find((c) => ORDER_KIND_BY_CONCEPT[c] === kind)!;
    return {
      kind,
      resourceType: isRequest ? ('ServiceRequest' as const) : ('Procedure' as const),
      evidence: { reference: routed.reference, description: describeMatch(routed, concept), value: status, date },
      status,
      date,
    };
  });
}

function stimulantEvidence(routed: RoutedResource): Evidence | undefined {
  const r = routed.pooled.resource;
  const status = readString('status', r);
  if (!status || !ACTIVE_MEDICATION_STATUSES.has(status)) return undefined;
  // medication[x] is a CodeableConcept or a Reference: read it once, then look at its codes and names.
  const medication = read('medication', r).find(isObject);
  if (!medication) return undefined;
  const codings = codingsOf(medication);
  const coded = codings.find((c) => {
    const concepts = conceptsOf(c.system, c.code);
    return concepts.includes('caffeine') || concepts.includes('methylphenidate');
  });
  if (coded) {
    return {
      reference: routed.reference,
      description: `${coded.display ?? coded.code} (RxNorm ${coded.code})`,
    };
  }
  const names = [medication.text, medication.display, ...codings.map((c) => c.display)].filter(
    (t): t is string => typeof t === 'string',
  );
  for (const text of names) {
    const lower = text.toLowerCase();
    const name = STIMULANT_NAMES.find((n) => lower.includes(n));
    if (name) {
      return { reference: routed.reference, description: `"${text.slice(0, 120)}" (matched the name "${name}")` };
    }
  }
  return undefined;
}

/** True when the pool documents twitching that counts now: the gate before any other work. */
export function hasActiveTwitching(routed: readonly RoutedResource[], input: FactsInput): boolean {
  return routed.some(
    (entry) =>
      entry.concepts.includes('twitching') &&
      belongsTo(entry.pooled.resource, input.patientId) &&
      clinicalRecordsOf(entry, input).some((rec) => rec.concept === 'twitching' && rec.active),
  );
}

function clinicalRecordsOf(entry: RoutedResource, input: FactsInput): ClinicalRecord[] {
  switch (entry.pooled.resource.resourceType) {
    case 'Condition':
      return conditionRecords(entry);
    case 'Observation':
      return symptomObservationRecords(entry, input);
    default:
      return [];
  }
}

export function buildPatientFacts(routed: readonly RoutedResource[], input: FactsInput): PatientFacts {
  const facts: PatientFacts = {
    patientId: input.patientId,
    records: [],
    results: [],
    emg: [],
    orders: [],
    stimulants: [],
    unavailable: input.unavailable,
  };
  const resultCandidates: ResultCandidate[] = [];
  for (const entry of routed) {
    const r = entry.pooled.resource;
    if (r.resourceType === 'Observation') {
      // Results are checked (status, patient) lazily in selectResults: most are never looked at.
      const kinds = resultKindsOf(entry);
      if (kinds.length > 0) resultCandidates.push({ routed: entry, kinds });
      if (!entry.concepts.some((c) => SYMPTOM_CONCEPTS.has(c) || EMG_CONCEPTS.includes(c))) continue;
    }
    if (!belongsTo(r, input.patientId)) continue;
    switch (r.resourceType) {
      case 'Patient':
        facts.birthDate = parseFhirDate(readString('birthDate', r));
        break;
      case 'Condition':
        facts.records.push(...conditionRecords(entry));
        break;
      case 'Observation': {
        facts.records.push(...symptomObservationRecords(entry, input));
        const emg = emgRecord(entry);
        if (emg) facts.emg.push(emg);
        break;
      }
      case 'DiagnosticReport': {
        const emg = emgRecord(entry);
        if (emg) facts.emg.push(emg);
        break;
      }
      case 'ServiceRequest':
      case 'Procedure':
        facts.orders.push(...orderRecords(entry));
        break;
      case 'MedicationStatement':
      case 'MedicationRequest': {
        const stimulant = stimulantEvidence(entry);
        if (stimulant) facts.stimulants.push(stimulant);
        break;
      }
    }
  }
  facts.results = selectResults(resultCandidates, input.patientId);
  return facts;
}
