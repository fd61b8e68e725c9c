/**
 * The rule list: facts in, findings out. Pure: time arrives as `ctx.now`.
 * Order here is the order cards are returned in (critical first, as clinicians scan them).
 */
import type { PatientFacts } from '../facts/types';
import { benignFindings } from './benign';
import { electrolyteFindings } from './electrolytes';
import { describeEpisode } from './episode';
import { lgi1Findings, neurologicalEvaluation } from './neuromuscular';
import { redFlagFindings } from './red-flags';
import { mriFindings } from './structural';
import type { Finding, RuleContext } from './types';
import { abiFindings, claudicationFindings } from './vascular';

export function evaluateRules(facts: PatientFacts, ctx: RuleContext): Finding[] {
  const episode = describeEpisode(facts, ctx);
  if (episode.twitching.length === 0) return [];
  const redFlags = [...redFlagFindings(facts, episode), ...claudicationFindings(facts, ctx)];
  const neuromuscular = [...neurologicalEvaluation(facts, episode, ctx), ...lgi1Findings(facts)];
  const structural = mriFindings(facts, episode, ctx);
  const electrolytes = electrolyteFindings(facts, ctx);
  const abi = abiFindings(facts, ctx);
  // A severe deficiency is urgent: the picture is then not "likely benign", whatever its cause.
  const severe = electrolytes.some((f) => f.kind === 'electrolyte-low' && f.severe);
  const benign = benignFindings(facts, episode, redFlags.length > 0 || neuromuscular.length > 0 || structural.length > 0 || severe);
  return [...redFlags, ...neuromuscular, ...structural, ...electrolytes, ...abi, ...benign];
}
