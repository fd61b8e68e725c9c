/**
 * The published value sets load into a real FHIR server (medplum's, on loopback, as the
 * equivalence tests use it) and come back the same: read by id and found by canonical url, every
 * element as published apart from the server's own meta. Medplum validates each against R4 too.
 */
import assert from 'node:assert/strict';
import { validateResource } from '@medplum/core';
import type { Resource as MedplumResource } from '@medplum/fhirtypes';
import type { Bundle, ValueSet } from 'fhir/r4';
import request from 'supertest';
import { loadConfig } from '../../src/config';
import { CONCEPTS } from '../../src/knowledge/codes';
import { testApp } from '../support/app';
import { MedplumFhirServer } from '../support/medplum-fhir-server';
import { PUBLIC_URL } from '../support/tokens';

/** A resource without what the server adds of its own. */
function withoutMeta<T extends { meta?: unknown }>(resource: T): Omit<T, 'meta'> {
  const rest = { ...resource };
  delete rest.meta;
  return rest;
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  assert.equal(res.status, 200, url);
  return (await res.json()) as T;
}

describe('the published value sets in a FHIR server', () => {
  let server: MedplumFhirServer;
  let published: ValueSet[];

  before(async () => {
    server = await MedplumFhirServer.start();
    const app = testApp({ security: loadConfig({ CDS_PUBLIC_URL: PUBLIC_URL }).security });
    const bundle = JSON.parse((await request(app).get('/fhir/ValueSet').expect(200)).text) as Bundle;
    published = (bundle.entry ?? []).map((entry) => entry.resource as ValueSet);
    await server.load(published as unknown as MedplumResource[]);
  });

  after(() => server.close());

  it("are valid R4 by medplum's validator too", () => {
    for (const valueSet of published) {
      const errors = validateResource(valueSet as unknown as MedplumResource).filter((issue) => issue.severity === 'error');
      assert.deepEqual(errors, [], valueSet.id);
    }
  });

  it('come back the same, read by id', async () => {
    assert.equal(published.length, CONCEPTS.length);
    for (const valueSet of published) {
      const stored = await getJson<ValueSet>(`${server.baseUrl}/ValueSet/${valueSet.id ?? ''}`);
      assert.deepEqual(withoutMeta(stored), valueSet, valueSet.id);
    }
  });

  it('are found by their canonical url, one each', async () => {
    for (const valueSet of published.slice(0, 5)) {
      const bundle = await getJson<Bundle>(`${server.baseUrl}/ValueSet?url=${encodeURIComponent(valueSet.url ?? '')}`);
      assert.deepEqual(
        bundle.entry?.map((entry) => entry.resource?.id),
        [valueSet.id],
      );
    }
  });
});
