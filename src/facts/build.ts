/**
 * Pass 2: routed resources -> PatientFacts. Routing (route.ts) found the resources that matter by
 * their codes, or by their words when they have no usable code; everything read from them here
 * (status, dates, values, body sites) goes through the compiled FHIRPath expressions (reads.ts,
 * results.ts). Where a record is comes from its coded body sites, else from its words (places.ts).
 */
import { CONCEPT, conceptsOf, type ConceptId } from '../knowledge/codes';
import { ORDER_KIND_BY_CONCEPT, type OrderKind } from '../knowledge/catalogue';
import { BROAD_CODES, EMG_CONCEPTS, STIMULANT_CONCEPTS, STIMULANT_NAMES, SYMPTOM_CONCEPTS } from '../knowledge/concept-groups';
import { emgOutcome } from '../knowledge/emg-report';
import { NEGATIVE_CODES } from '../knowledge/interpretation';
import { ingredientInWords, ingredientOfConcept } from '../knowledge/medicines';
import { SNOMED } from '../knowledge/systems';
import { daysBefore, parseFhirDate } from '../fhir/dates';
import { read, readObjects, readString, readStrings } from '../fhir/fhirpath';
import type { AnyResource } from '../fhir/resources';
import { HAMSTRING_PARTS, type Place } from '../knowledge/anatomy';
import { placesBeyond, placesOfSites, sideOfPlaces } from './places';
import { belongsTo, codingsOf, describeMatch, earliest, effectiveOf, FINAL_STATUSES, firstDate, isObject, observationValue, sideOf } from './reads';
import { selectResults } from './results';
import { wordsOf, type RoutedResource } from './route';
import { dailyMilligrams } from './dose';
import type { ClinicalRecord, Coded, EmgRecord, MedicineRecord, OrderRecord, PatientFacts, StimulantEvidence } from './types';
import { readWords } from './words';

export interface FactsInput {
  patientId: string;
  now: Date;
  lookbackDays: number;
  unavailable: ReadonlySet<string>;
}

const ACTIVE_CLINICAL_STATUSES = new Set(['active', 'recurrence', 'relapse']);
const DISCARDED_VERIFICATION = new Set(['refuted', 'entered-in-error']);
const PLACED_ORDER_STATUSES = new Set(['active', 'on-hold', 'completed']);
const PROCEDURE_DONE_STATUSES = new Set(['completed', 'in-progress']);
const ACTIVE_MEDICATION_STATUSES = new Set(['active', 'intended', 'on-hold']);

/** What a record's words add to its codes: where it is, whether it is worsening, since when. */
interface Placing {
  places: Place[];
  progressive: boolean;
  durationDays?: number;
  /** The quote, when the record was read from words. */
  fromWords?: string;
}

/** The words of a resource's body sites: their text and their codings' displays. */
function bodySiteWords(r: AnyResource, bodySites: readonly Coded[]): string {
  const words = read('bodySiteText', r).filter((t): t is string => typeof t === 'string');
  for (const site of bodySites) if (typeof site.display === 'string') words.push(site.display);
  return words.join('; ');
}

/**
 * Coded body sites decide where a record is; without one our value sets know, the body site's own
 * words (text, displays); with no coded site at all, the words of the code (its text and displays).
 * Progression and duration come from the code's words.
 */
function placingOf(routed: RoutedResource, bodySites: readonly Coded[]): Placing {
  const r = routed.pooled.resource;
  const codeWords = routed.words ?? (wordsOf(r.code).length > 0 ? readWords(wordsOf(r.code)) : undefined);
  let places = placesOfSites(bodySites);
  const siteWords = bodySiteWords(r, bodySites);
  const wordPlaces = [...(siteWords.length > 0 ? readWords(siteWords).places : []), ...(codeWords?.places ?? [])];
  if (places.length === 0) places = siteWords.length > 0 ? readWords(siteWords).places : [];
  // A coded site with no side ("Foot structure") takes the side the words give the same part ("both feet").
  else
    places = places.map((p) => {
      const side = p.side ?? wordPlaces.find((w) => w.part === p.part && w.side)?.side;
      return side ? { ...p, side } : p;
    });
  // A coded site we cannot place still says where it is: the code's words do not override it.
  if (places.length === 0 && bodySites.every((site) => site.code === undefined)) places = codeWords?.places ?? [];
  return {
    places,
    progressive: codeWords?.progressive ?? false,
    durationDays: codeWords?.durationDays,
    fromWords: routed.words?.quote,
  };
}

/** "For 3 weeks" with no onset: the onset is that long before the record was made (none if it has no date). */
function onsetFromDuration(onset: Date | undefined, made: Date | undefined, placing: Placing): Date | undefined {
  if (onset || !made || placing.durationDays === undefined) return onset;
  return daysBefore(made, placing.durationDays);
}

/**
 * Side from the codes, else from the places: for twitching, the side of the places where the
 * hamstring may be ("left hamstring and right arm" is left hamstring twitching).
 */
function sideOfRecord(routed: RoutedResource, bodySites: readonly Coded[], concept: ConceptId, places: readonly Place[]) {
  const hamstring = concept === 'twitching' ? places.filter((p) => HAMSTRING_PARTS.has(p.part)) : [];
  return sideOf(routed, bodySites, concept) ?? sideOfPlaces(hamstring.length > 0 ? hamstring : places);
}

function describeRecord(routed: RoutedResource, concept: ConceptId, placing: Placing): string {
  return placing.fromWords !== undefined ? `"${placing.fromWords}" (the entry's own words; no code)` : describeMatch(routed, concept);
}

function wordFields(placing: Placing): Pick<ClinicalRecord, 'progressive' | 'fromWords'> {
  return {
    ...(placing.progressive ? { progressive: true } : {}),
    ...(placing.fromWords !== undefined ? { fromWords: placing.fromWords } : {}),
  };
}

function conditionRecords(routed: RoutedResource): ClinicalRecord[] {
  const r = routed.pooled.resource;
  const verification = readStrings('conditionVerificationStatus', r);
  if (verification.some((v) => DISCARDED_VERIFICATION.has(v))) return [];
  const clinical = readStrings('conditionClinicalStatus', r);
  // R4 requires clinicalStatus on a live Condition; when a sender omits it, an abatement says
  // it is over, and otherwise we keep it (missing a red flag costs more than showing one).
  const active = clinical.length > 0 ? clinical.some((s) => ACTIVE_CLINICAL_STATUSES.has(s)) : read('conditionAbated', r).length === 0;
  const recorded = firstDate(read('conditionRecorded', r));
  const bodySites = readObjects<Coded>('bodySiteCodings', r);
  const placing = placingOf(routed, bodySites);
  const onset = onsetFromDuration(firstDate(read('conditionOnset', r)), recorded, placing);
  const statedAs = statedWords(r);
  return routed.concepts
    .filter((concept) => SYMPTOM_CONCEPTS.has(concept))
    .map((concept) => ({
      concept,
      resourceType: 'Condition' as const,
      evidence: {
        reference: routed.reference,
        description: describeRecord(routed, concept, placing),
        date: onset ?? recorded,
        // An active problem needs no word; "resolved" or "inactive" does.
        value: clinical.length > 0 && !clinical.some((c) => ACTIVE_CLINICAL_STATUSES.has(c)) ? clinical.join(', ') : undefined,
      },
      active,
      onset,
      knownSince: earliest(onset, recorded),
      bodySites,
      places: placing.places,
      side: sideOfRecord(routed, bodySites, concept, placing.places),
      confirmed: verification.includes('confirmed'),
      statedAs,
      ...(routed.words === undefined &&
      routed.matches.every((m) => m.concept !== concept || BROAD_CODES.has(`${m.system}|${m.code.toUpperCase().replace('.', '')}`))
        ? { broadlyCoded: true }
        : {}),
      ...wordFields(placing),
    }));
}

/** A Condition's own words: code.text and its codings' displays ("Isaacs syndrome" under G71.19). */
function statedWords(r: AnyResource): string | undefined {
  const words = [readString('codeText', r), ...readObjects<Coded>('codings', r).map((c) => c.display)].filter(
    (w): w is string => typeof w === 'string' && w.length > 0,
  );
  return words.length > 0 ? words.join(' | ').slice(0, 500) : undefined;
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
  const placing = placingOf(routed, bodySites);
  const onset = onsetFromDuration(undefined, effective, placing);
  return routed.concepts
    .filter((concept) => SYMPTOM_CONCEPTS.has(concept))
    .map((concept) => ({
      concept,
      resourceType: 'Observation' as const,
      evidence: { reference: routed.reference, description: describeRecord(routed, concept, placing), date: effective },
      active: withinWindow,
      ...(onset ? { onset } : {}),
      knownSince: earliest(onset, effective),
      bodySites,
      places: placing.places,
      side: sideOfRecord(routed, bodySites, concept, placing.places),
      confirmed: true,
      ...wordFields(placing),
    }));
}

function emgRecord(routed: RoutedResource): EmgRecord | undefined {
  const r = routed.pooled.resource;
  if (!routed.concepts.some((c) => EMG_CONCEPTS.has(c))) return undefined;
  const status = readString('status', r);
  if (!status || !FINAL_STATUSES.has(status)) return undefined;
  const findings = r.resourceType === 'DiagnosticReport' ? readObjects<Coded>('reportConclusionCodings', r) : observationValue(r).codings;
  const showsNeuromyotonia = findings.some((c) => conceptsOf(c.system, c.code).includes('neuromyotonia'));
  const date = effectiveOf(r, r.resourceType === 'DiagnosticReport' ? 'reportEffective' : 'observationEffective');
  const conclusion = r.resourceType === 'DiagnosticReport' ? readString('reportConclusion', r) : undefined;
  const finding = findings.find((c) => conceptsOf(c.system, c.code).includes('neuromyotonia'));
  return {
    evidence: {
      reference: routed.reference,
      description: describeMatch(
        routed,
        routed.concepts.find((c) => EMG_CONCEPTS.has(c))!,
      ),
      value: finding ? `shows ${finding.display ?? CONCEPT.neuromyotonia.label}` : conclusion?.slice(0, 160),
      date,
    },
    date,
    showsNeuromyotonia,
    outcome: emgOutcome(showsNeuromyotonia, findings, conclusion),
  };
}

function orderRecords(routed: RoutedResource): OrderRecord[] {
  const r = routed.pooled.resource;
  const status = readString('status', r) ?? '';
  const isRequest = r.resourceType === 'ServiceRequest';
  if (!(isRequest ? PLACED_ORDER_STATUSES : PROCEDURE_DONE_STATUSES).has(status)) return [];
  const kinds = new Set(routed.concepts.map((c) => ORDER_KIND_BY_CONCEPT.get(c)).filter((k): k is OrderKind => k !== undefined));
  const date = isRequest ? (firstDate(read('requestAuthored', r)) ?? firstDate(read('requestOccurrence', r))) : firstDate(read('procedurePerformed', r));
  return [...kinds].map((kind) => {
    const concept = routed.concepts.find((c) => ORDER_KIND_BY_CONCEPT.get(c) === kind)!;
    return {
      kind,
      concept,
      resourceType: isRequest ? ('ServiceRequest' as const) : ('Procedure' as const),
      evidence: { reference: routed.reference, description: describeMatch(routed, concept), value: status, date },
      status,
      date,
    };
  });
}

/** An active medication's codes and names, read once for every question the facts ask of it. */
interface ActiveMedication {
  resource: AnyResource;
  codings: Coded[];
  /** Its text, its display and its codings' displays: where a product's name is written. */
  names: string[];
}

function activeMedication(routed: RoutedResource): ActiveMedication | undefined {
  const r = routed.pooled.resource;
  const status = readString('status', r);
  if (!status || !ACTIVE_MEDICATION_STATUSES.has(status)) return undefined;
  // medication[x] is a CodeableConcept or a Reference: read it once, then look at its codes and names.
  const medication = read('medication', r).find(isObject);
  if (!medication) return undefined;
  const codings = codingsOf(medication);
  const names = [medication.text, medication.display, ...codings.map((c) => c.display)].filter((t): t is string => typeof t === 'string');
  return { resource: r, codings, names };
}

function stimulantEvidence(routed: RoutedResource, { resource: r, codings, names }: ActiveMedication): StimulantEvidence | undefined {
  const caffeineMgPerDay = (caffeine: boolean) => {
    if (!caffeine) return {};
    const mg = dailyMilligrams(read(r.resourceType === 'MedicationRequest' ? 'requestDosage' : 'statementDosage', r), names.join(' '));
    return mg === undefined ? {} : { caffeineMgPerDay: mg };
  };
  const coded = codings.find((c) => conceptsOf(c.system, c.code).some((concept) => STIMULANT_CONCEPTS.includes(concept)));
  if (coded) {
    const concept = conceptsOf(coded.system, coded.code).find((c) => STIMULANT_CONCEPTS.includes(c))!;
    return {
      reference: routed.reference,
      description: coded.display ?? CONCEPT[concept].label,
      ...caffeineMgPerDay(concept === 'caffeine'),
    };
  }
  for (const text of names) {
    const lower = text.toLowerCase();
    const name = STIMULANT_NAMES.find((n) => lower.includes(n));
    if (name) {
      return { reference: routed.reference, description: `"${text.slice(0, 120)}" (matched the name "${name}")`, ...caffeineMgPerDay(name === 'caffeine') };
    }
  }
  return undefined;
}

/**
 * A medicine that lowers an electrolyte: its RxNorm ingredient code, else the ingredient's name in
 * the medication's text or displays (real charts carry product codes more often than ingredients).
 */
function medicineRecord(routed: RoutedResource, { codings, names }: ActiveMedication): MedicineRecord | undefined {
  for (const coding of codings) {
    const ingredient = conceptsOf(coding.system, coding.code)
      .map(ingredientOfConcept)
      .find((i) => i !== undefined);
    if (ingredient) {
      const description = `${coding.display ?? CONCEPT[ingredient.concept!].label} (RxNorm ${coding.code})`;
      return { ingredient, matchedBy: 'code', evidence: { reference: routed.reference, description } };
    }
  }
  for (const text of names) {
    const ingredient = ingredientInWords(text);
    if (ingredient) {
      const description = `"${text.slice(0, 120)}" (matched the name "${ingredient.name}")`;
      return { ingredient, matchedBy: 'name', evidence: { reference: routed.reference, description } };
    }
  }
  return undefined;
}
/**
 * A coded body site that is not where hamstring twitching may be: a known site elsewhere (the upper
 * arm, the calf), or a code our value sets do not know. The thigh and a lower limb with no part
 * named are not beyond it.
 */
export function isBeyondTheThigh(site: Coded): boolean {
  if (site.code === undefined) return false;
  const places = placesOfSites([site]);
  return places.length === 0 || places.some((p) => !HAMSTRING_PARTS.has(p.part));
}

/** The places of a record that are not where hamstring twitching may be: what rules call "beyond the hamstring". */
export function placesBeyondTheHamstring(record: ClinicalRecord): Place[] {
  return placesBeyond(record.places);
}

/**
 * Twitching of the hamstring: at the thigh or at a lower limb with no part named (coded, or in the
 * record's words), or placed nowhere at all (a problem list's "fasciculation" is taken as the
 * twitching the EHR asks about). Fasciculations placed only elsewhere (the upper arm; "left eyelid
 * twitching" in an R25.3's text), or at a coded site our value sets do not know, are not hamstring
 * twitching and do not open this approach.
 */
export function isHamstringTwitching(record: ClinicalRecord): boolean {
  if (record.concept !== 'twitching') return false;
  if (record.places.some((p) => HAMSTRING_PARTS.has(p.part))) return true;
  return record.places.length === 0 && record.bodySites.every((site) => site.code === undefined);
}

/** True when the pool documents hamstring twitching that counts now: the gate before any other work. */
export function hasActiveTwitching(routed: readonly RoutedResource[], input: FactsInput): boolean {
  return routed.some(
    (entry) =>
      entry.concepts.includes('twitching') &&
      belongsTo(entry.pooled.resource, input.patientId) &&
      clinicalRecordsOf(entry, input).some((rec) => rec.active && isHamstringTwitching(rec)),
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

function isSymptomOrEmg(concept: ConceptId): boolean {
  return SYMPTOM_CONCEPTS.has(concept) || EMG_CONCEPTS.has(concept);
}

export function buildPatientFacts(routed: readonly RoutedResource[], input: FactsInput): PatientFacts {
  const facts: PatientFacts = {
    patientId: input.patientId,
    records: [],
    results: [],
    emg: [],
    orders: [],
    stimulants: [],
    medicines: [],
    unavailable: input.unavailable,
  };
  for (const entry of routed) {
    const r = entry.pooled.resource;
    // Results are read in selectResults, which checks (status, patient) only the few it keeps.
    if (r.resourceType === 'Observation' && !entry.concepts.some(isSymptomOrEmg)) continue;
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
        const medication = activeMedication(entry);
        if (!medication) break;
        const stimulant = stimulantEvidence(entry, medication);
        if (stimulant) facts.stimulants.push(stimulant);
        const medicine = medicineRecord(entry, medication);
        if (medicine) facts.medicines.push(medicine);
        break;
      }
    }
  }
  facts.results = selectResults(routed, input.patientId);
  return facts;
}
