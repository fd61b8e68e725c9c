/** FhirLoader on its own, with needs a service could declare: what it fetches, and what it refuses. */
import assert from 'node:assert/strict';
import pino from 'pino';
import { FHIR_FETCH_DEFAULTS } from '../../src/config';
import type { DataNeeds } from '../../src/fhir/data-loader';
import type { ResourcePool } from '../../src/fhir/resources';
import { FhirLoader } from '../../src/fhir/fhir-loader';
import { HttpError } from '../../src/errors';
import type { HookRequest } from '../../src/schemas/hook-request';
import { FhirServerAllowlist } from '../../src/security/fhir-server-allowlist';
import { bundle, patient } from '../support/builders';
import { ScriptedFhirServer } from '../support/scripted-fhir-server';

const loader = new FhirLoader({ ...FHIR_FETCH_DEFAULTS, allowlist: FhirServerAllowlist.open(), logger: pino({ level: 'silent' }) });

function hookRequest(fields: Partial<HookRequest>): HookRequest {
  return {
    hook: 'order-sign',
    hookInstance: 'c3d0f9a2-5a8e-4a3c-9c36-1c2b8a1f6e10',
    context: { userId: 'Practitioner/dr-1', patientId: 'pt-1', draftOrders: { resourceType: 'Bundle' } },
    ...fields,
  };
}

function resourceTypesIn(pool: ResourcePool): string[] {
  const types: string[] = [];
  pool.forEach((resource) => types.push(resource.resourceType));
  return types;
}

async function rejection(promise: Promise<unknown>): Promise<HttpError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof HttpError, String(err));
    return err;
  }
  assert.fail('expected the load to fail');
}

describe('FhirLoader', () => {
  let server: ScriptedFhirServer;
  before(async () => {
    server = await ScriptedFhirServer.start();
  });
  after(() => server.close());

  const needs: DataNeeds = {
    templates: {
      patient: 'Patient/{{context.patientId}}',
      encounter: 'Encounter/{{context.encounterId}}',
      orders: 'ServiceRequest?patient={{context.patientId}}',
    },
    required: ['orders'],
  };

  describe('with a template whose token the context lacks (no encounterId)', () => {
    it('reports that optional key unavailable without asking the server for it', async () => {
      server.reset(({ resourceType }) => ({ body: resourceType === 'Patient' ? patient('pt-1') : bundle() }));
      const data = await loader.load(hookRequest({ fhirServer: server.baseUrl }), needs);
      assert.deepEqual([...data.unavailable], ['encounter']);
      assert.deepEqual(server.received.map((r) => r.resourceType).sort(), ['Patient', 'ServiceRequest']);
      assert.deepEqual(resourceTypesIn(data.pool), ['Patient']);
    });

    it('answers 412 prefetch_missing naming the token when the key is required', async () => {
      server.reset(() => ({ body: bundle() }));
      const err = await rejection(loader.load(hookRequest({ fhirServer: server.baseUrl }), { ...needs, required: ['encounter'] }));
      assert.equal(err.status, 412);
      assert.equal(err.code, 'prefetch_missing');
      assert.match(err.message, /"encounter" \(the request gives no value for \{\{context\.encounterId\}\}\)/);
    });
  });

  describe('closed at shutdown', () => {
    it('closes the connections it kept alive', async () => {
      const closing = new FhirLoader({ ...FHIR_FETCH_DEFAULTS, allowlist: FhirServerAllowlist.open(), logger: pino({ level: 'silent' }) });
      server.reset(({ resourceType }) => ({ body: resourceType === 'Patient' ? patient('pt-1') : bundle() }));
      await closing.load(hookRequest({ fhirServer: server.baseUrl }), needs);
      assert.equal(server.connections.size, 2, 'the two queries left their connections open');
      closing.close();
      for (let waited = 0; server.connections.size > 0 && waited < 2_000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.equal(server.connections.size, 0);
    });
  });

  describe('with a read answered by another resource type', () => {
    it('reports the key unavailable rather than use the wrong resource', async () => {
      server.reset(() => ({ body: bundle() }));
      const data = await loader.load(hookRequest({ fhirServer: server.baseUrl }), needs);
      assert.ok(data.unavailable.has('patient'));
      assert.deepEqual(resourceTypesIn(data.pool), []);
    });
  });

  describe('without fhirServer and a required key absent', () => {
    it('answers 412 prefetch_missing saying there is no fhirServer to fetch it from', async () => {
      const err = await rejection(loader.load(hookRequest({ prefetch: { patient: null } }), needs));
      assert.equal(err.code, 'prefetch_missing');
      assert.equal(
        err.message,
        'Required prefetch key "orders" was not provided (or held an OperationOutcome), and the request names no fhirServer to fetch it from',
      );
    });
  });

  describe('without fhirServer and only optional keys absent', () => {
    it('reports them unavailable', async () => {
      const data = await loader.load(hookRequest({ prefetch: { orders: bundle() } }), needs);
      assert.deepEqual([...data.unavailable].sort(), ['encounter', 'patient']);
    });
  });
});
