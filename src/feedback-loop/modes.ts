/**
 * Go-live modes, as committees bring a CDS service in: silent first (the service records what it
 * would have shown, clinicians see nothing), then a pilot group, then everyone. Each finding kind
 * has one mode, set per kind, per service or for all (`*`), the most specific winning; active when
 * nothing is set. A pilot shows its cards to the users it lists and to a stable share of the
 * others, chosen by their keyed hash (the same on every replica), and holds them silent for the
 * rest. Pure: the hook route asks, the ledger records the answer.
 */
import type { IssuedCard } from '../cards/types';

export type CardMode = 'active' | 'silent' | 'pilot';

/** Which side of a pilot a user is on: shown the cards (pilot) or not (control). */
export type PilotArm = 'pilot' | 'control';

/** What became of a card: shown to the clinician, held silent by its mode, or held back by a snooze. */
export type CardDelivery = 'shown' | 'silent' | 'snoozed';

export const CARD_MODES: readonly CardMode[] = ['active', 'silent', 'pilot'];

export interface ModeRules {
  /** CARD_MODES as given: a finding kind, a service id or `*`, and its mode. */
  rules: ReadonlyMap<string, CardMode>;
  /** User references (`Practitioner/123`) always in the pilot arm. */
  pilotUsers: readonly string[];
  /** The share of other users, 0 to 100, in the pilot arm. */
  pilotPercent: number;
}

export const ALL_ACTIVE: ModeRules = { rules: new Map(), pilotUsers: [], pilotPercent: 0 };

/** The mode of a finding kind in a service: its kind's rule, else its service's, else `*`'s, else active. */
export function modeOf(rules: ModeRules, serviceId: string, findingKind: string): CardMode {
  return rules.rules.get(findingKind) ?? rules.rules.get(serviceId) ?? rules.rules.get('*') ?? 'active';
}

export function hasPilot(rules: ModeRules): boolean {
  return [...rules.rules.values()].includes('pilot');
}

/**
 * The user's arm: listed users are in the pilot; the others by the first 32 bits of their keyed
 * hash, read as a fraction of 2^32, below PILOT_PERCENT. The hash is uniform, so the share is
 * close to the percent given over many users, and a user stays on the same side on every call.
 */
export function pilotArm(rules: ModeRules, userId: string, userHash: string): PilotArm {
  if (rules.pilotUsers.includes(userId)) return 'pilot';
  const position = (parseInt(userHash.slice(0, 8), 16) / 2 ** 32) * 100;
  return position < rules.pilotPercent ? 'pilot' : 'control';
}

/** A card with its mode and, in a pilot, the arm of the user it was for. */
export interface ModedCard {
  issued: IssuedCard;
  mode: CardMode;
  pilotArm?: PilotArm;
}

export interface ModeDecision {
  /** Cards the clinician may see (snoozes still apply to them). */
  active: ModedCard[];
  /** Cards held silent: recorded, never shown, never snoozed. */
  silent: ModedCard[];
}

/** Splits a call's cards by their mode; `arm` is the user's, asked only when a pilot runs. */
export function applyModes(issued: readonly IssuedCard[], rules: ModeRules, serviceId: string, arm: () => PilotArm): ModeDecision {
  const decision: ModeDecision = { active: [], silent: [] };
  for (const card of issued) {
    const mode = modeOf(rules, serviceId, card.findingKind);
    if (mode === 'pilot') {
      const pilot = arm();
      (pilot === 'pilot' ? decision.active : decision.silent).push({ issued: card, mode, pilotArm: pilot });
    } else {
      (mode === 'active' ? decision.active : decision.silent).push({ issued: card, mode });
    }
  }
  return decision;
}

export type ModeRulesParse = { rules: ReadonlyMap<string, CardMode> } | { problems: string[] };

/**
 * CARD_MODES, such as `likely-benign=silent,mri-thigh=pilot`: each key a finding kind, a service
 * id or `*`, each value active, silent or pilot; every problem named.
 */
export function parseModeRules(text: string, known: { findingKinds: readonly string[]; serviceIds: readonly string[] }): ModeRulesParse {
  const rules = new Map<string, CardMode>();
  const problems: string[] = [];
  for (const raw of text.split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const match = /^([^=\s]+)\s*=\s*(\S+)$/.exec(entry);
    if (!match) {
      problems.push(`CARD_MODES entry "${entry.slice(0, 80)}" must be key=mode, such as likely-benign=silent`);
      continue;
    }
    const [, key, mode] = match;
    if (key !== '*' && !known.findingKinds.includes(key) && !known.serviceIds.includes(key)) {
      problems.push(
        `CARD_MODES key "${key.slice(0, 80)}" is neither a finding kind (${known.findingKinds.join(', ')}), a service id (${known.serviceIds.join(', ')}) nor *`,
      );
    } else if (!(CARD_MODES as readonly string[]).includes(mode)) {
      problems.push(`CARD_MODES mode "${mode.slice(0, 40)}" of ${key} must be one of ${CARD_MODES.join(', ')}`);
    } else if (rules.has(key)) {
      problems.push(`CARD_MODES names ${key} twice`);
    } else {
      rules.set(key, mode as CardMode);
    }
  }
  return problems.length > 0 ? { problems } : { rules };
}
