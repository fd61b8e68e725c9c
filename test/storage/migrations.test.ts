/** Migrations: applied to a fresh database, and nothing when run again, on both forms. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { createLogger } from '../../src/logger';
import { MIGRATION_LOCK_TABLE, MIGRATION_TABLE, migrateToLatest } from '../../src/storage/migrations';
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
