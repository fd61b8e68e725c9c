/**
 * GET /preview and POST /preview: every fixture's cards as an EHR shows them, and the answer to a
 * pasted hook request, evaluated with the same services but never stored, never snoozed, and
 * without querying a FHIR server. On in development; in production only with ADMIN_TOKEN.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import request from 'supertest';
import { loadConfig } from '../../src/config';
import { listFixtures, readFixture } from '../../src/fixtures/runner';
import { PREVIEW_PAGE_CSP } from '../../src/pages/html';
import { inMemoryStore } from '../../src/storage/store';
import { testApp } from '../support/app';
import { bundle, hookRequest, magnesium, twitching } from '../support/builders';
import { ScriptedFhirServer } from '../support/scripted-fhir-server';

const TOKEN = 'd4'.repeat(32);

/** The findings of the cards in one run of one fixture, as the page lists them. */
function findingsOnPage(html: string, fixture: string, service: string): string[] | undefined {
  const section = html.split('<section class="fixture"').find((s) => s.startsWith(` id="fixture-${fixture}"`));
  const run = section?.split('<div class="run"').find((r) => r.startsWith(` data-service="${service}"`));
  return run === undefined ? undefined : [...run.matchAll(/<article class="card \w+" data-finding="([^"]*)"/g)].map((m) => m[1]);
}

describe('GET /preview', () => {
  describe('in development', () => {
    const app = testApp();
    let html: string;
    before(async function () {
      this.timeout(60_000);
      const res = await request(app).get('/preview').expect(200);
      assert.equal(res.headers['content-security-policy'], PREVIEW_PAGE_CSP);
      html = res.text;
    });

    it('shows a section for every fixture', () => {
      const names = listFixtures().map((file) => path.basename(file, '.json'));
      const sections = [...html.matchAll(/<section class="fixture" id="fixture-([^"]+)"/g)].map((m) => m[1]);
      assert.deepEqual(sections, names);
    });

    it("shows a fixture's cards as its scenario expects them", () => {
      const fixture = readFixture(listFixtures().find((f) => f.endsWith('benign-recent-twitching.json'))!);
      assert.deepEqual(
        findingsOnPage(html, 'benign-recent-twitching', 'hamstring-twitch'),
        fixture.expect.cards?.map((c) => c.finding),
      );
    });

    it('shows the answer of a fixture that expects an error', () => {
      assert.match(html, /<div class="run" data-service="hamstring-twitch" data-status="412">\s*<h3>[^]*?HTTP 412 <code>prefetch_missing<\/code>/);
    });

    it('loads no script and no inline style', () => {
      assert.ok(!/<script/i.test(html));
      assert.ok(!/\sstyle=/i.test(html));
    });
  });

  describe('in production without ADMIN_TOKEN', () => {
    it('answers 404', async () => {
      const app = testApp({ admin: { token: undefined, preview: 'off', report: 'off' } });
      assert.equal((await request(app).get('/preview')).status, 404);
      assert.equal((await request(app).post('/preview').type('form').send({ service: 'hamstring-twitch', request: '{}' })).status, 404);
    });
  });

  describe('in production with ADMIN_TOKEN', () => {
    it('needs the token', async () => {
      const app = testApp({ admin: { token: TOKEN, preview: 'admin', report: 'admin' } });
      const refused = await request(app).get('/preview');
      assert.equal(refused.status, 401);
      assert.equal((refused.body as { error: string }).error, 'admin_token_required');
      await request(app).get('/preview').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    });
  });
});

describe('POST /preview', () => {
  const store = inMemoryStore();
  const app = testApp({}, { store });

  describe('with a kind silent and another in a pilot', () => {
    it("shows each card with its mode for the request's user, the silent one marked as not shown", async () => {
      const modes = loadConfig({ CARD_MODES: 'electrolyte-low=silent,likely-benign=pilot', PILOT_USERS: 'Practitioner/pilot-1' }).modes;
      const moded = testApp({ modes }, { store: inMemoryStore() });
      const body = hookRequest({ conditions: bundle(twitching(5)), observations: bundle(magnesium(1.3)) }, { userId: 'Practitioner/pilot-1' });
      const res = await request(moded)
        .post('/preview')
        .type('form')
        .send({ service: 'hamstring-twitch', request: JSON.stringify(body) })
        .expect(200);
      assert.match(
        res.text,
        /<div class="moded" data-mode="silent" data-shown="false">\n<p class="card-mode">Mode: silent: recorded in the ledger, not shown to this user<\/p>\n<article class="card \w+" data-finding="electrolyte-low"/,
      );
      assert.match(res.text, /<p class="card-mode">Mode: pilot, pilot arm, shown to this user<\/p>\n<article class="card \w+" data-finding="likely-benign"/);
      assert.match(res.text, /<p class="card-mode">Mode: active, shown to this user<\/p>/);
    });
  });

  describe('with a pasted hook request', () => {
    it('shows the cards the service answers, and stores nothing', async () => {
      const body = hookRequest({ conditions: bundle(twitching(5)), observations: bundle(magnesium(1.3)) });
      const res = await request(app)
        .post('/preview')
        .type('form')
        .send({ service: 'hamstring-twitch', request: JSON.stringify(body) })
        .expect(200);
      assert.equal(res.headers['content-security-policy'], PREVIEW_PAGE_CSP);
      assert.match(res.text, /<section class="result">/);
      const uuids = [...res.text.matchAll(/data-finding="electrolyte-low"/g)];
      assert.equal(uuids.length, 1, 'the low magnesium card is shown');
      assert.match(res.text, /<textarea name="request"[^>]*>\{&quot;hook&quot;/, 'the request is shown again, escaped');
      await store.ledger.flush();
      assert.deepEqual(await store.report(), { weeks: [], reasons: [], flags: [], calls: [], userDays: [], comments: [] }, 'the ledger is untouched');
    });
  });

  describe('with text that is not JSON', () => {
    it('shows the answer the service would give: 400 invalid_json', async () => {
      const res = await request(app).post('/preview').type('form').send({ service: 'hamstring-twitch', request: '{"hook":' }).expect(200);
      assert.match(res.text, /HTTP 400 <code>invalid_json<\/code>/);
    });
  });

  describe('with a request that names a fhirServer instead of its prefetch', () => {
    let fhir: ScriptedFhirServer;
    before(async () => {
      fhir = await ScriptedFhirServer.start();
    });
    after(() => fhir.close());

    it('queries no FHIR server and shows the 412 for the prefetch it lacks', async () => {
      const body = { ...hookRequest({}, { omit: ['conditions', 'observations'] }), fhirServer: fhir.baseUrl };
      const res = await request(app)
        .post('/preview')
        .type('form')
        .send({ service: 'hamstring-twitch', request: JSON.stringify(body) })
        .expect(200);
      assert.match(res.text, /HTTP 412 <code>prefetch_missing<\/code>/);
      assert.deepEqual(fhir.received, []);
    });
  });

  describe('for a service that does not exist', () => {
    it('answers 400 naming the field', async () => {
      const res = await request(app).post('/preview').type('form').send({ service: 'nope', request: '{}' }).expect(400);
      assert.deepEqual(res.body, {
        error: 'invalid_request',
        message: 'service must be one of hamstring-twitch, hamstring-twitch-order-select, hamstring-twitch-order-sign',
        field: 'service',
      });
    });
  });
});
