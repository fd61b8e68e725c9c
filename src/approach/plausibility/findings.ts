/** Results that look like unit or transcription errors: not levels to act on. */
import type { ResultRecord } from '../../facts/types';

export interface ResultImplausible {
  kind: 'result-implausible';
  results: { result: ResultRecord; reason: string }[];
}

export type PlausibilityFinding = ResultImplausible;
