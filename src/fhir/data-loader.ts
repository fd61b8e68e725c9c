/**
 * Data loading: the one seam between a hook call and the patient's data. A service names the
 * prefetch keys it reads and which of them it cannot answer without; the loader returns the
 * resources and the keys whose data could not be had.
 *
 * CDS Hooks §Prefetch: a key that is absent was not satisfied; a key whose value is null means
 * the EHR looked and found nothing; an OperationOutcome in its place reports a failed query and
 * counts as absent.
 */
import type { Logger } from 'pino';
import { HttpError } from '../errors';
import type { HookRequest } from '../schemas/hook-request';
import { isOperationOutcome, visitResources, type ResourcePool } from './resources';

export interface DataNeeds {
  /** Prefetch key -> template, as in the discovery document. */
  templates: Readonly<Record<string, string>>;
  /** Keys without which the service cannot answer. */
  required: readonly string[];
}

export interface LoadedData {
  /** Every resource from every key (a resource answering two keys appears twice). */
  pool: ResourcePool;
  /** Keys whose data could not be had (only optional ones: a missing required key is an error). */
  unavailable: Set<string>;
  /** Keys the EHR prefetched (null included: it looked and found nothing). */
  prefetchedKeys: string[];
  /** Keys fetched from the EHR's FHIR server. */
  fetchedKeys: string[];
}

export interface DataLoader {
  /**
   * `log` gives the logger of this call (its lines carry the call's request id), made when first
   * asked for: most calls are prefetched and log nothing. Loaders that never log ignore it.
   */
  load(request: HookRequest, needs: DataNeeds, log?: () => Logger): Promise<LoadedData>;
  /** Lets go of what it keeps between calls (connections to FHIR servers): at shutdown, once no call is left. */
  close?(): void;
}

/** A key's value is usable: present, and not a report of a failed query. */
export function isSatisfied(prefetch: Record<string, unknown> | undefined, key: string): boolean {
  return prefetch !== undefined && Object.hasOwn(prefetch, key) && !isOperationOutcome(prefetch[key]);
}

/** Every resource of every satisfied key, in order. Duplicates are resolved after routing, on the few that matter. */
export function poolFrom(values: readonly unknown[]): ResourcePool {
  return {
    forEach(visit) {
      for (const value of values) visitResources(value, visit);
    },
  };
}

/**
 * The 412 for required keys the EHR did not prefetch (CDS Hooks §Prefetch: needed data that can be
 * neither prefetched nor fetched); `why` says why they could not be fetched either.
 */
export function prefetchMissing(keys: readonly string[], why: string): HttpError {
  const one = keys.length === 1;
  return new HttpError(
    412,
    'prefetch_missing',
    `Required prefetch ${one ? 'key' : 'keys'} ${keys.map((k) => `"${k}"`).join(', ')} ` +
      `${one ? 'was' : 'were'} not provided (or held an OperationOutcome), ${why}`,
    `prefetch.${keys[0]}`,
  );
}
