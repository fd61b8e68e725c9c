/** What the structural family concludes, on the chart and on draft orders. */
import type { DraftOrder } from '../../facts/draft-orders';
import type { ClinicalRecord } from '../../facts/types';
import type { RequiredElectrolyte } from '../../knowledge/coverage';
import type { Side } from '../../knowledge/laterality';
import type { EmgStanding } from '../neuromuscular/orders';

export interface MriThigh {
  kind: 'mri-thigh';
  pain: ClinicalRecord[];
  injuries: ClinicalRecord[];
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
  ordersUnavailable: boolean;
}

export type StructuralFinding = MriThigh | MriWithoutIndication;
