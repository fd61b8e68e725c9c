/**
 * Duplicate orders, shared by every family: a draft that repeats a result in the window (an
 * electrolyte only when it was not low: a low one is rechecked on purpose), an order placed or a
 * procedure done in the window, or another draft. The narrower draft is the one to remove (a
 * potassium beside a metabolic panel), else the later one. Ionized and total calcium are different
 * tests. Lines: each test's own (diagnostic.bmp-with-mg, diagnostic.emg-ncs, diagnostic.mri-thigh,
 * diagnostic.abi, neuro.lgi1-after-emg).
 */
import type { DraftOrder, DraftTest } from '../../facts/draft-orders';
import type { OrderRecord, PatientFacts } from '../../facts/types';
import { COVERED_BY, ELECTROLYTES, isElectrolyte, LAB_ORDER_KINDS, resultKindOfOrder } from '../../knowledge/catalogue';
import { currentResult, isInWindow, windowStart, type RuleContext } from '../context';
import type { DraftCheck } from '../drafts';
import { assessLevel } from '../electrolytes/rule';
import { implausibility } from '../plausibility/rule';
import type { OrderDuplicate, PriorWork } from './findings';

/** Orders that stay live: a placed order repeats a draft whatever happened since. */
const PLACED = new Set(['active', 'on-hold']);

/** Does an order for `existing` already answer `wanted`? Ionized and total calcium are different tests. */
export function covers(existing: DraftTest, wanted: DraftTest): boolean {
  if (!COVERED_BY[wanted.kind].includes(existing.kind)) return false;
  if (wanted.kind !== 'calcium') return true;
  if (wanted.concept === 'calciumIonized') return existing.kind === 'calcium' && existing.concept === 'calciumIonized';
  return existing.kind !== 'calcium' || existing.concept !== 'calciumIonized';
}

/** The newest result in the window that the draft would repeat. A low electrolyte is rechecked, not repeated. */
function repeatedResult(facts: PatientFacts, test: DraftTest, ctx: RuleContext): PriorWork | undefined {
  const kind = resultKindOfOrder(test.kind, test.concept);
  if (!kind) return undefined;
  const latest = currentResult(facts, kind, ctx);
  if (!latest) return undefined;
  // A result nobody could read (neither positive nor negative), or one that looks like a unit or
  // transcription error, is not one a new test repeats: repeating it is the point.
  if (latest.reading === 'unreadable' || implausibility(latest) !== undefined) return undefined;
  if (isElectrolyte(kind) && assessLevel(latest, ELECTROLYTES[kind]).status !== 'not-low') return undefined;
  return { kind: 'result', result: latest };
}

function repeatedOrder(facts: PatientFacts, draft: DraftOrder, test: DraftTest, ctx: RuleContext): OrderRecord | undefined {
  const since = windowStart(ctx);
  let newest: OrderRecord | undefined;
  for (const order of facts.orders) {
    if (order.evidence.reference === draft.resourceId || !covers(order, test)) continue;
    const placed = order.resourceType === 'ServiceRequest' && PLACED.has(order.status);
    const counts = placed
      ? order.date === undefined || order.date >= since
      : !LAB_ORDER_KINDS.has(test.kind) && order.date !== undefined && order.date >= since;
    if (!counts) continue;
    if (!newest || (newest.date !== undefined && (order.date === undefined || order.date > newest.date))) newest = order;
  }
  return newest;
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

export const checkDuplicate: DraftCheck<OrderDuplicate> = ({ facts, drafts, ctx, scope }, draft, test) => {
  if (!scope.twitching) return undefined;
  let emg;
  if (test.kind === 'electromyography') {
    for (const e of facts.emg) if (isInWindow(e.date, ctx) && (!emg || e.date! > emg.date!)) emg = e;
  }
  const order = repeatedOrder(facts, draft, test, ctx);
  const prior: PriorWork | undefined =
    repeatedResult(facts, test, ctx) ??
    (emg ? { kind: 'emg', emg } : undefined) ??
    (order ? { kind: 'order', order } : undefined) ??
    repeatedDraft(drafts, draft, test);
  return prior ? { kind: 'order-duplicate', draft, test, prior } : undefined;
};
