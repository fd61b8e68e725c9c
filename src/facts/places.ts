/**
 * Where a record is: its coded body sites as places (anatomy.ts), else the sites its own words
 * name ("R25.3 Fasciculation", text "left eyelid twitching": the eyelid, not the thigh).
 */
import { HAMSTRING_PARTS, PLACE_OF_SITE, type Place } from '../knowledge/anatomy';
import { conceptsOf } from '../knowledge/codes';
import type { Side } from '../knowledge/laterality';
import type { Coded } from './types';

/** The places of the coded body sites our value sets know; a site code they do not know has none. */
export function placesOfSites(sites: readonly Coded[]): Place[] {
  const places: Place[] = [];
  for (const site of sites) {
    for (const concept of conceptsOf(site.system, site.code)) {
      const place = PLACE_OF_SITE[concept];
      if (place && !places.some((p) => p.part === place.part && p.side === place.side)) places.push(place);
    }
  }
  return places;
}

/** Places not where hamstring twitching may be (the thigh, a lower limb with no part named). */
export function placesBeyond(places: readonly Place[]): Place[] {
  return places.filter((p) => !HAMSTRING_PARTS.has(p.part));
}

/** One side for several places: the same side, or both. */
export function sideOfPlaces(places: readonly Place[]): Side | undefined {
  const sides = new Set(places.map((p) => p.side).filter((s): s is Side => s !== undefined));
  if (sides.has('bilateral') || (sides.has('left') && sides.has('right'))) return 'bilateral';
  return [...sides][0];
}
