/**
 * The store's tables as the query code sees them, one interface per table, columns as stored.
 * Times are milliseconds since the epoch (UTC) and lists are JSON text in both forms, so range
 * filters, ordering and weekly buckets are the same integer arithmetic in SQLite and PostgreSQL.
 */

/** A token's (iss, jti), claimed until the token expires (replay protection). */
export interface JwtReplayClaimsTable {
  issuer: string;
  jti: string;
  expires_at: number;
}

/** One row per card the service returned. */
export interface CardLedgerTable {
  card_uuid: string;
  service_id: string;
  hook: string;
  finding_kind: string;
  finding_key: string;
  indicator: string;
  approach_line_ids: string;
  service_version: string;
  knowledge_version: string;
  hook_instance: string;
  issued_at: number;
  patient_hash: string;
  evidence_fingerprint: string;
  suggestion_uuids: string;
  /** The mode its kind ran in (active, silent, pilot): cards before go-live modes were active. */
  mode: string;
  /** In a pilot, the user's arm (pilot: shown; control: held silent); else null. */
  pilot_arm: string | null;
  /** What became of it: shown, held silent, or held back by a snooze. */
  delivery: string;
  /** The keyed hash of context.userId; null for cards recorded before users were. */
  user_hash: string | null;
  /** The reasons a gathering card carried (the urgent card's flags), as a JSON list. */
  flag_kinds: string;
}

/** Hook calls counted per service, versions, day and pilot arm (every call, with or without cards). */
export interface HookCallCountsTable {
  service_id: string;
  service_version: string;
  knowledge_version: string;
  /** Midnight UTC of the day, in milliseconds. */
  day_start: number;
  /** 'pilot' or 'control' while a pilot runs; '' otherwise. */
  pilot_arm: string;
  calls: number;
}

/** What a clinician did with a card: one row per card, outcome and outcome time. */
export interface CardFeedbackTable {
  card_uuid: string;
  outcome: string;
  outcome_at: number;
  accepted_suggestion_ids: string;
  override_reason_system: string | null;
  override_reason_code: string | null;
  override_reason_display: string | null;
  user_comment: string | null;
  client_iss: string | null;
  received_at: number;
}

/** A finding kept from one patient until a time, or until its evidence changes. */
export interface CardSnoozesTable {
  patient_hash: string;
  finding_key: string;
  evidence_fingerprint: string;
  snoozed_until: number;
  card_uuid: string;
  created_at: number;
}

export interface StoreTables {
  jwt_replay_claims: JwtReplayClaimsTable;
  card_ledger: CardLedgerTable;
  card_feedback: CardFeedbackTable;
  card_snoozes: CardSnoozesTable;
  hook_call_counts: HookCallCountsTable;
}
