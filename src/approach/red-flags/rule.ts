/**
 * Red flags. Lines under red-flag.urgent-assessment ("Seek urgent assessment if twitching is
 * accompanied by"): red-flag.weakness, red-flag.widespread, red-flag.claudication (its work-up from
 * the vascular family: pulses, the ABI), red-flag.radiculopathy. Several flags, and any severe
 * electrolyte deficiency beside them, make one urgent card: one urgent message, what to do first.
 */
import type { PatientFacts } from '../../facts/types';
import type { RuleContext } from '../context';
import type { ElectrolyteLow } from '../electrolytes/findings';
import { activeRecords, type Episode } from '../episode';
import { isNeuropathicFeet, sensoryPlace } from '../places';
import type { NeurologicalEvaluation } from '../neuromuscular/findings';
import { claudicationWorkup } from '../vascular/rule';
import type { RedFlag, UrgentAssessment } from './findings';

export function redFlags(facts: PatientFacts, episode: Episode, ctx: RuleContext): RedFlag[] {
  const flags: RedFlag[] = [];
  const weakness = activeRecords(facts, ['muscleWeakness', 'muscleAtrophy']);
  if (weakness.length > 0) flags.push({ flag: 'weakness', records: weakness });
  if (episode.widespread.records.length > 0) flags.push({ flag: 'widespread', records: episode.widespread.records, sites: episode.widespread.sites });
  const claudication = claudicationWorkup(facts, ctx);
  if (claudication) flags.push({ flag: 'claudication', ...claudication });
  const polyneuropathy = activeRecords(facts, ['polyneuropathy']).length > 0;
  const sensory = activeRecords(facts, ['sensoryChange']);
  const inTheLeg = sensory.filter((r) => sensoryPlace(r) === 'leg' && !isNeuropathicFeet(r, polyneuropathy));
  const unplaced = sensory.filter((r) => sensoryPlace(r) === 'unplaced');
  const radicular = [...activeRecords(facts, ['radiculopathy']), ...inTheLeg];
  if (radicular.length > 0 || unplaced.length > 0) flags.push({ flag: 'radiculopathy', records: [...radicular, ...unplaced], unplaced });
  return flags;
}

/** Sensory changes with no site and nothing else: a question for the clinician (does it radiate?), not a flag to assess. */
export function asksOnlyToConfirm(flag: RedFlag): boolean {
  return flag.flag === 'radiculopathy' && flag.unplaced.length === flag.records.length;
}

/** Flags that call for the neurological examination and EMG the evaluation card would ask for. */
export const NEUROLOGICAL_FLAGS: ReadonlySet<RedFlag['flag']> = new Set(['weakness', 'widespread', 'radiculopathy']);

/**
 * One urgent assessment when there is something urgent to say: any red flag, or more than one
 * severe deficiency (a single severe deficiency alone keeps its own critical card). The neurological
 * evaluation joins it when a neurological flag already asks for the same examination and EMG.
 */
export function urgentAssessment(flags: RedFlag[], severe: ElectrolyteLow[], evaluation: NeurologicalEvaluation | undefined): UrgentAssessment | undefined {
  if (flags.length === 0 && severe.length < 2) return undefined;
  const neurological = flags.some((f) => NEUROLOGICAL_FLAGS.has(f.flag));
  return { kind: 'urgent-assessment', flags, severe, evaluation: neurological ? evaluation : undefined };
}
