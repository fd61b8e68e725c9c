/**
 * The pages in a real browser (headless Chromium): /preview shows every fixture's cards as its
 * scenario expects them and answers its form, /admin draws its charts once feedback has been
 * given; no page has a script error or a refused policy, and no request leaves the app.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { fixtureRuns, listFixtures, readFixture } from '../../src/fixtures/runner';
import { createLogger } from '../../src/logger';
import { VERIFIED_SOURCES } from '../../src/knowledge/sources';
import { inMemoryStore } from '../../src/storage/store';
import { launchBrowser, watchedPage, type RunningBrowser, type WatchedPage } from '../../scripts/browser';
import { sendSampleTraffic } from '../../scripts/sample-data';
import { bundle, hookRequest, magnesium, NOW, twitching } from '../support/builders';

const TOKEN = 'e5'.repeat(32);
const SAMPLE_USERS = Array.from({ length: 8 }, (_, i) => `Practitioner/sample-${i + 1}`);

interface RunOnPage {
  service: string;
  status: number;
  findings: string[];
  summaries: string[];
}

describe('the pages in a browser', function () {
  this.timeout(120_000);
  let running: RunningBrowser;
  let server: http.Server;
  let origin: string;
  let now = NOW.getTime();
  const opened: WatchedPage[] = [];

  before(async function () {
    // On a fresh Debian machine without Chromium, launching installs it first (scripts/browser.ts).
    this.timeout(10 * 60_000);
    // A committee's settings: one kind silent, the urgent card in a pilot for half the clinicians, listed
    // (a share by PILOT_PERCENT would follow this run's random hash key, and the arms with it).
    const config = loadConfig({
      ADMIN_TOKEN: TOKEN,
      LOG_LEVEL: 'silent',
      CARD_MODES: 'likely-benign=silent,urgent-assessment=pilot',
      PILOT_USERS: SAMPLE_USERS.slice(0, 4).join(','),
    });
    const app = createApp(config, {
      clock: () => new Date(now),
      logger: createLogger('silent'),
      store: inMemoryStore(),
    });
    server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    running = await launchBrowser();
  });

  after(async () => {
    await running?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  afterEach(() => {
    for (const { errors, refused } of opened.splice(0)) {
      assert.deepEqual(errors, [], 'script errors or console errors');
      assert.deepEqual(refused, [], 'requests that would have left the app');
    }
  });

  async function open(pathname: string, headers: Record<string, string> = {}): Promise<WatchedPage> {
    const watched = await watchedPage(running.browser, origin, headers);
    opened.push(watched);
    const response = await watched.page.goto(`${origin}${pathname}`, { waitUntil: 'load' });
    assert.equal(response?.status(), 200);
    return watched;
  }

  describe('GET /preview', () => {
    it("shows every fixture's cards as its scenario expects them, each with its indicator's colour", async () => {
      const { page } = await open('/preview');
      const sections = await page.$$eval('section.fixture', (found) =>
        found.map((section) => ({
          name: section.getAttribute('data-fixture') ?? '',
          runs: [...section.querySelectorAll('div.run')].map((run) => ({
            service: run.getAttribute('data-service') ?? '',
            status: Number(run.getAttribute('data-status')),
            findings: [...run.querySelectorAll('article.card')].map((card) => card.getAttribute('data-finding') ?? ''),
            summaries: [...run.querySelectorAll<HTMLElement>('article.card h4.summary')].map((h) => h.innerText.trim()),
          })),
        })),
      );
      const onPage = new Map<string, RunOnPage[]>(sections.map((section) => [section.name, section.runs]));
      const files = listFixtures();
      assert.equal(onPage.size, files.length);
      for (const file of files) {
        const name = path.basename(file, '.json');
        const fixture = readFixture(file);
        const runs = onPage.get(name) ?? [];
        assert.deepEqual(
          runs.map((r) => r.service),
          fixtureRuns(fixture).map((r) => r.service),
          name,
        );
        for (const run of runs) {
          assert.equal(run.status, fixture.expect.status ?? 200, `${name} (${run.service})`);
          if (fixture.expect.cards)
            assert.deepEqual(
              run.findings,
              fixture.expect.cards.map((c) => c.finding),
              `${name} (${run.service})`,
            );
          assert.ok(
            run.summaries.every((s) => s.length > 0),
            `${name}: every card shows its summary`,
          );
        }
      }
      const colours = await page.$$eval('article.card', (cards) =>
        cards.map((card): [string, string] => [card.getAttribute('data-indicator') ?? '', getComputedStyle(card).borderLeftColor]),
      );
      const borders = Object.fromEntries(colours);
      assert.deepEqual(borders, { critical: 'rgb(179, 38, 30)', warning: 'rgb(163, 92, 0)', info: 'rgb(31, 111, 67)' });
    });

    it('answers a pasted hook request with its cards', async () => {
      const { page } = await open('/preview');
      const body = hookRequest({ conditions: bundle(twitching(5)), observations: bundle(magnesium(1.3)) });
      await page.select('select[name="service"]', 'hamstring-twitch');
      await page.$eval('textarea[name="request"]', (area, text) => (area.value = text), JSON.stringify(body));
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('form.try button[type="submit"]')]);
      const findings = await page.$$eval('section.result article.card', (cards) => cards.map((card) => card.getAttribute('data-finding')));
      assert.ok(findings.includes('electrolyte-low'), findings.join(', '));
    });
  });

  describe('GET /admin', () => {
    it('draws both charts once feedback has been given', async () => {
      const { cards, feedback } = await sendSampleTraffic({
        baseUrl: origin,
        setNow: (at) => (now = at.getTime()),
        end: NOW,
        weeks: 3,
        callsPerWeek: 12,
        users: SAMPLE_USERS,
      });
      assert.ok(cards > 0 && feedback > 0, `sample: ${cards} cards, ${feedback} with feedback`);
      const { page } = await open('/admin', { Authorization: `Bearer ${TOKEN}` });
      await page.waitForSelector('canvas[data-drawn="true"]');
      const charts = await page.$$eval('canvas[data-chart]', (canvases) =>
        canvases.map((canvas) => {
          const c = canvas;
          const pixels = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
          let painted = 0;
          for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) painted += 1;
          return { id: c.id, drawn: c.getAttribute('data-drawn'), width: c.width, height: c.height, painted };
        }),
      );
      assert.deepEqual(
        charts.map((c) => [c.id, c.drawn]),
        [
          ['outcome-chart', 'true'],
          ['trend-chart', 'true'],
        ],
      );
      for (const chart of charts) {
        assert.ok(chart.width > 0 && chart.height > 0, `${chart.id} has a size`);
        assert.ok(chart.painted > 500, `${chart.id} has ${chart.painted} painted pixels`);
      }
      // The sections a committee acts on: rows by mode and arm, the urgent card's flags, comments behind the token, CSV.
      const modes = await page.$$eval('table.findings tr[data-finding]', (rows) =>
        rows.map((r) => `${r.getAttribute('data-finding')}|${r.getAttribute('data-mode')}|${r.getAttribute('data-arm') ?? ''}`),
      );
      assert.ok(modes.includes('likely-benign|silent|'), modes.join(', '));
      assert.ok(modes.includes('urgent-assessment|pilot|pilot') && modes.includes('urgent-assessment|pilot|control'), modes.join(', '));
      const flags = await page.$$eval('table.flags tr[data-flag]', (rows) => rows.map((r) => r.getAttribute('data-flag')));
      assert.ok(flags.length > 0, 'the urgent card broken down by flag');
      const comments = await page.$$eval('table.comments td.comment', (cells) => cells.map((c) => c.textContent));
      assert.ok(comments.length > 0 && comments.every((c) => c !== null && c.length > 0), 'the comments clinicians wrote');
      assert.match(await page.$eval('#comments + p.note', (p) => p.textContent ?? ''), /may hold patient data/);
      const csv = await page.$$eval('p.csv a', (links) => links.map((a) => a.getAttribute('href')));
      assert.ok(csv.includes('/admin/report.csv?table=comments') && csv.includes('/admin/report.csv?table=flags'), csv.join(', '));
      const visible = await page.evaluate(() => document.querySelector('table.findings')!.getBoundingClientRect().height);
      assert.ok(visible > 0);
    });
  });

  describe('GET /approach', () => {
    it('opens with its stylesheet and nothing else', async () => {
      const { page } = await open('/approach');
      assert.ok((await page.$$('.line')).length > 10);
    });

    it('shows its sign-off first, as not yet approved, above the lines', async () => {
      const { page } = await open('/approach');
      const signOff = await page.$eval('#sign-off', (section) => ({
        state: section.getAttribute('data-state'),
        status: section.querySelector('.status')?.textContent ?? '',
        rows: [...section.querySelectorAll('dl > div')].map((row) => [row.querySelector('dt')?.textContent, row.querySelector('dd')?.textContent]),
        top: section.getBoundingClientRect().top,
        firstLineTop: document.querySelector('.line')?.getBoundingClientRect().top ?? 0,
        border: getComputedStyle(section).borderLeftWidth,
      }));
      assert.equal(signOff.state, 'not-approved');
      assert.match(signOff.status, /^Not yet approved/);
      assert.deepEqual(
        signOff.rows.map(([label]) => label),
        ['Owner', 'Knowledge version running', 'Approved', 'Review due'],
      );
      assert.ok(signOff.top < signOff.firstLineTop, 'the sign-off is above the first line');
      // The stylesheet applied: the sign-off is drawn as a box with a coloured edge.
      assert.equal(signOff.border, '6px');
    });

    it('ends with its references: what the numbers are, and every verified source as a link', async () => {
      const { page } = await open('/approach#references');
      const references = await page.$eval('#references', (section) => ({
        text: section.textContent ?? '',
        sources: [...section.querySelectorAll('ul.sources > li')].map((li) => ({ id: li.id, links: [...li.querySelectorAll('a')].map((a) => a.href) })),
        inView: section.getBoundingClientRect().top < window.innerHeight,
      }));
      assert.match(references.text, /are the source document's own references/);
      assert.match(references.text, /Its bibliography is not reproduced here/);
      assert.deepEqual(
        references.sources.map((s) => s.id),
        VERIFIED_SOURCES.map((s) => `source-${s.id}`),
      );
      for (const source of VERIFIED_SOURCES.filter((s) => s.url !== undefined)) {
        assert.deepEqual(references.sources.find((s) => s.id === `source-${source.id}`)?.links, [source.url]);
      }
      assert.ok(references.inView, 'the #references anchor scrolls to the section');
    });
  });
});
