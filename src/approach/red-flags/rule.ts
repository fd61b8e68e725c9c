/**
 * Neurological red flags. Lines under red-flag.urgent-assessment ("Seek urgent assessment if
 * twitching is accompanied by"): red-flag.weakness, red-flag.widespread, red-flag.radiculopathy.
 * (Claudication, the fourth red flag, is read by the vascular family.)
 */
import { conceptsOf } from '../../knowledge/codes';
import { NOT_LEG_SITES } from '../../knowledge/concept-groups';
import type { ClinicalRecord, PatientFacts } from '../../facts/types';
import { activeRecords, type Episode } from '../episode';
import type { RedFlagFinding } from './findings';

/**
 * Sensory symptoms count as possibly radiating down the leg unless every body site the record
 * names is known to be elsewhere: an unplaced numbness is shown (the clinician can dismiss it
 * with a reason), numbness of the upper arm is not this red flag.
 */
function mayBeInTheLeg(record: ClinicalRecord): boolean {
  if (record.bodySites.length === 0) return true;
  return !record.bodySites.every((site) => conceptsOf(site.system, site.code).some((c) => NOT_LEG_SITES.includes(c)));
}

export function redFlagFindings(facts: PatientFacts, episode: Episode): RedFlagFinding[] {
  const findings: RedFlagFinding[] = [];
  const weakness = activeRecords(facts, ['muscleWeakness', 'muscleAtrophy']);
  if (weakness.length > 0) findings.push({ kind: 'red-flag-weakness-atrophy', records: weakness });
  if (episode.widespread.records.length > 0) {
    findings.push({ kind: 'red-flag-widespread-fasciculations', records: episode.widespread.records, sites: episode.widespread.sites });
  }
  const radicular = [...activeRecords(facts, ['radiculopathy']), ...activeRecords(facts, ['sensoryChange']).filter(mayBeInTheLeg)];
  if (radicular.length > 0) findings.push({ kind: 'red-flag-radiculopathy', records: radicular });
  return findings;
}
