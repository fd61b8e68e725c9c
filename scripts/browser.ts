/**
 * Headless Chromium for the page tests and the screenshots: the Debian package's browser (never
 * one downloaded by npm), started offline with a fresh profile, and pages that record every
 * script error and console error and refuse, and record, any request that would leave the app.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/** CHROMIUM_PATH, else the first `chromium` (or `chromium-browser`) on the PATH; undefined when there is none. */
function findChromium(): string | undefined {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) return configured;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of ['chromium', 'chromium-browser']) {
      const candidate = path.join(dir, name);
      try {
        if (statSync(candidate).isFile()) return candidate;
      } catch {
        // not in this directory
      }
    }
  }
  return undefined;
}

const HOW_TO_INSTALL = 'install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH';

/**
 * The browser to drive. When there is none and this runs as root on Debian (a fresh CI machine),
 * Debian's package is installed first, as the cluster test installs PostgreSQL and nginx, so that
 * `npm ci && npm test` works there as it is; anywhere else the error says what to install.
 */
export function chromiumPath(): string {
  const found = findChromium();
  if (found) return found;
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) throw new Error(`No Chromium found: ${HOW_TO_INSTALL}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'chromium']]) {
    const run = spawnSync('apt-get', args, { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (run.status !== 0) {
      const output = `${run.stdout ?? ''}${run.stderr ?? ''}`.trimEnd().split('\n').slice(-10).join('\n');
      throw new Error(`No Chromium found, and apt-get ${args.join(' ')} failed (exit ${run.status}):\n${output}\nTo run the page tests, ${HOW_TO_INSTALL}`);
    }
  }
  const installed = findChromium();
  if (!installed) throw new Error(`No Chromium found after apt-get install chromium: ${HOW_TO_INSTALL}`);
  return installed;
}

/** Without these the browser keeps trying hosts it cannot reach (updates, sync, field trials); --no-sandbox for CI containers that run as root. */
const OFFLINE_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export interface RunningBrowser {
  browser: Browser;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<RunningBrowser> {
  const profile = mkdtempSync(path.join(tmpdir(), 'hamstring-chromium-'));
  const browser = await puppeteer.launch({ executablePath: chromiumPath(), headless: true, userDataDir: profile, args: OFFLINE_FLAGS });
  return {
    browser,
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface WatchedPage {
  page: Page;
  /** Uncaught script errors and console errors (a Content-Security-Policy refusal is one). */
  errors: string[];
  /** Requests to anywhere but the app (data: URLs aside), refused before they left. */
  refused: string[];
}

/** A page that may load from `origin` only; `headers` go with every request (an admin token). */
export async function watchedPage(browser: Browser, origin: string, headers: Record<string, string> = {}): Promise<WatchedPage> {
  const page = await browser.newPage();
  const errors: string[] = [];
  const refused: string[] = [];
  page.on('pageerror', (err) => errors.push(`page error: ${err instanceof Error ? err.message : String(err)}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  await page.setExtraHTTPHeaders(headers);
  await page.setRequestInterception(true);
  page.on('request', (req) => {
    const url = req.url();
    // data: URLs never leave the browser (Chromium draws the date input's own icon from one).
    if (url.startsWith(`${origin}/`) || url.startsWith('data:')) {
      void req.continue();
    } else {
      refused.push(url);
      void req.abort('blockedbyclient');
    }
  });
  return { page, errors, refused };
}
