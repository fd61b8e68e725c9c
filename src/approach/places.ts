/**
 * Where a record is on the body, as the rules read it: its places (knowledge/anatomy.ts) and the
 * El Escorial regions they fall in. A coded site this service does not know counts as a region of
 * its own: fasciculations there may be beyond the hamstring's region, and a missed red flag costs
 * more than one shown.
 */
import { LEG_PARTS, PLACE_OF_SITE, REGION_OF_PART, type Place, type Region } from '../knowledge/anatomy';
import { conceptsOf } from '../knowledge/codes';
import type { ClinicalRecord, Coded } from '../facts/types';

/** A region, or a coded site whose region is not known. */
export type RegionOrUnknown = Region | 'unknown';

/** The record's places (its coded sites, else the sites its words name), each with the record's side when the place has none. */
export function placesOf(record: ClinicalRecord): Place[] {
  return record.places.map((p) => (p.side || !record.side ? p : { ...p, side: record.side }));
}

/** A coded site the anatomy table places. */
export function isKnownSite(site: Coded): boolean {
  return conceptsOf(site.system, site.code).some((c) => PLACE_OF_SITE[c] !== undefined);
}

/** Coded body sites that name no place this service knows. */
export function hasUnknownSite(record: ClinicalRecord): boolean {
  return record.bodySites.some((site) => site.code !== undefined && !isKnownSite(site));
}

/** The regions a record is in; empty when it names no site at all. */
export function regionsOfRecord(record: ClinicalRecord): RegionOrUnknown[] {
  const regions = new Set<RegionOrUnknown>(placesOf(record).map((p) => REGION_OF_PART[p.part]));
  if (hasUnknownSite(record)) regions.add('unknown');
  return [...regions];
}

/**
 * Where a sensory change is: in the leg or lower back (it may be radicular), elsewhere (the hand,
 * the arm: cervical, never "radiating down the leg"), or not said. A site we cannot place may be
 * the leg.
 */
export function sensoryPlace(record: ClinicalRecord): 'leg' | 'elsewhere' | 'unplaced' {
  const places = placesOf(record);
  if (places.length === 0) return hasUnknownSite(record) ? 'leg' : 'unplaced';
  return places.some((p) => LEG_PARTS.has(p.part) || REGION_OF_PART[p.part] === 'lumbosacral') ? 'leg' : 'elsewhere';
}

/**
 * Numbness of both feet, and nowhere else, beside a polyneuropathy diagnosis: that length-dependent
 * neuropathy, not a radiculopathy (terminology.md, "Body sites and regions"). One foot alone may
 * still be a root: it is not excused.
 */
export function isNeuropathicFeet(record: ClinicalRecord, polyneuropathy: boolean): boolean {
  if (!polyneuropathy) return false;
  const places = placesOf(record);
  return (
    places.length > 0 && places.every((p) => p.part === 'foot') && (places.some((p) => p.side === 'bilateral') || new Set(places.map((p) => p.side)).size === 2)
  );
}
