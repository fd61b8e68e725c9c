/**
 * Every fixture through a real FHIR server: the fixture's prefetch resources are loaded into
 * medplum's FHIR server on loopback, the same request is sent with `fhirServer` and no prefetch,
 * and the cards must equal those the prefetch gives (everything but uuids). Pages of two entries
 * make every search with more than two results follow `next` links.
 *
 * Fixtures that expect 412 because a required key is absent or holds an OperationOutcome are sent
 * as they are plus `fhirServer`: the service fetches exactly those keys and answers 200.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Resource } from '@medplum/fhirtypes';
import request from 'supertest';
import { createApp } from '../../src/app';
import type { Card } from '../../src/cards/types';
import { loadConfig } from '../../src/config';
import { isSatisfied } from '../../src/fhir/data-loader';
import { fillTemplate } from '../../src/fhir/prefetch-template';
import { isResource } from '../../src/fhir/resources';
import { fixtureRuns, listFixtures, readFixture, type Fixture } from '../../src/fixtures/runner';
import { createLogger } from '../../src/logger';
import { loadRegistry } from '../../src/services/registry';
import { comparable } from '../support/cards';
import { MedplumFhirServer } from '../support/medplum-fhir-server';

const ACCESS_TOKEN = 'equivalence-test-token';
const config = loadConfig({});
const registry = loadRegistry(config.servicesFile);

interface FixtureRequest {
  context: Record<string, unknown>;
  prefetch?: Record<string, unknown>;
  [field: string]: unknown;
}

/** The resources a prefetch value carries: a Bundle's entries (nested Bundles too) or the resource itself. */
function resourcesIn(value: unknown): Resource[] {
  if (!isResource(value) || value.resourceType === 'OperationOutcome') return [];
  if (value.resourceType !== 'Bundle') return [value as unknown as Resource];
  const entries = Array.isArray(value.entry) ? (value.entry as { resource?: unknown }[]) : [];
  return entries.flatMap((entry) => resourcesIn(entry.resource));
}

function patientData(fixture: Fixture): Resource[] {
  return Object.values((fixture.request as FixtureRequest).prefetch ?? {}).flatMap(resourcesIn);
}

function bearer(body: FixtureRequest, fhirServer: string): FixtureRequest {
  return {
    ...body,
    fhirServer,
    fhirAuthorization: { access_token: ACCESS_TOKEN, token_type: 'Bearer', expires_in: 300, scope: 'patient/*.read', subject: 'hamstring-cds' },
  };
}

async function post(fixture: Fixture, service: string, body: unknown) {
  const now = new Date(fixture.now);
  const app = createApp(config, { clock: () => now, logger: createLogger('silent') });
  return request(app)
    .post(`/cds-services/${service}`)
    .send(body as object);
}

describe('fetching from a real FHIR server (medplum on loopback, 2 entries a page)', () => {
  let server: MedplumFhirServer;

  before(async function () {
    this.timeout(30_000);
    server = await MedplumFhirServer.start(2);
  });
  after(() => server.close());

  for (const file of listFixtures()) {
    const name = path.basename(file, '.json');
    const fixture = readFixture(file);
    for (const run of fixtureRuns(fixture, registry)) {
      const sent = run.body as FixtureRequest;
      const templates = registry.byId.get(run.service)?.entry.prefetch ?? {};
      const status = fixture.expect.status ?? 200;
      const label = fixture.services ? `${name} (${run.service})` : name;

      if (status === 200) {
        it(`${label}: gives the same cards fetched from the FHIR server as by prefetch`, async () => {
          server.reset();
          await server.load(patientData(fixture));
          const byPrefetch = await post(fixture, run.service, sent);
          const withoutPrefetch = { ...sent };
          delete withoutPrefetch.prefetch;
          const byFetch = await post(fixture, run.service, bearer(withoutPrefetch, server.baseUrl));

          assert.equal(byPrefetch.status, 200);
          assert.equal(byFetch.status, 200, JSON.stringify(byFetch.body));
          assert.deepEqual(comparable((byFetch.body as { cards: Card[] }).cards), comparable((byPrefetch.body as { cards: Card[] }).cards));
          const asked = new Set(server.received.map((r) => r.resourceType));
          for (const [key, template] of Object.entries(templates)) {
            const filled = fillTemplate(template, sent.context);
            if (filled.ok) assert.ok(asked.has(filled.query.resourceType), `"${key}" was not fetched`);
          }
          assert.ok(
            server.received.every((r) => r.authorization === `Bearer ${ACCESS_TOKEN}`),
            'a request went without the bearer token',
          );
        });
      } else if (status === 412) {
        it(`${label}: fetches only the keys the request left unsatisfied, and answers 200 instead of ${status}`, async () => {
          server.reset();
          await server.load(patientData(fixture));
          const res = await post(fixture, run.service, bearer(sent, server.baseUrl));

          assert.equal(res.status, 200, JSON.stringify(res.body));
          const unsatisfied = Object.entries(templates).filter(([key]) => !isSatisfied(sent.prefetch, key));
          assert.ok(unsatisfied.length > 0, 'the fixture expects 412 yet every key is satisfied');
          const expectedTypes = unsatisfied.map(([, template]) => {
            const filled = fillTemplate(template, sent.context);
            assert.ok(filled.ok);
            return filled.query.resourceType;
          });
          assert.deepEqual([...new Set(server.received.map((r) => r.resourceType))].sort(), [...new Set(expectedTypes)].sort());
        });
      }
    }
  }
});
