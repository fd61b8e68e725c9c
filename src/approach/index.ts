/**
 * The clinical approach, family by family: facts in, findings out, and the card definition of
 * every finding. Pure: time arrives as `ctx.now`.
 *
 * patient-view runs every family's chart rule; order-select and order-sign run, for each test of
 * each selected draft, the duplicate check and then the check of the family that owns that test.
 * Findings come back in the order cards are returned: urgent first, as clinicians scan them.
 */
import type { DraftOrder } from '../facts/draft-orders';
import type { PatientFacts } from '../facts/types';
import type { OrderKind } from '../knowledge/catalogue';
import type { CardDefinition } from '../cards/content';
import { renderCard, type RenderContext } from '../cards/render';
import type { IssuedCard } from '../cards/types';
import { BENIGN_CARDS } from './benign/cards';
import type { RuleContext } from './context';
import type { DraftCheck, OrderCheck, OrderScope } from './drafts';
import { DIAGNOSIS_CARDS } from './diagnoses/cards';
import { DUPLICATE_CARDS } from './duplicates/cards';
import { checkDuplicate } from './duplicates/rule';
import { ELECTROLYTE_CARDS } from './electrolytes/cards';
import { checkMetabolicPanel } from './electrolytes/orders';
import { describeEpisode } from './episode';
import type { Finding, FindingKind } from './findings';
import { NEUROMUSCULAR_CARDS } from './neuromuscular/cards';
import { checkLgi1Antibody } from './neuromuscular/orders';
import { RED_FLAG_CARDS } from './red-flags/cards';
import { PLAUSIBILITY_CARDS } from './plausibility/cards';
import { STRUCTURAL_CARDS } from './structural/cards';
import { checkMriThigh } from './structural/orders';
import { VASCULAR_CARDS } from './vascular/cards';
import { checkEmgForClaudication } from './vascular/orders';

/** Every card definition, by finding kind: a finding kind without one does not compile. */
export const CARD_DEFINITIONS: { readonly [K in FindingKind]: CardDefinition<Extract<Finding, { kind: K }>> } = {
  ...RED_FLAG_CARDS,
  ...VASCULAR_CARDS,
  ...NEUROMUSCULAR_CARDS,
  ...STRUCTURAL_CARDS,
  ...ELECTROLYTE_CARDS,
  ...BENIGN_CARDS,
  ...PLAUSIBILITY_CARDS,
  ...DUPLICATE_CARDS,
  ...DIAGNOSIS_CARDS,
};

/**
 * The cards of the findings, in their order. The same order is never suggested twice in one
 * response: a suggestion an earlier card already makes (EMG offered by two cards) stays with the
 * first card only.
 */
export function renderFindings(findings: readonly Finding[], ctx: RenderContext): IssuedCard[] {
  const suggested = new Set<string>();
  return findings.map((finding) =>
    renderCard(CARD_DEFINITIONS[finding.kind] as CardDefinition<Finding>, finding, ctx, (spec) => {
      const key = 'removeDraft' in spec ? `delete:${spec.removeDraft}` : `create:${spec.order}`;
      if (suggested.has(key)) return false;
      suggested.add(key);
      return true;
    }),
  );
}

export { evaluatePatientView } from './compose';

/** The family check that owns each kind of test; a test with none gets only the duplicate check. */
const DRAFT_CHECKS: Readonly<Partial<Record<OrderKind, DraftCheck<Finding>>>> = {
  basicMetabolicPanel: checkMetabolicPanel,
  comprehensiveMetabolicPanel: checkMetabolicPanel,
  mriThigh: checkMriThigh,
  lgi1Antibody: checkLgi1Antibody,
  electromyography: checkEmgForClaudication,
};

/** Findings about the selected drafts: at most one per test family per draft, a repeat first (it says all there is to say). */
export function evaluateOrders(facts: PatientFacts, drafts: readonly DraftOrder[], ctx: RuleContext, scope: OrderScope): Finding[] {
  const selected = drafts.filter((d) => d.selected && d.tests.length > 0);
  if (selected.length === 0) return [];
  const check: OrderCheck = { facts, drafts, episode: describeEpisode(facts, ctx), ctx, scope };
  const findings: Finding[] = [];
  for (const draft of selected) {
    const families = new Set<OrderKind>();
    for (const test of draft.tests) {
      // A draft coded both as a BMP and a CMP is one panel.
      const family = test.kind === 'comprehensiveMetabolicPanel' ? 'basicMetabolicPanel' : test.kind;
      if (families.has(family)) continue;
      families.add(family);
      const finding = checkDuplicate(check, draft, test) ?? DRAFT_CHECKS[test.kind]?.(check, draft, test);
      if (finding) findings.push(finding);
    }
  }
  return findings;
}
