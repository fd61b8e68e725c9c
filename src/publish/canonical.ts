/** What every published artifact shares: where it is served (its canonical URL) and when the set was built. */

export const PUBLISHER = 'hamstring-cds';

export interface Published {
  /** The FHIR base the artifacts are served under: "https://cds.example.org/fhir". */
  readonly base: string;
  /** When the artifacts were derived (the service's start): every expansion carries it. */
  readonly timestamp: string;
}

export const FHIR_PATH = '/fhir';

export function canonical(base: string, resourceType: string, id: string): string {
  return `${base}/${resourceType}/${id}`;
}

/** A FHIR computable name (starts upper-case, letters and digits only): "hamstring-twitch" -> "HamstringTwitch". */
export function computableName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part.length > 0)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}
