/**
 * Shutting down on SIGTERM (server.ts calls drain): readiness fails, new calls are refused, a call
 * in flight finishes within the grace period, and one that outlasts it is cut off.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { FHIR_FETCH_DEFAULTS } from '../../src/config';
import type { DataLoader, DataNeeds, LoadedData } from '../../src/fhir/data-loader';
import { FhirLoader } from '../../src/fhir/fhir-loader';
import { createLogger } from '../../src/logger';
import { FhirServerAllowlist } from '../../src/security/fhir-server-allowlist';
import type { HookRequest } from '../../src/schemas/hook-request';
import { drain, servingState, type ServingState } from '../../src/ops/shutdown';
import { SERVICE_URL, testApp } from '../support/app';
import { bundle, hookRequest, twitching } from '../support/builders';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Loads (all from prefetch), but only once the test lets it: the call stays in flight until then. */
class HeldLoader implements DataLoader {
  private readonly inner = new FhirLoader({ ...FHIR_FETCH_DEFAULTS, allowlist: FhirServerAllowlist.open(), logger: createLogger('silent') });
  private readonly gate = deferred();
  private readonly arrival = deferred();
  /** Resolves once a call is waiting in the loader. */
  readonly arrived = this.arrival.promise;

  async load(request: HookRequest, needs: DataNeeds): Promise<LoadedData> {
    this.arrival.resolve();
    await this.gate.promise;
    return this.inner.load(request, needs);
  }

  finish(): void {
    this.gate.resolve();
  }
}

interface Answer {
  status: number;
  body: string;
}

/** One call on a connection of its own (no agent), so a closed listener shows as a refused connection. */
function call(port: number, path: string, body?: unknown): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      { host: '127.0.0.1', port, path, method: payload ? 'POST' : 'GET', agent: false, headers: payload ? { 'content-type': 'application/json' } : {} },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

function listen(loader: DataLoader, state: ServingState): Promise<{ server: http.Server; port: number; app: ReturnType<typeof testApp> }> {
  const app = testApp({}, { loader, state });
  const server = http.createServer(app);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port, app })));
}

describe('draining on shutdown', () => {
  describe('with a hook call in flight that finishes within the grace period', () => {
    it('fails readiness, refuses a new call, lets the slow call finish with its cards, then closes', async () => {
      const loader = new HeldLoader();
      const state = servingState();
      const { server, port, app } = await listen(loader, state);
      const slow = call(port, SERVICE_URL, hookRequest({ conditions: bundle(twitching(5)) }));
      await loader.arrived;

      const drained = drain(server, state, 10_000);
      await request(app).get('/readyz').expect(503);
      await assert.rejects(call(port, '/cds-services'), (err: NodeJS.ErrnoException) => err.code === 'ECONNREFUSED');

      loader.finish();
      const answer = await slow;
      assert.equal(answer.status, 200, answer.body);
      assert.ok((JSON.parse(answer.body) as { cards: unknown[] }).cards.length > 0, answer.body);
      assert.equal(await drained, 'drained');
      assert.equal(server.listening, false);
    });
  });

  describe('with a hook call that outlasts the grace period', () => {
    it('closes its connection when the grace period is over', async () => {
      const loader = new HeldLoader();
      const state = servingState();
      const { server, port } = await listen(loader, state);
      const slow = call(port, SERVICE_URL, hookRequest({ conditions: bundle(twitching(5)) }));
      await loader.arrived;

      assert.equal(await drain(server, state, 50), 'grace expired');
      await assert.rejects(slow, (err: NodeJS.ErrnoException) => err.code === 'ECONNRESET');
      loader.finish();
    });
  });
});
