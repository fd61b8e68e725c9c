/**
 * Where on the body: coded body sites (and the words of vocabulary.ts) as parts of the body, each
 * part in one of the four regions of the revised El Escorial criteria (Brooks et al., Amyotroph
 * Lateral Scler Other Motor Neuron Disord 2000;1:293; terminology.md, "Body sites and regions"):
 * bulbar (tongue, face, jaw, throat), cervical (neck, arms, hands), thoracic (back, abdomen, chest
 * wall) and lumbosacral (lower back, legs, feet).
 *
 * The regions are what make fasciculations "widespread": two sites of one limb are one region; two
 * regions are widespread. The leg parts are where a radicular sensory change can be.
 */
import type { ConceptId } from './codes';
import type { Side } from './laterality';

export type Region = 'bulbar' | 'cervical' | 'thoracic' | 'lumbosacral';

export const REGIONS: readonly Region[] = ['bulbar', 'cervical', 'thoracic', 'lumbosacral'];

/** Parts of the body the service tells apart. `lowerLimb` is a leg with no part named: it contains the hamstring. */
export type BodyPart =
  'thigh' | 'lowerLimb' | 'lowerLeg' | 'foot' | 'lowerBack' | 'upperArm' | 'upperLimb' | 'hand' | 'neck' | 'trunk' | 'tongue' | 'face' | 'eyelid';

export const REGION_OF_PART: Readonly<Record<BodyPart, Region>> = {
  thigh: 'lumbosacral',
  lowerLimb: 'lumbosacral',
  lowerLeg: 'lumbosacral',
  foot: 'lumbosacral',
  lowerBack: 'lumbosacral',
  upperArm: 'cervical',
  upperLimb: 'cervical',
  hand: 'cervical',
  neck: 'cervical',
  trunk: 'thoracic',
  tongue: 'bulbar',
  face: 'bulbar',
  eyelid: 'bulbar',
};

/** Parts of the leg: where a sensory change may radiate from the spine. */
export const LEG_PARTS: ReadonlySet<BodyPart> = new Set<BodyPart>(['thigh', 'lowerLimb', 'lowerLeg', 'foot']);

/** Parts where hamstring twitching may be: the thigh, or a lower limb whose part is not named. */
export const HAMSTRING_PARTS: ReadonlySet<BodyPart> = new Set<BodyPart>(['thigh', 'lowerLimb']);

/** A place on the body: a part, with its side when the record says. */
export interface Place {
  part: BodyPart;
  side?: Side;
}

/** The body-site concepts of codes.ts as places (the side is part of the code where SNOMED CT has a sided concept). */
export const PLACE_OF_SITE: Readonly<Partial<Record<ConceptId, Place>>> = {
  thighSite: { part: 'thigh' },
  leftThighSite: { part: 'thigh', side: 'left' },
  rightThighSite: { part: 'thigh', side: 'right' },
  calfSite: { part: 'lowerLeg' },
  lowerLegSite: { part: 'lowerLeg' },
  footSite: { part: 'foot' },
  lowerLimbSite: { part: 'lowerLimb' },
  leftLowerLimbSite: { part: 'lowerLimb', side: 'left' },
  rightLowerLimbSite: { part: 'lowerLimb', side: 'right' },
  upperArmSite: { part: 'upperArm' },
  upperLimbSite: { part: 'upperLimb' },
  leftUpperLimbSite: { part: 'upperLimb', side: 'left' },
  rightUpperLimbSite: { part: 'upperLimb', side: 'right' },
  handSite: { part: 'hand' },
  neckSite: { part: 'neck' },
  tongueSite: { part: 'tongue' },
  eyelidSite: { part: 'eyelid' },
};

/** How a card names a part. */
export const PART_LABEL: Readonly<Record<BodyPart, string>> = {
  thigh: 'thigh',
  lowerLimb: 'lower limb',
  lowerLeg: 'calf or lower leg',
  foot: 'foot',
  lowerBack: 'lower back',
  upperArm: 'upper arm',
  upperLimb: 'arm',
  hand: 'hand',
  neck: 'neck',
  trunk: 'trunk',
  tongue: 'tongue',
  face: 'face',
  eyelid: 'eyelid',
};

export function regionsOf(places: readonly Place[]): Region[] {
  const found = new Set(places.map((p) => REGION_OF_PART[p.part]));
  return REGIONS.filter((r) => found.has(r));
}
