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
import type { RuleContext } from './context';
import type { DraftCheck, OrderCheck, OrderScope } from './drafts';
import { checkDuplicate } from './duplicates/rule';
import { describeEpisode } from './episode';
import { FAMILIES, type Family } from './families';
import type { Finding, FindingKind } from './findings';

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** Every card definition, by finding kind, from the family table: a finding kind without one does not compile. */
export const CARD_DEFINITIONS: { readonly [K in FindingKind]: CardDefinition<Extract<Finding, { kind: K }>> } = Object.assign(
  {},
  ...FAMILIES.map((family) => family.cards),
) as UnionToIntersection<(typeof FAMILIES)[number]['cards']>;

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
const DRAFT_CHECKS: Readonly<Partial<Record<OrderKind, DraftCheck<Finding>>>> = Object.fromEntries(
  (FAMILIES as readonly Family[]).flatMap((family) => Object.entries(family.draftChecks ?? {})),
);

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
