/** What the electrolyte family concludes, on the chart and on draft orders. */
import type { DraftOrder } from '../../facts/draft-orders';
import type { MedicineRecord, OrderRecord, ResultRecord } from '../../facts/types';
import type { Electrolyte, RequiredElectrolyte } from '../../knowledge/catalogue';

export interface ElectrolytesMissing {
  kind: 'electrolytes-missing';
  missing: RequiredElectrolyte[];
  /** The latest result of a missing analyte when it is older than the window (or undated). */
  old: ResultRecord[];
  /** A metabolic panel in the window: it does not include magnesium. */
  panelWithoutMagnesium?: OrderRecord;
  /** Orders in the window that will answer part of the question. */
  pending: OrderRecord[];
  ordersUnavailable: boolean;
}

export type LevelBasis = 'lab-interpretation' | 'lab-range' | 'cut-off';

export interface ElectrolyteLow {
  kind: 'electrolyte-low';
  analyte: Electrolyte;
  result: ResultRecord;
  /** The value in the analyte's canonical unit, when the unit converts. */
  canonicalValue?: number;
  basis: LevelBasis;
  /** The limit the value fell below, in words with its unit ("1.7 mg/dL"). */
  limit?: string;
  severe: boolean;
  /** The patient is under 18 (or of unknown age) and the limit is an adult cut-off. */
  adultCutOffCaveat: boolean;
  /** Total calcium judged on its albumin-adjusted value, and the albumin it was adjusted with. */
  adjusted?: { value: number; albumin: ResultRecord };
  /** A recheck already ordered since the result: the card suggests none. */
  recheck?: OrderRecord;
  /** Medicines on the list that lower this electrolyte (potassium, magnesium), each ingredient once. */
  medicines: MedicineRecord[];
  /** Potassium low beside a low magnesium (that result): potassium will not correct until magnesium does. */
  lowMagnesium?: ResultRecord;
}

/**
 * A total calcium low as measured (by the laboratory's flag or range, or the cut-off) whose value
 * adjusted for albumin is in range: not hypocalcaemia to replete; ionized calcium settles it. With an
 * ionized calcium in the window there is no such finding: the definitive measure speaks for itself.
 */
export interface CalciumAdjustedInRange {
  kind: 'calcium-adjusted-in-range';
  result: ResultRecord;
  /** How the measured value was judged low. */
  measuredBasis: LevelBasis;
  adjusted: { value: number; albumin: ResultRecord };
  /** The lower limit both values were read against (mg/dL): the laboratory's range, else the adult cut-off. */
  limit: number;
  /** An ionized calcium ordered in the window: no order is offered. */
  ionizedOrder?: OrderRecord;
}

export interface ElectrolyteUnassessable {
  kind: 'electrolyte-unassessable';
  analyte: Electrolyte;
  result: ResultRecord;
  reason: string;
}

export interface PanelWithoutMagnesium {
  kind: 'order-panel-without-magnesium';
  panel: DraftOrder;
  /** The newest magnesium result, when it is older than the window. */
  oldMagnesium?: ResultRecord;
  ordersUnavailable: boolean;
}

export type ElectrolyteFinding = ElectrolytesMissing | ElectrolyteLow | CalciumAdjustedInRange | ElectrolyteUnassessable | PanelWithoutMagnesium;
