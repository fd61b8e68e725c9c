/**
 * The card ledger: one row per card the service returned, so feedback can be tied to the rule,
 * the versions and the (hashed) patient that produced it. Nothing of the patient but the keyed
 * hash is kept, and no patient data: the evidence is a fingerprint the caller computes.
 */
import type { Kysely } from 'kysely';
import type { CardDelivery, CardMode, PilotArm } from '../feedback-loop/modes';
import { StoreInputError } from './errors';
import { storableInstant, storableText, storableTextList, storedTextList } from './storable';
import type { CardLedgerTable, StoreTables } from './tables';

export type CardIndicator = 'info' | 'warning' | 'critical';

export interface IssuedCard {
  cardUuid: string;
  serviceId: string;
  hook: string;
  findingKind: string;
  /** What makes two cards "the same card for the same patient", e.g. `electrolyte-low:magnesium`. */
  findingKey: string;
  indicator: CardIndicator;
  approachLineIds: string[];
  serviceVersion: string;
  knowledgeVersion: string;
  hookInstance: string;
  issuedAt: Date;
  /** The keyed hash of the patient id (src/security/patient-hash.ts), never the id. */
  patientHash: string;
  /** A digest of the evidence that made the card fire: a snooze ends when it changes. */
  evidenceFingerprint: string;
  suggestionUuids: string[];
  /** The mode its kind ran in when it fired. */
  mode: CardMode;
  /** In a pilot, the arm of the user it was for. */
  pilotArm?: PilotArm;
  /** Shown, held silent, or held back by a snooze: only a shown card can have feedback. */
  delivery: CardDelivery;
  /** The keyed hash of the user (store.hashUser), never the reference itself. */
  userHash?: string;
  /** The reasons a gathering card carried (the urgent card's red flags), sorted. */
  flagKinds: string[];
}

const MODES: readonly string[] = ['active', 'silent', 'pilot'] satisfies CardMode[];
const ARMS: readonly string[] = ['pilot', 'control'] satisfies PilotArm[];
const DELIVERIES: readonly string[] = ['shown', 'silent', 'snoozed'] satisfies CardDelivery[];

const INDICATORS: readonly string[] = ['info', 'warning', 'critical'] satisfies CardIndicator[];

/** Rows per INSERT: 19 values a row stays far below SQLite's and PostgreSQL's parameter limits. */
export const LEDGER_ROWS_PER_STATEMENT = 500;

/** The row as stored; throws StoreInputError (with the card's position) for what cannot be stored. */
export function toLedgerRow(card: IssuedCard, index?: number): CardLedgerTable {
  const text = (value: string, field: string) => storableText(value, field, index);
  if (!INDICATORS.includes(card.indicator)) throw new StoreInputError('indicator', 'must be info, warning or critical', index);
  if (!MODES.includes(card.mode)) throw new StoreInputError('mode', 'must be active, silent or pilot', index);
  if (card.pilotArm !== undefined && !ARMS.includes(card.pilotArm)) throw new StoreInputError('pilotArm', 'must be pilot or control', index);
  if (!DELIVERIES.includes(card.delivery)) throw new StoreInputError('delivery', 'must be shown, silent or snoozed', index);
  return {
    card_uuid: text(card.cardUuid, 'cardUuid'),
    service_id: text(card.serviceId, 'serviceId'),
    hook: text(card.hook, 'hook'),
    finding_kind: text(card.findingKind, 'findingKind'),
    finding_key: text(card.findingKey, 'findingKey'),
    indicator: card.indicator,
    approach_line_ids: storableTextList(card.approachLineIds, 'approachLineIds', index),
    service_version: text(card.serviceVersion, 'serviceVersion'),
    knowledge_version: text(card.knowledgeVersion, 'knowledgeVersion'),
    hook_instance: text(card.hookInstance, 'hookInstance'),
    issued_at: storableInstant(card.issuedAt, 'issuedAt', index),
    patient_hash: text(card.patientHash, 'patientHash'),
    evidence_fingerprint: text(card.evidenceFingerprint, 'evidenceFingerprint'),
    suggestion_uuids: storableTextList(card.suggestionUuids, 'suggestionUuids', index),
    mode: card.mode,
    pilot_arm: card.pilotArm ?? null,
    delivery: card.delivery,
    user_hash: card.userHash === undefined ? null : text(card.userHash, 'userHash'),
    flag_kinds: storableTextList(card.flagKinds, 'flagKinds', index),
  };
}

export function fromLedgerRow(row: CardLedgerTable): IssuedCard {
  return {
    cardUuid: row.card_uuid,
    serviceId: row.service_id,
    hook: row.hook,
    findingKind: row.finding_kind,
    findingKey: row.finding_key,
    indicator: row.indicator as CardIndicator,
    approachLineIds: storedTextList(row.approach_line_ids),
    serviceVersion: row.service_version,
    knowledgeVersion: row.knowledge_version,
    hookInstance: row.hook_instance,
    issuedAt: new Date(row.issued_at),
    patientHash: row.patient_hash,
    evidenceFingerprint: row.evidence_fingerprint,
    suggestionUuids: storedTextList(row.suggestion_uuids),
    mode: row.mode as CardMode,
    ...(row.pilot_arm !== null ? { pilotArm: row.pilot_arm as PilotArm } : {}),
    delivery: row.delivery as CardDelivery,
    ...(row.user_hash !== null ? { userHash: row.user_hash } : {}),
    flagKinds: storedTextList(row.flag_kinds),
  };
}

/** Long lists go to the database a bounded number at a time (parameter limits, statement size). */
export function inChunks<T>(items: readonly T[], size = LEDGER_ROWS_PER_STATEMENT): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

export class CardLedgerRepository {
  constructor(
    private readonly db: Kysely<StoreTables>,
    private readonly ready: () => Promise<void>,
  ) {}

  /**
   * Stores rows validated by toLedgerRow (the ledger writer's batches), LEDGER_ROWS_PER_STATEMENT
   * to a statement; returns how many were new. A card already in the ledger is left as it is, so
   * writing a batch again (after a timeout that hid a success) is harmless.
   */
  async insertRows(rows: readonly CardLedgerTable[]): Promise<number> {
    await this.ready();
    let added = 0;
    for (const chunk of inChunks(rows)) {
      const result = await this.db
        .insertInto('card_ledger')
        .values(chunk)
        .onConflict((oc) => oc.column('card_uuid').doNothing())
        .executeTakeFirst();
      added += Number(result.numInsertedOrUpdatedRows ?? 0n);
    }
    return added;
  }

  /** The ledger rows of these cards, in the order asked; unknown cards are left out. */
  async findByCardUuids(cardUuids: readonly string[]): Promise<IssuedCard[]> {
    const wanted = [...new Set(cardUuids.map((uuid, index) => storableText(uuid, 'cardUuid', index)))];
    if (wanted.length === 0) return [];
    await this.ready();
    const found = new Map<string, IssuedCard>();
    for (const chunk of inChunks(wanted)) {
      const rows = await this.db.selectFrom('card_ledger').selectAll().where('card_uuid', 'in', chunk).execute();
      for (const row of rows) found.set(row.card_uuid, fromLedgerRow(row));
    }
    return wanted.flatMap((uuid) => found.get(uuid) ?? []);
  }
}
