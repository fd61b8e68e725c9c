/**
 * Orders being picked (order-select) or signed (order-sign), checked against the clinical approach:
 *   "Check basic metabolic panel including magnesium, potassium, and calcium levels" [1];
 *   "Consider MRI of the thigh if there is localized pain or history of muscle strain to evaluate
 *    for intramuscular tendon pathology" [4];
 *   "LGI1 antibody testing should be performed if EMG confirms neuromyotonia" [2, 5];
 *   "If vascular symptoms are present (pain with walking, relief with rest): Palpate all lower
 *    extremity pulses ... Obtain ankle-brachial index (ABI)" [6, 7], and the pitfall "Do not
 *    confuse muscle twitching with vascular claudication" [6, 7].
 * Only selected drafts raise cards; every draft counts when asking "is this already ordered?".
 * The same facts, episode and EMG rules as patient-view answer every question about the patient.
 */
import type { DraftOrder, DraftTest } from '../facts/draft-orders';
import type { OrderKind, OrderRecord, PatientFacts } from '../facts/types';
import { ELECTROLYTES, type Electrolyte, type RequiredElectrolyte } from '../knowledge/thresholds';
import { assessLevel, missingFinding, ORDERS_FOR } from './electrolytes';
import {
  activeRecords,
  describeEpisode,
  historyRecords,
  isInWindow,
  orderSince,
  ordersUnavailable,
  resultsNewestFirst,
  windowStart,
  type Episode,
} from './episode';
import { emgConfirmation, existingEmg } from './neuromuscular';
import type {
  EmgForClaudication,
  EmgStanding,
  Finding,
  Lgi1EmgStatus,
  Lgi1WithoutConfirmation,
  MriWithoutIndication,
  OrderDuplicate,
  PanelWithoutMagnesium,
  PersistenceReason,
  PriorWork,
  RuleContext,
} from './types';

export interface OrderScope {
  /** Twitching counts now, in the chart or as the reason of a draft: the approach applies. */
  twitching: boolean;
}

/** The orders that make a test redundant: a metabolic panel carries potassium and total calcium. */
const COVERED_BY: Readonly<Record<OrderKind, readonly OrderKind[]>> = {
  magnesium: ORDERS_FOR.magnesium,
  potassium: ORDERS_FOR.potassium,
  calcium: ORDERS_FOR.calcium,
  basicMetabolicPanel: ['basicMetabolicPanel', 'comprehensiveMetabolicPanel'],
  comprehensiveMetabolicPanel: ['comprehensiveMetabolicPanel'],
  electromyography: ['electromyography'],
  mriThigh: ['mriThigh'],
  ankleBrachialIndex: ['ankleBrachialIndex'],
  lgi1Antibody: ['lgi1Antibody'],
};

/** Laboratory tests: a done order says nothing until its result is read (a low result is rechecked on purpose). */
const LAB_KINDS: ReadonlySet<OrderKind> = new Set(['magnesium', 'potassium', 'calcium', 'basicMetabolicPanel', 'comprehensiveMetabolicPanel']);

const PLACED = new Set(['active', 'on-hold']);

/** Does an order for `existing` already answer `wanted`? Ionized and total calcium are different tests. */
export function covers(existing: DraftTest, wanted: DraftTest): boolean {
  if (!COVERED_BY[wanted.kind].includes(existing.kind)) return false;
  if (wanted.kind !== 'calcium') return true;
  if (wanted.concept === 'calciumIonized') return existing.kind === 'calcium' && existing.concept === 'calciumIonized';
  return existing.kind !== 'calcium' || existing.concept !== 'calciumIonized';
}

function resultAnalyte(test: DraftTest): Electrolyte | 'ankleBrachialIndex' | 'lgi1Antibody' | undefined {
  switch (test.kind) {
    case 'magnesium':
    case 'potassium':
      return test.kind;
    case 'calcium':
      return test.concept === 'calciumIonized' ? 'calciumIonized' : 'calciumTotal';
    case 'ankleBrachialIndex':
    case 'lgi1Antibody':
      return test.kind;
    case 'basicMetabolicPanel':
    case 'comprehensiveMetabolicPanel':
    case 'electromyography':
    case 'mriThigh':
      // A panel has no single result; EMG reports are read apart; MRI reports are not read.
      return undefined;
  }
}

/** The newest result in the window that the draft would repeat. A low electrolyte is rechecked, not repeated. */
function repeatedResult(facts: PatientFacts, test: DraftTest, ctx: RuleContext): PriorWork | undefined {
  const analyte = resultAnalyte(test);
  if (!analyte) return undefined;
  const latest = resultsNewestFirst(facts, analyte).find((r) => isInWindow(r.effective, ctx));
  if (!latest) return undefined;
  if (analyte in ELECTROLYTES && assessLevel(latest, ELECTROLYTES[analyte as Electrolyte]).status !== 'not-low') return undefined;
  return { kind: 'result', result: latest };
}

function repeatedOrder(facts: PatientFacts, draft: DraftOrder, test: DraftTest, ctx: RuleContext): OrderRecord | undefined {
  const since = windowStart(ctx);
  return facts.orders
    .filter((o) => o.evidence.reference !== draft.resourceId && covers(o, test))
    .filter((o) => {
      const placed = o.resourceType === 'ServiceRequest' && PLACED.has(o.status);
      if (placed) return o.date === undefined || o.date >= since;
      return !LAB_KINDS.has(test.kind) && o.date !== undefined && o.date >= since;
    })
    .sort((a, b) => (b.date?.getTime() ?? Infinity) - (a.date?.getTime() ?? Infinity))[0];
}

/**
 * Another draft that orders the same test: the one to remove is the narrower one (a potassium
 * beside a metabolic panel), else the later one, else (order-select) the one being selected now.
 */
function repeatedDraft(drafts: readonly DraftOrder[], draft: DraftOrder, test: DraftTest): PriorWork | undefined {
  for (const other of drafts) {
    if (other === draft) continue;
    const covering = other.tests.find((t) => covers(t, test) && (!covers(test, t) || other.index < draft.index || !other.selected));
    if (covering) return { kind: 'draft', draft: other, test: covering };
  }
  return undefined;
}

function duplicateOf(facts: PatientFacts, drafts: readonly DraftOrder[], draft: DraftOrder, test: DraftTest, ctx: RuleContext): OrderDuplicate | undefined {
  const emg =
    test.kind === 'electromyography'
      ? facts.emg.filter((e) => isInWindow(e.date, ctx)).sort((a, b) => b.date!.getTime() - a.date!.getTime())[0]
      : undefined;
  const order = repeatedOrder(facts, draft, test, ctx);
  const prior: PriorWork | undefined =
    repeatedResult(facts, test, ctx) ??
    (emg ? { kind: 'emg', emg } : undefined) ??
    (order ? { kind: 'order', order } : undefined) ??
    repeatedDraft(drafts, draft, test);
  return prior ? { kind: 'order-duplicate', draft, test, prior } : undefined;
}

function isDrafted(drafts: readonly DraftOrder[], kinds: readonly OrderKind[]): DraftOrder | undefined {
  return drafts.find((d) => d.tests.some((t) => kinds.includes(t.kind)));
}

function panelWithoutMagnesium(facts: PatientFacts, drafts: readonly DraftOrder[], panel: DraftOrder, ctx: RuleContext): PanelWithoutMagnesium | undefined {
  if (facts.unavailable.has('observations')) return undefined;
  if (isDrafted(drafts, ['magnesium'])) return undefined;
  const magnesium = resultsNewestFirst(facts, 'magnesium');
  if (magnesium.some((r) => isInWindow(r.effective, ctx))) return undefined;
  if (orderSince(facts, ['magnesium'], windowStart(ctx))) return undefined;
  return { kind: 'order-panel-without-magnesium', panel, oldMagnesium: magnesium[0], ordersUnavailable: ordersUnavailable(facts) };
}

function persistenceReasons(episode: Episode): PersistenceReason[] {
  const reasons: PersistenceReason[] = [];
  if (episode.persistent) reasons.push('duration');
  if (episode.additionalSymptoms.length > 0 || episode.widespread.records.length > 0) reasons.push('symptoms');
  return reasons;
}

function emgStanding(facts: PatientFacts, drafts: readonly DraftOrder[], episode: Episode, ctx: RuleContext): EmgStanding {
  const existing = existingEmg(facts, episode, ctx);
  if (existing) return { status: 'on-record', evidence: existing.kind === 'emg' ? existing.emg.evidence : existing.order.evidence };
  const drafted = isDrafted(drafts, ['electromyography']);
  if (drafted) return { status: 'on-record', evidence: drafted.evidence };
  const reasons = persistenceReasons(episode);
  return reasons.length > 0 ? { status: 'indicated', reasons } : { status: 'not-yet-indicated' };
}

function mriWithoutIndication(
  facts: PatientFacts,
  drafts: readonly DraftOrder[],
  draft: DraftOrder,
  episode: Episode,
  ctx: RuleContext,
): MriWithoutIndication | undefined {
  if (activeRecords(facts, ['thighPain']).length > 0 || historyRecords(facts, 'hamstringInjury').length > 0) return undefined;
  const missing = missingFinding(facts, ctx)?.missing ?? [];
  const electrolytes = missing.filter((analyte: RequiredElectrolyte) => !isDrafted(drafts, ORDERS_FOR[analyte]));
  return {
    kind: 'order-mri-without-indication',
    draft,
    electrolytes: facts.unavailable.has('observations') ? [] : electrolytes,
    emg: emgStanding(facts, drafts, episode, ctx),
    durationDays: episode.durationDays,
    ordersUnavailable: ordersUnavailable(facts),
  };
}

function lgi1Emg(facts: PatientFacts, drafts: readonly DraftOrder[]): Lgi1EmgStatus {
  const reported = [...facts.emg].sort((a, b) => (b.date?.getTime() ?? 0) - (a.date?.getTime() ?? 0))[0];
  if (reported) return { status: 'not-confirming', evidence: reported.evidence };
  const ordered = orderSince(facts, ['electromyography'], new Date(0));
  if (ordered) return { status: 'pending', evidence: ordered.evidence };
  const drafted = isDrafted(drafts, ['electromyography']);
  return drafted ? { status: 'pending', evidence: drafted.evidence } : { status: 'none' };
}

function lgi1WithoutConfirmation(facts: PatientFacts, drafts: readonly DraftOrder[], draft: DraftOrder): Lgi1WithoutConfirmation | undefined {
  if (emgConfirmation(facts).length > 0) return undefined;
  return { kind: 'order-lgi1-without-confirmation', draft, emg: lgi1Emg(facts, drafts), ordersUnavailable: ordersUnavailable(facts) };
}

function emgForClaudication(
  facts: PatientFacts,
  drafts: readonly DraftOrder[],
  draft: DraftOrder,
  episode: Episode,
  ctx: RuleContext,
  scope: OrderScope,
): EmgForClaudication | undefined {
  const claudication = activeRecords(facts, ['claudication']);
  if (claudication.length === 0) return undefined;
  const emgIndicated = scope.twitching && persistenceReasons(episode).length > 0;
  const existingAbi =
    resultsNewestFirst(facts, 'ankleBrachialIndex').find((r) => isInWindow(r.effective, ctx))?.evidence ??
    orderSince(facts, ['ankleBrachialIndex'], windowStart(ctx))?.evidence ??
    isDrafted(drafts, ['ankleBrachialIndex'])?.evidence;
  // An EMG with its own indication, or for a patient without twitching whose claudication is
  // already being worked up, is not the confusion the approach warns about.
  if (existingAbi && (emgIndicated || !scope.twitching)) return undefined;
  return {
    kind: 'order-emg-claudication',
    draft,
    claudication,
    emgIndicated,
    existingAbi,
    ordersUnavailable: ordersUnavailable(facts),
  };
}

interface OrderCheck {
  facts: PatientFacts;
  drafts: readonly DraftOrder[];
  episode: Episode;
  ctx: RuleContext;
  scope: OrderScope;
}

/** One test of one selected draft: a repeat first (it says all there is to say), then what the approach asks of that test. */
function checkTest({ facts, drafts, episode, ctx, scope }: OrderCheck, draft: DraftOrder, test: DraftTest): Finding | undefined {
  if (scope.twitching) {
    const duplicate = duplicateOf(facts, drafts, draft, test, ctx);
    if (duplicate) return duplicate;
  }
  // Claudication mistaken for twitching is the one check that does not need twitching on record.
  if (test.kind === 'electromyography') return emgForClaudication(facts, drafts, draft, episode, ctx, scope);
  if (!scope.twitching) return undefined;
  switch (test.kind) {
    case 'basicMetabolicPanel':
    case 'comprehensiveMetabolicPanel':
      return panelWithoutMagnesium(facts, drafts, draft, ctx);
    case 'mriThigh':
      return mriWithoutIndication(facts, drafts, draft, episode, ctx);
    case 'lgi1Antibody':
      return lgi1WithoutConfirmation(facts, drafts, draft);
    case 'magnesium':
    case 'potassium':
    case 'calcium':
    case 'ankleBrachialIndex':
      // Supported whenever twitching is: only a repeat is worth a card.
      return undefined;
  }
}

/** Findings about the selected drafts: at most one per test family per draft. */
export function evaluateOrderRules(facts: PatientFacts, drafts: readonly DraftOrder[], ctx: RuleContext, scope: OrderScope): Finding[] {
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
      const finding = checkTest(check, draft, test);
      if (finding) findings.push(finding);
    }
  }
  return findings;
}
