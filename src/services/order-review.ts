/**
 * order-select and order-sign services: the clinician's draft orders checked against the clinical
 * approach, with the same facts and rules as patient-view. order-select looks at the orders just
 * selected; order-sign at every draft about to be signed.
 */
import { evaluateOrders, renderFindings } from '../approach';
import { buildPatientFacts, hasActiveTwitching, type FactsInput } from '../facts/build';
import { HttpError } from '../errors';
import { draftReference, draftResources, readDraftOrders } from '../facts/draft-orders';
import { routeResources } from '../facts/route';
import { DATA_KEYS, type DataKey } from '../facts/types';
import type { HookRequest } from '../schemas/hook-request';
import type { ServiceCall, ServiceImplementation } from './types';

/** What the order checks read: no medications (the stimulant question is patient-view's). */
export const ORDER_REVIEW_KEYS: readonly DataKey[] = DATA_KEYS.filter((key) => key !== 'medicationStatements' && key !== 'medicationRequests');

/** order-select: "selections" name drafts by "Type/id"; one that names no draft is the EHR's error, not an empty selection. */
function checkSelections(request: HookRequest): void {
  const drafts = new Set(draftResources(request.context.draftOrders).map(draftReference));
  const selections = request.context.selections as string[];
  const index = selections.findIndex((selection) => !drafts.has(selection));
  if (index >= 0) {
    throw new HttpError(
      400,
      'invalid_request',
      `context.selections[${index}] ("${selections[index]}") names no resource in context.draftOrders`,
      `context.selections[${index}]`,
    );
  }
}

function orderReview(id: string, hook: 'order-select' | 'order-sign'): ServiceImplementation {
  return {
    id,
    hook,
    checkContext: hook === 'order-select' ? checkSelections : undefined,
    reads: ORDER_REVIEW_KEYS,
    // Twitching, claudication, pain and strain are Conditions or symptom Observations; results are
    // Observations: without both, "nothing on record" could not be told from "no data".
    required: ['conditions', 'observations'],
    evaluate({ request, data, now, settings, render }: ServiceCall) {
      const { patientId } = request.context;
      const selections = hook === 'order-select' ? (request.context.selections as string[]) : undefined;
      const drafts = readDraftOrders(request.context.draftOrders, patientId, selections);
      // Orders the approach does not name never get a card: stop before reading the chart.
      if (!drafts.some((d) => d.selected && d.tests.length > 0)) return [];
      const input: FactsInput = { patientId, now, lookbackDays: settings.lookbackDays, unavailable: data.unavailable };
      const routed = routeResources(data.pool);
      const twitching = hasActiveTwitching(routed, input) || drafts.some((d) => d.forTwitching);
      const facts = buildPatientFacts(routed, input);
      return renderFindings(evaluateOrders(facts, drafts, { ...settings, now }, { twitching }), render);
    },
  };
}

export const hamstringTwitchOrderSelect = orderReview('hamstring-twitch-order-select', 'order-select');
export const hamstringTwitchOrderSign = orderReview('hamstring-twitch-order-sign', 'order-sign');
