/**
 * The two forms of the store, for contract tests that run the same cases against each: the
 * embedded SQLite file in a fresh data directory, and PostgreSQL (PGlite, a real PostgreSQL
 * compiled to WASM, served on a loopback port, so no daemon is needed). One PGlite serves every
 * storage test file, since starting one takes seconds; it stops after the whole run.
 *
 * PGlite is one session behind its socket: to run the same tests against a PostgreSQL server,
 * set TEST_DATABASE_URL to a database kept for tests (they empty and drop its tables).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import Database from 'better-sqlite3';
import pg from 'pg';
import { loadConfig, type Config } from '../../../src/config';
import { createLogger } from '../../../src/logger';
import { SQLITE_FILE } from '../../../src/storage/sqlite-form';
import { createStore, type Store, type StoreOptions } from '../../../src/storage/store';

export const TEST_PATIENT_HASH_KEY = '5a'.repeat(32);

export interface StoreForm {
  name: 'SQLite' | 'PostgreSQL';
  /** The configuration of this form's database; `env` adds or overrides variables. */
  config(env?: NodeJS.ProcessEnv): Config;
  /** A store on this test's database (every store a test opens shares it), closed after the test. */
  open(options?: StoreOptions & { env?: NodeJS.ProcessEnv }): Store;
  /** The rows of a table, read beside the store (a connection of the test's own). */
  count(table: string): Promise<number>;
}

export interface SharedPostgres {
  url: string;
  /** A connection of its own, for what a test does beside the store. */
  admin: pg.Client;
  /** PGlite: every connection shares one session, so a store must keep to one connection. */
  oneSession: boolean;
}

let postgres: Promise<SharedPostgres> | undefined;
let stopPostgres: (() => Promise<void>) | undefined;

/** The PostgreSQL every storage test shares, started on first use. */
export function sharedPostgres(): Promise<SharedPostgres> {
  postgres ??= (async () => {
    const externalUrl = process.env.TEST_DATABASE_URL;
    if (externalUrl !== undefined && externalUrl !== '') return connectAdmin(externalUrl, false, () => Promise.resolve());
    const db = await PGlite.create();
    // The admin connection that empties the tables between tests, and the stores' (a store closed
    // a moment ago may still hold its slot while the next one connects).
    const socketServer = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1', maxConnections: 4 });
    await socketServer.start();
    return connectAdmin(`postgres://postgres@${socketServer.getServerConn()}/postgres`, true, async () => {
      await socketServer.stop();
      await db.close();
    });
  })();
  return postgres;
}

async function connectAdmin(url: string, oneSession: boolean, stopServer: () => Promise<void>): Promise<SharedPostgres> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  stopPostgres = async () => {
    await admin.end();
    await stopServer();
  };
  return { url, admin, oneSession };
}

after(async () => {
  await stopPostgres?.();
});

const TABLES = ['jwt_replay_claims', 'card_ledger', 'card_feedback', 'card_snoozes', 'hook_call_counts'];

/** Declares `body`'s tests once per form, each test with an empty database. */
export function forEachForm(body: (form: StoreForm) => void): void {
  for (const name of ['SQLite', 'PostgreSQL'] as const) {
    describe(`(${name})`, function () {
      // Starting PostgreSQL in WASM takes a few seconds, once.
      this.timeout(30_000);
      let dataDir: string;
      let databaseUrl: string | undefined;
      let oneSession = false;
      const opened: Store[] = [];

      before(async () => {
        if (name === 'PostgreSQL') ({ url: databaseUrl, oneSession } = await sharedPostgres());
      });

      beforeEach(async () => {
        dataDir = mkdtempSync(path.join(tmpdir(), 'hamstring-store-'));
        if (name === 'PostgreSQL') {
          const { admin } = await sharedPostgres();
          const existing = await admin.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
          const present = TABLES.filter((t) => existing.rows.some((r) => r.table_name === t));
          if (present.length > 0) await admin.query(`TRUNCATE ${present.join(', ')}`);
        }
      });

      afterEach(async () => {
        await Promise.all(opened.splice(0).map((store) => store.close()));
        rmSync(dataDir, { recursive: true, force: true });
      });

      const form: StoreForm = {
        name,
        config: (env = {}) =>
          loadConfig({
            DATA_DIR: dataDir,
            // Transactions on two connections of one PGlite session would run into each other.
            ...(oneSession ? { DB_POOL_SIZE: '1' } : {}),
            ...(databaseUrl ? { DATABASE_URL: databaseUrl, PATIENT_HASH_KEY: TEST_PATIENT_HASH_KEY } : {}),
            ...env,
          }),
        open: ({ env, ...options } = {}) => {
          const store = createStore(form.config(env), createLogger('silent'), options);
          opened.push(store);
          return store;
        },
        async count(table) {
          if (name === 'PostgreSQL') {
            const { admin } = await sharedPostgres();
            return Number((await admin.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
          }
          const file = new Database(path.join(dataDir, SQLITE_FILE), { readonly: true });
          try {
            return (file.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
          } finally {
            file.close();
          }
        },
      };
      body(form);
    });
  }
}
