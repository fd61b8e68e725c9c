/**
 * Replicas of the built service (`node dist/server.js`), each on a loopback port of its own, all
 * sharing one PostgreSQL and one configuration, as production runs them (NODE_ENV=production).
 * A replica can be killed outright and started again on the same port, as a crashed process
 * restarted by its supervisor would be.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { exited, onStop, startProcess, tailOfFile, waitUntil } from './processes';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

export class Replica {
  private child: ChildProcess | undefined;
  readonly origin: string;
  readonly address: string;

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly env: NodeJS.ProcessEnv,
    private readonly logFile: string,
  ) {
    this.address = `127.0.0.1:${port}`;
    this.origin = `http://${this.address}`;
    onStop(() => this.stop());
  }

  /** Starts the process and resolves once /readyz answers 200 (migrations applied, the store answering). */
  async start(): Promise<void> {
    const child = startProcess(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'server.js')], {
      cwd: PROJECT_ROOT,
      env: { ...this.env, PORT: String(this.port), HOST: '127.0.0.1' },
      logFile: this.logFile,
    });
    this.child = child;
    try {
      await waitUntil(`${this.name} ready`, 30_000, async () => {
        if (child.exitCode !== null) throw new Error('exited');
        return (await this.status('/readyz')) === 200;
      });
    } catch {
      throw new Error(`${this.name} did not become ready on port ${this.port}:\n${tailOfFile(this.logFile)}`);
    }
  }

  /** SIGKILL: no drain, no flush, connections reset. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill('SIGKILL');
    await exited(child, 5_000);
  }

  /** SIGTERM: the clean shutdown (drain, write the queued ledger); killed after 15 s. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await exited(child, 15_000);
  }

  /** Resident memory of the process now, in MB (Linux). */
  rssMb(): number | undefined {
    const pid = this.child?.pid;
    if (pid === undefined) return undefined;
    try {
      const kb = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      return kb === undefined ? undefined : Math.round(Number(kb) / 1024);
    } catch {
      return undefined;
    }
  }

  log(): string {
    return tailOfFile(this.logFile);
  }

  private status(route: string): Promise<number> {
    return new Promise((resolve) => {
      http
        .get(`${this.origin}${route}`, { agent: false }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
        .on('error', () => resolve(0));
    });
  }
}
