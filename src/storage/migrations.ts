/**
 * Schema changes, numbered and applied in order at start-up by Kysely's migrator. One definition
 * serves both forms: only types both understand (text, bigint) and plain constraints. On
 * PostgreSQL the migrator holds an advisory lock while it works, so replicas that start together
 * apply each migration once; SQLite serialises writers itself. A migration, once released, is
 * never edited: a change is a new, higher number.
 */
import { Migrator, type Kysely, type Migration } from 'kysely';

export const MIGRATIONS: Record<string, Migration> = {
  '0001-replay-ledger-feedback-snoozes': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('jwt_replay_claims')
        .addColumn('issuer', 'text', (c) => c.notNull())
        .addColumn('jti', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('jwt_replay_claims_pk', ['issuer', 'jti'])
        .execute();
      await db.schema.createIndex('jwt_replay_claims_expires_at').on('jwt_replay_claims').column('expires_at').execute();

      await db.schema
        .createTable('card_ledger')
        .addColumn('card_uuid', 'text', (c) => c.primaryKey())
        .addColumn('service_id', 'text', (c) => c.notNull())
        .addColumn('hook', 'text', (c) => c.notNull())
        .addColumn('finding_kind', 'text', (c) => c.notNull())
        .addColumn('finding_key', 'text', (c) => c.notNull())
        .addColumn('indicator', 'text', (c) => c.notNull())
        .addColumn('approach_line_ids', 'text', (c) => c.notNull())
        .addColumn('service_version', 'text', (c) => c.notNull())
        .addColumn('knowledge_version', 'text', (c) => c.notNull())
        .addColumn('hook_instance', 'text', (c) => c.notNull())
        .addColumn('issued_at', 'bigint', (c) => c.notNull())
        .addColumn('patient_hash', 'text', (c) => c.notNull())
        .addColumn('evidence_fingerprint', 'text', (c) => c.notNull())
        .addColumn('suggestion_uuids', 'text', (c) => c.notNull())
        .execute();
      // The report reads a time range of the ledger.
      await db.schema.createIndex('card_ledger_issued_at').on('card_ledger').column('issued_at').execute();

      // No foreign key to the ledger: the card's row may still be queued in the ledger writer of
      // the replica that issued it. The HTTP edge checks the card exists; reports join on it.
      await db.schema
        .createTable('card_feedback')
        .addColumn('card_uuid', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('outcome_at', 'bigint', (c) => c.notNull())
        .addColumn('accepted_suggestion_ids', 'text', (c) => c.notNull())
        .addColumn('override_reason_system', 'text')
        .addColumn('override_reason_code', 'text')
        .addColumn('override_reason_display', 'text')
        .addColumn('user_comment', 'text')
        .addColumn('client_iss', 'text')
        .addColumn('received_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('card_feedback_pk', ['card_uuid', 'outcome', 'outcome_at'])
        .execute();

      await db.schema
        .createTable('card_snoozes')
        .addColumn('patient_hash', 'text', (c) => c.notNull())
        .addColumn('finding_key', 'text', (c) => c.notNull())
        .addColumn('evidence_fingerprint', 'text', (c) => c.notNull())
        .addColumn('snoozed_until', 'bigint', (c) => c.notNull())
        .addColumn('card_uuid', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('card_snoozes_pk', ['patient_hash', 'finding_key'])
        .execute();
      await db.schema.createIndex('card_snoozes_snoozed_until').on('card_snoozes').column('snoozed_until').execute();
    },
  },
  // Go-live modes. Defaults describe the rows already there: every card was shown, in active mode.
  // Switching a kind's mode later is configuration, not a schema change.
  '0002-modes-users-flags-call-counts': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('card_ledger')
        .addColumn('mode', 'text', (c) => c.notNull().defaultTo('active'))
        .execute();
      await db.schema.alterTable('card_ledger').addColumn('pilot_arm', 'text').execute();
      await db.schema
        .alterTable('card_ledger')
        .addColumn('delivery', 'text', (c) => c.notNull().defaultTo('shown'))
        .execute();
      await db.schema.alterTable('card_ledger').addColumn('user_hash', 'text').execute();
      await db.schema
        .alterTable('card_ledger')
        .addColumn('flag_kinds', 'text', (c) => c.notNull().defaultTo('[]'))
        .execute();
      await db.schema
        .createTable('hook_call_counts')
        .addColumn('service_id', 'text', (c) => c.notNull())
        .addColumn('service_version', 'text', (c) => c.notNull())
        .addColumn('knowledge_version', 'text', (c) => c.notNull())
        .addColumn('day_start', 'bigint', (c) => c.notNull())
        .addColumn('pilot_arm', 'text', (c) => c.notNull())
        .addColumn('calls', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('hook_call_counts_pk', ['service_id', 'service_version', 'knowledge_version', 'day_start', 'pilot_arm'])
        .execute();
      // Retention deletes feedback by the time it arrived.
      await db.schema.createIndex('card_feedback_received_at').on('card_feedback').column('received_at').execute();
    },
  },
};

/** Kysely's default names say nothing about this project; these sit beside our tables. */
export const MIGRATION_TABLE = 'store_migrations';
export const MIGRATION_LOCK_TABLE = 'store_migrations_lock';

/** Applies every migration not yet applied; returns the names it applied (none when up to date). */
export async function migrateToLatest(db: Kysely<unknown>): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(MIGRATIONS) },
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) throw error instanceof Error ? error : new Error('a migration failed', { cause: error });
  return (results ?? []).map((r) => r.migrationName);
}
