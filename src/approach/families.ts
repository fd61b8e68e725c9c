/**
 * The approach's families as one table: each row is a family's card definitions, the draft checks
 * it owns on the order hooks (by the kind of test drafted), and, where the family speaks on its own
 * on patient-view, its chart rule. A new rule is a row here plus its own files; how the families
 * combine (the one urgent card, what waits for what) is decided in compose.ts.
 */
import type { OrderKind } from '../knowledge/catalogue';
import type { PatientFacts } from '../facts/types';
import { BENIGN_CARDS } from './benign/cards';
import type { RuleContext } from './context';
import { DIAGNOSIS_CARDS } from './diagnoses/cards';
import type { DraftCheck } from './drafts';
import { DUPLICATE_CARDS } from './duplicates/cards';
import { ELECTROLYTE_CARDS } from './electrolytes/cards';
import { checkMetabolicPanel } from './electrolytes/orders';
import type { Finding } from './findings';
import { NEUROMUSCULAR_CARDS } from './neuromuscular/cards';
import { checkLgi1Antibody } from './neuromuscular/orders';
import { PLAUSIBILITY_CARDS } from './plausibility/cards';
import { RED_FLAG_CARDS } from './red-flags/cards';
import { STIMULANT_CARDS } from './stimulants/cards';
import { stimulantFindings } from './stimulants/rule';
import { STRUCTURAL_CARDS } from './structural/cards';
import { checkMriThigh } from './structural/orders';
import { VASCULAR_CARDS } from './vascular/cards';
import { checkEmgForClaudication } from './vascular/orders';

export interface Family {
  readonly id: string;
  readonly cards: object;
  readonly draftChecks?: Readonly<Partial<Record<OrderKind, DraftCheck<Finding>>>>;
  /** Findings the family adds on patient-view by itself, after those compose.ts weighs together and before the benign reading. */
  readonly chart?: (facts: PatientFacts, ctx: RuleContext) => Finding[];
}

export const FAMILIES = [
  { id: 'red-flags', cards: RED_FLAG_CARDS },
  { id: 'diagnoses', cards: DIAGNOSIS_CARDS },
  { id: 'vascular', cards: VASCULAR_CARDS, draftChecks: { electromyography: checkEmgForClaudication } },
  { id: 'neuromuscular', cards: NEUROMUSCULAR_CARDS, draftChecks: { lgi1Antibody: checkLgi1Antibody } },
  { id: 'structural', cards: STRUCTURAL_CARDS, draftChecks: { mriThigh: checkMriThigh } },
  {
    id: 'electrolytes',
    cards: ELECTROLYTE_CARDS,
    draftChecks: { basicMetabolicPanel: checkMetabolicPanel, comprehensiveMetabolicPanel: checkMetabolicPanel },
  },
  { id: 'stimulants', cards: STIMULANT_CARDS, chart: stimulantFindings },
  { id: 'benign', cards: BENIGN_CARDS },
  { id: 'plausibility', cards: PLAUSIBILITY_CARDS },
  { id: 'duplicates', cards: DUPLICATE_CARDS },
] as const satisfies readonly Family[];
