/**
 * What the red-flag family concludes: the red flags recorded with the twitching, gathered with
 * any severe electrolyte deficiency into one urgent assessment (one urgent message, however many
 * reasons), and the neurological evaluation the flags call for.
 */
import type { ClinicalRecord } from '../../facts/types';
import type { ElectrolyteLow } from '../electrolytes/findings';
import type { NeurologicalEvaluation } from '../neuromuscular/findings';
import type { ClaudicationWorkup } from '../vascular/findings';

export type RedFlag =
  | { flag: 'weakness'; records: ClinicalRecord[] }
  | { flag: 'widespread'; records: ClinicalRecord[]; sites: string[] }
  | ({ flag: 'claudication' } & ClaudicationWorkup)
  | { flag: 'radiculopathy'; records: ClinicalRecord[] };

export type RedFlagKind = RedFlag['flag'];

export interface UrgentAssessment {
  kind: 'urgent-assessment';
  flags: RedFlag[];
  /** Severe electrolyte deficiencies: with twitching, signs of neuromuscular irritability. */
  severe: ElectrolyteLow[];
  /** The neurological evaluation the neurological flags call for (examination, EMG on record or to order). */
  evaluation?: NeurologicalEvaluation;
}

export type RedFlagFinding = UrgentAssessment;
