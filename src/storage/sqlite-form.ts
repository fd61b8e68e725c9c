/**
 * The embedded form: one SQLite file under the data directory (or memory, for tests and the
 * default app), through better-sqlite3. Writes go through a write-ahead log, so readers never wait
 * for a writer; another process holding the file's lock is waited for at most busy_timeout.
 */
import Database, { SqliteError, type Statement } from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Kysely, SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely';
import { StoreUnavailableError } from './errors';
import type { StoreTables } from './tables';

export const SQLITE_FILE = 'hamstring-cds.sqlite';

/** Statements kept prepared; a batch insert's text varies with its row count, so the cache is bounded. */
const STATEMENT_CACHE_SIZE = 64;

/** The failures of the file or its lock, not of the query: the store is unavailable, not the input wrong. */
const UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|READONLY|NOMEM|PROTOCOL|CORRUPT|NOTADB)/;

function translated(err: unknown): unknown {
  if (err instanceof SqliteError && UNAVAILABLE.test(err.code)) {
    return new StoreUnavailableError(`the embedded store failed (${err.code})`, { cause: err });
  }
  return err;
}

function guarded<T>(run: () => T): T {
  try {
    return run();
  } catch (err) {
    throw translated(err);
  }
}

/**
 * better-sqlite3 as Kysely calls it, with each statement prepared once (Kysely prepares on every
 * call, which costs more than running a small statement) and driver failures translated.
 */
function preparedOnce(db: Database.Database): SqliteDatabase {
  const cache = new Map<string, Statement>();
  return {
    close: () => db.close(),
    prepare(sql: string): SqliteStatement {
      let statement = cache.get(sql);
      if (statement === undefined) {
        statement = guarded(() => db.prepare(sql));
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
        cache.set(sql, statement);
      }
      const prepared = statement;
      return {
        reader: prepared.reader,
        all: (parameters) => guarded(() => prepared.all(parameters)),
        run: (parameters) => guarded(() => prepared.run(parameters)),
        iterate: (parameters) => guarded(() => prepared.iterate(parameters)),
      };
    },
  };
}

/** `file` is a path, or ':memory:' for a store that lives as long as the process. */
export function openSqlite(file: string, busyTimeoutMs: number): Kysely<StoreTables> {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const db = guarded(() => {
    const opened = new Database(file, { timeout: busyTimeoutMs });
    opened.pragma('journal_mode = WAL');
    // With WAL, NORMAL syncs at checkpoints: a power cut may lose the last moments, never corrupt.
    opened.pragma('synchronous = NORMAL');
    return opened;
  });
  return new Kysely<StoreTables>({ dialect: new SqliteDialect({ database: preparedOnce(db) }) });
}
