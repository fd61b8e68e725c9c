/** What a CDS service implementation provides beside its entry in the discovery document. */
import type { IssuedCard } from '../cards/types';
import type { LoadedData } from '../fhir/data-loader';
import type { RuleSettings } from '../approach/context';
import type { RenderContext } from '../cards/render';
import type { HookName, HookRequest } from '../schemas/hook-request';

export interface ServiceCall {
  request: HookRequest;
  data: LoadedData;
  now: Date;
  settings: RuleSettings;
  /** Who the cards are for and where they link: the patient, encounter and user of the context, the approach page, the versions. */
  render: RenderContext;
}

export interface ServiceImplementation {
  id: string;
  hook: HookName;
  /** Every prefetch key it reads; the discovery document must declare exactly these. */
  reads: readonly string[];
  /** Keys without which it cannot answer (412 when missing). */
  required: readonly string[];
  /** Checks the hook's context needs beyond its JSON Schema; throws a 400 HttpError naming the field. */
  checkContext?(request: HookRequest): void;
  evaluate(call: ServiceCall): IssuedCard[];
}
