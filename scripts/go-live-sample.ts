/**
 * npx tsx scripts/go-live-sample.ts [--screenshot file.png]: the governance report of a sample
 * go-live, as a committee reads it. The app runs on a loopback port over a store in memory with
 * likely-benign silent and the urgent card in a pilot for four of the eight clinicians; eight weeks of the
 * fixtures' patients, seen in turn by eight clinicians, with their feedback. Prints the figures
 * per kind, mode and arm; with --screenshot, also takes /admin as headless Chromium shows it.
 */
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import type { GovernanceReport } from '../src/feedback-loop/report';
import { createLogger } from '../src/logger';
import { inMemoryStore } from '../src/storage/store';
import { launchBrowser, watchedPage } from './browser';
import { sendSampleTraffic } from './sample-data';

const TOKEN = 'sample-admin-token-for-go-live-only';
const END = new Date('2026-11-26T12:00:00Z');
const SAMPLE_MODES = {
  CARD_MODES: 'likely-benign=silent,urgent-assessment=pilot',
  PILOT_USERS: 'Practitioner/sample-1,Practitioner/sample-2,Practitioner/sample-3,Practitioner/sample-4',
};
const USERS = Array.from({ length: 8 }, (_, i) => `Practitioner/sample-${i + 1}`);

const pct = (rate: number | null) => (rate === null ? '–' : `${(rate * 100).toFixed(1)}%`);

async function main(): Promise<void> {
  const screenshot = process.argv.indexOf('--screenshot') >= 0 ? process.argv[process.argv.indexOf('--screenshot') + 1] : undefined;
  let now = END.getTime();
  const app = createApp(loadConfig({ ADMIN_TOKEN: TOKEN, LOG_LEVEL: 'silent', ...SAMPLE_MODES }), {
    clock: () => new Date(now),
    logger: createLogger('silent'),
    store: inMemoryStore(),
  });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const sample = await sendSampleTraffic({ baseUrl: origin, setNow: (at) => (now = at.getTime()), end: END, weeks: 8, callsPerWeek: 12, users: USERS });
    now = END.getTime();
    const report = (await (await fetch(`${origin}/admin/report`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as GovernanceReport;
    const t = report.totals;
    process.stdout.write(
      `${Object.entries(SAMPLE_MODES)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}\n` +
        `sample: ${sample.cards} cards shown, ${sample.feedback} with feedback\n` +
        `totals: ${t.hookCalls} hook calls; ${t.fired} fired (${t.firingsPer100Calls?.toFixed(1)} per 100 calls): ${t.shown} shown, ${t.silent} held silent, ${t.snoozed} snoozed away; ` +
        `${t.accepted} accepted, ${t.overridden} overridden, ${t.unanswered} unanswered; override rate ${pct(t.overrideRateOfAnswered)} of answered, ${pct(t.overrideRateOfShown)} of shown; ` +
        `critical per user per day ${t.criticalPerUserDay.mean.toFixed(2)} (max ${t.criticalPerUserDay.max}, ${t.criticalPerUserDay.userDays} user-days)\n`,
    );
    for (const f of report.findings) {
      const mode = f.pilotArm ? `${f.mode}/${f.pilotArm}` : f.mode;
      process.stdout.write(
        `${f.findingKind.padEnd(28)} ${mode.padEnd(14)} shown ${String(f.shown).padStart(3)}  silent ${String(f.silent).padStart(3)}  snoozed ${String(f.snoozed).padStart(2)}  ` +
          `per 100 calls ${(f.firingsPer100Calls ?? 0).toFixed(1).padStart(5)}  accepted ${String(f.accepted).padStart(3)}  overridden ${String(f.overridden).padStart(3)}  ` +
          `override rate ${pct(f.overrideRateOfAnswered).padStart(6)} of answered, ${pct(f.overrideRateOfShown).padStart(6)} of shown\n`,
      );
      for (const flag of f.flags)
        process.stdout.write(`    flag ${flag.flag.padEnd(20)} fired ${flag.fired}, shown ${flag.shown}, overridden ${flag.overridden}\n`);
    }
    process.stdout.write(`comments: ${report.comments?.length ?? 0}\n`);
    if (screenshot) {
      const running = await launchBrowser();
      try {
        const admin = await watchedPage(running.browser, origin, { Authorization: `Bearer ${TOKEN}` });
        await admin.page.setViewport({ width: 1400, height: 900 });
        await admin.page.goto(`${origin}/admin`, { waitUntil: 'load' });
        await admin.page.waitForSelector('canvas[data-drawn="true"]');
        writeFileSync(screenshot, Buffer.from(await admin.page.screenshot({ fullPage: true })));
        if (admin.errors.length > 0 || admin.refused.length > 0) throw new Error(`/admin: ${[...admin.errors, ...admin.refused].join('; ')}`);
        process.stdout.write(`wrote ${screenshot}\n`);
      } finally {
        await running.close();
      }
    }
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

void main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
