/** What the diagnoses family concludes: a diagnosis on record already explains the fasciculations. */
import type { ClinicalRecord } from '../../facts/types';
import type { BranchState, RedFlagState } from '../standing/types';

export interface KnownDiagnosis {
  kind: 'known-diagnosis';
  /** The diagnoses that explain fasciculations (motor neuron disease). */
  diagnoses: ClinicalRecord[];
  twitching: ClinicalRecord[];
  /** Red flags on record that the diagnosis explains, or that were assessed: one line each. */
  flags: RedFlagState[];
  /** Branches of the work-up still due that the approach adds beside the diagnosis (electrolytes). */
  stillDue: BranchState[];
}

export type DiagnosisFinding = KnownDiagnosis;
