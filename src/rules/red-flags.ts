/**
 * Neurological red flags. Clinical approach, "Seek urgent assessment if twitching is accompanied by":
 *   "Progressive weakness or muscle atrophy, suggesting motor neuron disease or neuropathy" [2];
 *   "Widespread fasciculations affecting multiple body regions beyond the hamstring" [2];
 *   "Sensory changes (numbness, tingling, burning) radiating down the leg, suggesting lumbar
 *    radiculopathy from nerve root compression" [7].
 * (Claudication, the fourth red flag, lives with the vascular rules.)
 */
import type { ClinicalRecord, PatientFacts } from '../facts/types';
import { conceptsOf, type ConceptId } from '../knowledge/codes';
import { activeRecords, type Episode } from './episode';
import type { Finding, RedFlagRadiculopathy, RedFlagWeakness, RedFlagWidespread } from './types';

/** Body sites we know are not the leg. */
const NOT_LEG: readonly ConceptId[] = ['upperArmSite', 'tongueSite'];

/**
 * Sensory symptoms count as possibly radiating down the leg unless every body site the record
 * names is known to be elsewhere: an unplaced numbness is shown (the clinician can dismiss it
 * with a reason), numbness of the upper arm is not this red flag.
 */
function mayBeInTheLeg(record: ClinicalRecord): boolean {
  if (record.bodySites.length === 0) return true;
  return !record.bodySites.every((site) => conceptsOf(site.system, site.code).some((c) => NOT_LEG.includes(c)));
}

export function redFlagFindings(facts: PatientFacts, episode: Episode): Finding[] {
  const findings: Finding[] = [];
  const weakness = activeRecords(facts, ['muscleWeakness', 'muscleAtrophy']);
  if (weakness.length > 0) {
    const finding: RedFlagWeakness = { kind: 'red-flag-weakness-atrophy', records: weakness };
    findings.push(finding);
  }
  if (episode.widespread.records.length > 0) {
    const finding: RedFlagWidespread = {
      kind: 'red-flag-widespread-fasciculations',
      records: episode.widespread.records,
      sites: episode.widespread.sites,
    };
    findings.push(finding);
  }
  const radicular = [
    ...activeRecords(facts, ['radiculopathy']),
    ...activeRecords(facts, ['sensoryChange']).filter(mayBeInTheLeg),
  ];
  if (radicular.length > 0) {
    const finding: RedFlagRadiculopathy = { kind: 'red-flag-radiculopathy', records: radicular };
    findings.push(finding);
  }
  return findings;
}
