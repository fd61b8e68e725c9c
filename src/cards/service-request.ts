/**
 * The FHIR R4 ServiceRequests our suggestions create, from the orderables in knowledge: standard
 * codes, the patient as subject, the twitching as reason, a draft proposal the clinician signs (or
 * not) in the EHR.
 */
import type { CodeableConcept, ServiceRequest } from 'fhir/r4';
import { CONCEPT } from '../knowledge/codes';
import type { Side } from '../knowledge/laterality';
import { DEFICIENCY_REASON, ORDERABLES, sidesOf, type Electrolyte, type SuggestedOrder } from '../knowledge/catalogue';
import { FASCICULATION_REASON, THIGH_BODY_SITE, type RequestPriority } from '../knowledge/orderables';

export interface OrderContext {
  patientId: string;
  encounterId?: string;
  /** The CDS Hooks `userId` ("Practitioner/123"): becomes the requester when it is a practitioner. */
  userId?: string;
  now: Date;
  /** A Condition the order is for, when the twitching is recorded as one. */
  reasonReference?: string;
}

/** The display our value set gives the code; an orderable naming a code outside it is a bug caught at start-up. */
function coding(concept: keyof typeof CONCEPT, system: string, code: string) {
  const entry = CONCEPT[concept].codes.find((e) => e.system === system && e.code === code);
  if (!entry) throw new Error(`orderable names ${system}|${code}, which is not in the ${concept} value set`);
  return { system, code, display: entry.display };
}

/** Each orderable's codings, resolved once when this module loads. */
const CODINGS: Readonly<Record<SuggestedOrder, { system: string; code: string; display: string }[]>> = Object.fromEntries(
  (Object.keys(ORDERABLES) as SuggestedOrder[]).map((order) => [order, ORDERABLES[order].codes.map((c) => coding(c.concept, c.system, c.code))]),
) as Record<SuggestedOrder, { system: string; code: string; display: string }[]>;

/** Each deficiency's reason, its display from our value set. */
const DEFICIENCY_REASONS: Readonly<Record<Electrolyte, CodeableConcept>> = Object.fromEntries(
  (Object.keys(DEFICIENCY_REASON) as Electrolyte[]).map((analyte) => {
    const reason = DEFICIENCY_REASON[analyte];
    return [analyte, { coding: [coding(reason.concept, reason.system, reason.code)], text: reason.text }];
  }),
) as Record<Electrolyte, CodeableConcept>;

export interface RequestOptions {
  side?: Side;
  /** Left out, the order is routine, as every order's default. */
  priority?: RequestPriority;
  /** A deficiency the order rechecks: its code becomes the first reason, beside the twitching. */
  deficiency?: Electrolyte;
}

export function buildServiceRequest(order: SuggestedOrder, ctx: OrderContext, options: RequestOptions = {}): ServiceRequest {
  const request: ServiceRequest = {
    resourceType: 'ServiceRequest',
    status: 'draft',
    intent: 'proposal',
    ...(options.priority ? { priority: options.priority } : {}),
    code: { coding: CODINGS[order].map((c) => ({ ...c })), text: ORDERABLES[order].text },
    subject: { reference: `Patient/${ctx.patientId}` },
    authoredOn: ctx.now.toISOString(),
    reasonCode: [...(options.deficiency ? [structuredClone(DEFICIENCY_REASONS[options.deficiency])] : []), structuredClone(FASCICULATION_REASON)],
  };
  if (sidesOf(order) === 'ordered-side') request.bodySite = [structuredClone(THIGH_BODY_SITE[options.side ?? 'unspecified'])];
  if (ctx.encounterId) request.encounter = { reference: `Encounter/${ctx.encounterId}` };
  if (ctx.userId && /^(Practitioner|PractitionerRole)\//.test(ctx.userId)) request.requester = { reference: ctx.userId };
  if (ctx.reasonReference && /^Condition\/[A-Za-z0-9\-.]{1,64}$/.test(ctx.reasonReference)) {
    request.reasonReference = [{ reference: ctx.reasonReference }];
  }
  return request;
}
