/** What the benign family concludes. */
import type { ClinicalRecord, Evidence } from '../../facts/types';

export interface LikelyBenign {
  kind: 'likely-benign';
  /** Persistent twitching whose EMG/NCS after onset was normal: neuromyotonia excluded, the benign reading allowed (pitfall.persistent-not-benign). */
  normalEmg?: Evidence;
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
