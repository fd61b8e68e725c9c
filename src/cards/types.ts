/** The CDS Hooks 2.0 response model (§CDS Service Response, §Card Attributes). */
import type { ServiceRequest } from 'fhir/r4';
import type { FindingKind } from '../approach/findings';
import type { ApproachLineId } from '../knowledge/approach';

export interface Coding {
  system: string;
  code: string;
  display?: string;
}

export interface Action {
  type: 'create' | 'update' | 'delete';
  description: string;
  resource?: ServiceRequest;
  resourceId?: string;
}

export interface Suggestion {
  label: string;
  uuid: string;
  isRecommended?: boolean;
  actions: Action[];
}

export interface Link {
  label: string;
  url: string;
  type: 'absolute' | 'smart';
}

export type Indicator = 'info' | 'warning' | 'critical';

export interface Card {
  uuid: string;
  summary: string;
  detail: string;
  indicator: Indicator;
  source: { label: string; url?: string; topic?: Coding };
  suggestions?: Suggestion[];
  selectionBehavior?: 'at-most-one' | 'any';
  overrideReasons?: Coding[];
  links?: Link[];
  extension?: Record<string, unknown>;
}

/** The key of our card extension (CDS Hooks §Extensions: reverse-DNS). */
export const CARD_EXTENSION = 'org.hamstring-cds.card';

/** What every card carries about itself, for the EHR, the ledger and regression runs. */
export interface CardExtension {
  /** The finding kind the card renders ("electrolyte-low"). */
  finding: string;
  /** The approach lines it follows, the first being where its source link points. */
  lines: string[];
  /** The resources it rests on, by relative reference ("Observation/mg-1"); absent when none. */
  evidence?: string[];
  serviceVersion: string;
  knowledgeVersion: string;
}

export interface CdsResponse {
  cards: Card[];
}

/** A card as the service issued it, with the finding it renders (for logs, metrics and the ledger). */
export interface IssuedCard {
  card: Card;
  findingKind: FindingKind;
  /** "The same card" for a patient, across calls: the kind and what it is about ("electrolyte-low:magnesium"). */
  findingKey: string;
  lines: readonly ApproachLineId[];
  /** A hash of the evidence it rests on (references, values, dates): changes when that evidence changes. */
  fingerprint: string;
  /** The reasons it gathers, when its kind gathers several (the urgent card's red flags); else empty. */
  flags: readonly string[];
}
