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
}
