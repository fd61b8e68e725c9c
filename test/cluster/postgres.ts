/**
 * A PostgreSQL server of the test's own: a fresh cluster in the temporary directory, listening on
 * a private loopback port, thrown away at the end (so durability settings are off). PostgreSQL
 * refuses to run as root: as root the test runs it as the `postgres` user Debian's package
 * creates, or as a system user it creates for the purpose. It can be frozen (SIGSTOP to the
 * server and every backend: connections stay open and nothing answers) and thawed.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { descendantsOf, exited, onStop, runCommand, signalEach, startProcess, tail, tailOfFile, waitUntil } from './processes';

interface Account {
  uid: number;
  gid: number;
}

const OWN_USER = 'hamstring-cluster';

function accountOf(name: string): Account | undefined {
  const line = fs
    .readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`));
  if (!line) return undefined;
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/** Who runs the server: this process's user, or, as root, an unprivileged one. */
async function serverAccount(): Promise<Account | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const existing = accountOf('postgres') ?? accountOf(OWN_USER);
  if (existing) return existing;
  const made = await runCommand('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', OWN_USER]);
  if (made.code !== 0) throw new Error(`PostgreSQL will not run as root, and no user could be made for it (useradd: ${tail(made.output, 3)})`);
  return accountOf(OWN_USER);
}

export class PostgresServer {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    private readonly logFile: string,
  ) {}

  static async start(options: { binDir: string; dir: string; port: number }): Promise<PostgresServer> {
    const account = await serverAccount();
    const home = path.join(options.dir, 'postgres');
    const data = path.join(home, 'data');
    fs.mkdirSync(home, { mode: 0o700 });
    if (account) fs.chownSync(home, account.uid, account.gid);
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, LANG: 'C', LC_ALL: 'C' };
    const runAs = { env, cwd: home, ...(account ?? {}) };

    const init = await runCommand(path.join(options.binDir, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C'], runAs);
    if (init.code !== 0) throw new Error(`initdb failed (exit ${init.code}):\n${tail(init.output)}`);

    const logFile = path.join(home, 'server.log');
    fs.writeFileSync(logFile, '');
    if (account) fs.chownSync(logFile, account.uid, account.gid);
    const child = startProcess(
      path.join(options.binDir, 'postgres'),
      [
        '-D',
        data,
        '-p',
        String(options.port),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        `unix_socket_directories=${home}`,
        '-c',
        'max_connections=100',
        // The cluster lives for one test run: nothing in it needs to survive a crash.
        '-c',
        'fsync=off',
        '-c',
        'synchronous_commit=off',
        '-c',
        'full_page_writes=off',
      ],
      // Immediate shutdown: the backends end at once, and the server still removes its shared memory.
      { ...runAs, logFile, finalSignal: 'SIGQUIT' },
    );
    const url = `postgres://postgres@127.0.0.1:${options.port}/postgres`;
    const server = new PostgresServer(child, url, logFile);
    onStop(() => server.stop());
    try {
      await waitUntil('PostgreSQL accepting connections', 30_000, async () => {
        if (child.exitCode !== null) throw new Error('exited');
        await server.query('select 1');
        return true;
      });
    } catch {
      throw new Error(`PostgreSQL did not start on port ${options.port}:\n${tailOfFile(logFile)}`);
    }
    return server;
  }

  /** One statement on a connection of its own, opened and closed around it. */
  async query<R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
    const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 5_000 });
    await client.connect();
    try {
      return (await client.query<R>(text, values)).rows;
    } finally {
      await client.end();
    }
  }

  /** The server first, so it forks no new backend, then every backend. */
  freeze(): void {
    const pid = this.child.pid!;
    signalEach([pid], 'SIGSTOP');
    signalEach(descendantsOf(pid), 'SIGSTOP');
  }

  thaw(): void {
    const pid = this.child.pid!;
    signalEach(descendantsOf(pid), 'SIGCONT');
    signalEach([pid], 'SIGCONT');
  }

  log(): string {
    return tailOfFile(this.logFile);
  }

  /** A fast shutdown (SIGINT); killed if it takes longer than 10 s. */
  async stop(): Promise<void> {
    this.thaw();
    this.child.kill('SIGINT');
    await exited(this.child, 10_000);
  }
}
