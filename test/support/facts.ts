/**
 * PatientFacts for unit tests of the clinical families: records, results, EMG reports and orders
 * built directly, as the facts builder would leave them, so a rule is tested without FHIR or HTTP.
 */
import type { RuleContext } from '../../src/approach/context';
import type { DraftOrder, DraftTest } from '../../src/facts/draft-orders';
import { placesOfSites } from '../../src/facts/places';
import type { ClinicalRecord, Coded, EmgOutcome, EmgRecord, MedicineRecord, OrderRecord, PatientFacts, ResultRecord } from '../../src/facts/types';
import type { Place } from '../../src/knowledge/anatomy';
import type { ConceptId } from '../../src/knowledge/codes';
import type { OrderKind, ResultKind } from '../../src/knowledge/catalogue';
import { readQualitative } from '../../src/knowledge/interpretation';
import { INGREDIENTS } from '../../src/knowledge/medicines';
import type { Side } from '../../src/knowledge/laterality';
import { ELECTROLYTES, isElectrolyte } from '../../src/knowledge/catalogue';
import { NOW } from './builders';

export const CTX: RuleContext = { now: NOW, lookbackDays: 90, persistentAfterDays: 14, mriStrainWindowDays: 90, redFlagEstablishedDays: 90 };

/** The instant `days` days before NOW. */
export function ago(days: number): Date {
  return new Date(NOW.getTime() - days * 24 * 3600 * 1000);
}

export function facts(parts: Partial<PatientFacts> = {}): PatientFacts {
  return {
    patientId: 'pt-test',
    records: [],
    results: [],
    emg: [],
    orders: [],
    stimulants: [],
    medicines: [],
    unavailable: new Set(),
    ...parts,
    // The facts builder keeps results newest first.
    ...(parts.results ? { results: [...parts.results].sort((a, b) => (b.effective?.getTime() ?? -Infinity) - (a.effective?.getTime() ?? -Infinity)) } : {}),
  };
}

let counter = 0;
const nextId = (prefix: string) => `${prefix}-${(counter += 1)}`;

export interface RecordOptions {
  active?: boolean;
  onsetDaysAgo?: number;
  sinceDaysAgo?: number;
  resourceType?: ClinicalRecord['resourceType'];
  bodySites?: Coded[];
  /** Where it is; by default the places of its coded body sites. */
  places?: Place[];
  side?: Side;
  confirmed?: boolean;
  reference?: string;
  statedAs?: string;
  broadlyCoded?: boolean;
  /** Its words call it worsening. */
  progressive?: boolean;
}

/** A Condition (by default) that counts now, with an onset `onsetDaysAgo` days ago when given. */
export function record(concept: ConceptId, options: RecordOptions = {}): ClinicalRecord {
  const onset = options.onsetDaysAgo !== undefined ? ago(options.onsetDaysAgo) : undefined;
  const since = options.sinceDaysAgo !== undefined ? ago(options.sinceDaysAgo) : onset;
  return {
    concept,
    resourceType: options.resourceType ?? 'Condition',
    evidence: { reference: options.reference ?? `Condition/${nextId(concept)}`, description: concept, date: since },
    active: options.active ?? true,
    onset,
    knownSince: since,
    bodySites: options.bodySites ?? [],
    places: options.places ?? placesOfSites(options.bodySites ?? []),
    side: options.side,
    confirmed: options.confirmed ?? true,
    statedAs: options.statedAs,
    ...(options.broadlyCoded ? { broadlyCoded: true } : {}),
    ...(options.progressive ? { progressive: true } : {}),
  };
}

/** Twitching with its onset `days` days ago. */
export function twitching(days: number, options: RecordOptions = {}): ClinicalRecord {
  return record('twitching', { onsetDaysAgo: days, ...options });
}

export interface ResultOptions {
  daysAgo?: number;
  interpretation?: readonly string[];
  rangeLow?: number;
  comparator?: string;
  side?: Side;
  valueCodings?: readonly Coded[];
  valueText?: string;
  unassessable?: string;
  reference?: string;
  /** The unit as sent measured mass or substance (the facts tell from the unit). */
  sentAs?: 'mass' | 'substance';
}

/** A final result whose value is already in the kind's canonical unit (as the facts builder converts it). */
export function result(kind: ResultKind, value: number | undefined, options: ResultOptions = {}): ResultRecord {
  const unit = isElectrolyte(kind) ? ELECTROLYTES[kind].canonicalUnit : kind === 'albumin' ? 'g/dL' : kind === 'ankleBrachialIndex' ? '1' : '';
  const effective = ago(options.daysAgo ?? 2);
  return {
    kind,
    evidence: {
      reference: options.reference ?? `Observation/${nextId(kind)}`,
      description: kind,
      value: value === undefined ? undefined : `${value} ${unit}`,
      date: effective,
    },
    effective,
    quantity: value === undefined ? undefined : { value, unit, comparator: options.comparator },
    measured:
      kind === 'lgi1Antibody'
        ? undefined
        : options.unassessable !== undefined
          ? { ok: false, reason: options.unassessable }
          : value === undefined
            ? { ok: false, reason: 'the result has no numeric value' }
            : { ok: true, value, unit, ...(options.sentAs ? { sentAs: options.sentAs } : {}) },
    rangeLow: options.rangeLow,
    interpretation: [...(options.interpretation ?? [])],
    valueCodings: [...(options.valueCodings ?? [])],
    valueText: options.valueText,
    reading:
      kind === 'lgi1Antibody'
        ? readQualitative({ interpretation: options.interpretation ?? [], valueCodings: options.valueCodings ?? [], valueText: options.valueText })
        : undefined,
    side: options.side,
  };
}

export function order(
  kind: OrderKind,
  options: { daysAgo?: number; status?: string; resourceType?: OrderRecord['resourceType']; concept?: ConceptId } = {},
): OrderRecord {
  const date = options.daysAgo === undefined ? undefined : ago(options.daysAgo);
  const status = options.status ?? 'active';
  return {
    kind,
    concept: options.concept ?? (kind === 'calcium' ? 'calciumTotal' : kind),
    resourceType: options.resourceType ?? 'ServiceRequest',
    evidence: { reference: `ServiceRequest/${nextId(kind)}`, description: kind, value: status, date },
    status,
    date,
  };
}

export function emg(options: { daysAgo?: number; neuromyotonia?: boolean; outcome?: EmgOutcome } = {}): EmgRecord {
  const date = options.daysAgo === undefined ? undefined : ago(options.daysAgo);
  const showsNeuromyotonia = options.neuromyotonia ?? false;
  const outcome = options.outcome ?? (showsNeuromyotonia ? 'neuromyotonia' : 'unstated');
  return { evidence: { reference: `DiagnosticReport/${nextId('emg')}`, description: 'EMG', date }, date, showsNeuromyotonia, outcome };
}

/** An active medication of an ingredient that lowers an electrolyte ("furosemide"), matched by its name unless said otherwise. */
export function medicine(name: string, options: { matchedBy?: MedicineRecord['matchedBy']; description?: string } = {}): MedicineRecord {
  const ingredient = INGREDIENTS.find((i) => i.name === name);
  if (!ingredient) throw new Error(`no ingredient "${name}" in knowledge/medicines`);
  const matchedBy = options.matchedBy ?? 'name';
  const description = options.description ?? (matchedBy === 'name' ? `"${name} tablet" (matched the name "${name}")` : `${name} (RxNorm)`);
  return { ingredient, matchedBy, evidence: { reference: `MedicationStatement/${nextId(name)}`, description } };
}

let draftIndex = 0;

/** A draft order of one or more tests; selected unless said otherwise. */
export function draft(
  tests: (OrderKind | DraftTest)[],
  options: { selected?: boolean; id?: string; reasonConcepts?: ConceptId[]; reasonReferences?: string[] } = {},
): DraftOrder {
  const id = options.id ?? nextId('draft');
  return {
    index: (draftIndex += 1),
    resourceType: 'ServiceRequest',
    resourceId: `ServiceRequest/${id}`,
    tests: tests.map((t) => (typeof t === 'string' ? { kind: t, concept: t === 'calcium' ? 'calciumTotal' : (t as ConceptId) } : t)),
    evidence: { reference: `ServiceRequest/${id}`, description: tests.map((t) => (typeof t === 'string' ? t : t.kind)).join(', ') },
    forTwitching: false,
    reasonConcepts: options.reasonConcepts ?? [],
    reasonReferences: options.reasonReferences ?? [],
    selected: options.selected ?? true,
  };
}
