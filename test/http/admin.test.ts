/**
 * GET /admin/report and GET /admin: the governance report, behind ADMIN_TOKEN (off without it),
 * counted from the ledger and feedback; the page with its own Content-Security-Policy and its
 * scripts served from the app.
 */
import assert from 'node:assert/strict';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { Express } from 'express';
import request from 'supertest';
import type { Card } from '../../src/cards/types';
import { CARD_EXTENSION, type CardExtension } from '../../src/cards/types';
import type { GovernanceReport } from '../../src/feedback-loop/report';
import { presentedToken } from '../../src/http/admin';
import { ADMIN_PAGE_CSP } from '../../src/pages/html';
import { governanceReportSchema } from '../../src/schemas/governance-report';
import { StoreUnavailableError } from '../../src/storage/errors';
import { inMemoryStore, type Store } from '../../src/storage/store';
import { SERVICE_URL, testApp } from '../support/app';
import { bundle, hookRequest, magnesium, NOW, twitching } from '../support/builders';

const TOKEN = 'b7'.repeat(32);
const BEARER = `Bearer ${TOKEN}`;

function adminApp(store: Store = inMemoryStore()): Express {
  return testApp({ admin: { token: TOKEN, preview: 'open', report: 'admin' } }, { store });
}

/** Two hook calls, each with a low magnesium card: the first overridden as already addressed, the second left without feedback. */
async function issueAndOverride(app: Express): Promise<Card[]> {
  const cards: Card[] = [];
  for (let i = 0; i < 2; i += 1) {
    const res = await request(app)
      .post(SERVICE_URL)
      .send(hookRequest({ conditions: bundle(twitching(5)), observations: bundle(magnesium(1.3, { id: `mg-${i}` })) }))
      .expect(200);
    cards.push(...(res.body as { cards: Card[] }).cards);
  }
  const low = cards.find((c) => (c.extension?.[CARD_EXTENSION] as CardExtension).finding === 'electrolyte-low')!;
  await request(app)
    .post(`${SERVICE_URL}/feedback`)
    .send({
      feedback: [
        {
          card: low.uuid,
          outcome: 'overridden',
          overrideReason: { reason: low.overrideReasons!.find((r) => r.code === 'already-addressed') },
          outcomeTimestamp: NOW.toISOString(),
        },
      ],
    })
    .expect(200);
  return cards;
}

describe('GET /admin/report and GET /admin', () => {
  describe('in production without ADMIN_TOKEN', () => {
    it('answers 404 on every admin path, as on any unknown path', async () => {
      const app = testApp({ admin: { token: undefined, preview: 'off', report: 'off' } });
      for (const path of ['/admin', '/admin/report', '/assets/admin.js', '/assets/chart.umd.min.js']) {
        const res = await request(app).get(path).set('Authorization', BEARER);
        assert.equal(res.status, 404, path);
        assert.equal((res.body as { error: string }).error, 'not_found');
      }
    });
  });

  describe('with ADMIN_TOKEN', () => {
    const app = adminApp();

    for (const [what, header, code] of [
      ['no Authorization header', undefined, 'admin_token_required'],
      ['another token', `Bearer ${'c'.repeat(64)}`, 'invalid_admin_token'],
      ['a token one character short', `Bearer ${TOKEN.slice(0, -1)}`, 'invalid_admin_token'],
      ['a client JWT scheme it does not know', `Digest ${TOKEN}`, 'admin_token_required'],
    ] as const) {
      it(`answers 401 to ${what}, with the challenge, on the report and the page`, async () => {
        for (const path of ['/admin/report', '/admin']) {
          const call = request(app).get(path);
          if (header) void call.set('Authorization', header);
          const res = await call;
          assert.equal(res.status, 401, path);
          assert.equal((res.body as { error: string }).error, code);
          assert.equal(res.headers['www-authenticate'], 'Bearer realm="hamstring-cds admin", Basic realm="hamstring-cds admin", charset="UTF-8"');
        }
      });
    }

    it('takes the token as a Bearer token, or as the password of Basic credentials (a browser asks for it)', async () => {
      await request(app).get('/admin/report').set('Authorization', BEARER).expect(200);
      await request(app)
        .get('/admin/report')
        .set('Authorization', `Basic ${Buffer.from(`anyone:${TOKEN}`).toString('base64')}`)
        .expect(200);
      assert.equal(presentedToken(`basic ${Buffer.from(':x:y').toString('base64')}`), 'x:y');
      assert.equal(presentedToken(`Basic ${Buffer.from('no-colon').toString('base64')}`), undefined);
    });

    it("serves its scripts without the token: Chart.js from npm and the page's own", async () => {
      const chart = await request(app).get('/assets/chart.umd.min.js').expect(200);
      assert.match(String(chart.headers['content-type']), /^application\/javascript|^text\/javascript/);
      assert.match(chart.text, /Chart\.js v4/);
      const own = await request(app).get('/assets/admin.js').expect(200);
      assert.match(own.text, /new Chart\(canvas/);
    });
  });

  describe('after hook calls and an override', () => {
    const store = inMemoryStore();
    const app = adminApp(store);
    let cards: Card[];
    before(async () => {
      cards = await issueAndOverride(app);
    });

    it('counts per finding kind, version and mode: shown, accepted, overridden by reason, unanswered, both override rates, calls, week by week', async () => {
      const res = await request(app).get('/admin/report').set('Authorization', BEARER).expect(200);
      const report = res.body as GovernanceReport;
      const validate = addFormats(new Ajv({ strict: false })).compile(governanceReportSchema);
      assert.ok(validate(report), JSON.stringify(validate.errors));
      const low = report.findings.find((f) => f.findingKind === 'electrolyte-low');
      assert.deepEqual(
        {
          shown: low?.shown,
          silent: low?.silent,
          mode: low?.mode,
          accepted: low?.accepted,
          overridden: low?.overridden,
          unanswered: low?.unanswered,
          overrideRateOfAnswered: low?.overrideRateOfAnswered,
          overrideRateOfShown: low?.overrideRateOfShown,
          hookCalls: low?.hookCalls,
          firingsPer100Calls: low?.firingsPer100Calls,
          title: low?.title,
        },
        {
          shown: 2,
          silent: 0,
          mode: 'active',
          accepted: 0,
          overridden: 1,
          unanswered: 1,
          overrideRateOfAnswered: 1,
          overrideRateOfShown: 0.5,
          hookCalls: 2,
          firingsPer100Calls: 100,
          title: 'Low electrolyte',
        },
      );
      assert.deepEqual(low?.overrideReasons, [{ code: 'already-addressed', display: 'Already addressed or ordered elsewhere', cards: 1 }]);
      assert.deepEqual(report.totals.shown, cards.length);
      assert.deepEqual(
        report.weekly.map((w) => [w.weekStart, w.shown, w.overridden, w.hookCalls]),
        [['2026-11-23', cards.length, 1, 2]],
      );
    });

    it('counts only the cards issued in the period asked for', async () => {
      const res = await request(app).get('/admin/report?from=2026-11-27').set('Authorization', BEARER).expect(200);
      assert.deepEqual((res.body as GovernanceReport).totals.shown, 0);
      assert.equal((res.body as GovernanceReport).from, '2026-11-27T00:00:00.000Z');
    });

    it('answers 400 naming the field for a period that is not one', async () => {
      const res = await request(app).get('/admin/report?from=2026-12-01&to=2026-11-01').set('Authorization', BEARER).expect(400);
      assert.deepEqual(res.body, { error: 'invalid_request', message: 'to must be later than from', field: 'to' });
    });

    it('keeps the API policy on the JSON and never lets caches keep the report', async () => {
      const res = await request(app).get('/admin/report').set('Authorization', BEARER).expect(200);
      assert.equal(res.headers['content-security-policy'], "default-src 'none'; frame-ancestors 'none'");
      assert.equal(res.headers['cache-control'], 'no-store');
    });

    it('serves the page with the figures, a canvas per chart with its data, scripts from the app only, and its own policy', async () => {
      const res = await request(app).get('/admin').set('Authorization', BEARER).expect(200);
      assert.equal(res.headers['content-security-policy'], ADMIN_PAGE_CSP);
      assert.match(ADMIN_PAGE_CSP, /script-src 'self'/);
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.match(res.text, /<tr data-finding="electrolyte-low" data-mode="active">/);
      assert.match(res.text, /<canvas id="outcome-chart"[^>]* data-chart="\{&quot;type&quot;:&quot;bar&quot;/);
      assert.match(res.text, /<canvas id="trend-chart"/);
      const scripts = [...res.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
      assert.deepEqual(
        scripts.map((m) => [m[1].trim(), m[2]]),
        [
          ['src="/assets/chart.umd.min.js"', ''],
          ['src="/assets/admin.js"', ''],
        ],
        'no inline script',
      );
      assert.ok(!/\sstyle=/.test(res.text), 'no inline style');
    });
  });

  describe('when the store cannot be read', () => {
    it('answers 503 with Retry-After', async () => {
      const down: Store = { ...inMemoryStore(), report: () => Promise.reject(new StoreUnavailableError('down')) };
      const res = await request(adminApp(down)).get('/admin/report').set('Authorization', BEARER).expect(503);
      assert.equal(res.headers['retry-after'], '5');
      assert.equal((res.body as { error: string }).error, 'report_unavailable');
    });
  });
});
