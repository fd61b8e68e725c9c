/**
 * A committee's go-live, end to end over one embedded store: low electrolyte cards run silent, the
 * hook calls answer without them while the ledger keeps them, /admin (open in development) and its
 * CSV show the silent firings; then the kind is switched to active and the service restarted (a
 * new app and store over the same data directory, no migration), the cards appear and the report
 * splits by mode; last, a pilot with two arms shows both.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Express } from 'express';
import request from 'supertest';
import { createApp } from '../../src/app';
import type { Card } from '../../src/cards/types';
import { CARD_EXTENSION, type CardExtension } from '../../src/cards/types';
import { loadConfig } from '../../src/config';
import type { FindingSummary, GovernanceReport } from '../../src/feedback-loop/report';
import { createLogger } from '../../src/logger';
import { SQLITE_FILE } from '../../src/storage/sqlite-form';
import { createStore, type Store } from '../../src/storage/store';
import { SERVICE_URL } from '../support/app';
import { bundle, condition, daysAgo, hookRequest, magnesium, NOW, SNOMED, twitching } from '../support/builders';

const TOKEN = 'd4'.repeat(32);
const findingOf = (card: Card) => (card.extension?.[CARD_EXTENSION] as CardExtension).finding;
const lowMagnesium = (userId: string) => hookRequest({ conditions: bundle(twitching(5)), observations: bundle(magnesium(1.3)) }, { userId });
const noTwitching = () => hookRequest({ conditions: bundle(), observations: bundle() });
const weaknessWithTwitching = () =>
  hookRequest({ conditions: bundle(twitching(5), condition({ system: SNOMED, code: '26544005', onset: daysAgo(3) })), observations: bundle() });

describe('go-live: silent, then active, then a pilot', () => {
  let dataDir: string;
  let store: Store | undefined;

  before(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'hamstring-go-live-'));
  });
  after(async () => {
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** The service as started with these settings, over the data directory: a restart each time. */
  async function start(env: NodeJS.ProcessEnv): Promise<Express> {
    await store?.close();
    const config = loadConfig({ DATA_DIR: dataDir, ADMIN_TOKEN: TOKEN, ...env });
    store = createStore(config, createLogger('silent'));
    return createApp(config, { store, clock: () => new Date(NOW), logger: createLogger('silent') });
  }

  async function cardsOf(app: Express, body: object): Promise<Card[]> {
    return ((await request(app).post(SERVICE_URL).send(body).expect(200)).body as { cards: Card[] }).cards;
  }

  const reportOf = async (app: Express) => (await request(app).get('/admin/report').expect(200)).body as GovernanceReport;
  const rows = (report: GovernanceReport, kind: string) => report.findings.filter((f: FindingSummary) => f.findingKind === kind);

  it('records silent cards without showing them, shows them once active after a restart, and splits the report by mode and arm', async () => {
    let app = await start({ CARD_MODES: 'electrolyte-low=silent' });
    const silentCalls = [
      await cardsOf(app, lowMagnesium('Practitioner/a')),
      await cardsOf(app, lowMagnesium('Practitioner/b')),
      await cardsOf(app, noTwitching()),
    ];
    for (const cards of silentCalls) assert.ok(!cards.map(findingOf).includes('electrolyte-low'), 'silent: never in the answer');
    assert.ok(silentCalls[0].length > 0, 'the other kinds still show');

    // Development: /admin is open without a token, the comments are not.
    const page = await request(app).get('/admin').expect(200);
    assert.match(page.text, /<tr data-finding="electrolyte-low" data-mode="silent">/);
    assert.match(page.text, /Shown only to a caller who gives the admin token/);
    let report = await reportOf(app);
    const [silent] = rows(report, 'electrolyte-low');
    assert.deepEqual([silent.mode, silent.shown, silent.silent, silent.hookCalls], ['silent', 0, 2, 3]);
    assert.equal(silent.firingsPer100Calls?.toFixed(1), '66.7');
    const csv = (await request(app).get('/admin/report.csv?table=findings').expect(200)).text;
    assert.match(csv, /^service,finding_kind,title,service_version,knowledge_version,mode,pilot_arm,fired,shown,silent,/);
    assert.match(csv, /\r\nhamstring-twitch,electrolyte-low,Low electrolyte,[^,]+,[^,]+,silent,,2,0,2,0,3,66.6667,/);
    await request(app).get('/admin/report.csv?table=comments').expect(401);

    // A silent card's uuid never left the service; feedback naming it anyway is refused as such.
    await store!.ledger.flush();
    const file = new Database(path.join(dataDir, SQLITE_FILE), { readonly: true });
    const { card_uuid: silentUuid } = file.prepare("SELECT card_uuid FROM card_ledger WHERE delivery = 'silent' LIMIT 1").get() as { card_uuid: string };
    file.close();
    const refused = await request(app)
      .post(`${SERVICE_URL}/feedback`)
      .send({ feedback: [{ card: silentUuid, outcome: 'overridden', outcomeTimestamp: NOW.toISOString() }] })
      .expect(409);
    assert.equal((refused.body as { error: string }).error, 'card_not_shown');
    assert.match((refused.body as { message: string }).message, /was held silent \(mode silent\): it was never shown/);

    // The committee switches the kind on: new settings, a restart, the same store.
    app = await start({});
    const active = await cardsOf(app, lowMagnesium('Practitioner/a'));
    const low = active.find((c) => findingOf(c) === 'electrolyte-low');
    assert.ok(low, 'active: the card appears');
    await request(app)
      .post(`${SERVICE_URL}/feedback`)
      .send({
        feedback: [
          {
            card: low.uuid,
            outcome: 'overridden',
            overrideReason: { reason: low.overrideReasons![0], userComment: 'Replete already' },
            outcomeTimestamp: NOW.toISOString(),
          },
        ],
      })
      .expect(200);
    report = await reportOf(app);
    assert.deepEqual(
      rows(report, 'electrolyte-low').map((f) => [f.mode, f.shown, f.silent, f.overridden, f.overrideRateOfAnswered]),
      [
        ['active', 1, 0, 1, 1],
        ['silent', 0, 2, 0, null],
      ],
    );
    assert.equal(report.totals.hookCalls, 4);
    assert.equal(report.comments, undefined, 'no token, no comments');
    const withToken = (await request(app).get('/admin/report').set('Authorization', `Bearer ${TOKEN}`).expect(200)).body as GovernanceReport;
    assert.deepEqual(
      withToken.comments?.map((c) => [c.findingKind, c.comment]),
      [['electrolyte-low', 'Replete already']],
    );

    // A pilot: one listed user sees the cards, everyone else is the control arm.
    app = await start({ CARD_MODES: 'electrolyte-low=pilot,urgent-assessment=pilot', PILOT_USERS: 'Practitioner/pilot-1' });
    assert.ok((await cardsOf(app, lowMagnesium('Practitioner/pilot-1'))).map(findingOf).includes('electrolyte-low'));
    assert.ok(!(await cardsOf(app, lowMagnesium('Practitioner/other'))).map(findingOf).includes('electrolyte-low'));
    assert.ok(!(await cardsOf(app, lowMagnesium('Practitioner/third'))).map(findingOf).includes('electrolyte-low'));
    const urgent = await cardsOf(app, { ...weaknessWithTwitching(), context: { ...weaknessWithTwitching().context, userId: 'Practitioner/pilot-1' } });
    assert.ok(urgent.map(findingOf).includes('urgent-assessment'), `the pilot user gets the urgent card: ${urgent.map(findingOf).join(', ')}`);
    report = await reportOf(app);
    const pilotRows = rows(report, 'electrolyte-low').filter((f) => f.mode === 'pilot');
    assert.deepEqual(
      pilotRows.map((f) => [f.pilotArm, f.shown, f.silent, f.hookCalls]),
      [
        ['control', 0, 2, 2],
        ['pilot', 1, 0, 2],
      ],
    );
    const [urgentRow] = rows(report, 'urgent-assessment').filter((f) => f.mode === 'pilot');
    assert.deepEqual(
      urgentRow.flags.map((f) => [f.flag, f.shown]),
      [['weakness', 1]],
    );
    const flagsCsv = (await request(app).get('/admin/report.csv?table=flags').expect(200)).text;
    assert.match(flagsCsv, /,pilot,pilot,weakness,1,1,0,0,/);
  });

  it('never lets a snooze act on a silent card: held silent, not snoozed away', async () => {
    await store?.close();
    store = undefined;
    rmSync(dataDir, { recursive: true, force: true });
    // One chart, so the evidence the snooze rests on stays the same.
    const chart = lowMagnesium('Practitioner/a');
    let app = await start({});
    const [low] = (await cardsOf(app, chart)).filter((c) => findingOf(c) === 'electrolyte-low');
    await request(app)
      .post(`${SERVICE_URL}/feedback`)
      .send({ feedback: [{ card: low.uuid, outcome: 'overridden', overrideReason: { reason: low.overrideReasons![0] }, outcomeTimestamp: NOW.toISOString() }] })
      .expect(200);
    assert.ok(!(await cardsOf(app, chart)).map(findingOf).includes('electrolyte-low'), 'snoozed while active');
    app = await start({ CARD_MODES: 'electrolyte-low=silent' });
    await cardsOf(app, chart);
    const report = await reportOf(app);
    assert.deepEqual(
      rows(report, 'electrolyte-low').map((f) => [f.mode, f.shown, f.snoozed, f.silent]),
      [
        ['active', 1, 1, 0],
        ['silent', 0, 0, 1],
      ],
    );
  });

  it('stores no comment at all with FEEDBACK_COMMENT_RETENTION_DAYS=0', async () => {
    const app = await start({ FEEDBACK_COMMENT_RETENTION_DAYS: '0' });
    const [card] = await cardsOf(app, lowMagnesium('Practitioner/a'));
    await request(app)
      .post(`${SERVICE_URL}/feedback`)
      .send({
        feedback: [{ card: card.uuid, outcome: 'overridden', overrideReason: { userComment: 'names the patient' }, outcomeTimestamp: NOW.toISOString() }],
      })
      .expect(200);
    const [stored] = await store!.feedback.findByCardUuids([card.uuid]);
    assert.equal(stored.outcome, 'overridden');
    assert.equal(stored.userComment, undefined);
  });
});
