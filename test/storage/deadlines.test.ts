/**
 * Every store operation has a deadline (issue 13: a hung database stalled requests without
 * limit). A database that accepts connections and never answers, one that freezes mid-connection
 * and a SQLite file locked by another process all end in StoreUnavailableError, well within the
 * configured times, never in a hang; and the store works again once the database does.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { StoreUnavailableError } from '../../src/storage/errors';
import { SQLITE_FILE } from '../../src/storage/sqlite-form';
import { createStore, type Store } from '../../src/storage/store';
import { FreezableProxy } from './support/freezable-proxy';
import { sharedPostgres, TEST_PATIENT_HASH_KEY } from './support/forms';

/** Short deadlines, so each case takes a fraction of a second. */
const DEADLINES = { DB_QUERY_TIMEOUT_MS: '200', DB_CONNECT_TIMEOUT_MS: '200' };
/** Far above the deadlines, far below the test's timeout: an answer later than this is a hang. */
const BOUND_MS = 2_000;
const EXPIRES = new Date(Date.now() + 3_600_000);
/** jtis of this run only: a database kept between runs (TEST_DATABASE_URL) has claimed earlier ones. */
const RUN = randomUUID();
const jti = (name: string) => `${name}-${RUN}`;

function postgresStore(url: string, env: NodeJS.ProcessEnv = {}): Store {
  const config = loadConfig({ DATABASE_URL: url, PATIENT_HASH_KEY: TEST_PATIENT_HASH_KEY, DB_POOL_SIZE: '1', ...DEADLINES, ...env });
  return createStore(config, createLogger('silent'));
}

async function assertUnavailableWithinBound(work: Promise<unknown>, message?: RegExp): Promise<void> {
  const started = Date.now();
  await assert.rejects(work, (err: unknown) => err instanceof StoreUnavailableError && (message === undefined || message.test(err.message)));
  const elapsed = Date.now() - started;
  assert.ok(elapsed < BOUND_MS, `gave up after ${elapsed} ms`);
}

/**
 * The first answer once the database is back: a reconnection on this busy machine may itself
 * take longer than the short connection deadline, so a few StoreUnavailableErrors are allowed.
 */
async function onceRecovered<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (err) {
      if (!(err instanceof StoreUnavailableError) || attempt === 20) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

describe('store deadlines', function () {
  this.timeout(30_000);

  describe('with a PostgreSQL server that accepts connections and never answers', () => {
    let silent: net.Server;
    const sockets: net.Socket[] = [];
    let store: Store;

    before(async () => {
      silent = net.createServer((socket) => sockets.push(socket));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      store = postgresStore(`postgres://postgres@127.0.0.1:${(silent.address() as net.AddressInfo).port}/postgres`);
    });

    after(async () => {
      await store.close();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    });

    it('fails a replay claim with StoreUnavailableError after the connection deadline', async () => {
      await assertUnavailableWithinBound(store.replayCache.claim('https://ehr.example.org', jti('jti'), EXPIRES));
    });

    it('fails start-up migrations the same way', async () => {
      await assertUnavailableWithinBound(store.ready());
    });

    it('fails the readiness probe within its own deadline', async () => {
      await assertUnavailableWithinBound(store.ping(100));
    });
  });

  describe('with PostgreSQL frozen after connecting', () => {
    let proxy: FreezableProxy;
    let store: Store;

    before(async () => {
      const { url } = await sharedPostgres();
      const upstream = new URL(url);
      proxy = new FreezableProxy({ host: upstream.hostname, port: Number(upstream.port) });
      const port = await proxy.start();
      store = postgresStore(`postgres://postgres@127.0.0.1:${port}/postgres`);
      // The first claim starts the periodic purge beside it; waiting for a purge of our own leaves the connection idle.
      await store.replayCache.claim('https://ehr.example.org', jti('first'), EXPIRES);
      await store.replayCache.purgeExpired(new Date());
    });

    afterEach(() => proxy.thaw());

    after(async () => {
      await store.close();
      await proxy.stop();
    });

    it('fails a claim in flight with StoreUnavailableError after the query deadline, and recovers once thawed', async () => {
      assert.equal(await onceRecovered(() => store.replayCache.claim('https://ehr.example.org', jti('before'), EXPIRES)), true);
      proxy.freeze();
      await assertUnavailableWithinBound(store.replayCache.claim('https://ehr.example.org', jti('frozen'), EXPIRES), /did not answer a query/);
      proxy.thaw();
      assert.equal(await onceRecovered(() => store.replayCache.claim('https://ehr.example.org', jti('after'), EXPIRES)), true);
    });

    it('fails every one of several callers queued for the one connection, none hangs', async () => {
      await onceRecovered(() => store.replayCache.claim('https://ehr.example.org', jti('warm'), EXPIRES));
      proxy.freeze();
      const started = Date.now();
      const claims = Array.from({ length: 4 }, (_, i) => store.replayCache.claim('https://ehr.example.org', jti(`queued-${i}`), EXPIRES));
      const results = await Promise.allSettled(claims);
      assert.ok(Date.now() - started < BOUND_MS, `the last caller waited ${Date.now() - started} ms`);
      assert.deepEqual(
        results.map((r) => r.status === 'rejected' && r.reason instanceof StoreUnavailableError),
        [true, true, true, true],
      );
    });

    it('fails a claim whose connection is dropped mid-query with StoreUnavailableError, without taking the process down', async () => {
      await onceRecovered(() => store.replayCache.claim('https://ehr.example.org', jti('before-cut'), EXPIRES));
      proxy.freeze();
      const inFlight = store.replayCache.claim('https://ehr.example.org', jti('cut'), EXPIRES);
      await new Promise((resolve) => setTimeout(resolve, 50));
      proxy.cut();
      proxy.thaw();
      await assertUnavailableWithinBound(inFlight);
      assert.equal(await onceRecovered(() => store.replayCache.claim('https://ehr.example.org', jti('after-cut'), EXPIRES)), true);
    });

    it('answers feedback lookups again once thawed', async () => {
      proxy.freeze();
      await assertUnavailableWithinBound(store.feedback.findByCardUuids(['c']));
      proxy.thaw();
      assert.deepEqual(await onceRecovered(() => store.feedback.findByCardUuids(['c'])), []);
    });
  });

  describe('with the SQLite file locked by another process', () => {
    let dataDir: string;
    let store: Store;
    let other: Database.Database;

    before(async () => {
      dataDir = mkdtempSync(path.join(tmpdir(), 'hamstring-busy-'));
      store = createStore(loadConfig({ DATA_DIR: dataDir, ...DEADLINES }), createLogger('silent'));
      await store.ready();
      other = new Database(path.join(dataDir, SQLITE_FILE));
    });

    after(async () => {
      other.close();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('fails a write with StoreUnavailableError after busy_timeout, and writes once the lock is gone', async () => {
      other.exec('BEGIN IMMEDIATE');
      await assertUnavailableWithinBound(store.replayCache.claim('https://ehr.example.org', jti('locked'), EXPIRES));
      other.exec('ROLLBACK');
      assert.equal(await store.replayCache.claim('https://ehr.example.org', jti('locked'), EXPIRES), true);
    });
  });
});
