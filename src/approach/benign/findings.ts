/** What the benign family concludes. */
import type { ClinicalRecord, Evidence } from '../../facts/types';

export interface LikelyBenign {
  kind: 'likely-benign';
  twitching: ClinicalRecord[];
  durationDays: number;
  stimulants: Evidence[];
  medicationsUnavailable: boolean;
  /** Documented dehydration or electrolyte disorders, benign causes the approach names. */
  contributing: ClinicalRecord[];
}

export interface DurationUnknown {
  kind: 'twitching-duration-unknown';
  twitching: ClinicalRecord[];
}

export type BenignFinding = LikelyBenign | DurationUnknown;
