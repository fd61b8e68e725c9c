/**
 * The PostgreSQL forms of the shared stores: the JWT replay cache and feedback, shared by every
 * replica through DATABASE_URL. Tables are created on start when missing.
 */
import { Pool } from 'pg';
import type { Logger } from 'pino';
import type { ReplayCache } from '../security/replay-cache';
import type { FeedbackRecord, FeedbackStore } from './feedback-store';

// Replicas starting together would race to create the same tables; one lock lets one at a time.
const SCHEMA_LOCK = 0x6a77747263;

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS cds_jwt_replay (
     issuer text NOT NULL,
     jti text NOT NULL,
     expires_at timestamptz NOT NULL,
     PRIMARY KEY (issuer, jti))`,
  'CREATE INDEX IF NOT EXISTS cds_jwt_replay_expires_at ON cds_jwt_replay (expires_at)',
  `CREATE TABLE IF NOT EXISTS cds_feedback (
     service_id text NOT NULL,
     card text NOT NULL,
     outcome text NOT NULL,
     outcome_timestamp timestamptz NOT NULL,
     accepted_suggestions jsonb NOT NULL,
     override_reason jsonb,
     client text,
     received_at timestamptz NOT NULL DEFAULT now(),
     PRIMARY KEY (service_id, card, outcome, outcome_timestamp))`,
];

export async function createSchema(pool: Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
    for (const statement of SCHEMA) await client.query(statement);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

export function createPool(connectionString: string, logger: Logger, maxConnections = 10): Pool {
  const pool = new Pool({ connectionString, max: maxConnections, connectionTimeoutMillis: 5_000 });
  // An idle connection the server drops must not take the process down; the next query reconnects.
  pool.on('error', (err) => logger.error({ errorName: err.name }, 'database connection lost'));
  return pool;
}

/** Expired tokens are deleted at most this often per replica. */
const PURGE_INTERVAL_MS = 60_000;

export class PostgresReplayCache implements ReplayCache {
  private nextPurge = 0;

  constructor(
    private readonly pool: Pool,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async claim(issuer: string, jti: string, expiresAt: Date): Promise<boolean> {
    const now = this.clock();
    if (now.getTime() >= this.nextPurge) {
      this.nextPurge = now.getTime() + PURGE_INTERVAL_MS;
      await this.pool.query('DELETE FROM cds_jwt_replay WHERE expires_at <= $1', [now]);
    }
    // One statement decides atomically: a new (iss, jti) is inserted; a row whose token expired may be taken again.
    const result = await this.pool.query(
      `INSERT INTO cds_jwt_replay (issuer, jti, expires_at) VALUES ($1, $2, $3)
       ON CONFLICT (issuer, jti) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE cds_jwt_replay.expires_at <= $4
       RETURNING 1`,
      [issuer, jti, expiresAt, now],
    );
    return result.rowCount === 1;
  }
}

interface FeedbackRow {
  service_id: string;
  card: string;
  outcome: FeedbackRecord['outcome'];
  outcome_timestamp: Date;
  accepted_suggestions: string[];
  override_reason: FeedbackRecord['overrideReason'] | null;
  client: string | null;
}

export class PostgresFeedbackStore implements FeedbackStore {
  constructor(private readonly pool: Pool) {}

  async record(records: readonly FeedbackRecord[]): Promise<number> {
    if (records.length === 0) return 0;
    const rows = records.map((r) => ({
      service_id: r.serviceId,
      card: r.card,
      outcome: r.outcome,
      outcome_timestamp: r.outcomeTimestamp,
      accepted_suggestions: r.acceptedSuggestions,
      override_reason: r.overrideReason ?? null,
      client: r.client ?? null,
    }));
    // One statement for a whole batch; a repeat (within the batch or of an earlier call) is skipped.
    const result = await this.pool.query(
      `INSERT INTO cds_feedback (service_id, card, outcome, outcome_timestamp, accepted_suggestions, override_reason, client)
       SELECT service_id, card, outcome, outcome_timestamp, accepted_suggestions, override_reason, client
       FROM jsonb_to_recordset($1::jsonb) AS r(service_id text, card text, outcome text, outcome_timestamp timestamptz,
                                                accepted_suggestions jsonb, override_reason jsonb, client text)
       ON CONFLICT DO NOTHING`,
      [JSON.stringify(rows)],
    );
    return result.rowCount ?? 0;
  }

  async forService(serviceId: string): Promise<FeedbackRecord[]> {
    const result = await this.pool.query<FeedbackRow>(
      `SELECT service_id, card, outcome, outcome_timestamp, accepted_suggestions, override_reason, client
       FROM cds_feedback WHERE service_id = $1 ORDER BY outcome_timestamp, card, outcome`,
      [serviceId],
    );
    return result.rows.map((row) => {
      const record: FeedbackRecord = {
        serviceId: row.service_id,
        card: row.card,
        outcome: row.outcome,
        acceptedSuggestions: row.accepted_suggestions,
        outcomeTimestamp: row.outcome_timestamp.toISOString(),
      };
      if (row.override_reason) record.overrideReason = row.override_reason;
      if (row.client !== null) record.client = row.client;
      return record;
    });
  }
}
