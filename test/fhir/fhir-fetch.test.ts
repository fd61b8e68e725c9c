/**
 * POST /cds-services/hamstring-twitch with `fhirServer`: what is fetched, with which credentials,
 * and what the EHR hears when its FHIR server is slow, refuses, fails, or answers something that
 * is not FHIR. Faults come from a scripted loopback server; paging and partial prefetch from
 * medplum's FHIR server.
 */
import assert from 'node:assert/strict';
import type { Express } from 'express';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../src/app';
import type { Card } from '../../src/cards/types';
import { FHIR_FETCH_DEFAULTS, loadConfig } from '../../src/config';
import { FhirLoader, type FhirFetchLimits } from '../../src/fhir/fhir-loader';
import { DATA_KEYS } from '../../src/facts/types';
import { FhirServerAllowlist } from '../../src/security/fhir-server-allowlist';
import { SERVICE_URL } from '../support/app';
import {
  bundle,
  hookRequest,
  magnesium,
  NOW,
  observation,
  operationOutcome,
  patient,
  PATIENT_ID,
  twitching,
  type HookRequestBody,
  type Prefetch,
} from '../support/builders';
import { comparable } from '../support/cards';
import { MedplumFhirServer } from '../support/medplum-fhir-server';
import { ScriptedFhirServer, type Reply, type Script } from '../support/scripted-fhir-server';

const ACCESS_TOKEN = 'fetch-test-secret-token';
const ORDERS_UNCHECKED = 'Existing orders and procedures could not be read for this patient';

interface ErrorBody {
  error: string;
  message: string;
  field?: string;
}

interface AppOptions {
  limits?: Partial<FhirFetchLimits>;
  allowlist?: FhirServerAllowlist;
  logLines?: string[];
}

function fetchApp(options: AppOptions = {}): Express {
  const lines = options.logLines;
  const logger = pino({ level: lines ? 'info' : 'silent' }, { write: (line: string) => lines?.push(line) });
  const loader = new FhirLoader({
    ...FHIR_FETCH_DEFAULTS,
    ...options.limits,
    allowlist: options.allowlist ?? FhirServerAllowlist.open(),
    logger,
  });
  return createApp(loadConfig({}), { clock: () => new Date(NOW), logger, loader });
}

/** A request that prefetches only `prefetch` (absent keys are fetched) and names `fhirServer`. */
function fetchRequest(fhirServer: string, prefetch: Prefetch = {}, withToken = true): HookRequestBody {
  const omit = DATA_KEYS.filter((key) => !(key in prefetch));
  return {
    ...hookRequest(prefetch, { omit }),
    fhirServer,
    ...(withToken
      ? { fhirAuthorization: { access_token: ACCESS_TOKEN, token_type: 'Bearer', expires_in: 300, scope: 'patient/*.read', subject: 'hamstring-cds' } }
      : {}),
  };
}

async function post(app: Express, body: unknown) {
  return request(app)
    .post(SERVICE_URL)
    .send(body as object);
}

function cardsOf(res: { body: unknown }): Card[] {
  return (res.body as { cards: Card[] }).cards;
}

function errorOf(res: { body: unknown }): ErrorBody {
  return res.body as ErrorBody;
}

/** Neither the token, nor the patient id, nor any query string reaches the EHR's error message. */
function assertNothingLeaked(message: string): void {
  assert.ok(!message.includes(ACCESS_TOKEN), message);
  assert.ok(!message.includes(PATIENT_ID), message);
  assert.ok(!message.includes('?'), message);
}

/** A FHIR server for a patient with five days of twitching and nothing else, with some types answering `faults`. */
function twitchingPatient(faults: Partial<Record<string, Reply>> = {}): Script {
  return ({ resourceType }) => {
    const fault = faults[resourceType];
    if (fault) return fault;
    if (resourceType === 'Patient') return { body: patient() };
    if (resourceType === 'Condition') return { body: bundle(twitching(5)) };
    return { body: bundle() };
  };
}

describe('POST /cds-services/hamstring-twitch with fhirServer', () => {
  describe('against a real FHIR server (medplum, 2 entries a page)', () => {
    let server: MedplumFhirServer;
    const resources = [
      patient(),
      twitching(5),
      observation({ id: 'k-1', code: '2823-3', value: 4.1, unit: 'mmol/L', unitCode: 'mmol/L' }),
      observation({ id: 'ca-1', code: '17861-6', value: 9.4 }),
      magnesium(2.0, { id: 'mg-old', effective: '2026-11-01T08:00:00Z' }),
      magnesium(1.9, { id: 'mg-mid', effective: '2026-11-10T08:00:00Z' }),
      magnesium(1.1, { id: 'mg-newest', effective: '2026-11-24T08:00:00Z' }),
    ];

    before(async function () {
      this.timeout(30_000);
      server = await MedplumFhirServer.start(2);
    });
    beforeEach(async () => {
      server.reset();
      await server.load(resources as never[]);
    });
    after(() => server.close());

    describe('with no prefetch at all', () => {
      it('follows next links to the last page, where the newest magnesium is, and says it is low', async () => {
        const res = await post(fetchApp(), fetchRequest(server.baseUrl));
        assert.equal(res.status, 200, JSON.stringify(res.body));
        const observationRequests = server.received.filter((r) => r.resourceType === 'Observation');
        assert.equal(observationRequests.length, 3, 'five Observations at two a page');
        assert.ok(
          cardsOf(res).some((card) => /low magnesium: 1\.1 mg\/dL/i.test(card.summary)),
          JSON.stringify(cardsOf(res).map((c) => c.summary)),
        );
      });

      it('sends every query of the call with the bearer token', async () => {
        await post(fetchApp(), fetchRequest(server.baseUrl));
        assert.equal(new Set(server.received.map((r) => r.resourceType)).size, DATA_KEYS.length);
        assert.deepEqual([...new Set(server.received.map((r) => r.authorization))], [`Bearer ${ACCESS_TOKEN}`]);
      });
    });

    describe('without fhirAuthorization (an open server, as the CDS Hooks Sandbox uses)', () => {
      it('sends no Authorization header at all', async () => {
        const res = await post(fetchApp(), fetchRequest(server.baseUrl, {}, false));
        assert.equal(res.status, 200);
        assert.ok(server.received.length >= DATA_KEYS.length);
        assert.ok(server.received.every((r) => r.authorization === undefined));
      });
    });

    describe('with part of the prefetch', () => {
      it('fetches only the absent keys and gives the cards the full prefetch gives', async () => {
        const observations = bundle(...resources.filter((r) => r.resourceType === 'Observation'));
        const full = await post(fetchApp(), hookRequest({ conditions: bundle(twitching(5)), observations }));
        const partial = await post(fetchApp(), fetchRequest(server.baseUrl, { patient: patient(), observations }));
        assert.equal(partial.status, 200);
        const asked = new Set(server.received.map((r) => r.resourceType));
        assert.ok(!asked.has('Observation') && !asked.has('Patient'), `prefetched keys were fetched: ${[...asked].join(', ')}`);
        assert.ok(asked.has('Condition') && asked.has('ServiceRequest'));
        assert.deepEqual(comparable(cardsOf(partial)), comparable(cardsOf(full)));
      });
    });

    describe('with keys sent as null', () => {
      it('does not fetch them: the EHR looked and found nothing', async () => {
        const nulls = Object.fromEntries(DATA_KEYS.filter((k) => k !== 'conditions').map((k) => [k, null])) as Prefetch;
        const res = await post(fetchApp(), fetchRequest(server.baseUrl, nulls));
        assert.equal(res.status, 200);
        assert.deepEqual([...new Set(server.received.map((r) => r.resourceType))], ['Condition']);
        assert.ok(!cardsOf(res).some((card) => /magnesium/i.test(card.summary) && card.indicator === 'warning'), 'null observations were fetched');
      });
    });

    describe('with a key holding an OperationOutcome', () => {
      it('fetches that key as if it were absent', async () => {
        const prefetch = Object.fromEntries(DATA_KEYS.map((k) => [k, null])) as Prefetch;
        prefetch.conditions = bundle(twitching(5));
        prefetch.observations = operationOutcome();
        const res = await post(fetchApp(), fetchRequest(server.baseUrl, prefetch));
        assert.equal(res.status, 200);
        assert.deepEqual([...new Set(server.received.map((r) => r.resourceType))], ['Observation']);
        assert.ok(cardsOf(res).some((card) => /magnesium/i.test(card.summary)));
      });
    });

    describe('with more pages than FHIR_MAX_PAGES', () => {
      it('answers 412 naming the cap rather than use a truncated result', async () => {
        const res = await post(fetchApp({ limits: { maxPages: 2 } }), fetchRequest(server.baseUrl));
        assert.equal(res.status, 412);
        assert.equal(errorOf(res).error, 'fhir_fetch_failed');
        assert.match(errorOf(res).message, /"observations" \(Observation: more than 2 pages \(FHIR_MAX_PAGES\)/);
        assertNothingLeaked(errorOf(res).message);
      });
    });

    describe('with more resources than FHIR_MAX_RESOURCES', () => {
      it('answers 412 naming the cap rather than use a truncated result', async () => {
        const res = await post(fetchApp({ limits: { maxResources: 4 } }), fetchRequest(server.baseUrl));
        assert.equal(res.status, 412);
        assert.match(errorOf(res).message, /"observations" \(Observation: more than 4 resources \(FHIR_MAX_RESOURCES\)/);
      });
    });
  });

  describe('against a scripted FHIR server', () => {
    let server: ScriptedFhirServer;
    let elsewhere: ScriptedFhirServer;

    before(async () => {
      server = await ScriptedFhirServer.start();
      elsewhere = await ScriptedFhirServer.start();
    });
    beforeEach(() => elsewhere.reset(() => ({ body: bundle() })));
    after(async () => {
      await server.close();
      await elsewhere.close();
    });

    const requiredFailures: [string, Reply, RegExp][] = [
      ['a 500', { status: 500, body: operationOutcome() }, /"conditions" \(Condition: server error \(500\)\)/],
      ['a 503', { status: 503, contentType: 'text/html', body: '<h1>down</h1>' }, /"conditions" \(Condition: server error \(503\)\)/],
      ['a 401', { status: 401, body: operationOutcome() }, /"conditions" \(Condition: refused \(401\)\)/],
      ['a 403', { status: 403, body: operationOutcome() }, /"conditions" \(Condition: refused \(403\)\)/],
      ['a Patient where a Bundle belongs', { body: patient() }, /"conditions" \(Condition: answered a Patient instead of a Bundle\)/],
      ['an OperationOutcome with status 200', { body: operationOutcome() }, /answered an OperationOutcome instead of a Bundle/],
      ['an HTML page', { contentType: 'text/html', body: '<html>login</html>' }, /answered a body that is not FHIR JSON/],
      ['broken JSON', { body: '{"resourceType": "Bundle",' }, /answered a body that is not valid JSON/],
      ['JSON that is not a resource', { body: [1, 2] }, /answered JSON that is not a FHIR resource instead of a Bundle/],
    ];
    for (const [what, reply, message] of requiredFailures) {
      describe(`when the search for a required key gets ${what}`, () => {
        it('answers 412 fhir_fetch_failed naming the key, its resource type and the failure, and nothing else', async () => {
          server.reset(twitchingPatient({ Condition: reply }));
          const res = await post(fetchApp(), fetchRequest(server.baseUrl));
          assert.equal(res.status, 412);
          assert.equal(errorOf(res).error, 'fhir_fetch_failed');
          assert.equal(errorOf(res).field, 'prefetch.conditions');
          assert.match(errorOf(res).message, /^Required data could not be fetched from the FHIR server at http:\/\/127\.0\.0\.1:\d+: /);
          assert.match(errorOf(res).message, message);
          assertNothingLeaked(errorOf(res).message);
        });
      });
    }

    describe('when the Patient read gets a 404', () => {
      it('reads it as no Patient, like a null key, and still answers with cards', async () => {
        server.reset(twitchingPatient({ Patient: { status: 404, body: operationOutcome() } }));
        const res = await post(fetchApp(), fetchRequest(server.baseUrl));
        assert.equal(res.status, 200, JSON.stringify(res.body));
        assert.ok(cardsOf(res).length > 0);
      });
    });

    describe('when an optional key fails (ServiceRequest search, 500)', () => {
      it('still answers with the cards, and the order suggestions say existing orders could not be read', async () => {
        server.reset(twitchingPatient({ ServiceRequest: { status: 500 } }));
        const res = await post(fetchApp(), fetchRequest(server.baseUrl));
        assert.equal(res.status, 200);
        const electrolytes = cardsOf(res).find((card) => /magnesium, potassium or calcium/i.test(card.summary));
        assert.ok(electrolytes, JSON.stringify(cardsOf(res).map((c) => c.summary)));
        assert.ok(electrolytes.detail.includes(ORDERS_UNCHECKED), electrolytes.detail);
      });
    });

    describe('when the FHIR server is slower than the budget', () => {
      const limits = { requestTimeoutMs: 300, budgetMs: 300 };

      it('answers 412 within the budget when a required key is late', async () => {
        server.reset(twitchingPatient({ Condition: { body: bundle(twitching(5)), delayMs: 5_000 } }));
        const started = Date.now();
        const res = await post(fetchApp({ limits }), fetchRequest(server.baseUrl));
        const elapsed = Date.now() - started;
        assert.equal(res.status, 412);
        assert.match(errorOf(res).message, /"conditions" \(Condition: (timed out after 300 ms|the 300 ms budget for the call ran out)\)/);
        assert.ok(elapsed < limits.budgetMs + 1_000, `answered after ${elapsed} ms`);
      });

      it('answers 200 within the budget when only an optional key is late, saying what could not be checked', async () => {
        server.reset(twitchingPatient({ Procedure: { body: bundle(), delayMs: 5_000 } }));
        const started = Date.now();
        const res = await post(fetchApp({ limits }), fetchRequest(server.baseUrl));
        const elapsed = Date.now() - started;
        assert.equal(res.status, 200);
        assert.ok(elapsed < limits.budgetMs + 1_000, `answered after ${elapsed} ms`);
        assert.ok(cardsOf(res).some((card) => card.detail.includes(ORDERS_UNCHECKED)));
      });

      it('stops following pages once the budget is spent, however fast each page is', async () => {
        let page = 0;
        server.reset(twitchingPatient({}));
        server.script = (req) => {
          if (req.resourceType !== 'Condition') return twitchingPatient()(req);
          page += 1;
          return { delayMs: 100, body: { ...bundle(twitching(5)), link: [{ relation: 'next', url: `${server.baseUrl}/Condition?page=${page}` }] } };
        };
        const started = Date.now();
        const res = await post(fetchApp({ limits: { requestTimeoutMs: 250, budgetMs: 500, maxPages: 1_000 } }), fetchRequest(server.baseUrl));
        const elapsed = Date.now() - started;
        assert.equal(res.status, 412);
        assert.match(errorOf(res).message, /the 500 ms budget for the call ran out/);
        assert.ok(elapsed < 500 + 1_000, `answered after ${elapsed} ms`);
      });
    });

    describe('when a response is larger than FHIR_MAX_RESPONSE_BYTES', () => {
      const limits = { maxResponseBytes: 64 * 1024, requestTimeoutMs: 10_000, budgetMs: 10_000 };

      it('stops reading past the limit and answers 412 naming it, having read a bounded part of a 64 MB body', async () => {
        server.reset(twitchingPatient({ Condition: { stream: { chunkBytes: 64 * 1024, intervalMs: 0, totalBytes: 64 * 1024 * 1024 } } }));
        const res = await post(fetchApp({ limits }), fetchRequest(server.baseUrl));
        assert.equal(res.status, 412, JSON.stringify(res.body));
        assert.match(errorOf(res).message, /"conditions" \(Condition: answered more than 65536 bytes \(FHIR_MAX_RESPONSE_BYTES\); the rest was not read\)/);
        // What the server got rid of is at most the limit plus the sockets' buffers, not the 64 MB it had to send.
        assert.ok(server.streamedBytes < 16 * 1024 * 1024, `the server sent ${server.streamedBytes} bytes`);
        // The connection is closed, not left open holding buffers: the stream ends long before its 64 MB.
        await server.streamsClosed();
        assert.ok(server.streamedBytes < 16 * 1024 * 1024, `the server sent ${server.streamedBytes} bytes`);
      });

      it('refuses a whole response over the limit', async () => {
        server.reset(twitchingPatient({ Condition: { body: bundle(twitching(5), ...Array.from({ length: 2_000 }, () => patient())) } }));
        const res = await post(fetchApp({ limits }), fetchRequest(server.baseUrl));
        assert.equal(res.status, 412, JSON.stringify(res.body));
        assert.match(errorOf(res).message, /answered more than 65536 bytes \(FHIR_MAX_RESPONSE_BYTES\)/);
      });

      it('refuses a response whose Content-Length is over the limit without waiting for its body', async () => {
        const trickle = { chunkBytes: 32, intervalMs: 20, totalBytes: 1024 * 1024 };
        server.reset(twitchingPatient({ Condition: { stream: trickle, headers: { 'Content-Length': String(100 * 1024 * 1024) } } }));
        const res = await post(fetchApp({ limits: { ...limits, requestTimeoutMs: 300 } }), fetchRequest(server.baseUrl));
        assert.equal(res.status, 412, JSON.stringify(res.body));
        assert.match(errorOf(res).message, /answered more than 65536 bytes \(FHIR_MAX_RESPONSE_BYTES\)/, 'it waited for the body until the timeout');
      });

      it('still reads an optional key over the limit as unavailable, and answers 200 with the other cards', async () => {
        server.reset(twitchingPatient({ ServiceRequest: { stream: { chunkBytes: 64 * 1024, intervalMs: 0, totalBytes: 64 * 1024 * 1024 } } }));
        const res = await post(fetchApp({ limits }), fetchRequest(server.baseUrl));
        assert.equal(res.status, 200, JSON.stringify(res.body));
        assert.ok(cardsOf(res).some((card) => card.detail.includes(ORDERS_UNCHECKED)));
      });
    });

    describe('when the FHIR server compresses its answers (gzip)', () => {
      it('reads them decompressed: the cards are those of the same answers uncompressed', async () => {
        server.reset(twitchingPatient());
        const plain = await post(fetchApp(), fetchRequest(server.baseUrl));
        server.reset((req) => ({ ...twitchingPatient()(req), gzip: true }));
        const compressed = await post(fetchApp(), fetchRequest(server.baseUrl));
        assert.equal(compressed.status, 200, JSON.stringify(compressed.body));
        assert.ok(cardsOf(compressed).length > 0);
        assert.deepEqual(comparable(cardsOf(compressed)), comparable(cardsOf(plain)));
      });

      it('counts the bytes decompressed against FHIR_MAX_RESPONSE_BYTES: a small body that inflates past it is refused', async () => {
        const inflating = JSON.stringify({ ...bundle(twitching(5)), padding: ' '.repeat(4 * 1024 * 1024) });
        server.reset(twitchingPatient({ Condition: { body: inflating, gzip: true } }));
        const res = await post(fetchApp({ limits: { maxResponseBytes: 64 * 1024 } }), fetchRequest(server.baseUrl));
        assert.equal(res.status, 412, JSON.stringify(res.body));
        assert.match(errorOf(res).message, /"conditions" \(Condition: answered more than 65536 bytes \(FHIR_MAX_RESPONSE_BYTES\)/);
      });

      it('refuses an encoding it did not ask for, naming it', async () => {
        server.reset(twitchingPatient({ Condition: { body: bundle(twitching(5)), headers: { 'Content-Encoding': 'br' } } }));
        const res = await post(fetchApp(), fetchRequest(server.baseUrl));
        assert.equal(res.status, 412, JSON.stringify(res.body));
        assert.match(errorOf(res).message, /"conditions" \(Condition: answered a body encoded as br, which was not asked for\)/);
      });
    });

    describe('connections', () => {
      it('keeps them alive: the next call sends its queries on the connections of the one before', async () => {
        server.reset(twitchingPatient());
        const app = fetchApp();
        assert.equal((await post(app, fetchRequest(server.baseUrl))).status, 200);
        const firstPorts = new Set(server.received.map((r) => r.clientPort));
        server.reset(twitchingPatient());
        assert.equal((await post(app, fetchRequest(server.baseUrl))).status, 200);
        assert.equal(server.received.length, DATA_KEYS.length);
        assert.deepEqual(
          server.received.filter((r) => !firstPorts.has(r.clientPort)),
          [],
        );
      });

      it('opens at most 16 to one server, however many calls fetch at once, and every call is answered', async () => {
        server.reset((req) => ({ ...twitchingPatient()(req), delayMs: 100 }));
        const app = fetchApp();
        const answers = await Promise.all([1, 2, 3].map(() => post(app, fetchRequest(server.baseUrl))));
        assert.deepEqual(
          answers.map((res) => res.status),
          [200, 200, 200],
        );
        assert.equal(server.received.length, 3 * DATA_KEYS.length);
        assert.ok(server.peakConnections <= 16, `${server.peakConnections} connections at once`);
      });

      it('sends a query again, once, when the server closes a kept-alive connection as it is reused', async () => {
        server.reset(twitchingPatient());
        const app = fetchApp();
        assert.equal((await post(app, fetchRequest(server.baseUrl))).status, 200);
        let dropped = false;
        server.reset((req) => {
          if (req.resourceType !== 'Condition' || dropped) return twitchingPatient()(req);
          dropped = true;
          return { drop: true };
        });
        const res = await post(app, fetchRequest(server.baseUrl));
        assert.equal(res.status, 200, JSON.stringify(res.body));
        assert.equal(server.received.filter((r) => r.resourceType === 'Condition').length, 2);
      });

      it('does not send a query again when a new connection is closed without an answer: 412, could not connect', async () => {
        server.reset(twitchingPatient({ Condition: { drop: true } }));
        const res = await post(fetchApp(), fetchRequest(server.baseUrl));
        assert.equal(res.status, 412, JSON.stringify(res.body));
        assert.match(errorOf(res).message, /"conditions" \(Condition: could not connect\)/);
        assert.equal(server.received.filter((r) => r.resourceType === 'Condition').length, 1);
      });
    });

    describe('when the FHIR server trickles a body that never ends', () => {
      it('cuts the body at the request timeout and answers 412 within it', async () => {
        server.reset(twitchingPatient({ Condition: { stream: { chunkBytes: 32, intervalMs: 20, totalBytes: 1024 * 1024 } } }));
        const started = Date.now();
        const res = await post(fetchApp({ limits: { requestTimeoutMs: 300, budgetMs: 5_000 } }), fetchRequest(server.baseUrl));
        const elapsed = Date.now() - started;
        assert.equal(res.status, 412, JSON.stringify(res.body));
        assert.match(errorOf(res).message, /"conditions" \(Condition: timed out after 300 ms\)/);
        assert.ok(elapsed < 300 + 1_000, `answered after ${elapsed} ms`);
      });
    });

    const foreignLinks: [string, () => string][] = [
      ['another port of the same host', () => `${elsewhere.baseUrl}/Condition?page=2`],
      ['another host', () => `http://localhost:${new URL(server.origin).port}/fhir/Condition?page=2`],
      ['another path on the same origin', () => `${server.origin}/other/Condition?page=2`],
    ];
    for (const [where, link] of foreignLinks) {
      describe(`when a next link points to ${where}`, () => {
        it('does not follow it: 412, and no request reaches the other address', async () => {
          const conditionRequests = () => server.received.filter((r) => r.resourceType === 'Condition' || r.url.startsWith('/other'));
          server.reset(twitchingPatient({ Condition: { body: { ...bundle(twitching(5)), link: [{ relation: 'next', url: link() }] } } }));
          const res = await post(fetchApp(), fetchRequest(server.baseUrl));
          assert.equal(res.status, 412);
          assert.match(errorOf(res).message, /"conditions" \(Condition: a next link points outside the FHIR server; it was not followed\)/);
          assert.equal(elsewhere.received.length, 0);
          assert.equal(conditionRequests().length, 1, 'only the first page was requested');
        });
      });
    }

    // Paths that start under the base as written but leave it once a server or proxy decodes them.
    const disguisedLinks: [string, string][] = [
      ['an encoded slash', '/fhir/..%2fadmin/Condition?page=2'],
      ['an encoded slash in upper case', '/fhir/..%2Fadmin/Condition'],
      ['encoded dots and slash', '/fhir/%2e%2e%2fadmin/Condition'],
      ['encoded dots as a segment', '/fhir/%2e%2e/admin/Condition'],
      ['one encoded dot', '/fhir/.%2e/admin/Condition'],
      ['a double-encoded slash', '/fhir/..%252fadmin/Condition'],
      ['double-encoded dots and slash', '/fhir/%252e%252e%252fadmin/Condition'],
      ['an encoded backslash', '/fhir/..%5cadmin/Condition'],
      ['a backslash', '/fhir/..\\admin/Condition'],
      ['encoded dots and backslash', '/fhir/%2e%2e%5cadmin/Condition'],
      ['encoded slashes two levels down', '/fhir/Condition/..%2f..%2f..%2fadmin'],
      ['an encoded slash after the base without its own slash', '/fhir%2f..%2fadmin/Condition'],
    ];
    for (const [trick, link] of disguisedLinks) {
      describe(`when a next link leaves the base path with ${trick}`, () => {
        it('does not follow it: 412, and nothing outside the base is requested', async () => {
          server.reset(twitchingPatient({ Condition: { body: { ...bundle(twitching(5)), link: [{ relation: 'next', url: `${server.origin}${link}` }] } } }));
          const res = await post(fetchApp(), fetchRequest(server.baseUrl));
          assert.equal(res.status, 412, JSON.stringify(res.body));
          assert.match(errorOf(res).message, /"conditions" \(Condition: a next link points outside the FHIR server; it was not followed\)/);
          assert.deepEqual(
            server.received.filter((r) => /admin/i.test(r.url)),
            [],
          );
        });
      });
    }

    describe('when a next link carries encoded characters that stay under the base path', () => {
      it('follows it', async () => {
        const pages = [`${server.baseUrl}/Condition/_page%20two?_getpages=a%2Fb%2F..%2F..`, undefined];
        server.reset(twitchingPatient({}));
        server.script = (req) => {
          if (req.resourceType !== 'Condition') return twitchingPatient()(req);
          const next = pages[server.received.filter((r) => r.resourceType === 'Condition').length - 1];
          return { body: { ...bundle(twitching(5)), ...(next ? { link: [{ relation: 'next', url: next }] } : {}) } };
        };
        const res = await post(fetchApp(), fetchRequest(server.baseUrl));
        assert.equal(res.status, 200, JSON.stringify(res.body));
        assert.equal(server.received.filter((r) => r.resourceType === 'Condition').length, 2);
      });
    });

    describe('when the FHIR server redirects', () => {
      it('does not follow the redirect: 412, and the target receives nothing', async () => {
        server.reset(twitchingPatient({ Condition: { status: 302, headers: { Location: `${elsewhere.baseUrl}/Condition` } } }));
        const res = await post(fetchApp(), fetchRequest(server.baseUrl));
        assert.equal(res.status, 412);
        assert.match(errorOf(res).message, /"conditions" \(Condition: redirected \(302\); redirects are not followed\)/);
        assert.equal(elsewhere.received.length, 0);
      });
    });

    describe('when fhirServer is not in the allowlist', () => {
      it('answers 412 fhir_server_not_allowed and sends no request', async () => {
        server.reset(twitchingPatient());
        const app = fetchApp({ allowlist: FhirServerAllowlist.of(['https://fhir.example.org']) });
        const res = await post(app, fetchRequest(server.baseUrl));
        assert.equal(res.status, 412);
        assert.equal(errorOf(res).error, 'fhir_server_not_allowed');
        assert.equal(errorOf(res).field, 'fhirServer');
        assert.match(errorOf(res).message, /^FHIR server http:\/\/127\.0\.0\.1:\d+ is not in this service's FHIR_SERVER_ALLOWLIST/);
        assert.equal(server.received.length, 0);
      });
    });

    describe('when fhirServer is in the allowlist', () => {
      it('queries it', async () => {
        server.reset(twitchingPatient());
        const res = await post(fetchApp({ allowlist: FhirServerAllowlist.of([server.origin]) }), fetchRequest(server.baseUrl));
        assert.equal(res.status, 200);
        assert.ok(server.received.length > 0);
      });
    });

    describe('when fhirServer carries credentials', () => {
      it('answers 412 and sends no request', async () => {
        server.reset(twitchingPatient());
        const withCredentials = server.baseUrl.replace('http://', 'http://user:secret@');
        const res = await post(fetchApp(), fetchRequest(withCredentials));
        assert.equal(res.status, 412);
        assert.equal(errorOf(res).error, 'fhir_server_not_allowed');
        assert.ok(!errorOf(res).message.includes('secret'));
        assert.equal(server.received.length, 0);
      });
    });

    describe('when every key is prefetched', () => {
      it('sends no request to fhirServer', async () => {
        server.reset(twitchingPatient());
        const res = await post(fetchApp(), { ...hookRequest({ conditions: bundle(twitching(5)) }), fhirServer: server.baseUrl });
        assert.equal(res.status, 200);
        assert.equal(server.received.length, 0);
      });
    });

    describe('logging', () => {
      it("writes one line per FHIR request with the call's request id, origin, resource type, status and time, and never the token, the query or the patient id", async () => {
        const lines: string[] = [];
        server.reset(twitchingPatient({ ServiceRequest: { status: 503 } }));
        const res = await post(fetchApp({ logLines: lines }), fetchRequest(server.baseUrl));
        const fetches = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'fhir request');
        assert.equal(fetches.length, server.received.length);
        const failed = fetches.find((l) => l.resourceType === 'ServiceRequest');
        assert.deepEqual(
          { ...failed, time: 0, ms: 0, pid: 0, hostname: '' },
          {
            level: 30,
            time: 0,
            pid: 0,
            hostname: '',
            msg: 'fhir request',
            reqId: res.headers['x-request-id'],
            origin: server.origin,
            resourceType: 'ServiceRequest',
            interaction: 'search',
            status: 503,
            failure: 'server-error',
            ms: 0,
          },
        );
        const all = lines.join('\n');
        assert.ok(!all.includes(ACCESS_TOKEN) && !all.includes(PATIENT_ID) && !all.includes('?'), all);
      });
    });
  });
});
