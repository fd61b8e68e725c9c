/**
 * One benchmark server, run as a child process of bench/run.ts:
 *
 *   node --import tsx bench/server.ts service   the real app (createApp, BODY_LIMIT 20mb, silent logs)
 *   node --import tsx bench/server.ts floor     express 5 + express.json (same limit) answering {"cards":[]}
 *
 * It listens on an ephemeral loopback port and reports it to the parent over IPC. It exits when
 * the parent says "stop" or the IPC channel closes (the parent died), so it never outlives the
 * benchmark; a normal exit also lets `--cpu-prof` write its profile.
 */
import type { AddressInfo } from 'node:net';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';

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

export function serviceApp(): Express {
  return createApp(loadConfig({ BODY_LIMIT }), { logger: createLogger('silent') });
}

function main(): void {
  const kind = process.argv[2];
  if (kind !== 'service' && kind !== 'floor') {
    process.stderr.write('usage: bench/server.ts service|floor\n');
    process.exit(2);
  }
  if (!process.send) {
    process.stderr.write('bench/server.ts must be started by bench/run.ts (it reports its port over IPC)\n');
    process.exit(2);
  }
  const app = kind === 'service' ? serviceApp() : floorApp(loadConfig({ BODY_LIMIT }).bodyLimitBytes);
  const server = app.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    process.send!({ type: 'listening', kind, port, pid: process.pid });
  });
  server.on('error', (err) => {
    process.stderr.write(`bench ${kind} server: ${err.message}\n`);
    process.exit(1);
  });
  const stop = () => {
    server.closeAllConnections();
    server.close();
    process.exit(0);
  };
  process.on('message', (msg) => {
    if (msg === 'stop') stop();
    // CPU time used so far, so the parent can tell CPU per request and how busy we were.
    if (msg === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send!({ type: 'cpu', micros: user + system, heapUsed: process.memoryUsage().heapUsed });
    }
  });
  process.on('disconnect', stop);
  process.on('SIGTERM', stop);
  process.on('SIGINT', () => {
    /* the parent handles Ctrl-C and stops us over IPC */
  });
}

if (require.main === module) main();
