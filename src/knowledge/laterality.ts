/** Laterality qualifiers and sided body sites (SNOMED CT). */
import { SNOMED } from './systems';

export type Side = 'left' | 'right' | 'bilateral';

/** Right (qualifier value) 24028007, Left (qualifier value) 7771000: seen in published FSH concept maps. */
const SIDE_BY_SNOMED: ReadonlyMap<string, Side> = new Map<string, Side>([
  ['24028007', 'right'], // Right (qualifier value)
  ['7771000', 'left'], // Left (qualifier value)
  ['61396006', 'left'], // Structure of left thigh
  ['11207009', 'right'], // Structure of right thigh
]);

/** The side a coded body site or qualifier names; a Map, so a code such as "constructor" names none. */
export function sideOfSite(system: unknown, code: unknown): Side | undefined {
  return system === SNOMED && typeof code === 'string' ? SIDE_BY_SNOMED.get(code) : undefined;
}
