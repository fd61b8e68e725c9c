/** Migrations: applied to a fresh database, and nothing when run again, on both forms. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Migrator, type Kysely } from 'kysely';
import { createLogger } from '../../src/logger';
import { MIGRATION_LOCK_TABLE, MIGRATION_TABLE, MIGRATIONS as STORE_MIGRATIONS, migrateToLatest } from '../../src/storage/migrations';
import { CardLedgerRepository } from '../../src/storage/card-ledger';
import type { StoreTables } from '../../src/storage/tables';
import { openPostgres } from '../../src/storage/postgres-form';
import { openSqlite } from '../../src/storage/sqlite-form';
import { sharedPostgres } from './support/forms';

const STORE_TABLES = ['card_feedback', 'card_ledger', 'card_snoozes', 'hook_call_counts', 'jwt_replay_claims'];
const MIGRATIONS = ['0001-replay-ledger-feedback-snoozes', '0002-modes-users-flags-call-counts'];
const ALL_TABLES = [...STORE_TABLES, MIGRATION_TABLE, MIGRATION_LOCK_TABLE].sort();
const LIMITS = { queryTimeoutMs: 2_000, connectTimeoutMs: 2_000, poolSize: 1 };

async function tableNames(db: Kysely<unknown>): Promise<string[]> {
  return (await db.introspection.getTables()).map((t) => t.name).sort();
}

describe('store migrations', function () {
  this.timeout(30_000);

  describe('on SQLite', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'hamstring-migrations-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('creates every table in a fresh file, and applies nothing when opened again', async () => {
      const file = path.join(dir, 'store.sqlite');
      const first = openSqlite(file, 1_000) as Kysely<unknown>;
      assert.deepEqual(await migrateToLatest(first), MIGRATIONS);
      assert.deepEqual(await tableNames(first), ALL_TABLES);
      await first.destroy();
      const again = openSqlite(file, 1_000) as Kysely<unknown>;
      assert.deepEqual(await migrateToLatest(again), []);
      assert.deepEqual(await migrateToLatest(again), []);
      await again.destroy();
    });
  });

  describe('on a ledger written before go-live modes', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'hamstring-migrations-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('reads its cards as active and shown, with no user and no flags', async () => {
      const db = openSqlite(path.join(dir, 'store.sqlite'), 1_000) as Kysely<unknown>;
      const first = '0001-replay-ledger-feedback-snoozes';
      const upTo0001 = new Migrator({
        db,
        provider: { getMigrations: () => Promise.resolve({ [first]: STORE_MIGRATIONS[first] }) },
        migrationTableName: MIGRATION_TABLE,
        migrationLockTableName: MIGRATION_LOCK_TABLE,
      });
      assert.equal((await upTo0001.migrateToLatest()).error, undefined);
      const old = {
        card_uuid: 'c0ffee00-0000-4000-8000-000000000001',
        service_id: 'hamstring-twitch',
        hook: 'patient-view',
        finding_kind: 'electrolyte-low',
        finding_key: 'electrolyte-low:magnesium',
        indicator: 'warning',
        approach_line_ids: '["benign.electrolytes"]',
        service_version: '0.1.0',
        knowledge_version: 'k1',
        hook_instance: 'h',
        issued_at: Date.parse('2026-11-01T00:00:00Z'),
        patient_hash: 'f'.repeat(64),
        evidence_fingerprint: 'e',
        suggestion_uuids: '[]',
      };
      await (db as unknown as Kysely<Record<string, typeof old>>).insertInto('card_ledger').values(old).execute();
      assert.deepEqual(await migrateToLatest(db), ['0002-modes-users-flags-call-counts']);
      const ledger = new CardLedgerRepository(db as unknown as Kysely<StoreTables>, () => Promise.resolve());
      const [card] = await ledger.findByCardUuids([old.card_uuid]);
      assert.deepEqual([card.mode, card.delivery, card.pilotArm, card.userHash, card.flagKinds], ['active', 'shown', undefined, undefined, []]);
      await db.destroy();
    });
  });

  describe('on PostgreSQL', () => {
    it('creates every table in a fresh database, and applies nothing when run again', async () => {
      const { url, admin } = await sharedPostgres();
      // Other test files may have migrated the shared database already: start it afresh.
      await admin.query(`DROP TABLE IF EXISTS ${ALL_TABLES.join(', ')}`);
      const first = openPostgres(url, LIMITS, createLogger('silent')) as Kysely<unknown>;
      assert.deepEqual(await migrateToLatest(first), MIGRATIONS);
      assert.deepEqual(await tableNames(first), ALL_TABLES);
      await first.destroy();
      const again = openPostgres(url, LIMITS, createLogger('silent')) as Kysely<unknown>;
      assert.deepEqual(await migrateToLatest(again), []);
      await again.destroy();
    });
  });
});
