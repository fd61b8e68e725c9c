/**
 * The benchmark's server processes (bench/server.ts): started on ephemeral loopback ports, asked
 * over IPC for their CPU time and the responses they have sent, stopped cleanly (so `--cpu-prof`
 * can write) and killed if the bench dies.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export type Kind = 'service' | 'authenticated' | 'floor';

export interface Server {
  kind: Kind;
  child: ChildProcess;
  port: number;
  /** http://127.0.0.1:port: what a hook's path is called on, and what a token's aud starts with. */
  origin: string;
}

export interface ChildOptions {
  /** A directory: run the services with --cpu-prof writing there. */
  cpuProfDir?: string;
  /** Extra node flags (BENCH_SERVICE_NODE_ARGS, BENCH_FLOOR_NODE_ARGS). */
  serviceNodeArgs?: string;
  floorNodeArgs?: string;
}

const children = new Set<ChildProcess>();

function killAll(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    process.stderr.write(`\nbench: ${signal}, stopping servers\n`);
    killAll();
    process.exit(130);
  });
}

/** `env` adds to this process's environment (the authenticated service's CDS_TRUSTED_CLIENTS_FILE). */
export function startServer(kind: Kind, options: ChildOptions, env: NodeJS.ProcessEnv = {}): Promise<Server> {
  const execArgv = ['--import', 'tsx'];
  const isService = kind !== 'floor';
  if (isService && options.cpuProfDir) execArgv.push('--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`);
  const extra = isService ? options.serviceNodeArgs : options.floorNodeArgs;
  if (extra) execArgv.push(...extra.split(/\s+/).filter(Boolean));
  const child = fork(path.join(__dirname, 'server.ts'), [kind], {
    execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, ...env, NODE_ENV: 'production' },
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${kind} server did not start within 30 s`)), 30_000);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${kind} server exited before listening (code ${code}, signal ${signal})`));
    });
    child.on('message', (msg: unknown) => {
      const m = msg as { type?: string; port?: number };
      if (m.type === 'listening' && typeof m.port === 'number') {
        clearTimeout(timer);
        resolve({ kind, child, port: m.port, origin: `http://127.0.0.1:${m.port}` });
      }
    });
  });
}

export interface Usage {
  /** CPU time of the child so far (user + system, all threads), µs. */
  micros: number;
  /** Responses it has sent in full so far. */
  served: number;
}

export function usage(server: Server): Promise<Usage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      server.child.off('message', onMessage);
      reject(new Error(`${server.kind} server did not report its CPU time within 60 s`));
    }, 60_000); // it answers after the requests it has already queued: 5 MB ones take a while
    const onMessage = (msg: unknown) => {
      const m = msg as { type?: string; micros?: number; served?: number };
      if (m.type !== 'cpu' || typeof m.micros !== 'number' || typeof m.served !== 'number') return;
      clearTimeout(timer);
      server.child.off('message', onMessage);
      resolve({ micros: m.micros, served: m.served });
    };
    server.child.on('message', onMessage);
    server.child.send('cpu');
  });
}

/** Asks a child to exit (so --cpu-prof can write), then kills it if it has not within 10 s. */
export async function stopServer(server: Server): Promise<void> {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    child.send('stop');
  } catch {
    child.kill('SIGKILL');
  }
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
