/**
 * The catalogue of tests and analytes: one row for each thing the approach measures or orders,
 * with everything the service knows about it, written once. The maps the rules ask (which kind a
 * code names, what answers the electrolytes the approach asks for, what a recheck orders, what an
 * order makes redundant) are derived from these rows below; none is typed a second time.
 *
 * Codes live in the value sets (knowledge/codes.ts), under the concept ids a row names; cut-offs
 * and their sources in knowledge/thresholds.ts, which a row points at. A new analyte is a row here,
 * its concept in codes.ts and, when it has one, its cut-off in thresholds.ts.
 */
import type { ConceptId } from './codes';
import { CPT, ICD10CM, LOINC, SNOMED } from './systems';
import { ABI_BANDS, ALBUMIN, ELECTROLYTE_THRESHOLDS, type ElectrolyteThresholds } from './thresholds';

/** What the approach asks for ("magnesium, potassium, and calcium levels", ref 1), in card order; each is also the word a card uses. */
export type RequiredElectrolyte = 'magnesium' | 'potassium' | 'calcium';

/** A code an order carries; its display is the value set's (a test checks each against codes.ts). */
export interface OrderCode {
  readonly concept: ConceptId;
  readonly system: string;
  readonly code: string;
}

export interface Orderable {
  /** ServiceRequest.code.text: what the clinician reads in the order. */
  readonly text: string;
  readonly codes: readonly OrderCode[];
}

/**
 * How a row handles the side of the body:
 * - `none`: no side (a blood test; an EMG, whose regions follow the question, in its text);
 * - `each-leg`: a result is read for each leg from its bodySite, and the newest of each leg matters (ABI);
 * - `ordered-side`: the order carries the side of the record as its bodySite (MRI of the thigh).
 */
export type SideHandling = 'none' | 'each-leg' | 'ordered-side';

interface Row {
  /** How a card names it at the head of a sentence ("Low magnesium", "Total calcium"). */
  readonly label: string;
  /** How the duplicate-order card names the test, when it differs from the label. */
  readonly testLabel?: string;
  /** The concept whose codes identify a result of this kind; a row with one is a kind of result. */
  readonly resultConcept?: ConceptId;
  /** The concepts whose codes name an order or procedure of this kind (an NCS counts as the EMG). */
  readonly orderConcepts?: readonly ConceptId[];
  /** The order kind those codes name: both calcium measurements are one "calcium" order kind. */
  readonly orderKind?: string;
  /** A level read in this unit (UCUM) and judged by its newest result, with what converts it. */
  readonly level?: {
    readonly canonicalUnit: string;
    /** Molar mass (g/mol) and absolute ionic charge, for mass <-> substance <-> equivalents conversion. */
    readonly molarMass: number;
    readonly charge: number;
    /**
     * The units a laboratory reports it in, as a UCUM dimension: a potassium "in mg/dL" is a
     * mislabelled unit, not 4 mg/dL of potassium (which would read as a severe 1 mmol/L).
     */
    readonly reportedAs: readonly ('mass' | 'substance')[];
  };
  /** Its cut-offs and their sources (knowledge/thresholds.ts). */
  readonly thresholds?: unknown;
  /** The electrolyte the approach asks for that a result of this kind answers. */
  readonly answers?: RequiredElectrolyte;
  /** The analytes a panel measures (a recheck or check of each is answered by the panel). */
  readonly carries?: readonly string[];
  /** Other order kinds this one contains in full. */
  readonly includes?: readonly string[];
  /** The orders our suggestions create for it; the first is its recheck. */
  readonly orderables?: Readonly<Record<string, Orderable>>;
  /** The deficiency the recheck of a severe low is for, its reasonCode beside the twitching (ICD-10-CM, as in codes.ts). */
  readonly deficiency?: { readonly concept: ConceptId; readonly system: string; readonly code: string; readonly text: string };
  readonly sides: SideHandling;
}

const HYPOCALCEMIA = { concept: 'hypocalcemia', system: ICD10CM, code: 'E83.51', text: 'Severe hypocalcemia' } as const;

const ROWS = {
  magnesium: {
    label: 'Magnesium',
    testLabel: 'Serum magnesium',
    resultConcept: 'magnesium',
    orderConcepts: ['magnesium'],
    orderKind: 'magnesium',
    level: { canonicalUnit: 'mg/dL', molarMass: 24.305, charge: 2, reportedAs: ['mass', 'substance'] },
    thresholds: ELECTROLYTE_THRESHOLDS.magnesium,
    answers: 'magnesium',
    orderables: {
      magnesium: {
        text: 'Serum magnesium',
        codes: [
          { concept: 'magnesium', system: LOINC, code: '19123-9' },
          { concept: 'magnesium', system: CPT, code: '83735' },
        ],
      },
    },
    deficiency: { concept: 'hypomagnesemia', system: ICD10CM, code: 'E83.42', text: 'Severe hypomagnesemia' },
    sides: 'none',
  },
  potassium: {
    label: 'Potassium',
    resultConcept: 'potassium',
    orderConcepts: ['potassium'],
    orderKind: 'potassium',
    level: { canonicalUnit: 'mmol/L', molarMass: 39.0983, charge: 1, reportedAs: ['substance'] },
    thresholds: ELECTROLYTE_THRESHOLDS.potassium,
    answers: 'potassium',
    orderables: { potassium: { text: 'Serum potassium', codes: [{ concept: 'potassium', system: LOINC, code: '2823-3' }] } },
    deficiency: { concept: 'hypokalemia', system: ICD10CM, code: 'E87.6', text: 'Severe hypokalemia' },
    sides: 'none',
  },
  calciumTotal: {
    label: 'Total calcium',
    resultConcept: 'calciumTotal',
    orderConcepts: ['calciumTotal'],
    orderKind: 'calcium',
    level: { canonicalUnit: 'mg/dL', molarMass: 40.078, charge: 2, reportedAs: ['mass', 'substance'] },
    thresholds: ELECTROLYTE_THRESHOLDS.calciumTotal,
    answers: 'calcium',
    orderables: { calcium: { text: 'Serum calcium (total)', codes: [{ concept: 'calciumTotal', system: LOINC, code: '17861-6' }] } },
    deficiency: HYPOCALCEMIA,
    sides: 'none',
  },
  calciumIonized: {
    label: 'Ionized calcium',
    resultConcept: 'calciumIonized',
    orderConcepts: ['calciumIonized'],
    orderKind: 'calcium',
    level: { canonicalUnit: 'mmol/L', molarMass: 40.078, charge: 2, reportedAs: ['mass', 'substance'] },
    thresholds: ELECTROLYTE_THRESHOLDS.calciumIonized,
    answers: 'calcium',
    orderables: {
      calciumIonized: { text: 'Ionized calcium (serum or plasma)', codes: [{ concept: 'calciumIonized', system: LOINC, code: '1995-0' }] },
    },
    deficiency: HYPOCALCEMIA,
    sides: 'none',
  },
  // Read only to adjust total calcium; never suggested. Albumin is weighed, not counted: no molar
  // conversion is meant (the molar mass only keeps UCUM's arithmetic happy).
  albumin: {
    label: 'Serum albumin',
    resultConcept: 'albumin',
    level: { canonicalUnit: 'g/dL', molarMass: 66_500, charge: 0, reportedAs: ['mass'] },
    thresholds: ALBUMIN,
    sides: 'none',
  },
  // CPT 80048 and LOINC 24321-2, 51990-0: potassium and total calcium, never magnesium.
  basicMetabolicPanel: {
    label: 'Basic metabolic panel',
    orderConcepts: ['basicMetabolicPanel'],
    orderKind: 'basicMetabolicPanel',
    carries: ['potassium', 'calciumTotal'],
    sides: 'none',
  },
  // LOINC 24323-8: the basic panel and liver tests; no magnesium either.
  comprehensiveMetabolicPanel: {
    label: 'Comprehensive metabolic panel',
    orderConcepts: ['comprehensiveMetabolicPanel'],
    orderKind: 'comprehensiveMetabolicPanel',
    carries: ['potassium', 'calciumTotal'],
    includes: ['basicMetabolicPanel'],
    sides: 'none',
  },
  ankleBrachialIndex: {
    label: 'Ankle-brachial index',
    resultConcept: 'ankleBrachialIndex',
    orderConcepts: ['ankleBrachialStudy', 'ankleBrachialIndex'],
    orderKind: 'ankleBrachialIndex',
    thresholds: ABI_BANDS,
    orderables: { ankleBrachialIndex: { text: 'Ankle-brachial index, both legs', codes: [{ concept: 'ankleBrachialStudy', system: CPT, code: '93922' }] } },
    sides: 'each-leg',
  },
  lgi1Antibody: {
    label: 'LGI1 antibody',
    resultConcept: 'lgi1Antibody',
    orderConcepts: ['lgi1Antibody'],
    orderKind: 'lgi1Antibody',
    orderables: { lgi1Antibody: { text: 'LGI1 antibody (serum)', codes: [{ concept: 'lgi1Antibody', system: LOINC, code: '82978-8' }] } },
    sides: 'none',
  },
  electromyography: {
    label: 'EMG with nerve conduction studies',
    orderConcepts: ['electromyography', 'nerveConductionStudy'],
    orderKind: 'electromyography',
    orderables: {
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
    },
    sides: 'none',
  },
  mriThigh: {
    label: 'MRI of the thigh',
    orderConcepts: ['mriLowerLimb', 'mriThigh'],
    orderKind: 'mriThigh',
    orderables: {
      mriThigh: {
        text: 'MRI of the thigh without contrast',
        codes: [
          { concept: 'mriThigh', system: SNOMED, code: '241640003' },
          { concept: 'mriLowerLimb', system: CPT, code: '73718' },
        ],
      },
    },
    sides: 'ordered-side',
  },
} as const satisfies Record<string, Row>;

type Rows = typeof ROWS;
export type CatalogueId = keyof Rows;

/** Ids of the rows that have `K`, as a union. */
type With<K extends PropertyKey> = { [Id in CatalogueId]: Rows[Id] extends Record<K, unknown> ? Id : never }[CatalogueId];

/** What a result measures: an electrolyte, the albumin that adjusts calcium, the ankle-brachial index, an LGI1 antibody screen. */
export type ResultKind = With<'resultConcept'>;
/** The electrolytes the approach judges: the rows that answer one it asks for. */
export type Electrolyte = With<'answers'>;
/** What an order or a procedure is, as the approach names it. */
export type OrderKind = Rows[With<'orderKind'>]['orderKind'];
/** An order our suggestions create. */
export type SuggestedOrder = { [Id in With<'orderables'>]: keyof Rows[Id]['orderables'] }[With<'orderables'>];

export const CATALOGUE: Readonly<Record<CatalogueId, Row>> = ROWS;
const IDS = Object.keys(ROWS) as CatalogueId[];
const rowsWith = <K extends keyof Row>(key: K): CatalogueId[] => IDS.filter((id) => CATALOGUE[id][key] !== undefined);

/** A record with one entry for each key, in the order given. */
function byKey<K extends string, V>(keys: readonly K[], value: (key: K) => V): Record<K, V> {
  return Object.fromEntries(keys.map((key) => [key, value(key)])) as Record<K, V>;
}

// ---- Derived: codes to kinds ----

/** Which kind of order a code names (a nerve conduction study is ordered with, and counts as, the EMG). */
export const ORDER_KIND_BY_CONCEPT: ReadonlyMap<ConceptId, OrderKind> = new Map(
  rowsWith('orderKind').flatMap((id) => (CATALOGUE[id].orderConcepts ?? []).map((concept) => [concept, CATALOGUE[id].orderKind as OrderKind] as const)),
);

export const RESULT_KIND_BY_CONCEPT: ReadonlyMap<ConceptId, ResultKind> = new Map(
  (rowsWith('resultConcept') as ResultKind[]).map((id) => [CATALOGUE[id].resultConcept!, id] as const),
);

/** Kinds judged by their newest result alone: a level (an electrolyte, albumin) is its latest value. */
export const NEWEST_RESULT_ONLY: ReadonlySet<ResultKind> = new Set(rowsWith('level') as ResultKind[]);

/** The unit a level is compared in, and what converts a result to it; undefined for kinds that are not levels. */
export function levelOf(kind: ResultKind): Row['level'] {
  return CATALOGUE[kind].level;
}

// ---- Derived: electrolytes and their cut-offs ----

export interface ElectrolyteKnowledge extends ElectrolyteThresholds {
  readonly analyte: Electrolyte;
  readonly label: string;
  /** The concept whose codes identify a result of this analyte. */
  readonly concept: ConceptId;
  /** The unit results are compared in (UCUM). */
  readonly canonicalUnit: string;
  readonly molarMass: number;
  readonly charge: number;
  readonly reportedAs: readonly ('mass' | 'substance')[];
}

const ELECTROLYTE_IDS = rowsWith('answers') as Electrolyte[];

/** Each electrolyte with its unit and cut-offs, in card order (magnesium, potassium, total then ionized calcium). */
export const ELECTROLYTES: Readonly<Record<Electrolyte, ElectrolyteKnowledge>> = byKey(ELECTROLYTE_IDS, (analyte): ElectrolyteKnowledge => {
  const row = ROWS[analyte];
  return { analyte, label: row.label, concept: row.resultConcept, ...row.level, ...row.thresholds };
});

export function isElectrolyte(kind: string): kind is Electrolyte {
  return (ELECTROLYTE_IDS as string[]).includes(kind);
}

// ---- Derived: what answers what ----

/** The analytes the approach asks for, in card order. */
export const REQUIRED_ELECTROLYTES: readonly RequiredElectrolyte[] = [...new Set(ELECTROLYTE_IDS.map((id) => ROWS[id].answers))];

/** Which measured analytes satisfy each required one: either calcium measurement counts as calcium. */
export const SATISFIES: Readonly<Record<RequiredElectrolyte, readonly Electrolyte[]>> = byKey(REQUIRED_ELECTROLYTES, (required) =>
  ELECTROLYTE_IDS.filter((id) => ROWS[id].answers === required),
);

const ORDER_KINDS = [...new Set(rowsWith('orderKind').map((id) => CATALOGUE[id].orderKind as OrderKind))];
const rowsOfOrderKind = (kind: OrderKind): CatalogueId[] => IDS.filter((id) => CATALOGUE[id].orderKind === kind);

/** The orders that make a test redundant: itself, a panel that carries what it measures, an order that includes it. */
export const COVERED_BY: Readonly<Record<OrderKind, readonly OrderKind[]>> = byKey(ORDER_KINDS, (kind) => {
  const own = rowsOfOrderKind(kind);
  const covering = rowsWith('orderKind').filter((id) => {
    const row = CATALOGUE[id];
    return row.orderKind !== kind && (row.carries?.some((a) => own.includes(a as CatalogueId)) || row.includes?.includes(kind));
  });
  return [kind, ...new Set(covering.map((id) => CATALOGUE[id].orderKind as OrderKind))];
});

/** Orders that answer each required analyte: a metabolic panel carries potassium and calcium. */
export const ORDERS_FOR: Readonly<Record<RequiredElectrolyte, readonly OrderKind[]>> = byKey(
  REQUIRED_ELECTROLYTES,
  (required) => COVERED_BY[ROWS[SATISFIES[required][0]].orderKind],
);

/** Orders that recheck a low result: its own, or a panel that carries it (a panel never carries ionized calcium). */
export const RECHECK_ORDER_KINDS: Readonly<Record<Electrolyte, readonly OrderKind[]>> = byKey(ELECTROLYTE_IDS, (analyte) => {
  const panels = rowsWith('carries').filter((id) => CATALOGUE[id].carries!.includes(analyte));
  return [ROWS[analyte].orderKind, ...panels.map((id) => CATALOGUE[id].orderKind as OrderKind)];
});

/** Metabolic panels: none carries magnesium. */
export const METABOLIC_PANELS: readonly OrderKind[] = rowsWith('carries').map((id) => CATALOGUE[id].orderKind as OrderKind);

/**
 * Electrolyte tests and the panels that carry them: a done order says nothing until its result is
 * read (a low result is rechecked on purpose).
 */
export const LAB_ORDER_KINDS: ReadonlySet<OrderKind> = new Set([...ELECTROLYTE_IDS.map((id) => ROWS[id].orderKind), ...METABOLIC_PANELS]);

// ---- Derived: orders ----

export const ORDERABLES: Readonly<Record<SuggestedOrder, Orderable>> = Object.fromEntries(
  rowsWith('orderables').flatMap((id) => Object.entries(CATALOGUE[id].orderables!)),
) as Record<SuggestedOrder, Orderable>;

const ROW_OF_ORDER: ReadonlyMap<string, CatalogueId> = new Map(
  rowsWith('orderables').flatMap((id) => Object.keys(CATALOGUE[id].orderables!).map((order) => [order, id] as const)),
);

/** How an order handles the side of the body (SideHandling). */
export function sidesOf(order: SuggestedOrder): SideHandling {
  return CATALOGUE[ROW_OF_ORDER.get(order)!].sides;
}

/** A low result is rechecked with the same measurement: its row's first orderable. */
export const RECHECK_ORDER: Readonly<Record<Electrolyte, SuggestedOrder>> = byKey(
  ELECTROLYTE_IDS,
  (analyte) => Object.keys(ROWS[analyte].orderables)[0] as SuggestedOrder,
);

/** The deficiency the recheck of a severe low is for. Ionized and total calcium share hypocalcaemia. */
export const DEFICIENCY_REASON: Readonly<Record<Electrolyte, NonNullable<Row['deficiency']>>> = byKey(ELECTROLYTE_IDS, (analyte) => ROWS[analyte].deficiency);

// ---- Derived: words ----

/** The row an order names: of its kind, the one whose result its code names (total or ionized calcium), else the first. */
function rowOfOrder(kind: OrderKind, concept: ConceptId): CatalogueId {
  const own = rowsOfOrderKind(kind);
  return own.find((id) => CATALOGUE[id].resultConcept === concept) ?? own[0];
}

/** The result an order produces; none for a panel (no single result), an EMG (read apart) or an MRI (reports not read). */
export function resultKindOfOrder(kind: OrderKind, concept: ConceptId): ResultKind | undefined {
  const id = rowOfOrder(kind, concept);
  return CATALOGUE[id].resultConcept === undefined ? undefined : (id as ResultKind);
}

/** How a card names a test an order is for: "Serum magnesium", "Ionized calcium", "MRI of the thigh". */
export function testLabel(kind: OrderKind, concept: ConceptId): string {
  const row = CATALOGUE[rowOfOrder(kind, concept)];
  return row.testLabel ?? row.label;
}

/** An order's name inside a sentence: its text without the parenthesis, in lower case ("serum calcium", "ionized calcium"). */
export function orderName(order: SuggestedOrder): string {
  return ORDERABLES[order].text.replace(/ \(.*\)$/, '').toLowerCase();
}
