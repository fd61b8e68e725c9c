/**
 * Isolated, recent twitching: the benign reading, offered only when nothing else fired (no red
 * flag, no other symptom, no severe deficiency, no structural or neuromuscular concern) and the
 * twitching is younger than the persistence threshold. Lines: overview.benign-unless-persistent,
 * benign.overuse-fatigue, benign.dehydration, benign.stimulants, diagnostic.review-activity,
 * diagnostic.activity-hydration-repletion; pitfall.persistent-not-benign keeps persistent
 * twitching out of it.
 */
import { BENIGN_CAUSES } from '../../knowledge/concept-groups';
import type { PatientFacts } from '../../facts/types';
import { activeRecords, type Episode } from '../episode';
import type { BenignFinding } from './findings';

export function benignFindings(facts: PatientFacts, episode: Episode, otherConcerns: boolean): BenignFinding[] {
  if (otherConcerns || episode.persistent || episode.additionalSymptoms.length > 0) return [];
  // Twitching is documented but nothing says when it began: the benign reading depends on that.
  if (!episode.recent) return [{ kind: 'twitching-duration-unknown', twitching: episode.twitching }];
  return [
    {
      kind: 'likely-benign',
      twitching: episode.twitching,
      durationDays: episode.durationDays ?? 0,
      stimulants: facts.stimulants,
      medicationsUnavailable: facts.unavailable.has('medicationStatements') && facts.unavailable.has('medicationRequests'),
      contributing: activeRecords(facts, BENIGN_CAUSES),
    },
  ];
}
