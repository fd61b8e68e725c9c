/**
 * What the red-flag family concludes: the red flags recorded with the twitching, gathered with
 * any severe electrolyte deficiency into one urgent assessment (one urgent message, however many
 * reasons), and the neurological evaluation the flags call for.
 */
import type { ClinicalRecord } from '../../facts/types';
import type { ElectrolyteLow } from '../electrolytes/findings';
import type { NeurologicalEvaluation } from '../neuromuscular/findings';
import type { RedFlagState } from '../standing/types';
import type { ClaudicationWorkup } from '../vascular/findings';

export type RedFlag =
  | { flag: 'weakness'; records: ClinicalRecord[] }
  | { flag: 'widespread'; records: ClinicalRecord[]; sites: string[] }
  | ({ flag: 'claudication' } & ClaudicationWorkup)
  /** Radicular symptoms, with the sensory changes recorded without a site among them (ask whether they radiate). */
  | { flag: 'radiculopathy'; records: ClinicalRecord[]; unplaced: ClinicalRecord[] };

export type RedFlagKind = RedFlag['flag'];

export interface UrgentAssessment {
  kind: 'urgent-assessment';
  flags: RedFlag[];
  /** Severe electrolyte deficiencies: with twitching, signs of neuromuscular irritability. */
  severe: ElectrolyteLow[];
  /** The neurological evaluation the neurological flags call for (examination, EMG on record or to order). */
  evaluation?: NeurologicalEvaluation;
  /** Red flags on record that are not urgent now (long-standing, explained or assessed): one line each. */
  onRecord?: RedFlagState[];
}

/**
 * Red flags on record that are not urgent now: established long before the twitching and not
 * recorded as worsening, explained by a diagnosis, or assessed after they began; and sensory
 * changes recorded without a site, which the clinician is asked to place.
 */
export interface RedFlagsOnRecord {
  kind: 'red-flags-on-record';
  flags: RedFlagState[];
  /** Sensory changes with no body site: ask whether they radiate down the leg. */
  toConfirm: ClinicalRecord[];
}

export type RedFlagFinding = UrgentAssessment | RedFlagsOnRecord;
