/**
 * The process as operators run it (src/server.ts): the start-up line names the versions, metrics
 * are served on METRICS_PORT and not on the CDS port, SIGTERM drains and exits 0, and production
 * without CORS_ORIGINS does not start.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { KNOWLEDGE_VERSION } from '../src/knowledge/version';
import packageJson from '../package.json';

const ROOT = path.resolve(__dirname, '..');

interface Running {
  child: ChildProcess;
  lines: Record<string, unknown>[];
  stderr: string[];
  /** Resolves with the first log line whose msg matches. */
  waitFor(msg: RegExp): Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
}

function run(env: NodeJS.ProcessEnv): Running {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: ROOT, env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Record<string, unknown>[] = [];
  const stderr: string[] = [];
  const waiters: { msg: RegExp; resolve: (line: Record<string, unknown>) => void }[] = [];
  let partial = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    partial += chunk;
    const complete = partial.split('\n');
    partial = complete.pop() ?? '';
    for (const text of complete.filter(Boolean)) {
      const line = JSON.parse(text) as Record<string, unknown>;
      lines.push(line);
      for (const waiter of waiters.filter((w) => w.msg.test(String(line.msg)))) waiter.resolve(line);
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    lines,
    stderr,
    exited,
    waitFor: (msg) =>
      new Promise((resolve) => {
        const seen = lines.find((l) => msg.test(String(l.msg)));
        if (seen) resolve(seen);
        else waiters.push({ msg, resolve });
      }),
  };
}

describe('src/server.ts', () => {
  describe('with METRICS_PORT set', () => {
    let server: Running;
    let started: Record<string, unknown>;
    let metricsPort: number;

    before(async function () {
      this.timeout(60_000);
      server = run({ PORT: '0', HOST: '127.0.0.1', METRICS_PORT: '0', LOG_LEVEL: 'info' });
      started = await server.waitFor(/listening on port/);
      metricsPort = Number((await server.waitFor(/metrics served/)).metricsPort);
    });
    after(() => {
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
    });

    it('names the service and knowledge versions in its start-up line', () => {
      assert.equal(started.version, packageJson.version);
      assert.equal(started.knowledgeVersion, KNOWLEDGE_VERSION);
      assert.equal(started.msg, `hamstring-cds ${packageJson.version} (knowledge ${KNOWLEDGE_VERSION}) listening on port ${String(started.port)}`);
    });

    it('serves metrics on their own port and not on the CDS port', async () => {
      const metrics = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
      assert.equal(metrics.status, 200);
      assert.match(await metrics.text(), /^cds_build_info\{/m);
      const onCdsPort = await fetch(`http://127.0.0.1:${String(started.port)}/metrics`);
      assert.equal(onCdsPort.status, 404);
    });

    it('on SIGTERM stops taking calls, says so and exits 0', async () => {
      server.child.kill('SIGTERM');
      assert.equal(await server.exited, 0);
      const messages = server.lines.map((l) => String(l.msg));
      assert.ok(messages.some((m) => m.startsWith('shutting down')), messages.join('\n'));
      assert.ok(messages.includes('every call finished'), messages.join('\n'));
    });
  });

  describe('with NODE_ENV=production and no CORS_ORIGINS', () => {
    it('does not start, and says CORS_ORIGINS is required', async function () {
      this.timeout(60_000);
      const server = run({
        NODE_ENV: 'production',
        PORT: '0',
        FHIR_SERVER_ALLOWLIST: 'https://fhir.example.org',
        CDS_TRUSTED_CLIENTS_FILE: 'clients.json',
        CDS_PUBLIC_URL: 'https://cds.example.org',
        DATABASE_URL: 'postgres://cds@127.0.0.1:1/cds',
      });
      assert.equal(await server.exited, 1);
      assert.match(server.stderr.join(''), /CORS_ORIGINS is required when NODE_ENV=production/);
    });
  });
});
