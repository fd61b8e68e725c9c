/** What the diagnoses family concludes: a diagnosis on record already explains the fasciculations. */
import type { ClinicalRecord } from '../../facts/types';
import type { RedFlagState } from '../standing/types';

export interface KnownDiagnosis {
  kind: 'known-diagnosis';
  /** The diagnoses that explain fasciculations (motor neuron disease). */
  diagnoses: ClinicalRecord[];
  twitching: ClinicalRecord[];
  /** Red flags on record that the diagnosis explains, or that were assessed: one line each. */
  flags: RedFlagState[];
}

export type DiagnosisFinding = KnownDiagnosis;
