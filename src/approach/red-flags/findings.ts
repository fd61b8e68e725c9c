/** What the red-flag family concludes (claudication, the fourth red flag, is the vascular family's). */
import type { ClinicalRecord } from '../../facts/types';

export interface RedFlagWeakness {
  kind: 'red-flag-weakness-atrophy';
  records: ClinicalRecord[];
}

export interface RedFlagWidespread {
  kind: 'red-flag-widespread-fasciculations';
  records: ClinicalRecord[];
  /** Body sites outside the thigh, as printed in the card. */
  sites: string[];
}

export interface RedFlagRadiculopathy {
  kind: 'red-flag-radiculopathy';
  records: ClinicalRecord[];
}

export type RedFlagFinding = RedFlagWeakness | RedFlagWidespread | RedFlagRadiculopathy;
