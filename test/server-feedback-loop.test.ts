/**
 * The end-to-end check, on the process operators run (src/server.ts) with the embedded
 * store in a fresh data directory: a hook call, an override, a restart, the same call. The card
 * stays away for that patient, comes back for another, and /admin/report counts it.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Card } from '../src/cards/types';
import { CARD_EXTENSION, type CardExtension } from '../src/cards/types';
import type { GovernanceReport } from '../src/feedback-loop/report';
import { daysToShift, shiftRequestDates } from '../src/fixtures/shift-dates';
import { FIXTURES_DIR, readFixture } from '../src/fixtures/scenarios';
import { SQLITE_FILE } from '../src/storage/sqlite-form';
import { asPatient } from '../scripts/sample-data';
import { startServer, type ServerProcess } from './support/server-process';

const ADMIN_TOKEN = '9c'.repeat(32);
const PATIENT = 'pt-low-mg';

const findingOf = (card: Card) => (card.extension?.[CARD_EXTENSION] as CardExtension).finding;

describe('src/server.ts: overrides that last across a restart', function () {
  this.timeout(120_000);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'hamstring-loop-'));
  let server: ServerProcess | undefined;
  let base = '';

  // The low magnesium scenario, moved to today: the server's clock cannot be frozen.
  const fixture = readFixture(path.join(FIXTURES_DIR, 'low-magnesium-mg-dl.json'));
  const today = shiftRequestDates(fixture.request, daysToShift(new Date(fixture.now), new Date())) as { context: { patientId: string } };

  async function start(): Promise<void> {
    server = startServer({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ADMIN_TOKEN, LOG_LEVEL: 'info' });
    const listening = await Promise.race([
      server.waitFor(/listening on port/),
      server.exited.then((code) => assert.fail(`exited ${code}: ${server?.stderr.join('')}`)),
    ]);
    base = `http://127.0.0.1:${String(listening.port)}`;
  }

  async function stop(): Promise<void> {
    server?.child.kill('SIGTERM');
    assert.equal(await server?.exited, 0);
  }

  async function cardsFor(body: unknown): Promise<Card[]> {
    const res = await fetch(`${base}/cds-services/hamstring-twitch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    assert.equal(res.status, 200);
    return ((await res.json()) as { cards: Card[] }).cards;
  }

  after(() => {
    if (server?.child.exitCode === null) server.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps an overridden card away from its patient after a restart, shows it to another, and reports it', async () => {
    assert.equal(today.context.patientId, PATIENT);
    await start();
    const first = await cardsFor(today);
    const low = first.find((c) => findingOf(c) === 'electrolyte-low');
    assert.ok(low, `the scenario gets a low magnesium card: ${first.map(findingOf).join(', ')}`);
    const feedback = await fetch(`${base}/cds-services/hamstring-twitch/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        feedback: [{ card: low.uuid, outcome: 'overridden', overrideReason: { reason: low.overrideReasons![0] }, outcomeTimestamp: new Date().toISOString() }],
      }),
    });
    assert.equal(feedback.status, 200);
    await stop();

    assert.ok(existsSync(path.join(dataDir, SQLITE_FILE)), 'the embedded store is on disk');
    assert.match(readFileSync(path.join(dataDir, 'patient-hash.key'), 'utf8'), /^[0-9a-f]{64}\n$/);

    await start();
    const again = await cardsFor(today);
    assert.ok(!again.map(findingOf).includes('electrolyte-low'), `after the restart: ${again.map(findingOf).join(', ')}`);
    assert.ok(again.length > 0, 'the other cards still come');
    const other = await cardsFor(asPatient(today, 'pt-another'));
    assert.ok(other.map(findingOf).includes('electrolyte-low'), 'another patient still gets it');

    const res = await fetch(`${base}/admin/report`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    assert.equal(res.status, 200);
    const report = (await res.json()) as GovernanceReport;
    const row = report.findings.find((f) => f.findingKind === 'electrolyte-low');
    // Shown to the first patient and to the other; held back once by the snooze, and counted so.
    assert.deepEqual({ shown: row?.shown, snoozed: row?.snoozed, overridden: row?.overridden }, { shown: 2, snoozed: 1, overridden: 1 });
    assert.equal(report.totals.shown, first.length + again.length + other.length);
    assert.equal(report.totals.hookCalls, 3);
    await stop();
  });
});
