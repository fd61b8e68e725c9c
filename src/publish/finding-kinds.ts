/**
 * Which finding kinds each hook can raise: order-select and order-sign raise only what the order
 * checks return (approach/index.ts, evaluateOrders); patient-view raises every other kind. The
 * order-check kinds are read from the checks' own types, so a check that returns a new kind does
 * not compile until it is listed here.
 */
import { CARD_DEFINITIONS } from '../approach';
import type { FindingKind } from '../approach/findings';
import type { checkDuplicate } from '../approach/duplicates/rule';
import type { checkMetabolicPanel } from '../approach/electrolytes/orders';
import type { checkLgi1Antibody } from '../approach/neuromuscular/orders';
import type { checkMriThigh } from '../approach/structural/orders';
import type { checkEmgForClaudication } from '../approach/vascular/orders';
import type { HookName } from '../schemas/hook-request';

type OrderCheckKind = NonNullable<
  ReturnType<typeof checkDuplicate | typeof checkMetabolicPanel | typeof checkLgi1Antibody | typeof checkMriThigh | typeof checkEmgForClaudication>
>['kind'];

/** Exhaustive both ways: a kind missing, or one the checks never return, does not compile. */
const ORDER_CHECK_KINDS: Readonly<Record<OrderCheckKind, true>> = {
  'order-duplicate': true,
  'order-panel-without-magnesium': true,
  'order-lgi1-without-confirmation': true,
  'order-mri-without-indication': true,
  'order-emg-claudication': true,
};

const ALL_KINDS = Object.keys(CARD_DEFINITIONS) as FindingKind[];

const isOrderCheckKind = (kind: FindingKind): boolean => Object.hasOwn(ORDER_CHECK_KINDS, kind);

/** The finding kinds a service on this hook can raise, in the order of the card catalogue. */
export function findingKindsOf(hook: HookName): FindingKind[] {
  return hook === 'patient-view' ? ALL_KINDS.filter((kind) => !isOrderCheckKind(kind)) : ALL_KINDS.filter(isOrderCheckKind);
}
