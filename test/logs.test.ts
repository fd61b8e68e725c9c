/** What the logs hold about a request: method, path, status and time; never its token, body or query. */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import request from 'supertest';
import { createLogger } from '../src/logger';
import { SERVICE_URL, securedApp, testApp } from './support/app';
import { bundle, hookRequest, magnesium, twitching } from './support/builders';
import { PUBLIC_URL, signingKey, signToken } from './support/tokens';

function capture(): { lines: string[]; logger: ReturnType<typeof createLogger> } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, logger: createLogger('debug', stream) };
}

const PATIENT_NAME = 'Jane Hostile-Doe';
const ACCESS_TOKEN = 'fhir-access-token-must-not-leak';

function patientBody() {
  const body = hookRequest({ conditions: bundle(twitching(5, { text: PATIENT_NAME })), observations: bundle(magnesium(1.3)) }, { patientId: 'pt-secret-42' });
  return { ...body, fhirServer: 'https://fhir.example.org', fhirAuthorization: { access_token: ACCESS_TOKEN, token_type: 'Bearer', expires_in: 300, scope: 'patient/*.read', subject: 'cds' } };
}

describe('request logs', () => {
  describe('for an authenticated hook call with patient data and a query string', () => {
    it('log one line with method, path, status and time, and none of the token, body, patient or query', async () => {
      const key = await signingKey('ES384');
      const iss = 'https://ehr.example.org';
      const { lines, logger } = capture();
      const app = securedApp([{ iss, jwks: { keys: [key.publicJwk] } }], { deps: { logger } });
      const token = await signToken(key, { iss, aud: `${PUBLIC_URL}${SERVICE_URL}` });
      const res = await request(app).post(`${SERVICE_URL}?patient=pt-secret-42`).set('Authorization', `Bearer ${token}`).send(patientBody());
      assert.equal(res.status, 200, JSON.stringify(res.body));

      const requestLine = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'request');
      assert.ok(requestLine, lines.join('\n'));
      assert.equal(requestLine.method, 'POST');
      assert.equal(requestLine.path, SERVICE_URL);
      assert.equal(requestLine.status, 200);
      assert.equal(typeof requestLine.ms, 'number');
      const all = lines.join('\n');
      for (const secret of [token.split('.')[1], token.split('.')[2], ACCESS_TOKEN, PATIENT_NAME, 'pt-secret-42', 'R25.3', 'patient=']) {
        assert.ok(!all.includes(secret), `the logs hold ${secret}`);
      }
    });
  });

  describe('for a refused token', () => {
    it('log the reason and never the token', async () => {
      const key = await signingKey('RS384');
      const { lines, logger } = capture();
      const app = securedApp([{ iss: 'https://ehr.example.org', jwks: { keys: [key.publicJwk] } }], { deps: { logger } });
      const token = await signToken(key, { iss: 'https://ehr.example.org', aud: 'https://elsewhere.example.org' });
      await request(app).post(SERVICE_URL).set('Authorization', `Bearer ${token}`).send(patientBody()).expect(401);
      const all = lines.join('\n');
      assert.match(all, /"reason":"audience does not match the URL called"/);
      assert.ok(!all.includes(token.split('.')[1]) && !all.includes(token.split('.')[2]), 'the logs hold the token');
    });
  });

  describe('for an unexpected failure', () => {
    it('log the kind of error and where, without the message or patient data', async () => {
      const { lines, logger } = capture();
      const failing = { load: () => Promise.reject(new Error(`cannot read ${PATIENT_NAME}`)) };
      const app = testApp({}, { logger, loader: failing });
      const res = await request(app).post(SERVICE_URL).send(patientBody());
      assert.equal(res.status, 500);
      assert.deepEqual(res.body, { error: 'internal_error', message: 'The service failed to process the request' });
      const all = lines.join('\n');
      assert.match(all, /"msg":"unexpected error"/);
      assert.ok(!all.includes(PATIENT_NAME) && !all.includes(ACCESS_TOKEN), all);
    });
  });
});
