/**
 * One benchmark server, run as a child process of bench/run.ts:
 *
 *   node --import tsx bench/server.ts service         the real app as built in dist/ (createApp, BODY_LIMIT 20mb, silent logs)
 *   node --import tsx bench/server.ts authenticated   the same with the trusted clients of CDS_TRUSTED_CLIENTS_FILE,
 *                                                     its public URL http://127.0.0.1:<its port>
 *   node --import tsx bench/server.ts floor           express 5 + express.json (same limit) answering {"cards":[]}
 *
 * It listens on an ephemeral loopback port and reports it to the parent over IPC, and on request
 * its CPU time and the number of responses it has sent. It exits when the parent says "stop" or
 * the IPC channel closes (the parent died), so it never outlives the benchmark; a normal exit also
 * lets `--cpu-prof` write its profile.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { loadConfig } from '../src/config';
import { builtService } from './built';

export const BODY_LIMIT = '20mb';

export function floorApp(limitBytes: number): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(express.json({ limit: limitBytes }));
  app.post('/cds-services/:id', (_req, res) => {
    res.json({ cards: [] });
  });
  // Like the service's error handler with a silent logger: answer, log nothing (autocannon
  // aborts in-flight uploads when a run ends, and express would print each one).
  app.use((err: { status?: number; statusCode?: number }, _req: Request, res: Response, _next: NextFunction) => {
    if (!res.headersSent) res.status(err.status ?? err.statusCode ?? 500).json({ error: 'floor' });
  });
  return app;
}

/**
 * The service, open or (given `auth`) requiring a token signed by a client of the trusted clients
 * file. FHIR_SERVER_ALLOWLIST passes through: the bench's loopback FHIR server is the one origin the
 * service may fetch from. Its store is the embedded one `npm start` opens, in a data directory of
 * its own that is removed when it exits: the card ledger is written and snoozes are looked up on
 * every call, as in production, and their CPU is the service's.
 */
export async function serviceApp(auth?: { trustedClientsFile: string; publicUrl: string }): Promise<{ app: Express; close: () => Promise<void> }> {
  const { app, config, logger, store: storage } = builtService();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hamstring-bench-'));
  // Logging off, as the floor logs nothing: the silent logger goes to everything createApp builds.
  const env: NodeJS.ProcessEnv = { BODY_LIMIT, DATA_DIR: dataDir, FHIR_SERVER_ALLOWLIST: process.env.FHIR_SERVER_ALLOWLIST };
  if (auth) Object.assign(env, { CDS_TRUSTED_CLIENTS_FILE: auth.trustedClientsFile, CDS_PUBLIC_URL: auth.publicUrl });
  const settings = config.loadConfig(env);
  const silent = logger.createLogger('silent');
  const store = storage.createStore(settings, silent);
  await store.ready();
  const close = async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { app: app.createApp(settings, { logger: silent, store }), close };
}

const KINDS = ['service', 'authenticated', 'floor'] as const;
type Kind = (typeof KINDS)[number];

function isKind(text: string | undefined): text is Kind {
  return KINDS.some((kind) => kind === text);
}

async function appFor(kind: Kind, publicUrl: string): Promise<{ app: Express; close: () => Promise<void> }> {
  switch (kind) {
    case 'service':
      return serviceApp();
    case 'authenticated': {
      const trustedClientsFile = process.env.CDS_TRUSTED_CLIENTS_FILE;
      if (!trustedClientsFile) throw new Error('the authenticated service needs CDS_TRUSTED_CLIENTS_FILE');
      return serviceApp({ trustedClientsFile, publicUrl });
    }
    case 'floor':
      return { app: floorApp(loadConfig({ BODY_LIMIT }).bodyLimitBytes), close: async () => {} };
  }
}

function main(): void {
  const kind = process.argv[2];
  if (!isKind(kind)) {
    process.stderr.write(`usage: bench/server.ts ${KINDS.join('|')}\n`);
    process.exit(2);
  }
  if (!process.send) {
    process.stderr.write('bench/server.ts must be started by bench/run.ts (it reports its port over IPC)\n');
    process.exit(2);
  }
  const server = http.createServer();
  // Responses sent in full: what the server's CPU time is divided by. A request the load generator
  // abandons at the end of a run costs CPU but is not counted; there are at most a few per run.
  let served = 0;
  server.on('request', (_req: http.IncomingMessage, res: http.ServerResponse) => res.once('finish', () => served++));
  let closeApp = async () => {};
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    // The app comes once the port is known: a token's aud must name the URL called, port included.
    // Nothing can call before the parent hears the port, so no request finds the server without it.
    appFor(kind, `http://127.0.0.1:${port}`).then(
      ({ app, close }) => {
        closeApp = close;
        server.on('request', app);
        process.send!({ type: 'listening', kind, port, pid: process.pid });
      },
      (err: Error) => {
        process.stderr.write(`bench ${kind} server: ${err.message}\n`);
        process.exit(1);
      },
    );
  });
  server.on('error', (err) => {
    process.stderr.write(`bench ${kind} server: ${err.message}\n`);
    process.exit(1);
  });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.closeAllConnections();
    server.close();
    // The store writes what the ledger has queued and its data directory goes; a stuck close does not keep the child.
    const deadline = setTimeout(() => process.exit(0), 5_000);
    void closeApp().finally(() => {
      clearTimeout(deadline);
      process.exit(0);
    });
  };
  process.on('message', (msg) => {
    if (msg === 'stop') stop();
    // CPU time of this process (every thread) and responses sent so far: the parent takes the
    // difference over a run, CPU per request served.
    if (msg === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send!({ type: 'cpu', micros: user + system, served });
    }
  });
  process.on('disconnect', stop);
  process.on('SIGTERM', stop);
  process.on('SIGINT', () => {
    /* the parent handles Ctrl-C and stops us over IPC */
  });
}

if (require.main === module) main();
