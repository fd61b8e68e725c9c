/**
 * The two forms of the store, for contract tests that run the same cases against each: the
 * embedded SQLite file in a fresh data directory, and PostgreSQL (PGlite, a real PostgreSQL
 * compiled to WASM, served on a loopback port, so no daemon is needed). One PGlite serves every
 * storage test file, since starting one takes seconds; it stops after the whole run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import pg from 'pg';
import { loadConfig, type Config } from '../../../src/config';
import { createLogger } from '../../../src/logger';
import { createStore, type Store, type StoreOptions } from '../../../src/storage/store';

export const TEST_PATIENT_HASH_KEY = '5a'.repeat(32);

export interface StoreForm {
  name: 'SQLite' | 'PostgreSQL';
  /** The configuration of this form's database; `env` adds or overrides variables. */
  config(env?: NodeJS.ProcessEnv): Config;
  /** A store on this test's database (every store a test opens shares it), closed after the test. */
  open(options?: StoreOptions & { env?: NodeJS.ProcessEnv }): Store;
}

export interface SharedPostgres {
  url: string;
  /** A connection of its own, for what a test does beside the store. */
  admin: pg.Client;
}

let postgres: Promise<SharedPostgres> | undefined;
let stopPostgres: (() => Promise<void>) | undefined;

/** The PostgreSQL every storage test shares, started on first use. */
export function sharedPostgres(): Promise<SharedPostgres> {
  postgres ??= (async () => {
    const db = await PGlite.create();
    // The admin connection that empties the tables between tests, and the stores' (a store closed
    // a moment ago may still hold its slot while the next one connects).
    const server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1', maxConnections: 4 });
    await server.start();
    const url = `postgres://postgres@${server.getServerConn()}/postgres`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    stopPostgres = async () => {
      await admin.end();
      await server.stop();
      await db.close();
    };
    return { url, admin };
  })();
  return postgres;
}

after(async () => {
  await stopPostgres?.();
});

const TABLES = ['jwt_replay_claims', 'card_ledger', 'card_feedback', 'card_snoozes'];

/** Declares `body`'s tests once per form, each test with an empty database. */
export function forEachForm(body: (form: StoreForm) => void): void {
  for (const name of ['SQLite', 'PostgreSQL'] as const) {
    describe(`(${name})`, function () {
      // Starting PostgreSQL in WASM takes a few seconds, once.
      this.timeout(30_000);
      let dataDir: string;
      let databaseUrl: string | undefined;
      const opened: Store[] = [];

      before(async () => {
        if (name === 'PostgreSQL') databaseUrl = (await sharedPostgres()).url;
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
            // The socket server answers one query at a time; one connection per store keeps transactions apart.
            DB_POOL_SIZE: '1',
            ...(databaseUrl ? { DATABASE_URL: databaseUrl, PATIENT_HASH_KEY: TEST_PATIENT_HASH_KEY } : {}),
            ...env,
          }),
        open: ({ env, ...options } = {}) => {
          const store = createStore(form.config(env), createLogger('silent'), options);
          opened.push(store);
          return store;
        },
      };
      body(form);
    });
  }
}
