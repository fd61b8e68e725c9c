/**
 * Isolated, recent twitching. Clinical approach:
 *   "most commonly benign fasciculations from muscle fatigue, overuse, or electrolyte
 *    disturbances" [1, 2]; "Muscle overuse and fatigue are the most frequent triggers" [3, 1];
 *   dehydration [1]; "Caffeine or stimulant intake can lower the threshold for muscle twitching" [1];
 *   "For isolated, intermittent hamstring twitching without other symptoms: Review recent activity
 *    changes, hydration status, and dietary intake" [3, 1]; "Recommend activity modification,
 *    adequate hydration" [3].
 * The benign reading is offered only when nothing else fired: no red flag, no other symptom, and
 * twitching younger than the persistence threshold (pitfall [2, 5]: persistent fasciculations are
 * not dismissed as benign).
 */
import type { PatientFacts } from '../facts/types';
import { activeRecords, type Episode } from './episode';
import type { DurationUnknown, Finding, LikelyBenign } from './types';

export function benignFindings(facts: PatientFacts, episode: Episode, otherConcerns: boolean): Finding[] {
  if (otherConcerns || episode.persistent || episode.additionalSymptoms.length > 0) return [];
  if (!episode.recent) {
    // Twitching is documented but nothing says when it began: the benign reading depends on that.
    const finding: DurationUnknown = { kind: 'twitching-duration-unknown', twitching: episode.twitching };
    return [finding];
  }
  const finding: LikelyBenign = {
    kind: 'likely-benign',
    twitching: episode.twitching,
    durationDays: episode.durationDays ?? 0,
    stimulants: facts.stimulants,
    medicationsUnavailable: facts.unavailable.has('medicationStatements') && facts.unavailable.has('medicationRequests'),
    contributing: activeRecords(facts, ['dehydration', 'hypomagnesemia', 'hypokalemia', 'hypocalcemia']),
  };
  return [finding];
}
