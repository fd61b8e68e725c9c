/**
 * What answers what: which results and orders answer each electrolyte the approach asks for, and
 * which orders make another one redundant. A basic or comprehensive metabolic panel carries
 * potassium and total calcium, never magnesium (CPT 80048 and LOINC 24321-2, 51990-0, 24323-8).
 */
import type { OrderKind } from './concept-groups';
import type { Electrolyte } from './thresholds';

/** The analytes the approach asks for ("magnesium, potassium, and calcium levels", ref 1), in card order. */
export const REQUIRED_ELECTROLYTES = ['magnesium', 'potassium', 'calcium'] as const;
export type RequiredElectrolyte = (typeof REQUIRED_ELECTROLYTES)[number];

/** Which measured analytes satisfy each required one: either calcium measurement counts as calcium. */
export const SATISFIES: Readonly<Record<RequiredElectrolyte, readonly Electrolyte[]>> = {
  magnesium: ['magnesium'],
  potassium: ['potassium'],
  calcium: ['calciumTotal', 'calciumIonized'],
};

/** Orders that answer each required analyte: a metabolic panel carries potassium and calcium. */
export const ORDERS_FOR: Readonly<Record<RequiredElectrolyte, readonly OrderKind[]>> = {
  magnesium: ['magnesium'],
  potassium: ['potassium', 'basicMetabolicPanel', 'comprehensiveMetabolicPanel'],
  calcium: ['calcium', 'basicMetabolicPanel', 'comprehensiveMetabolicPanel'],
};

/** Orders that recheck a low result (a panel rechecks potassium and total calcium, never ionized calcium). */
export const RECHECK_ORDER_KINDS: Readonly<Record<Electrolyte, readonly OrderKind[]>> = {
  magnesium: ORDERS_FOR.magnesium,
  potassium: ORDERS_FOR.potassium,
  calciumTotal: ORDERS_FOR.calcium,
  calciumIonized: ['calcium'],
};

/** The orders that make a test redundant. */
export const COVERED_BY: Readonly<Record<OrderKind, readonly OrderKind[]>> = {
  magnesium: ORDERS_FOR.magnesium,
  potassium: ORDERS_FOR.potassium,
  calcium: ORDERS_FOR.calcium,
  basicMetabolicPanel: ['basicMetabolicPanel', 'comprehensiveMetabolicPanel'],
  comprehensiveMetabolicPanel: ['comprehensiveMetabolicPanel'],
  electromyography: ['electromyography'],
  mriThigh: ['mriThigh'],
  ankleBrachialIndex: ['ankleBrachialIndex'],
  lgi1Antibody: ['lgi1Antibody'],
};

/** Metabolic panels: none carries magnesium. */
export const METABOLIC_PANELS: readonly OrderKind[] = ['basicMetabolicPanel', 'comprehensiveMetabolicPanel'];

/** Laboratory tests: a done order says nothing until its result is read (a low result is rechecked on purpose). */
export const LAB_ORDER_KINDS: ReadonlySet<OrderKind> = new Set<OrderKind>([
  'magnesium',
  'potassium',
  'calcium',
  'basicMetabolicPanel',
  'comprehensiveMetabolicPanel',
]);
