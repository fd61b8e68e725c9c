/** What the structural family concludes, on the chart and on draft orders. */
import type { DraftOrder } from '../../facts/draft-orders';
import type { ClinicalRecord } from '../../facts/types';
import type { RequiredElectrolyte } from '../../knowledge/catalogue';
import type { Side } from '../../knowledge/laterality';
import type { EmgStanding } from '../neuromuscular/orders';

/** The records that bear on an MRI of the thigh, sorted by whether they indicate it for this twitching. */
export interface MriIndications {
  /** Localized thigh pain, on the twitching side (or a side not recorded). */
  pain: ClinicalRecord[];
  /** Hamstring strains or injuries that count: recent ones, or any when twitching persists or comes with other symptoms. */
  injuries: ClinicalRecord[];
  /** Strains older than the window, which do not count for isolated recent twitching. */
  olderInjuries: ClinicalRecord[];
  /** Pain or strains of the other thigh: not an indication for this twitching. */
  otherSide: ClinicalRecord[];
}

export interface MriThigh extends Omit<MriIndications, 'olderInjuries'> {
  kind: 'mri-thigh';
  side?: Side;
  ordersUnavailable: boolean;
}

export interface MriWithoutIndication {
  kind: 'order-mri-without-indication';
  draft: DraftOrder;
  /** Required electrolytes with no result, order or draft in the window. */
  electrolytes: RequiredElectrolyte[];
  emg: EmgStanding;
  durationDays?: number;
  /** Records that might look like indications but are not, for this twitching: older strains, the other side. */
  notIndications: ClinicalRecord[];
  ordersUnavailable: boolean;
}

export type StructuralFinding = MriThigh | MriWithoutIndication;
