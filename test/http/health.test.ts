/** GET /healthz and GET /readyz: public, tiny, and readiness follows the store and the shutdown. */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import request from 'supertest';
import { loadConfig } from '../../src/config';
import type { AliveBody } from '../../src/http/health';
import { createLogger } from '../../src/logger';
import { KNOWLEDGE_VERSION } from '../../src/knowledge/version';
import { createReadiness, type StorePing } from '../../src/ops/readiness';
import { servingState } from '../../src/ops/shutdown';
import { SERVICE_URL, securedApp, testApp } from '../support/app';
import { bundle, hookRequest, twitching } from '../support/builders';
import packageJson from '../../package.json';

function logged(): { lines: Record<string, unknown>[]; logger: ReturnType<typeof createLogger> } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger('info', stream) };
}

/** A store whose answer each test decides. */
function scriptedStore(): StorePing & { pings: number; answer: () => Promise<void> } {
  const store = {
    pings: 0,
    answer: () => Promise.resolve(),
    ping() {
      store.pings += 1;
      return store.answer();
    },
  };
  return store;
}

describe('GET /healthz', () => {
  describe('on a service that requires client tokens, called without one', () => {
    it('answers 200 alive with the service and knowledge versions, and an approach not yet approved', async () => {
      const res = await request(securedApp([])).get('/healthz').expect(200);
      assert.match(String(res.headers['content-type']), /^application\/json/);
      assert.deepEqual(res.body, {
        status: 'alive',
        version: packageJson.version,
        knowledgeVersion: KNOWLEDGE_VERSION,
        approach: { owner: null, approvedVersion: null, approvedOn: null, reviewDue: null, approved: false },
      });
    });
  });

  describe("with the approach's sign-off configured", () => {
    const signedOff = (version: string) =>
      loadConfig({ APPROACH_OWNER: 'CDS committee', APPROACH_APPROVED_VERSION: version, APPROACH_APPROVED_ON: '2026-11-20', APPROACH_REVIEW_DUE: '2027-11-20' })
        .approach;

    it('names the owner, the approved version and the dates; approved for the knowledge running', async () => {
      const res = await request(testApp({ approach: signedOff(KNOWLEDGE_VERSION) }))
        .get('/healthz')
        .expect(200);
      assert.deepEqual((res.body as AliveBody).approach, {
        owner: 'CDS committee',
        approvedVersion: KNOWLEDGE_VERSION,
        approvedOn: '2026-11-20',
        reviewDue: '2027-11-20',
        approved: true,
      });
    });

    it('says not approved when the approval names another knowledge version', async () => {
      const res = await request(testApp({ approach: signedOff('2020.1.1') }))
        .get('/healthz')
        .expect(200);
      assert.equal((res.body as AliveBody).approach.approved, false);
      assert.equal((res.body as AliveBody).approach.approvedVersion, '2020.1.1');
    });
  });

  describe('when the store is down', () => {
    it('still answers 200: liveness checks no dependency', async () => {
      const store = scriptedStore();
      store.answer = () => Promise.reject(new Error('connection refused'));
      await request(testApp({}, { storePing: store }))
        .get('/healthz')
        .expect(200);
      assert.equal(store.pings, 0);
    });
  });

  describe('with POST', () => {
    it('answers 405 naming GET', async () => {
      const res = await request(testApp()).post('/healthz').send({}).expect(405);
      assert.equal(res.headers.allow, 'GET');
    });
  });
});

describe('GET /readyz', () => {
  describe('when the services are loaded and the store answers', () => {
    it('answers 200 ready, without a client token', async () => {
      const res = await request(securedApp([])).get('/readyz').expect(200);
      assert.deepEqual(res.body, { status: 'ready' });
    });
  });

  describe('when the store fails', () => {
    it('answers 503 not_ready with Retry-After, names the store only in the log, once, and recovers when the store does', async () => {
      const store = scriptedStore();
      const { lines, logger } = logged();
      const app = testApp({}, { storePing: store, logger });
      store.answer = () => Promise.reject(new Error('ECONNREFUSED db.internal:5432'));

      const first = await request(app).get('/readyz').expect(503);
      await request(app).get('/readyz').expect(503);
      assert.deepEqual(first.body, { error: 'not_ready', message: 'This instance is not ready to take calls' });
      assert.equal(first.headers['retry-after'], '5');
      assert.ok(!JSON.stringify(first.body).includes('store'), JSON.stringify(first.body));
      assert.deepEqual(
        lines.filter((l) => l.msg === 'not ready').map((l) => l.failure),
        ['store failed'],
      );

      store.answer = () => Promise.resolve();
      await request(app).get('/readyz').expect(200);
      assert.equal(lines.filter((l) => l.msg === 'ready again').length, 1);
      assert.ok(!JSON.stringify(lines).includes('db.internal'), "the store's error text reached the log");
    });
  });

  describe('when the store does not answer within its deadline', () => {
    it('answers 503 rather than wait for it', async () => {
      const store = scriptedStore();
      const { lines, logger } = logged();
      store.answer = () => new Promise(() => undefined);
      await request(testApp({}, { storePing: store, logger }))
        .get('/readyz')
        .expect(503);
      assert.deepEqual(
        lines.filter((l) => l.msg === 'not ready').map((l) => l.failure),
        ['store did not answer in time'],
      );
    });
  });

  describe('when probes arrive together', () => {
    it('asks the store once for all of them', async () => {
      const store = scriptedStore();
      let release: () => void = () => undefined;
      store.answer = () => new Promise<void>((resolve) => (release = resolve));
      const readiness = createReadiness({ serviceCount: 3, store, logger: createLogger('silent') });
      const checks = [readiness.check(), readiness.check(), readiness.check()];
      release();
      assert.deepEqual(await Promise.all(checks), [undefined, undefined, undefined]);
      assert.equal(store.pings, 1);
      await readiness.check();
      assert.equal(store.pings, 2, 'a later probe asks again');
    });
  });

  describe('with no service loaded', () => {
    it('is not ready', async () => {
      const readiness = createReadiness({ serviceCount: 0, store: scriptedStore(), logger: createLogger('silent') });
      assert.equal(await readiness.check(), 'no services loaded');
    });
  });

  describe('once the instance is draining', () => {
    const state = servingState();
    const app = testApp({}, { state });
    before(() => {
      state.draining = true;
    });

    it('answers 503', async () => {
      const res = await request(app).get('/readyz').expect(503);
      assert.equal((res.body as { error: string }).error, 'shutting_down');
    });

    it('refuses a new hook call with 503 shutting_down and closes the connection', async () => {
      const res = await request(app)
        .post(SERVICE_URL)
        .send(hookRequest({ conditions: bundle(twitching(5)) }))
        .expect(503);
      assert.deepEqual(res.body, { error: 'shutting_down', message: 'This instance is shutting down; retry the call' });
      assert.equal(res.headers.connection, 'close');
      assert.equal(res.headers['retry-after'], '1');
    });
  });
});
