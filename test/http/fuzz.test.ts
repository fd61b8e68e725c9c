/**
 * Property-based fuzzing of every endpoint: generated and mutated requests (dropped and replaced
 * fields, wrong types anywhere in the FHIR resources, `__proto__` / `constructor` / `prototype`
 * keys, strings that name what every object inherits (`toString`, `hasOwnProperty`...) in place of
 * codes and units, huge strings and arrays, deep nesting, garbage bodies and headers, unknown paths and
 * methods). Whatever arrives, the service answers within a time limit, never with a 5xx, leaks
 * nothing into other requests, and the next valid request still gets exactly the expected cards.
 *
 * Services come from the discovery document, so a service added later is fuzzed too. The run is
 * bounded in count and time; a failure prints fast-check's seed and the shrunk request.
 */
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import fc from 'fast-check';
import request from 'supertest';
import type { Card } from '../../src/cards/types';
import { loadConfig } from '../../src/config';
import { loadRegistry } from '../../src/services/registry';
import { SERVICE_URL, securedApp, testApp } from '../support/app';
import { bundle, hookRequest, magnesium, twitching } from '../support/builders';
import { PUBLIC_URL, signingKey, signToken, type SigningKey } from '../support/tokens';

const RUNS = 500;
const TIME_LIMIT_MS = 8_000;
const ANSWER_WITHIN_MS = 5_000;

const registry = loadRegistry(loadConfig({}).servicesFile);
const SERVICE_PATHS = [...registry.byId.keys()].flatMap((id) => [`/cds-services/${id}`, `/cds-services/${id}/feedback`]);
const PATHS = ['/cds-services', ...SERVICE_PATHS];
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'] as const;
type Method = (typeof METHODS)[number];

/** A patient with twitching and a low magnesium: the request whose cards must never change. */
const validHookRequest = () => hookRequest({ conditions: bundle(twitching(5)), observations: bundle(magnesium(1.3)) });
const validFeedback = () => ({
  feedback: [
    { card: '9b2c6a3e-1f0d-4c1e-8a55-0d4b7e2f9c11', outcome: 'accepted', acceptedSuggestions: [{ id: 's-1' }], outcomeTimestamp: '2026-11-26T11:58:00Z' },
    {
      card: '9b2c6a3e-1f0d-4c1e-8a55-0d4b7e2f9c12',
      outcome: 'overridden',
      overrideReason: { reason: { code: 'x', system: 'http://example.org' } },
      outcomeTimestamp: '2026-11-26T11:59:00Z',
    },
  ],
});

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Container = Json[] | { [key: string]: Json };

/** A plain-object look-up keyed by one of these finds what every object inherits, not a value. */
const INHERITED_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'] as const;
const LOOKUP_FIELDS = new Set(['code', 'system', 'unit', 'status', 'intent', 'resourceType', 'reference', 'outcome', 'card', 'id']);

interface Mutation {
  kind: 'delete' | 'replace' | 'proto' | 'inherited-name' | 'huge-string' | 'huge-array' | 'deep';
  /** Which node of the document, modulo the number of nodes. */
  at: number;
  value: Json;
  protoKey: '__proto__' | 'constructor' | 'prototype';
  inheritedName: (typeof INHERITED_NAMES)[number];
  size: number;
}

const WRONG_TYPES: Json[] = [
  5,
  -1,
  0,
  1e308,
  '',
  'x',
  [],
  {},
  null,
  true,
  false,
  [null],
  { coding: 'x' },
  '2026-13-45T99:99:99Z',
  'NaN',
  [[[]]],
  { value: [] },
  ...INHERITED_NAMES,
];

const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('delete', 'replace', 'replace', 'replace', 'proto', 'inherited-name', 'inherited-name', 'huge-string', 'huge-array', 'deep'),
  at: fc.nat(),
  value: fc.oneof(fc.constantFrom(...WRONG_TYPES), fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>),
  protoKey: fc.constantFrom('__proto__', 'constructor', 'prototype'),
  inheritedName: fc.constantFrom(...INHERITED_NAMES),
  size: fc.integer({ min: 1_000, max: 60_000 }),
});

/** Every [container, key] below the root, so a mutation can reach any field of any resource. */
function slots(node: Json, into: [Container, string | number][] = []): [Container, string | number][] {
  if (Array.isArray(node)) {
    node.forEach((child, i) => {
      into.push([node, i]);
      slots(child, into);
    });
  } else if (node !== null && typeof node === 'object') {
    for (const [key, child] of Object.entries(node)) {
      into.push([node, key]);
      slots(child, into);
    }
  }
  return into;
}

/**
 * Applies the mutations, anywhere or only inside one top-level field, and serialises; deep
 * nesting is spliced in as text (JSON.stringify itself would recurse).
 */
function mutate(document: Json, mutations: Mutation[], within?: string): string {
  const root = structuredClone(document);
  const scope = within === undefined ? root : (root as Record<string, Json>)[within];
  const deep = new Map<string, string>();
  for (const [index, m] of mutations.entries()) {
    const all = slots(scope);
    if (all.length === 0) break;
    const [container, key] = all[m.at % all.length];
    const set = (value: Json) => {
      (container as Record<string | number, Json>)[key] = value;
    };
    switch (m.kind) {
      case 'delete':
        if (Array.isArray(container)) container.splice(Number(key), 1);
        else delete container[key as string];
        break;
      case 'replace':
        // A copy: generated values can be shared instances, and a later mutation may write into this one.
        set(structuredClone(m.value));
        break;
      case 'proto': {
        const target = container[key as never] as Json;
        const host = target !== null && typeof target === 'object' && !Array.isArray(target) ? target : (container as Record<string, Json>);
        // An own property named __proto__, as JSON.parse makes it (plain assignment would set the prototype instead).
        Object.defineProperty(host, m.protoKey, {
          value: { polluted: 'yes', resourceType: 'Patient', hasOwnProperty: 5, toString: 'x' },
          enumerable: true,
          configurable: true,
          writable: true,
        });
        break;
      }
      case 'inherited-name': {
        // In a field the service looks things up by: a code, a system, a unit, a status or a reference.
        const strings = all.filter(([c, k]) => LOOKUP_FIELDS.has(String(k)) && typeof (c as Record<string | number, Json>)[k] === 'string');
        if (strings.length === 0) break;
        const [stringContainer, stringKey] = strings[m.at % strings.length];
        (stringContainer as Record<string | number, Json>)[stringKey] = m.inheritedName;
        break;
      }
      case 'huge-string':
        set('x'.repeat(m.size * 10));
        break;
      case 'huge-array':
        set(Array.from({ length: m.size }, (_, i) => (i % 2 === 0 ? i : { resourceType: 'Observation' })));
        break;
      case 'deep': {
        const marker = `deep-marker-${index}`;
        deep.set(JSON.stringify(marker), m.size % 2 === 0 ? '['.repeat(m.size) + ']'.repeat(m.size) : '{"a":'.repeat(m.size) + '1' + '}'.repeat(m.size));
        set(marker);
        break;
      }
    }
  }
  let text = JSON.stringify(root);
  for (const [marker, nested] of deep) text = text.replace(marker, nested);
  return text;
}

interface FuzzRequest {
  method: Method;
  path: string;
  contentType: string | undefined;
  body: string | undefined;
  /** Only with authentication on: send a broken token instead of a valid one. */
  breakToken: number | undefined;
}

const pathArb = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...PATHS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map((s) => `/cds-services/${encodeURIComponent(s)}`) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map((s) => `/${encodeURIComponent(s)}/feedback`) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('/', '/admin', '/cds-services/', '/cds-services//feedback', '/cds-services/hamstring-twitch/feedback/x', '/%2e%2e/etc/passwd'),
  },
);

const bodyArb = fc.oneof(
  { weight: 2, arbitrary: fc.array(mutationArb, { minLength: 1, maxLength: 4 }).map((m) => mutate(validHookRequest() as unknown as Json, m)) },
  { weight: 1, arbitrary: fc.array(mutationArb, { minLength: 1, maxLength: 3 }).map((m) => mutate(validFeedback() as unknown as Json, m)) },
  { weight: 1, arbitrary: fc.json({ maxDepth: 4 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '',
      '{',
      'null',
      '[]',
      '"x"',
      '1e999999',
      '{"__proto__":{"polluted":"yes"}}',
      '{"constructor":{"prototype":{"polluted":"yes"}}}',
    ),
  },
);

const contentTypeArb = fc.oneof(
  { weight: 6, arbitrary: fc.constant('application/json') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      undefined,
      'application/fhir+json',
      'text/plain',
      'application/json; charset=utf-16',
      'application/x-www-form-urlencoded',
      'application/json; charset=bogus',
      'multipart/form-data; boundary=x',
    ),
  },
);

/** One in five calls carries a broken token when authentication is on. */
const breakTokenArb = fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.nat() });

const requestArb: fc.Arbitrary<FuzzRequest> = fc.oneof(
  {
    // Mutated hook requests where they are answered, most of them reaching the clinical code.
    weight: 5,
    arbitrary: fc.record({
      method: fc.constant<Method>('POST'),
      path: fc.constantFrom(...SERVICE_PATHS.filter((p) => !p.endsWith('/feedback'))),
      contentType: contentTypeArb,
      body: fc.oneof(
        {
          weight: 3,
          arbitrary: fc.array(mutationArb, { minLength: 1, maxLength: 4 }).map((m) => mutate(validHookRequest() as unknown as Json, m, 'prefetch')),
        },
        { weight: 1, arbitrary: fc.array(mutationArb, { minLength: 1, maxLength: 4 }).map((m) => mutate(validHookRequest() as unknown as Json, m)) },
      ),
      breakToken: breakTokenArb,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      method: fc.constant<Method>('POST'),
      path: fc.constantFrom(...SERVICE_PATHS.filter((p) => p.endsWith('/feedback'))),
      contentType: contentTypeArb,
      body: fc.array(mutationArb, { minLength: 1, maxLength: 3 }).map((m) => mutate(validFeedback() as unknown as Json, m)),
      breakToken: breakTokenArb,
    }),
  },
  {
    // Anything to anywhere.
    weight: 3,
    arbitrary: fc.record({
      method: fc.constantFrom(...METHODS),
      path: pathArb,
      contentType: contentTypeArb,
      body: fc.option(bodyArb, { freq: 10 }).map((b) => b ?? undefined),
      breakToken: breakTokenArb,
    }),
  },
);

function send(server: Server, method: Method, path: string): request.Test {
  const agent = request(server);
  const calls: Record<Method, (url: string) => request.Test> = {
    GET: (u) => agent.get(u),
    POST: (u) => agent.post(u),
    PUT: (u) => agent.put(u),
    DELETE: (u) => agent.delete(u),
    PATCH: (u) => agent.patch(u),
    OPTIONS: (u) => agent.options(u),
    HEAD: (u) => agent.head(u),
  };
  return calls[method](path).timeout(ANSWER_WITHIN_MS);
}

function cardsOf(res: request.Response): [string, string][] {
  return (res.body as { cards: Card[] }).cards.map((c) => [c.summary, c.indicator]);
}

/** Breaks a token in one of several ways: a changed character, cut short, or an unsigned copy. */
function broken(token: string, how: number): string {
  const [header, payload] = token.split('.');
  switch (how % 4) {
    case 0:
      return token.slice(0, -5) + (token.endsWith('AAAAA') ? 'BBBBB' : 'AAAAA');
    case 1:
      return token.slice(0, how % token.length);
    case 2:
      return `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;
    default:
      return `${header}.${payload}.${'A'.repeat(how % 3000)}`;
  }
}

interface FuzzTarget {
  app: Express;
  /** Authorization header value for a call to `path`, or nothing when authentication is off. */
  authorization(path: string): Promise<string | undefined>;
}

function fuzz(name: string, target: () => Promise<FuzzTarget>): void {
  describe(name, function () {
    this.timeout(TIME_LIMIT_MS + 20_000);
    let server: Server;
    let fuzzTarget: FuzzTarget;
    let expectedCards: [string, string][];
    const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();

    const validCall = async () => {
      const call = send(server, 'POST', SERVICE_URL);
      const authorization = await fuzzTarget.authorization(SERVICE_URL);
      if (authorization) call.set('Authorization', authorization);
      return call.send(validHookRequest());
    };

    before(async () => {
      fuzzTarget = await target();
      server = fuzzTarget.app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      assert.ok((server.address() as AddressInfo).port > 0);
      const res = await validCall();
      assert.equal(res.status, 200);
      expectedCards = cardsOf(res);
      assert.ok(
        expectedCards.some(([summary]) => summary.startsWith('Low magnesium: 1.3 mg/dL')),
        JSON.stringify(expectedCards),
      );
    });

    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('never answers 5xx or hangs, pollutes nothing, and the next valid request gets the same cards', async () => {
      const started = Date.now();
      let runs = 0;
      await fc.assert(
        fc.asyncProperty(requestArb, async (generated) => {
          runs += 1;
          const call = send(server, generated.method, generated.path);
          const authorization = await fuzzTarget.authorization(generated.path);
          if (authorization) {
            const token = authorization.slice('Bearer '.length);
            call.set('Authorization', generated.breakToken === undefined ? authorization : `Bearer ${broken(token, generated.breakToken)}`);
          }
          if (generated.contentType !== undefined) call.set('Content-Type', generated.contentType);
          const res = generated.body !== undefined && generated.method !== 'GET' && generated.method !== 'HEAD' ? await call.send(generated.body) : await call;

          assert.ok(res.status < 500, `${generated.method} ${generated.path}: status ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
          if (res.status >= 400 && generated.method !== 'HEAD') {
            assert.equal(typeof (res.body as { message?: unknown }).message, 'string', `${res.status} without a JSON message`);
            assert.ok(!/\bat .*\.(ts|js):\d+/.test(res.text), `a stack trace in the answer: ${res.text.slice(0, 300)}`);
          }
          assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), prototypeBefore, 'Object.prototype changed');
          assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype polluted');

          const next = await validCall();
          assert.equal(next.status, 200, `the next valid request: ${next.status}`);
          assert.deepEqual(cardsOf(next), expectedCards, 'the next valid request got other cards');
        }),
        { numRuns: RUNS, interruptAfterTimeLimit: TIME_LIMIT_MS, markInterruptAsFailure: false },
      );
      // Keep the bound honest: a run that interrupts early still has to have fuzzed something.
      assert.ok(runs >= 50, `only ${runs} runs in ${Date.now() - started} ms`);
    });
  });
}

fuzz('fuzzing every endpoint without authentication', () => Promise.resolve({ app: testApp(), authorization: () => Promise.resolve(undefined) }));

fuzz('fuzzing every endpoint with authentication on (valid and broken tokens)', async () => {
  const key: SigningKey = await signingKey('ES384');
  const iss = 'https://ehr.example.org';
  return {
    app: securedApp([{ iss, jwks: { keys: [key.publicJwk] } }]),
    authorization: async (path: string) => `Bearer ${await signToken(key, { iss, aud: `${PUBLIC_URL}${path.split('?')[0]}` })}`,
  };
});
