/** The CDS Hooks 2.0 response model (§CDS Service Response, §Card Attributes). */
import type { ServiceRequest } from 'fhir/r4';
import type { FindingKind } from '../rules/types';

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
}

export interface CdsResponse {
  cards: Card[];
}

/** A card as the service issued it, with the finding it renders (for logs, metrics and the ledger). */
export interface IssuedCard {
  card: Card;
  findingKind: FindingKind;
}
