/**
 * Structural muscle injury. Clinical approach:
 *   "Intramuscular tendon involvement within the hamstring (particularly biceps femoris) can
 *    produce ... twitching-like symptoms, especially if there has been recent strain or injury" [4];
 *   "Consider MRI of the thigh if there is localized pain or history of muscle strain to evaluate
 *    for intramuscular tendon pathology" [4];
 *   pitfall: intramuscular tendon injuries "require prolonged rehabilitation with higher
 *    recurrence rates" [4].
 */
import type { PatientFacts } from '../facts/types';
import { activeRecords, historyRecords, orderSince, ordersUnavailable, windowStart, type Episode } from './episode';
import type { Finding, MriThigh, RuleContext } from './types';

export function mriFindings(facts: PatientFacts, episode: Episode, ctx: RuleContext): Finding[] {
  const pain = activeRecords(facts, ['thighPain']);
  const injuries = historyRecords(facts, 'hamstringInjury');
  if (pain.length === 0 && injuries.length === 0) return [];
  const since = [windowStart(ctx), ...episode.twitching.map((r) => r.knownSince)].reduce((min, d) =>
    d !== undefined && d < min! ? d : min,
  )!;
  if (orderSince(facts, ['mriThigh'], since)) return [];
  const sides = new Set([...pain, ...injuries].map((r) => r.side).filter((s) => s !== undefined));
  const finding: MriThigh = {
    kind: 'mri-thigh',
    pain,
    injuries,
    side: sides.size === 1 ? [...sides][0] : undefined,
    ordersUnavailable: ordersUnavailable(facts),
  };
  return [finding];
}
