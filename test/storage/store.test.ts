/** The store as the service gets it: configuration, the data directory, and the app's default. */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import request from 'supertest';
import { loadConfig, STORAGE_DEFAULTS } from '../../src/config';
import { createLogger } from '../../src/logger';
import { PATIENT_HASH_KEY_FILE } from '../../src/security/patient-hash';
import { SQLITE_FILE } from '../../src/storage/sqlite-form';
import { createStore } from '../../src/storage/store';
import { SERVICE_URL, testApp } from '../support/app';
import { bundle, hookRequest, twitching } from '../support/builders';
import { problemsOf } from '../support/config';
import { TEST_PATIENT_HASH_KEY } from './support/forms';

describe('store wiring', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'hamstring-wiring-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  describe('with the default configuration and a DATA_DIR that does not exist yet', () => {
    it('creates the directory, the SQLite file in WAL mode and the patient-hash key, and answers the readiness probe', async () => {
      const dataDir = path.join(root, 'nested', 'data');
      const store = createStore(loadConfig({ DATA_DIR: dataDir }), createLogger('silent'));
      assert.equal(store.form, 'sqlite');
      await store.ready();
      await store.ping(1_000);
      await store.close();
      assert.ok(existsSync(path.join(dataDir, PATIENT_HASH_KEY_FILE)));
      const file = new Database(path.join(dataDir, SQLITE_FILE), { readonly: true });
      assert.equal(file.pragma('journal_mode', { simple: true }), 'wal');
      file.close();
    });
  });

  describe('with PATIENT_HASH_KEY set', () => {
    it('hashes a patient the same way in every replica, never as the id', async () => {
      const env = { PATIENT_HASH_KEY: TEST_PATIENT_HASH_KEY };
      const one = createStore(loadConfig({ ...env, DATA_DIR: path.join(root, 'one') }), createLogger('silent'));
      const two = createStore(loadConfig({ ...env, DATA_DIR: path.join(root, 'two') }), createLogger('silent'));
      assert.equal(one.hashPatient('pt-secret-42'), two.hashPatient('pt-secret-42'));
      assert.ok(!one.hashPatient('pt-secret-42').includes('pt-secret-42'));
      await Promise.all([one.close(), two.close()]);
    });
  });

  describe('an app built without a store', () => {
    it('keeps feedback in memory and writes nothing to DATA_DIR', async () => {
      const dataDir = path.join(root, 'untouched');
      const base = loadConfig({});
      const app = testApp({ storage: { ...base.storage, dataDir } });
      const answer = await request(app)
        .post(SERVICE_URL)
        .send(hookRequest({ conditions: bundle(twitching(5)) }))
        .expect(200);
      const feedback = { card: (answer.body as { cards: { uuid: string }[] }).cards[0].uuid, outcome: 'overridden', outcomeTimestamp: '2026-11-26T11:59:30Z' };
      await request(app)
        .post(`${SERVICE_URL}/feedback`)
        .send({ feedback: [feedback] })
        .expect(200);
      assert.equal(existsSync(dataDir), false);
    });
  });
});

describe('loadConfig storage settings', () => {
  describe('with nothing set', () => {
    it('keeps the embedded store in data/ at the project root, with two-second deadlines and ten connections', () => {
      const { storage } = loadConfig({});
      assert.deepEqual(storage, { ...STORAGE_DEFAULTS, databaseUrl: undefined, patientHashKey: undefined });
      assert.equal(path.basename(storage.dataDir), 'data');
      assert.ok(existsSync(path.join(path.dirname(storage.dataDir), 'package.json')), 'data/ sits beside package.json');
    });
  });

  describe('with every variable set', () => {
    it('reads each, resolving DATA_DIR from the working directory', () => {
      const { storage } = loadConfig({
        DATA_DIR: 'var/cds',
        DATABASE_URL: 'postgresql://cds@db/cds',
        DB_QUERY_TIMEOUT_MS: '1500',
        DB_CONNECT_TIMEOUT_MS: '3000',
        DB_POOL_SIZE: '20',
        PATIENT_HASH_KEY: TEST_PATIENT_HASH_KEY,
      });
      assert.deepEqual(storage, {
        dataDir: path.resolve('var/cds'),
        databaseUrl: 'postgresql://cds@db/cds',
        queryTimeoutMs: 1500,
        connectTimeoutMs: 3000,
        poolSize: 20,
        patientHashKey: Buffer.from(TEST_PATIENT_HASH_KEY, 'hex'),
      });
    });
  });

  describe('with deadlines and a pool size out of range', () => {
    it('names each variable', () => {
      assert.deepEqual(problemsOf({ DB_QUERY_TIMEOUT_MS: '0', DB_CONNECT_TIMEOUT_MS: 'soon', DB_POOL_SIZE: '1000' }), [
        'DB_QUERY_TIMEOUT_MS must be an integer from 50 to 60000; got "0"',
        'DB_CONNECT_TIMEOUT_MS must be an integer from 50 to 60000; got "soon"',
        'DB_POOL_SIZE must be an integer from 1 to 100; got "1000"',
      ]);
    });
  });
});
