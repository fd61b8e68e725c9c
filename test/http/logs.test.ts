/**
 * What the logs hold about a call: one line at its end, every line of the call under one request
 * id; for a hook call the service, hookInstance, client, cards and the keys prefetched or fetched.
 * Never its token, body, patient data or query; never a probe.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import request from 'supertest';
import { FHIR_FETCH_DEFAULTS } from '../../src/config';
import { FhirLoader } from '../../src/fhir/fhir-loader';
import { createLogger } from '../../src/logger';
import { FhirServerAllowlist } from '../../src/security/fhir-server-allowlist';
import { SERVICE_URL, securedApp, testApp } from '../support/app';
import { bundle, hookRequest, magnesium, PATIENT_ID, twitching } from '../support/builders';
import { ScriptedFhirServer } from '../support/scripted-fhir-server';
import { PUBLIC_URL, signingKey, signToken } from '../support/tokens';

type Line = Record<string, unknown>;

function capture(level = 'debug'): { lines: string[]; parsed: () => Line[]; logger: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, parsed: () => lines.map((l) => JSON.parse(l) as Line), logger: createLogger(level, stream) };
}

/** The end-of-call line is written when the response closes, just after the client has it. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

const PATIENT_NAME = 'Jane Hostile-Doe';
const ACCESS_TOKEN = 'fhir-access-token-must-not-leak';
const FHIR_AUTHORIZATION = { access_token: ACCESS_TOKEN, token_type: 'Bearer', expires_in: 300, scope: 'patient/*.read', subject: 'cds' };

function patientBody() {
  const body = hookRequest({ conditions: bundle(twitching(5, { text: PATIENT_NAME })), observations: bundle(magnesium(1.3)) });
  return { ...body, fhirServer: 'https://fhir.example.org', fhirAuthorization: FHIR_AUTHORIZATION };
}

describe('request logs', () => {
  describe('for an authenticated hook call with patient data and a query string', () => {
    const iss = 'https://ehr.example.org';
    let lines: string[];
    let hookLine: Line;
    let token: string;
    let body: ReturnType<typeof patientBody>;
    let responseId: string;

    before(async () => {
      const key = await signingKey('ES384');
      const logs = capture();
      lines = logs.lines;
      const app = securedApp([{ iss, jwks: { keys: [key.publicJwk] } }], { deps: { logger: logs.logger } });
      token = await signToken(key, { iss, aud: `${PUBLIC_URL}${SERVICE_URL}` });
      body = patientBody();
      const res = await request(app).post(`${SERVICE_URL}?patient=${PATIENT_ID}`).set('Authorization', `Bearer ${token}`).send(body);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      responseId = String(res.headers['x-request-id']);
      await settle();
      const found = logs.parsed().filter((l) => l.msg === 'hook call');
      assert.equal(found.length, 1, lines.join('\n'));
      hookLine = found[0];
    });

    it('logs one line at the end with method, path, status, time and the request id the response carries', () => {
      assert.equal(lines.length, 1, lines.join('\n'));
      assert.equal(hookLine.method, 'POST');
      assert.equal(hookLine.path, SERVICE_URL);
      assert.equal(hookLine.status, 200);
      assert.equal(typeof hookLine.ms, 'number');
      assert.match(responseId, /^[0-9a-f-]{36}$/);
      assert.equal(hookLine.reqId, responseId);
    });

    it('names the service, the hookInstance, the client, the cards and finding kinds, and the keys prefetched and fetched', () => {
      assert.equal(hookLine.serviceId, 'hamstring-twitch');
      assert.equal(hookLine.hookInstance, body.hookInstance);
      assert.equal(hookLine.client, iss);
      assert.ok(Array.isArray(hookLine.findings) && hookLine.findings.includes('electrolyte-low'), JSON.stringify(hookLine.findings));
      assert.equal(hookLine.cards, hookLine.findings.length);
      assert.deepEqual(hookLine.prefetched, Object.keys(body.prefetch));
      assert.deepEqual(hookLine.fetched, []);
    });

    it('holds none of the token, the body, the patient or the query', () => {
      const all = lines.join('\n');
      for (const secret of [token.split('.')[1], token.split('.')[2], ACCESS_TOKEN, PATIENT_NAME, PATIENT_ID, 'R25.3', 'patient=']) {
        assert.ok(!all.includes(secret), `the logs hold ${secret}`);
      }
    });
  });

  describe('for a hook call whose keys are partly fetched from fhirServer', () => {
    let server: ScriptedFhirServer;
    before(async () => {
      server = await ScriptedFhirServer.start();
    });
    after(() => server.close());

    it('lists the fetched keys apart from the prefetched ones, and every line of the call carries its request id', async () => {
      server.reset((req) => ({ body: req.resourceType === 'Condition' ? bundle(twitching(5)) : bundle() }));
      const { parsed, logger } = capture();
      const loader = new FhirLoader({ ...FHIR_FETCH_DEFAULTS, allowlist: FhirServerAllowlist.open(), logger });
      const app = testApp({}, { logger, loader });
      const body = { ...hookRequest({ observations: bundle(magnesium(1.3)) }, { omit: ['conditions', 'procedures'] }), fhirServer: server.baseUrl };
      const res = await request(app).post(SERVICE_URL).set('X-Request-Id', 'ehr-call.42_a').send(body);
      assert.equal(res.status, 200);
      assert.equal(res.headers['x-request-id'], 'ehr-call.42_a');
      await settle();
      const lines = parsed();
      const hookLine = lines.find((l) => l.msg === 'hook call');
      assert.deepEqual(hookLine?.fetched, ['conditions', 'procedures']);
      assert.deepEqual(hookLine?.prefetched, Object.keys(body.prefetch));
      assert.equal(lines.filter((l) => l.msg === 'fhir request').length, 2);
      assert.deepEqual(new Set(lines.map((l) => l.reqId)), new Set(['ehr-call.42_a']), JSON.stringify(lines));
    });
  });

  describe('for a refused token', () => {
    it('logs the reason and the refusal under the same request id, and never the token', async () => {
      const key = await signingKey('RS384');
      const { lines, parsed, logger } = capture();
      const app = securedApp([{ iss: 'https://ehr.example.org', jwks: { keys: [key.publicJwk] } }], { deps: { logger } });
      const token = await signToken(key, { iss: 'https://ehr.example.org', aud: 'https://elsewhere.example.org' });
      const res = await request(app).post(SERVICE_URL).set('Authorization', `Bearer ${token}`).send(patientBody()).expect(401);
      await settle();
      const all = lines.join('\n');
      assert.match(all, /"reason":"audience does not match the URL called"/);
      assert.ok(!all.includes(token.split('.')[1]) && !all.includes(token.split('.')[2]), 'the logs hold the token');
      const end = parsed().find((l) => l.msg === 'request');
      assert.equal(end?.error, 'invalid_token');
      assert.equal(end?.serviceId, 'hamstring-twitch');
      assert.deepEqual(new Set(parsed().map((l) => l.reqId)), new Set([res.headers['x-request-id']]));
    });
  });

  describe('with an X-Request-Id that is not a safe token', () => {
    for (const [name, incoming] of [
      ['spaces and quotes', 'a "b" c'],
      ['a path', '../../etc/passwd'],
      ['129 characters', 'x'.repeat(129)],
    ] as const) {
      it(`replaces one with ${name} by a fresh id, in the response and the log`, async () => {
        const { parsed, logger } = capture();
        const res = await request(testApp({}, { logger })).get('/cds-services').set('X-Request-Id', incoming);
        await settle();
        const id = String(res.headers['x-request-id']);
        assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        assert.equal(parsed()[0].reqId, id);
      });
    }
  });

  describe('for liveness and readiness probes', () => {
    it('logs nothing', async () => {
      const { lines, logger } = capture();
      const app = testApp({}, { logger });
      await request(app).get('/healthz').expect(200);
      await request(app).get('/readyz').expect(200);
      await request(app).get('/readyz?verbose=1').expect(200);
      await settle();
      assert.deepEqual(lines, []);
    });
  });

  describe('at LOG_LEVEL=warn', () => {
    it('writes no line for a successful call', async () => {
      const { lines, logger } = capture('warn');
      await request(testApp({}, { logger })).post(SERVICE_URL).send(patientBody()).expect(200);
      await settle();
      assert.deepEqual(lines, []);
    });
  });

  describe('for an unexpected failure', () => {
    it('logs the kind of error and where under the request id, without the message or patient data', async () => {
      const { lines, parsed, logger } = capture();
      const failing = { load: () => Promise.reject(new Error(`cannot read ${PATIENT_NAME}`)) };
      const app = testApp({}, { logger, loader: failing });
      const res = await request(app).post(SERVICE_URL).send(patientBody());
      assert.equal(res.status, 500);
      assert.deepEqual(res.body, { error: 'internal_error', message: 'The service failed to process the request' });
      await settle();
      const all = lines.join('\n');
      assert.equal(parsed().find((l) => l.msg === 'unexpected error')?.reqId, res.headers['x-request-id']);
      assert.ok(!all.includes(PATIENT_NAME) && !all.includes(ACCESS_TOKEN), all);
    });
  });
});
