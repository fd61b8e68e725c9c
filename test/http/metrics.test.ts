/**
 * Prometheus metrics: what each call counts, with labels from bounded sets only, served on the
 * metrics app and never on the CDS port.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { HttpError } from '../../src/errors';
import { refusalReason } from '../../src/http/observe';
import { FHIR_FETCH_DEFAULTS, SECURITY_DEFAULTS } from '../../src/config';
import { FhirLoader } from '../../src/fhir/fhir-loader';
import { metricsApp } from '../../src/http/metrics';
import { createLogger } from '../../src/logger';
import { ServiceMetrics } from '../../src/ops/metrics';
import { VERSIONS } from '../../src/ops/version';
import { createAuthenticator } from '../../src/security/client-auth';
import { FhirServerAllowlist } from '../../src/security/fhir-server-allowlist';
import { StoreUnavailableError } from '../../src/storage/errors';
import type { Store } from '../../src/storage/store';
import { SERVICE_URL, securedApp, testApp } from '../support/app';
import { storeWithCards } from '../support/ledger';
import { bundle, hookRequest, magnesium, NOW, PATIENT_ID, twitching } from '../support/builders';
import { ScriptedFhirServer } from '../support/scripted-fhir-server';
import { PUBLIC_URL, signingKey, signToken, type SigningKey } from '../support/tokens';

type Labels = Record<string, string>;

/** The value of one series (a counter, or a histogram's _count), 0 when it was never touched. */
async function value(metrics: ServiceMetrics, name: string, labels: Labels): Promise<number> {
  const all = await metrics.registry.getMetricsAsJSON();
  const isHistogram = all.some((m) => m.name === name && m.type.toString() === 'histogram');
  const metric = all.find((m) => m.name === name);
  assert.ok(metric, `no metric ${name}`);
  const series = metric.values.find(
    (v) =>
      (!isHistogram || (v as { metricName?: string }).metricName === `${name}_count`) &&
      Object.entries(labels).every(([k, want]) => String(v.labels[k]) === want) &&
      Object.keys(v.labels).length === Object.keys(labels).length,
  );
  return series?.value ?? 0;
}

const FEEDBACK = { feedback: [{ card: 'c-1', outcome: 'overridden', outcomeTimestamp: '2026-11-26T11:59:30Z' }] };

describe('metrics', () => {
  describe('after a hook call with cards', () => {
    const metrics = new ServiceMetrics(VERSIONS);
    before(async () => {
      const app = testApp({}, { metrics, logger: createLogger('silent') });
      await request(app)
        .post(`${SERVICE_URL}?patient=${PATIENT_ID}`)
        .send(hookRequest({ conditions: bundle(twitching(5)), observations: bundle(magnesium(1.3)) }))
        .expect(200);
      await new Promise((resolve) => setImmediate(resolve));
    });

    it('counts its duration by route, service and status', async () => {
      assert.equal(await value(metrics, 'cds_http_request_duration_seconds', { route: 'hook', service: 'hamstring-twitch', status: '200' }), 1);
    });

    it('counts the cards by service, finding kind and indicator', async () => {
      assert.equal(await value(metrics, 'cds_cards_total', { service: 'hamstring-twitch', finding_kind: 'electrolyte-low', indicator: 'warning' }), 1);
    });

    it('says which versions run, and keeps the default process metrics', async () => {
      assert.equal(await value(metrics, 'cds_build_info', { version: VERSIONS.version, knowledge_version: VERSIONS.knowledgeVersion }), 1);
      const text = await metrics.registry.metrics();
      assert.match(text, /^process_cpu_user_seconds_total /m);
      assert.match(text, /^nodejs_eventloop_lag_seconds /m);
    });

    it('holds no patient id and no query string', async () => {
      const text = await metrics.registry.metrics();
      assert.ok(!text.includes(PATIENT_ID) && !text.includes('patient='), text);
    });
  });

  describe('for calls to service ids the discovery document does not list', () => {
    it('gives them all one "unknown" label, never the id from the path', async () => {
      const metrics = new ServiceMetrics(VERSIONS);
      const app = testApp({}, { metrics });
      await request(app).post('/cds-services/pt-secret-42').send({}).expect(404);
      await request(app).post('/cds-services/another-id/feedback').send(FEEDBACK).expect(404);
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(await value(metrics, 'cds_http_request_duration_seconds', { route: 'hook', service: 'unknown', status: '404' }), 1);
      assert.equal(await value(metrics, 'cds_http_request_duration_seconds', { route: 'feedback', service: 'unknown', status: '404' }), 1);
      const text = await metrics.registry.metrics();
      assert.ok(!text.includes('pt-secret-42') && !text.includes('another-id'), text);
    });
  });

  describe('for probes', () => {
    it('counts nothing', async () => {
      const metrics = new ServiceMetrics(VERSIONS);
      const app = testApp({}, { metrics });
      await request(app).get('/healthz').expect(200);
      await request(app).get('/readyz').expect(200);
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal((await metrics.registry.getSingleMetric('cds_http_request_duration_seconds')?.get())?.values.length, 0);
    });
  });

  describe('for feedback', () => {
    it('counts each item by service and outcome', async () => {
      const metrics = new ServiceMetrics(VERSIONS);
      await request(testApp({}, { metrics, store: storeWithCards('c-1') }))
        .post(`${SERVICE_URL}/feedback`)
        .send(FEEDBACK)
        .expect(200);
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(await value(metrics, 'cds_feedback_total', { service: 'hamstring-twitch', outcome: 'overridden' }), 1);
    });
  });

  describe('when the feedback store fails', () => {
    it('counts a feedback store error', async () => {
      const metrics = new ServiceMetrics(VERSIONS);
      const failing: Store = {
        ...storeWithCards('c-1'),
        feedback: { record: () => Promise.reject(new StoreUnavailableError('down')), findByCardUuids: () => Promise.resolve([]) },
      };
      await request(testApp({}, { metrics, store: failing }))
        .post(`${SERVICE_URL}/feedback`)
        .send(FEEDBACK)
        .expect(503);
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(await value(metrics, 'cds_store_errors_total', { store: 'feedback' }), 1);
      assert.equal(await value(metrics, 'cds_feedback_total', { service: 'hamstring-twitch', outcome: 'overridden' }), 0);
    });
  });

  describe('for refused client tokens', () => {
    const iss = 'https://ehr.example.org';
    const aud = `${PUBLIC_URL}${SERVICE_URL}`;
    let key: SigningKey;
    before(async () => {
      key = await signingKey('ES384');
    });

    it('counts each refusal by its reason from a fixed set', async () => {
      const metrics = new ServiceMetrics(VERSIONS);
      const app = securedApp([{ iss, jwks: { keys: [key.publicJwk] } }], { deps: { metrics } });
      const body = hookRequest({ conditions: bundle(twitching(5)) });
      const send = (token?: string) => {
        const call = request(app).post(SERVICE_URL);
        return (token === undefined ? call : call.set('Authorization', `Bearer ${token}`)).send(body);
      };
      const used = await signToken(key, { iss, aud });
      await send(used).expect(200);
      await send(used).expect(401);
      await send().expect(401);
      await send(await signToken(key, { iss, aud, exp: -600, iat: -900 })).expect(401);
      await send(await signToken(key, { iss, aud: 'https://elsewhere.example.org' })).expect(401);
      await send(await signToken(key, { iss: 'https://stranger.example.org', aud })).expect(401);
      await send('not.a.token').expect(401);
      await new Promise((resolve) => setImmediate(resolve));
      for (const reason of ['replayed', 'missing', 'expired', 'audience', 'unknown_issuer', 'malformed']) {
        assert.equal(await value(metrics, 'cds_jwt_refusals_total', { reason }), 1, reason);
      }
      assert.equal(await value(metrics, 'cds_jwt_refusals_total', { reason: 'other' }), 0);
      assert.equal(await value(metrics, 'cds_http_request_duration_seconds', { route: 'hook', service: 'hamstring-twitch', status: '401' }), 6);
    });

    it('counts a replay cache that fails as a store error', async () => {
      const metrics = new ServiceMetrics(VERSIONS);
      const clock = () => new Date(NOW);
      const replayCache = { claim: () => Promise.reject(new Error('connection refused')) };
      const authenticator = createAuthenticator({
        clients: [{ iss, jwks: { keys: [key.publicJwk] } }],
        replayCache,
        clock,
        maxLifetimeSeconds: SECURITY_DEFAULTS.jwtMaxLifetimeSeconds,
      });
      const app = securedApp([], { deps: { metrics, authenticator } });
      await request(app)
        .post(SERVICE_URL)
        .set('Authorization', `Bearer ${await signToken(key, { iss, aud })}`)
        .send(hookRequest())
        .expect(503);
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(await value(metrics, 'cds_store_errors_total', { store: 'replay-cache' }), 1);
    });
  });

  describe('for keys fetched from fhirServer', () => {
    let server: ScriptedFhirServer;
    before(async () => {
      server = await ScriptedFhirServer.start();
    });
    after(() => server.close());

    it('times each key by its outcome', async () => {
      const metrics = new ServiceMetrics(VERSIONS);
      const loader = new FhirLoader({
        ...FHIR_FETCH_DEFAULTS,
        allowlist: FhirServerAllowlist.open(),
        logger: createLogger('silent'),
        observer: metrics.fhirObserver,
      });
      server.reset((req) => (req.resourceType === 'Procedure' ? { status: 503 } : { body: bundle(twitching(5)) }));
      const body = { ...hookRequest({ observations: bundle() }, { omit: ['conditions', 'procedures'] }), fhirServer: server.baseUrl };
      await request(testApp({}, { metrics, loader })).post(SERVICE_URL).send(body).expect(200);
      assert.equal(await value(metrics, 'cds_fhir_fetch_duration_seconds', { key: 'conditions', outcome: 'ok' }), 1);
      assert.equal(await value(metrics, 'cds_fhir_fetch_duration_seconds', { key: 'procedures', outcome: 'server-error' }), 1);
      assert.ok(!(await metrics.registry.metrics()).includes('127.0.0.1'), 'the FHIR server URL is a label');
    });
  });
});

describe('refusalReason', () => {
  /** Every refusal message the authenticator can write: the literals of src/security/client-auth.ts, placeholders filled. */
  function authenticatorMessages(): string[] {
    const source = fs.readFileSync(path.resolve(__dirname, '../../src/security/client-auth.ts'), 'utf8');
    const literals = [
      ...source.matchAll(
        /(?:AuthError\(|return )(['"`])((?:token|the |unknown|audience|signature|malformed|algorithm|key set|no key|several keys)(?:(?!\1).)*)\1/g,
      ),
    ];
    return literals.map((m) => m[2].replace(/\$\{[^}]*\}/g, 'x'));
  }

  it('gives every refusal the authenticator writes a reason of its own, never "other"', () => {
    const messages = authenticatorMessages();
    assert.ok(messages.length >= 20, `found only ${messages.length} messages: ${messages.join(' | ')}`);
    for (const message of messages) {
      assert.notEqual(refusalReason(new HttpError(401, 'invalid_token', message)), 'other', message);
    }
  });

  it('maps a missing token, an expired one and a too long lifetime', () => {
    assert.equal(refusalReason(new HttpError(401, 'token_required', 'This service requires Authorization: Bearer <JWT>')), 'missing');
    assert.equal(refusalReason(new HttpError(401, 'invalid_token', 'token expired')), 'expired');
    assert.equal(refusalReason(new HttpError(401, 'invalid_token', 'token lifetime (exp - iat) is longer than the 300 s this service allows')), 'lifetime');
  });
});

describe('the metrics app (METRICS_PORT)', () => {
  const metrics = new ServiceMetrics(VERSIONS);
  const app = metricsApp(metrics, createLogger('silent'));

  describe('on GET /metrics', () => {
    it('answers the Prometheus text format', async () => {
      const res = await request(app).get('/metrics').expect(200);
      assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/);
      assert.match(res.text, /^# TYPE cds_http_request_duration_seconds histogram$/m);
    });
  });

  describe('on another method or path', () => {
    it('answers 405 and 404', async () => {
      await request(app).post('/metrics').expect(405);
      await request(app).get('/').expect(404);
    });
  });

  describe('on the CDS port', () => {
    it('is not served', async () => {
      await request(testApp({}, { metrics })).get('/metrics').expect(404);
    });
  });
});
