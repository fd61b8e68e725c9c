/**
 * patient-view service "hamstring-twitch": facts -> findings -> cards for a patient whose chart
 * documents twitching; every other patient gets no card, after the cheapest possible look.
 */
import { evaluatePatientView, renderFindings } from '../approach';
import { buildPatientFacts, hasActiveTwitching, type FactsInput } from '../facts/build';
import { routeResources } from '../facts/route';
import { DATA_KEYS } from '../facts/types';
import type { ServiceCall, ServiceImplementation } from './types';

export const hamstringTwitch: ServiceImplementation = {
  id: 'hamstring-twitch',
  hook: 'patient-view',
  reads: DATA_KEYS,
  // Twitching is documented as a Condition or a symptom Observation: without both, "no twitching"
  // could not be told from "no data".
  required: ['conditions', 'observations'],
  evaluate({ request, data, now, settings, render }: ServiceCall) {
    const input: FactsInput = { patientId: request.context.patientId, now, lookbackDays: settings.lookbackDays, unavailable: data.unavailable };
    const routed = routeResources(data.pool);
    if (!hasActiveTwitching(routed, input)) return [];
    const facts = buildPatientFacts(routed, input);
    return renderFindings(evaluatePatientView(facts, { ...settings, now }), render);
  },
};
