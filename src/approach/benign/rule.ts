/**
 * Isolated, recent twitching: the benign reading, offered only when nothing else fired (no red
 * flag, no other symptom, no severe deficiency, no structural or neuromuscular concern) and the
 * twitching is younger than the persistence threshold. Lines: overview.benign-unless-persistent,
 * benign.overuse-fatigue, benign.dehydration, benign.stimulants, diagnostic.review-activity,
 * diagnostic.activity-hydration-repletion; pitfall.persistent-not-benign keeps persistent
 * twitching out of it.
 */
import { BENIGN_CAUSES } from '../../knowledge/concept-groups';
import type { Evidence, PatientFacts } from '../../facts/types';
import { activeRecords, type Episode } from '../episode';
import type { BenignFinding } from './findings';

/**
 * `normalEmg`: an EMG/NCS after the twitching began was normal, which excludes neuromyotonia (the
 * pitfall's condition): persistent twitching may then be read as benign too.
 */
export function benignFindings(facts: PatientFacts, episode: Episode, otherConcerns: boolean, normalEmg?: Evidence): BenignFinding[] {
  if (otherConcerns || episode.additionalSymptoms.length > 0) return [];
  if (episode.persistent && !normalEmg) return [];
  // Twitching is documented but nothing says when it began: the benign reading depends on that.
  if (!episode.recent && !normalEmg) return [{ kind: 'twitching-duration-unknown', twitching: episode.twitching }];
  return [
    {
      kind: 'likely-benign',
      ...(normalEmg ? { normalEmg } : {}),
      twitching: episode.twitching,
      durationDays: episode.durationDays ?? 0,
      stimulants: facts.stimulants,
      medicationsUnavailable: facts.unavailable.has('medicationStatements') && facts.unavailable.has('medicationRequests'),
      contributing: activeRecords(facts, BENIGN_CAUSES),
    },
  ];
}
