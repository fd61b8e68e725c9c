/**
 * Medicines that lower electrolytes, as data: each class, the electrolytes it lowers and its source,
 * and the ingredients matched on a medication list, by RxNorm ingredient code (only the codes the
 * terminology reference lists, in codes.ts) or by the ingredient's name in the medication's words.
 * Real charts carry product codes (SCD/SBD) more often than ingredients, so the name is what
 * usually matches: "Furosemide 40 MG Oral Tablet".
 */
import type { Electrolyte } from './catalogue';
import type { ConceptId } from './codes';
import { PPI_MAGNESIUM_SOURCE } from './sources';

/** The electrolytes a medicine on the list can explain: the two the diuretics and the PPIs lower. */
export type LoweredElectrolyte = Extract<Electrolyte, 'potassium' | 'magnesium'>;

export type MedicineClass = 'loop-diuretic' | 'thiazide' | 'proton-pump-inhibitor';

export interface MedicineClassKnowledge {
  readonly label: string;
  readonly lowers: readonly LoweredElectrolyte[];
  /** What the card says the class does, after "On furosemide (loop diuretic): ". */
  readonly effect: string;
  readonly source: string;
}

export const MEDICINE_CLASSES: Readonly<Record<MedicineClass, MedicineClassKnowledge>> = {
  'loop-diuretic': {
    label: 'loop diuretic',
    lowers: ['potassium', 'magnesium'],
    effect: 'loses potassium and magnesium',
    source: 'terminology reference, "Medicines that lower electrolytes": loop diuretics, K and Mg loss',
  },
  thiazide: {
    label: 'thiazide',
    lowers: ['potassium', 'magnesium'],
    effect: 'loses potassium and magnesium',
    source: 'terminology reference, "Medicines that lower electrolytes": thiazides, K and Mg loss',
  },
  'proton-pump-inhibitor': {
    label: 'proton pump inhibitor',
    lowers: ['magnesium'],
    effect: 'can lower magnesium, mostly after a year of use',
    // Prescription PPIs can cause hypomagnesaemia, mostly after more than a year; in about a quarter
    // of cases supplements alone did not correct it and the PPI was stopped.
    source: PPI_MAGNESIUM_SOURCE.citation,
  },
};

export interface Ingredient {
  /** The ingredient's name, lower case, as it is matched in a medication's words. */
  readonly name: string;
  readonly medicineClass: MedicineClass;
  /** The RxNorm ingredient concept in codes.ts, for the four codes the terminology reference verifies. */
  readonly concept?: ConceptId;
}

export const INGREDIENTS: readonly Ingredient[] = [
  { name: 'furosemide', medicineClass: 'loop-diuretic', concept: 'furosemide' },
  { name: 'bumetanide', medicineClass: 'loop-diuretic' },
  { name: 'torsemide', medicineClass: 'loop-diuretic' },
  { name: 'hydrochlorothiazide', medicineClass: 'thiazide', concept: 'hydrochlorothiazide' },
  { name: 'chlorthalidone', medicineClass: 'thiazide' },
  { name: 'indapamide', medicineClass: 'thiazide' },
  { name: 'omeprazole', medicineClass: 'proton-pump-inhibitor', concept: 'omeprazole' },
  { name: 'esomeprazole', medicineClass: 'proton-pump-inhibitor' },
  { name: 'pantoprazole', medicineClass: 'proton-pump-inhibitor', concept: 'pantoprazole' },
  { name: 'lansoprazole', medicineClass: 'proton-pump-inhibitor' },
  { name: 'rabeprazole', medicineClass: 'proton-pump-inhibitor' },
  { name: 'dexlansoprazole', medicineClass: 'proton-pump-inhibitor' },
];

/** The ingredient a concept of codes.ts names, when it is one of these. */
export function ingredientOfConcept(concept: ConceptId): Ingredient | undefined {
  return INGREDIENTS.find((i) => i.concept === concept);
}

/**
 * The ingredient named in a medication's words, as a whole word: "omeprazole" is not found in
 * "esomeprazole", nor "lansoprazole" in "dexlansoprazole".
 */
export function ingredientInWords(words: string): Ingredient | undefined {
  const lower = words.toLowerCase();
  return INGREDIENTS.find((i) => new RegExp(`(^|[^a-z])${i.name}($|[^a-z])`).test(lower));
}
