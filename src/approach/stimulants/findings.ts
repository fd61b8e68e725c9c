/** What the stimulant family concludes: more caffeine a day than adults are advised to take. */
import type { StimulantEvidence } from '../../facts/types';

export interface StimulantDoseHigh {
  kind: 'stimulant-dose-high';
  /** The caffeine entries whose dosage says more than the daily limit, with their milligrams a day. */
  caffeine: (StimulantEvidence & { caffeineMgPerDay: number })[];
}

export type StimulantFinding = StimulantDoseHigh;
