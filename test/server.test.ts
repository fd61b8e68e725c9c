/**
 * The process as operators run it (src/server.ts): the start-up line names the versions, metrics
 * are served on METRICS_PORT and not on the CDS port, SIGTERM drains and exits 0, and production
 * without CORS_ORIGINS does not start.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KNOWLEDGE_VERSION } from '../src/knowledge/version';
import packageJson from '../package.json';
import { startServer, type ServerProcess } from './support/server-process';

/** The embedded store of the processes started here, away from the project's own data/. */
const DATA_DIR = mkdtempSync(path.join(tmpdir(), 'hamstring-server-'));

function run(env: NodeJS.ProcessEnv): ServerProcess {
  return startServer({ DATA_DIR, ...env });
}

describe('src/server.ts', () => {
  after(() => rmSync(DATA_DIR, { recursive: true, force: true }));

  describe('with METRICS_PORT set', () => {
    let server: ServerProcess;
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
      assert.ok(
        messages.some((m) => m.startsWith('shutting down')),
        messages.join('\n'),
      );
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
