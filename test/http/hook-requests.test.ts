/** POST /cds-services/{id}: requests the service must refuse, and the status, code and message of each refusal. */
import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';
import type { Card } from '../../src/cards/types';
import { SERVICE_URL, testApp } from '../support/app';
import { bundle, hookRequest, magnesium, operationOutcome, twitching, type HookRequestBody } from '../support/builders';

interface ErrorBody {
  error: string;
  message: string;
  field?: string;
}

/** Twitching for 5 days and nothing else on record. */
function validRequest(): HookRequestBody {
  return hookRequest({ conditions: bundle(twitching(5)) });
}

async function post(app: Express, body: unknown) {
  return request(app)
    .post(SERVICE_URL)
    .send(body as object);
}

function errorOf(res: { body: unknown }): ErrorBody {
  return res.body as ErrorBody;
}

describe('POST /cds-services/hamstring-twitch', () => {
  const app = testApp();

  describe('with a body that is not JSON', () => {
    it('answers 400 invalid_json', async () => {
      const res = await request(app).post(SERVICE_URL).set('Content-Type', 'application/json').send('{"hook": "patient-view",');
      assert.equal(res.status, 400);
      assert.deepEqual(errorOf(res), { error: 'invalid_json', message: 'Request body is not valid JSON' });
    });
  });

  describe('with a JSON array as the body', () => {
    it('answers 400 invalid_request: the body must be an object', async () => {
      const res = await post(app, [validRequest()]);
      assert.equal(res.status, 400);
      assert.deepEqual(errorOf(res), { error: 'invalid_request', message: 'Request body must be a JSON object' });
    });
  });

  describe('with Content-Type text/plain', () => {
    it('answers 415 unsupported_media_type', async () => {
      const res = await request(app).post(SERVICE_URL).set('Content-Type', 'text/plain').send(JSON.stringify(validRequest()));
      assert.equal(res.status, 415);
      assert.deepEqual(errorOf(res), { error: 'unsupported_media_type', message: 'Content-Type must be application/json' });
    });
  });

  describe('with Content-Type application/fhir+json', () => {
    it('accepts it as JSON', async () => {
      const res = await request(app).post(SERVICE_URL).set('Content-Type', 'application/fhir+json').send(JSON.stringify(validRequest()));
      assert.equal(res.status, 200);
      assert.ok(Array.isArray((res.body as { cards: unknown }).cards));
    });
  });

  describe('with a body over the configured limit', () => {
    const small = testApp({ bodyLimitBytes: 2048 });

    it('answers 413 payload_too_large naming the limit', async () => {
      const body = validRequest();
      body.extension = { 'org.example.padding': { text: 'x'.repeat(4000) } };
      const res = await post(small, body);
      assert.equal(res.status, 413);
      assert.deepEqual(errorOf(res), { error: 'payload_too_large', message: 'Request body exceeds the limit of 2 kB' });
    });

    it('still accepts a body under the limit', async () => {
      const res = await post(small, validRequest());
      assert.equal(res.status, 200);
    });
  });

  describe('without context.patientId', () => {
    it('answers 400 naming the field: "context.patientId is required"', async () => {
      const body = validRequest() as { context: Record<string, unknown> };
      delete body.context.patientId;
      const res = await post(app, body);
      assert.equal(res.status, 400);
      assert.deepEqual(errorOf(res), { error: 'invalid_request', message: 'context.patientId is required', field: 'context.patientId' });
    });
  });

  describe('with context.patientId a number', () => {
    it('answers 400 naming the field and what a FHIR id is', async () => {
      const body = validRequest() as { context: Record<string, unknown> };
      body.context.patientId = 12345;
      const res = await post(app, body);
      assert.equal(res.status, 400);
      assert.equal(errorOf(res).error, 'invalid_request');
      assert.equal(errorOf(res).field, 'context.patientId');
      assert.equal(errorOf(res).message, "patientId must be a FHIR id: 1-64 letters, digits, '-' or '.'");
    });
  });

  describe('without context.userId', () => {
    it('answers 400 "context.userId is required"', async () => {
      const body = validRequest() as { context: Record<string, unknown> };
      delete body.context.userId;
      const res = await post(app, body);
      assert.equal(res.status, 400);
      assert.deepEqual(errorOf(res), { error: 'invalid_request', message: 'context.userId is required', field: 'context.userId' });
    });
  });

  describe('with a hookInstance that is not a UUID', () => {
    it('answers 400 "hookInstance must be a UUID"', async () => {
      const body = validRequest();
      body.hookInstance = 'instance-42';
      const res = await post(app, body);
      assert.equal(res.status, 400);
      assert.deepEqual(errorOf(res), { error: 'invalid_request', message: 'hookInstance must be a UUID', field: 'hookInstance' });
    });
  });

  describe('with an unknown hook "foo-bar"', () => {
    it('answers 400 naming the unknown hook and the one the service answers', async () => {
      const res = await post(app, { ...validRequest(), hook: 'foo-bar' });
      assert.equal(res.status, 400);
      assert.deepEqual(errorOf(res), {
        error: 'invalid_request',
        message: 'hook "foo-bar" is not a hook this service knows; hamstring-twitch answers patient-view',
        field: 'hook',
      });
    });
  });

  describe('with the order-sign hook', () => {
    it('answers 400 naming both hooks', async () => {
      const res = await post(app, { ...validRequest(), hook: 'order-sign' });
      assert.equal(res.status, 400);
      assert.deepEqual(errorOf(res), {
        error: 'invalid_request',
        message: 'Service hamstring-twitch answers the patient-view hook, not order-sign',
        field: 'hook',
      });
    });
  });

  describe('without a hook', () => {
    it('answers 400 "hook is required"', async () => {
      const body = validRequest() as Partial<HookRequestBody>;
      delete body.hook;
      const res = await post(app, body);
      assert.equal(res.status, 400);
      assert.deepEqual(errorOf(res), { error: 'invalid_request', message: 'hook is required', field: 'hook' });
    });
  });

  describe('with fhirAuthorization but no fhirServer', () => {
    it('answers 400 saying fhirServer is required when fhirAuthorization is present', async () => {
      const body = {
        ...validRequest(),
        fhirAuthorization: { access_token: 'secret-token', token_type: 'Bearer', expires_in: 300, scope: 'patient/*.read', subject: 'cds-client' },
      };
      const res = await post(app, body);
      assert.equal(res.status, 400);
      assert.deepEqual(errorOf(res), {
        error: 'invalid_request',
        message: 'fhirServer is required when fhirAuthorization is present',
        field: 'fhirServer',
      });
      assert.ok(!JSON.stringify(res.body).includes('secret-token'), 'the access token is echoed');
    });
  });

  describe('with a prefetch value that is a string', () => {
    it('answers 400 naming the key and what a prefetch value must be', async () => {
      const body = validRequest();
      body.prefetch.conditions = 'Condition/twitch-1';
      const res = await post(app, body);
      assert.equal(res.status, 400);
      assert.deepEqual(errorOf(res), {
        error: 'invalid_request',
        message: 'each prefetch value must be a FHIR resource (a Bundle for searches) or null',
        field: 'prefetch.conditions',
      });
    });
  });

  describe('with a required prefetch key ("observations") missing', () => {
    it('answers 412 prefetch_missing naming the key', async () => {
      const res = await post(app, hookRequest({ conditions: bundle(twitching(5)) }, { omit: ['observations'] }));
      assert.equal(res.status, 412);
      assert.equal(errorOf(res).error, 'prefetch_missing');
      assert.equal(errorOf(res).field, 'prefetch.observations');
      assert.match(errorOf(res).message, /^Required prefetch key "observations" was not provided/);
    });
  });

  describe('with both required prefetch keys missing', () => {
    it('answers 412 naming both keys', async () => {
      const res = await post(app, hookRequest({}, { omit: ['observations', 'conditions'] }));
      assert.equal(res.status, 412);
      assert.match(errorOf(res).message, /^Required prefetch keys "conditions", "observations" were not provided/);
    });
  });

  describe('with no prefetch at all', () => {
    it('answers 412 prefetch_missing', async () => {
      const body = validRequest() as Partial<HookRequestBody>;
      delete body.prefetch;
      const res = await post(app, body);
      assert.equal(res.status, 412);
      assert.equal(errorOf(res).error, 'prefetch_missing');
    });
  });

  describe('with an OperationOutcome in place of "conditions"', () => {
    it('answers 412 naming "conditions" (a failed query counts as absent)', async () => {
      const res = await post(app, hookRequest({ conditions: operationOutcome() }));
      assert.equal(res.status, 412);
      assert.equal(errorOf(res).error, 'prefetch_missing');
      assert.equal(errorOf(res).field, 'prefetch.conditions');
      assert.match(errorOf(res).message, /"conditions" was not provided \(or held an OperationOutcome\)/);
    });
  });

  describe('with an optional prefetch key ("serviceRequests") missing', () => {
    it('answers 200 and the card says existing orders could not be read', async () => {
      const res = await post(app, hookRequest({ conditions: bundle(twitching(5)) }, { omit: ['serviceRequests'] }));
      assert.equal(res.status, 200);
      const cards = (res.body as { cards: Card[] }).cards;
      const electrolytes = cards.find((c) => c.summary.startsWith('No magnesium, potassium or calcium result'));
      assert.ok(electrolytes, `no electrolytes card among: ${cards.map((c) => c.summary).join(' | ')}`);
      assert.ok(electrolytes.detail.includes('Existing orders and procedures could not be read for this patient'), `detail: ${electrolytes.detail}`);
    });
  });

  describe('with every optional key sent as null', () => {
    it('does not warn that orders could not be read', async () => {
      const res = await post(app, validRequest());
      assert.equal(res.status, 200);
      for (const card of (res.body as { cards: Card[] }).cards) {
        assert.ok(!card.detail.includes('could not be read'), `card "${card.summary}" says data could not be read`);
      }
    });
  });

  describe('with `__proto__` keys inside prefetch resources', () => {
    const raw = (patientId: string) =>
      JSON.stringify(hookRequest({}, { patientId })).replace(
        '"conditions":null',
        `"conditions":{"resourceType":"Bundle","type":"searchset","__proto__":{"polluted":"yes"},"entry":[{"resource":{` +
          `"resourceType":"Condition","id":"twitch-1","__proto__":{"resourceType":"Patient","isAdmin":true},` +
          `"subject":{"reference":"Patient/${patientId}"},` +
          `"clinicalStatus":{"coding":[{"code":"active","__proto__":{"code":"resolved"}}]},` +
          `"code":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"R25.3"}]},"onsetDateTime":"2026-11-21"}}]}`,
      );

    it('answers 200 with the cards for the twitching and pollutes nothing', async () => {
      const body = raw('pt-proto');
      assert.ok(body.includes('"__proto__"'));
      const res = await request(app).post(SERVICE_URL).set('Content-Type', 'application/json').send(body);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const summaries = (res.body as { cards: Card[] }).cards.map((c) => c.summary);
      assert.ok(
        summaries.some((s) => s.startsWith('Twitching for 5 days, no red flags')),
        summaries.join(' | '),
      );
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      assert.equal(({} as Record<string, unknown>).isAdmin, undefined);
    });
  });

  describe('with a `__proto__` key in the prefetch object itself', () => {
    it('answers 200 and ignores it', async () => {
      const body = JSON.stringify(validRequest()).replace('"prefetch":{', '"prefetch":{"__proto__":{"resourceType":"Bundle"},');
      const res = await request(app).post(SERVICE_URL).set('Content-Type', 'application/json').send(body);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.ok((res.body as { cards: Card[] }).cards.length > 0);
    });
  });

  describe('with hostile shapes inside the prefetch', () => {
    const shapes: Record<string, unknown> = {
      'code a string': { resourceType: 'Bundle', entry: [{ resource: { resourceType: 'Condition', code: 'R25.3' } }] },
      'coding of nulls': { resourceType: 'Bundle', entry: [{ resource: { resourceType: 'Condition', code: { coding: [null, 'x'] } } }] },
      'bundles nested ten deep': Array.from({ length: 10 }).reduce<unknown>(
        (inner) => ({ resourceType: 'Bundle', entry: [{ resource: inner }] }),
        twitching(5),
      ),
      'an id far too long': {
        resourceType: 'Condition',
        id: 'x'.repeat(10000),
        code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'R25.3' }] },
      },
    };
    for (const [name, value] of Object.entries(shapes)) {
      it(`answers 200, not 5xx, for ${name}`, async () => {
        const res = await post(app, hookRequest({ conditions: value, observations: value }));
        assert.equal(res.status, 200, JSON.stringify(res.body));
        assert.ok(Array.isArray((res.body as { cards: unknown }).cards));
      });
    }
  });
});

describe('POST /cds-services/hamstring-twitch with malformed Bundles in the prefetch', () => {
  const app = testApp();

  /** The observations Bundle with a magnesium in entries 0-2 and `entry` in entry 3: it might have been the result that matters. */
  function withEntry(entry: unknown): HookRequestBody {
    const observations = bundle(magnesium(1.9), magnesium(1.8), magnesium(1.3));
    (observations.entry as unknown[]).push(entry);
    return hookRequest({ conditions: bundle(twitching(5)), observations });
  }

  describe('with an entry that is not an object holding a resource', () => {
    const SHAPES: Record<string, unknown> = {
      'a number': 5,
      'a string': 'Observation/obs-1',
      null: null,
      'an empty object': {},
      'an array': [magnesium(1.3)],
      'a resource that is a number': { resource: 5 },
      'a resource that is null': { resource: null },
      'a resource without resourceType': { resource: { id: 'obs-9', valueQuantity: { value: 1.3, unit: 'mg/dL' } } },
      'a resource whose resourceType is a number': { resource: { resourceType: 7 } },
      'a resource put where the entry should be': magnesium(1.3),
    };
    for (const [name, entry] of Object.entries(SHAPES)) {
      it(`answers 400 naming prefetch.observations.entry[3] for ${name}`, async () => {
        const res = await post(app, withEntry(entry));
        assert.equal(res.status, 400);
        assert.deepEqual(errorOf(res), {
          error: 'invalid_request',
          message: 'prefetch.observations.entry[3] must be a Bundle entry holding a resource',
          field: 'prefetch.observations.entry[3]',
        });
      });
    }
  });

  describe('with a bad entry in a Bundle inside the Bundle', () => {
    it('answers 400 naming the entry by its path', async () => {
      const inner = { resourceType: 'Bundle', entry: [{ resource: magnesium(1.3) }, null] };
      const res = await post(app, hookRequest({ conditions: bundle(twitching(5)), observations: { resourceType: 'Bundle', entry: [{ resource: inner }] } }));
      assert.equal(res.status, 400);
      assert.equal(errorOf(res).field, 'prefetch.observations.entry[0].resource.entry[1]');
      assert.equal(errorOf(res).message, 'prefetch.observations.entry[0].resource.entry[1] must be a Bundle entry holding a resource');
    });
  });

  describe('with Bundles nested as deep as the service reads them', () => {
    /** `entries` in the innermost of `levels` Bundles nested one in another. */
    const nestedIn = (levels: number, entries: unknown[]) =>
      Array.from({ length: levels - 1 }).reduce<unknown>((inner) => ({ resourceType: 'Bundle', entry: [{ resource: inner }] }), {
        resourceType: 'Bundle',
        entry: entries,
      });
    const twitchingCounts = async (levels: number) => {
      const res = await post(app, hookRequest({ conditions: nestedIn(levels, [{ resource: twitching(5) }]) }));
      return res.status === 200 && (res.body as { cards: Card[] }).cards.some((c) => c.summary.startsWith('Twitching for 5 days'));
    };

    it('checks the entries of the deepest Bundle whose resources count', async () => {
      let deepest = 1;
      while (await twitchingCounts(deepest + 1)) deepest += 1;
      assert.ok(deepest >= 2, 'a Bundle inside a Bundle is read');
      const res = await post(app, hookRequest({ conditions: nestedIn(deepest, [{ resource: twitching(5) }, null]) }));
      assert.equal(res.status, 400);
      assert.equal(errorOf(res).field, `prefetch.conditions${'.entry[0].resource'.repeat(deepest - 1)}.entry[1]`);
    });
  });

  describe('with a Bundle whose entry is not a list', () => {
    it('answers 400 naming prefetch.conditions.entry', async () => {
      const res = await post(app, hookRequest({ conditions: { resourceType: 'Bundle', entry: { resource: twitching(5) } } }));
      assert.equal(res.status, 400);
      assert.deepEqual(errorOf(res), {
        error: 'invalid_request',
        message: 'prefetch.conditions.entry must be a list of Bundle entries',
        field: 'prefetch.conditions.entry',
      });
    });
  });

  describe('with a prefetch value that is an object but not a resource', () => {
    it('answers 400 when resourceType is missing', async () => {
      const res = await post(app, hookRequest({ conditions: { entry: [{ resource: twitching(5) }] } }));
      assert.equal(res.status, 400);
      assert.deepEqual(errorOf(res), {
        error: 'invalid_request',
        message: 'prefetch.conditions.resourceType is required',
        field: 'prefetch.conditions.resourceType',
      });
    });
    it('answers 400 when resourceType is a number', async () => {
      const res = await post(app, hookRequest({ conditions: { resourceType: 7 } }));
      assert.equal(res.status, 400);
      assert.deepEqual(errorOf(res), {
        error: 'invalid_request',
        message: 'prefetch.conditions.resourceType must be the FHIR resource type, a string',
        field: 'prefetch.conditions.resourceType',
      });
    });
  });

  describe('with well-formed Bundles: no entry, no entries, a nested Bundle, entries with request and search', () => {
    it('answers 200 with the cards for what they hold', async () => {
      const observations = {
        resourceType: 'Bundle',
        type: 'searchset',
        entry: [
          { fullUrl: 'https://fhir.example.org/Observation/m1', resource: magnesium(1.3), search: { mode: 'match' } },
          { resource: { resourceType: 'Bundle', entry: [] } },
          { resource: operationOutcome(), search: { mode: 'outcome' } },
        ],
      };
      const res = await post(
        app,
        hookRequest({ conditions: bundle(twitching(5)), observations, serviceRequests: { resourceType: 'Bundle', type: 'searchset', total: 0 } }),
      );
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.ok((res.body as { cards: Card[] }).cards.some((c) => c.summary.startsWith('Low magnesium: 1.3 mg/dL')));
    });
  });
});

describe('POST /cds-services/{unknown id}', () => {
  describe('with an id no service has', () => {
    it('answers 404 unknown_service naming the id', async () => {
      const res = await request(testApp()).post('/cds-services/nope').send(validRequest());
      assert.equal(res.status, 404);
      assert.deepEqual(errorOf(res), { error: 'unknown_service', message: 'No CDS service with id "nope"' });
    });

    it('replaces characters outside an id in the message', async () => {
      const res = await request(testApp()).post('/cds-services/%3Cscript%3E').send(validRequest());
      assert.equal(res.status, 404);
      assert.equal(errorOf(res).message, 'No CDS service with id "?script?"');
    });
  });
});

describe('GET /cds-services/hamstring-twitch', () => {
  describe('with the GET method', () => {
    it('answers 405 method_not_allowed with Allow: POST', async () => {
      const res = await request(testApp()).get(SERVICE_URL);
      assert.equal(res.status, 405);
      assert.equal(res.headers.allow, 'POST');
      assert.deepEqual(errorOf(res), { error: 'method_not_allowed', message: 'GET is not allowed here; use POST' });
    });
  });
});

describe('POST /cds-services/hamstring-twitch after refused requests', () => {
  const app = testApp();
  const badRequests: [string, (r: request.Test) => request.Test][] = [
    ['broken JSON', (r) => r.set('Content-Type', 'application/json').send('{')],
    ['text/plain', (r) => r.set('Content-Type', 'text/plain').send('hello')],
    ['no patientId', (r) => r.send({ ...validRequest(), context: { userId: 'Practitioner/x' } })],
    ['patientId a number', (r) => r.send({ ...validRequest(), context: { userId: 'Practitioner/x', patientId: 7 } })],
    ['bad hookInstance', (r) => r.send({ ...validRequest(), hookInstance: 'x' })],
    ['unknown hook', (r) => r.send({ ...validRequest(), hook: 'foo-bar' })],
    ['order-sign', (r) => r.send({ ...validRequest(), hook: 'order-sign' })],
    ['prefetch string', (r) => r.send({ ...validRequest(), prefetch: { conditions: 'x' } })],
    ['prefetch an array', (r) => r.send({ ...validRequest(), prefetch: [] })],
    ['context null', (r) => r.send({ ...validRequest(), context: null })],
    ['missing observations', (r) => r.send(hookRequest({ conditions: bundle(twitching(5)) }, { omit: ['observations'] }))],
    ['OperationOutcome conditions', (r) => r.send(hookRequest({ conditions: operationOutcome() }))],
  ];

  describe('with each malformed request in turn', () => {
    it('answers every one with a 4xx and a JSON error and message, never 5xx', async () => {
      for (const [name, send] of badRequests) {
        const res = await send(request(app).post(SERVICE_URL));
        assert.ok(res.status >= 400 && res.status < 500, `${name}: status ${res.status}`);
        assert.equal(typeof errorOf(res).error, 'string', `${name}: error code`);
        assert.equal(typeof errorOf(res).message, 'string', `${name}: message`);
      }
    });
  });

  describe('followed by a valid request with a low magnesium', () => {
    it('still answers 200 with the low-magnesium card', async () => {
      for (const [, send] of badRequests) await send(request(app).post(SERVICE_URL));
      const res = await post(app, hookRequest({ conditions: bundle(twitching(5)), observations: bundle(magnesium(1.3)) }));
      assert.equal(res.status, 200);
      const summaries = (res.body as { cards: Card[] }).cards.map((c) => c.summary);
      assert.ok(
        summaries.some((s) => s.startsWith('Low magnesium: 1.3 mg/dL on ')),
        `cards: ${summaries.join(' | ')}`,
      );
    });
  });
});
