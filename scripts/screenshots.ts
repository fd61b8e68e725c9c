/**
 * npm run screenshots: docs/admin.png, docs/preview.png and docs/approach.png, taken by the same
 * headless Chromium the page tests use, from the app running on a loopback port with sample data
 * (eight weeks of the fixtures' patients and their feedback, in a store in memory). Fails, writing
 * nothing, when a page has a script error or asks for anything off the app.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { inMemoryStore } from '../src/storage/store';
import { launchBrowser, watchedPage, type WatchedPage } from './browser';
import { sendSampleTraffic } from './sample-data';

const DOCS = path.resolve(__dirname, '..', 'docs');
const TOKEN = 'sample-admin-token-for-screenshots-only';
/** The sample's last day: a fixed date, so the pictures change only when the pages do. */
const END = new Date('2026-11-26T12:00:00Z');
const WIDTH = 1200;
/** The fixture whose cards the preview's picture shows: a warning with its recheck, and an info card. */
const PREVIEW_FIXTURE = 'low-magnesium-mg-dl';

function check(watched: WatchedPage, what: string): void {
  if (watched.errors.length > 0 || watched.refused.length > 0) {
    throw new Error(`${what}: ${[...watched.errors, ...watched.refused.map((url) => `refused ${url}`)].join('; ')}`);
  }
}

async function main(): Promise<void> {
  let now = END.getTime();
  const app = createApp(loadConfig({ ADMIN_TOKEN: TOKEN, LOG_LEVEL: 'silent' }), {
    clock: () => new Date(now),
    logger: createLogger('silent'),
    store: inMemoryStore(),
  });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const running = await launchBrowser();
  try {
    const sample = await sendSampleTraffic({ baseUrl: origin, setNow: (at) => (now = at.getTime()), end: END, weeks: 8, callsPerWeek: 12 });
    process.stdout.write(`sample: ${sample.cards} cards issued, ${sample.feedback} with feedback\n`);
    now = END.getTime();
    const shots: Buffer[] = [];

    const admin = await watchedPage(running.browser, origin, { Authorization: `Bearer ${TOKEN}` });
    await admin.page.setViewport({ width: WIDTH, height: 900 });
    await admin.page.goto(`${origin}/admin`, { waitUntil: 'load' });
    await admin.page.waitForSelector('canvas[data-drawn="true"]');
    shots.push(Buffer.from(await admin.page.screenshot({ fullPage: true })));
    check(admin, '/admin');

    const preview = await watchedPage(running.browser, origin);
    await preview.page.setViewport({ width: WIDTH, height: 900 });
    await preview.page.goto(`${origin}/preview#fixture-${PREVIEW_FIXTURE}`, { waitUntil: 'load' });
    const section = await preview.page.$(`#fixture-${PREVIEW_FIXTURE}`);
    if (!section) throw new Error(`/preview has no fixture ${PREVIEW_FIXTURE}`);
    shots.push(Buffer.from(await section.screenshot()));
    check(preview, '/preview');

    const approach = await watchedPage(running.browser, origin);
    await approach.page.setViewport({ width: WIDTH, height: 1100 });
    await approach.page.goto(`${origin}/approach#red-flag.weakness`, { waitUntil: 'load' });
    shots.push(Buffer.from(await approach.page.screenshot()));
    check(approach, '/approach');

    mkdirSync(DOCS, { recursive: true });
    ['admin.png', 'preview.png', 'approach.png'].forEach((name, i) => {
      writeFileSync(path.join(DOCS, name), shots[i]);
      process.stdout.write(`wrote docs/${name}\n`);
    });
  } finally {
    await running.close();
    server.closeAllConnections();
    server.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`screenshots failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
