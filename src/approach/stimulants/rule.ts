/**
 * Caffeine over the daily limit on the medication list (knowledge/stimulants.ts). Line:
 * benign.stimulants ("Caffeine and other stimulants can lower the threshold for muscle twitching").
 * Said whatever else fires: the dose is a cause the clinician can remove.
 */
import { CAFFEINE_DAILY_LIMIT_MG } from '../../knowledge/stimulants';
import type { PatientFacts, StimulantEvidence } from '../../facts/types';
import type { StimulantFinding } from './findings';

export function stimulantFindings(facts: PatientFacts): StimulantFinding[] {
  const total = facts.stimulants.reduce((sum, s) => sum + (s.caffeineMgPerDay ?? 0), 0);
  if (total <= CAFFEINE_DAILY_LIMIT_MG) return [];
  const caffeine = facts.stimulants.filter((s): s is StimulantEvidence & { caffeineMgPerDay: number } => s.caffeineMgPerDay !== undefined);
  return [{ kind: 'stimulant-dose-high', caffeine }];
}
