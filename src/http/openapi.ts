/**
 * GET /openapi.json: an OpenAPI 3.1 description of every route the app serves, built once from
 * the service registry. Request and response bodies are described by the very schema objects the
 * service validates with (imported, never copied), so the document cannot say one thing while
 * the service checks another. Those schemas are JSON Schema draft-07, as ajv reads them, and the
 * document says so (jsonSchemaDialect).
 */
import { Router } from 'express';
import type { PreviewAccess } from '../config';
import { APPROACH_PATH } from '../knowledge/approach';
import { PUBLISHED_TYPES } from '../publish/artifacts';
import { FHIR_PATH } from '../publish/canonical';
import type { Versions } from '../ops/version';
import { ADMIN_CSV_PATH, ADMIN_PATH, ADMIN_REPORT_PATH, ADMIN_SCRIPT_PATH, CHART_SCRIPT_PATH } from '../pages/admin';
import { CSV_TABLES } from '../feedback-loop/report-csv';
import { ICON_PATH, STYLESHEET_PATH } from '../pages/html';
import { PREVIEW_PATH } from '../pages/preview';
import { governanceReportSchema } from '../schemas/governance-report';
import { cdsResponseSchema } from '../schemas/cds-response';
import { discoverySchema } from '../schemas/discovery';
import { feedbackRequestSchema } from '../schemas/feedback';
import type { RegisteredService, ServiceRegistry } from '../services/registry';
import { REQUEST_ID_HEADER } from './edge';
import { formatBytes, methodNotAllowed } from './errors';
import { HOOK_REQUEST_SCHEMAS } from './validate';

type Schema = object;

interface Header {
  description: string;
  schema: Schema;
}

interface ResponseObject {
  description: string;
  headers: Record<string, Header>;
  content?: Record<string, { schema: Schema }>;
}

interface Parameter {
  name: string;
  in: string;
  required: boolean;
  description: string;
  schema: Schema;
}

interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { required: true; content: Record<string, { schema: Schema }> };
  responses: Record<string, ResponseObject>;
}

export interface PathItem {
  description: string;
  get?: Operation;
  post?: Operation;
}

export interface OpenApiDocument {
  openapi: string;
  jsonSchemaDialect: string;
  info: { title: string; version: string; description: string; 'x-knowledge-version': string };
  servers?: { url: string }[];
  tags: { name: string; description: string }[];
  paths: Record<string, PathItem>;
  components: {
    schemas: Record<string, Schema>;
    responses: Record<string, ResponseObject>;
    securitySchemes?: Record<string, object>;
  };
}

export interface OpenApiSettings {
  registry: ServiceRegistry;
  versions: Versions;
  /** Hook and feedback calls need a client JWT. */
  authenticated: boolean;
  /** Who may read the governance report: anyone (development), holders of ADMIN_TOKEN, or nobody. */
  report: PreviewAccess;
  preview: PreviewAccess;
  publicUrl: string | undefined;
  bodyLimitBytes: number;
}

export const OPENAPI_PATH = '/openapi.json';

const errorSchema = {
  type: 'object',
  required: ['error', 'message'],
  additionalProperties: false,
  properties: {
    error: { type: 'string', description: 'a stable code, such as invalid_request' },
    message: { type: 'string', description: 'what went wrong, in words the integrator can act on' },
    field: { type: 'string', description: 'the field at fault, such as context.patientId' },
  },
};

const STRING = { type: 'string' };
const NULLABLE_STRING = { type: ['string', 'null'] };

const REQUEST_ID: Header = {
  description: 'The call\'s request id: the caller\'s X-Request-Id when it is 1-128 letters, digits, ".", "_" or "-", else one made for the call',
  schema: STRING,
};

function errorResponse(description: string, codes: readonly string[], headers: Record<string, Header> = {}): ResponseObject {
  return {
    description,
    headers: { [REQUEST_ID_HEADER]: REQUEST_ID, ...headers },
    content: { 'application/json': { schema: { allOf: [{ $ref: '#/components/schemas/Error' }, { properties: { error: { enum: codes } } }] } } },
  };
}

function jsonResponse(description: string, schema: Schema): ResponseObject {
  return { description, headers: { [REQUEST_ID_HEADER]: REQUEST_ID }, content: { 'application/json': { schema } } };
}

function pageResponse(description: string, mediaType: string): ResponseObject {
  return { description, headers: { [REQUEST_ID_HEADER]: REQUEST_ID }, content: { [mediaType]: { schema: STRING } } };
}

const RETRY_AFTER: Header = { description: 'Seconds to wait before calling again', schema: { type: 'integer' } };
const CHALLENGE: Header = {
  description: 'Bearer realm="hamstring-cds", with error="invalid_token" and error_description when a token was given',
  schema: STRING,
};

/** 503 answers every route while the instance drains; `more` are the route's own. */
function unavailable(more: readonly string[] = []): ResponseObject {
  return errorResponse('Unavailable for the moment: retry after Retry-After seconds', [...more, 'shutting_down'], { 'Retry-After': RETRY_AFTER });
}

const INTERNAL = errorResponse('A bug: a generic message, nothing from the request echoed', ['internal_error']);

function bodyFailures(bodyLimit: string): Record<string, ResponseObject> {
  return {
    '413': errorResponse(`The body is larger than ${bodyLimit} (BODY_LIMIT)`, ['payload_too_large']),
    '415': errorResponse('The body is not JSON (Content-Type) or not UTF-8', ['unsupported_media_type', 'unsupported_encoding']),
  };
}

const BAD_REQUEST_CODES = ['invalid_request', 'invalid_json', 'request_aborted', 'bad_request'];

function hookDescription({ entry, implementation }: RegisteredService): string {
  const keys = Object.entries(entry.prefetch ?? {}).map(
    ([key, template]) => `| \`${key}\` | \`${template}\` | ${implementation.required.includes(key) ? 'yes' : 'no'} |`,
  );
  return [
    `${entry.description}`,
    '',
    `Hook \`${entry.hook}\`. Prefetch keys (absent keys are fetched from \`fhirServer\`; a required key that cannot be had is a 412):`,
    '',
    '| key | template | required |',
    '|---|---|---|',
    ...keys,
  ].join('\n');
}

export function openApiDocument(settings: OpenApiSettings): OpenApiDocument {
  const { registry, versions, authenticated } = settings;
  const bodyLimit = formatBytes(settings.bodyLimitBytes);
  const security = authenticated ? [{ clientJwt: [] }] : undefined;
  const authFailures: Record<string, ResponseObject> = authenticated
    ? { '401': errorResponse('No valid client JWT: WWW-Authenticate says why', ['token_required', 'invalid_token'], { 'WWW-Authenticate': CHALLENGE }) }
    : {};
  const authUnavailable = authenticated ? ['auth_unavailable'] : [];

  const paths: Record<string, PathItem> = {
    '/cds-services': {
      description: 'Other methods answer 405 with an Allow header.',
      get: {
        operationId: 'discovery',
        summary: 'The discovery document: every CDS service, its hook and prefetch templates',
        tags: ['CDS Hooks'],
        responses: { '200': jsonResponse('The discovery document', discoverySchema), '500': INTERNAL, '503': unavailable() },
      },
    },
  };

  for (const service of registry.byId.values()) {
    const { id, hook, title } = service.entry;
    const hookSchema = HOOK_REQUEST_SCHEMAS[service.implementation.hook];
    paths[`/cds-services/${id}`] = {
      description: 'Other methods answer 405 with an Allow header.',
      post: {
        operationId: `call-${id}`,
        summary: `${title ?? id} (${hook})`,
        description: hookDescription(service),
        tags: ['CDS Hooks'],
        ...(security ? { security } : {}),
        requestBody: { required: true, content: { 'application/json': { schema: hookSchema } } },
        responses: {
          '200': jsonResponse('Cards, possibly none: {"cards": []}', cdsResponseSchema),
          '400': errorResponse('The body is not JSON, not an object, or breaks the request schema; `field` names the field', BAD_REQUEST_CODES),
          ...authFailures,
          '412': errorResponse('Needed data was neither prefetched nor could be fetched from fhirServer', [
            'prefetch_missing',
            'fhir_fetch_failed',
            'fhir_server_not_allowed',
          ]),
          ...bodyFailures(bodyLimit),
          '500': INTERNAL,
          '503': unavailable(authUnavailable),
        },
      },
    };
    paths[`/cds-services/${id}/feedback`] = {
      description: 'Other methods answer 405 with an Allow header.',
      post: {
        operationId: `feedback-${id}`,
        summary: `Feedback on the cards of ${id}: accepted or overridden, batches and repeats welcome`,
        tags: ['CDS Hooks'],
        ...(security ? { security } : {}),
        requestBody: { required: true, content: { 'application/json': { schema: feedbackRequestSchema } } },
        responses: {
          '200': { description: 'Stored (a repeat is stored once); empty body', headers: { [REQUEST_ID_HEADER]: REQUEST_ID } },
          '400': errorResponse(
            "The body breaks the feedback schema, or an accepted suggestion is not one of its card's; `field` names the field",
            BAD_REQUEST_CODES,
          ),
          ...authFailures,
          '404': errorResponse('An item names a card this service never issued (`field` names the item), or the service does not exist', [
            'unknown_card',
            'unknown_service',
          ]),
          '409': errorResponse(
            'An item names a card that was never shown: held silent by its go-live mode, or held back by a snooze (`field` names the item)',
            ['card_not_shown'],
          ),
          ...bodyFailures(bodyLimit),
          '500': INTERNAL,
          '503': unavailable([...authUnavailable, 'feedback_unavailable']),
        },
      },
    };
  }

  paths['/healthz'] = {
    description: 'Liveness. Other methods answer 405 with an Allow header.',
    get: {
      operationId: 'healthz',
      summary:
        "The process is alive; no dependency is checked. Says which service and knowledge versions run, and the approach's sign-off (null where the site has set none)",
      tags: ['Operations'],
      responses: {
        '200': jsonResponse('Alive', {
          type: 'object',
          required: ['status', 'version', 'knowledgeVersion', 'approach'],
          properties: {
            status: { const: 'alive' },
            version: STRING,
            knowledgeVersion: STRING,
            approach: {
              type: 'object',
              required: ['owner', 'approvedVersion', 'approvedOn', 'reviewDue', 'approved'],
              additionalProperties: false,
              properties: {
                owner: NULLABLE_STRING,
                approvedVersion: NULLABLE_STRING,
                approvedOn: { type: ['string', 'null'], format: 'date' },
                reviewDue: { type: ['string', 'null'], format: 'date' },
                approved: { type: 'boolean', description: 'The approval names the knowledge version running' },
              },
            },
          },
        }),
        '503': unavailable(),
      },
    },
  };
  paths['/readyz'] = {
    description: 'Readiness. Other methods answer 405 with an Allow header.',
    get: {
      operationId: 'readyz',
      summary: 'Ready for calls: the services are loaded and the shared store answers within 500 ms; the failing part is logged, not told',
      tags: ['Operations'],
      responses: {
        '200': jsonResponse('Ready', { type: 'object', required: ['status'], properties: { status: { const: 'ready' } } }),
        '503': unavailable(['not_ready']),
      },
    },
  };
  // The knowledge as FHIR R4 (src/http/fhir-publish.ts): answers are FHIR resources, failures OperationOutcomes.
  const fhirResponse = (description: string, resourceType: string): ResponseObject => ({
    description,
    headers: { [REQUEST_ID_HEADER]: REQUEST_ID },
    content: { 'application/fhir+json': { schema: { type: 'object', required: ['resourceType'], properties: { resourceType: { const: resourceType } } } } },
  });
  const fhirRead = (operationId: string, summary: string, resourceType: string): PathItem => ({
    description: 'Read-only FHIR R4. Other methods answer 405 with an Allow header.',
    get: {
      operationId,
      summary,
      tags: ['FHIR'],
      responses: { '200': fhirResponse(resourceType, resourceType), '404': fhirResponse('Not known here', 'OperationOutcome'), '503': unavailable() },
    },
  });
  paths[`${FHIR_PATH}/metadata`] = fhirRead('fhir-metadata', 'The CapabilityStatement: the artifacts served', 'CapabilityStatement');
  for (const type of PUBLISHED_TYPES) {
    paths[`${FHIR_PATH}/${type}`] = {
      description: 'Read-only FHIR R4 search by _id or url. Other methods answer 405 with an Allow header.',
      get: {
        operationId: `fhir-search-${type}`,
        summary: `Every ${type} published, as a searchset Bundle`,
        tags: ['FHIR'],
        parameters: ['_id', 'url'].map((name) => ({ name, in: 'query', required: false, description: `Only the ${type} with this ${name}`, schema: STRING })),
        responses: {
          '200': fhirResponse('A searchset Bundle', 'Bundle'),
          '400': fhirResponse('A search parameter other than _id and url', 'OperationOutcome'),
          '503': unavailable(),
        },
      },
    };
  }
  paths[`${FHIR_PATH}/ValueSet/{concept}`] = fhirRead('fhir-read-ValueSet', 'One concept the service reads, expanded with every code it matches', 'ValueSet');
  for (const id of registry.byId.keys()) {
    paths[`${FHIR_PATH}/PlanDefinition/${id}`] = fhirRead(
      `fhir-read-PlanDefinition-${id}`,
      `The service ${id} as an ECA rule, one action per card`,
      'PlanDefinition',
    );
    paths[`${FHIR_PATH}/Library/${id}`] = fhirRead(`fhir-read-Library-${id}`, `The data requirements of ${id}: its prefetch templates`, 'Library');
  }
  paths[APPROACH_PATH] = {
    description: 'Other methods answer 405 with an Allow header.',
    get: {
      operationId: 'approach',
      summary: 'The clinical approach the cards follow, as a page; each card links to the line it follows',
      tags: ['Pages'],
      responses: { '200': pageResponse('The approach, with the service and knowledge versions', 'text/html'), '503': unavailable() },
    },
  };
  paths[ICON_PATH] = {
    description: 'Other methods answer 405 with an Allow header.',
    get: {
      operationId: 'pages-icon',
      summary: 'The icon the pages name',
      tags: ['Pages'],
      responses: { '200': pageResponse('SVG', 'image/svg+xml'), '503': unavailable() },
    },
  };
  paths[STYLESHEET_PATH] = {
    description: 'Other methods answer 405 with an Allow header.',
    get: {
      operationId: 'pages-stylesheet',
      summary: 'The stylesheet of the pages',
      tags: ['Pages'],
      responses: { '200': pageResponse('CSS', 'text/css'), '503': unavailable() },
    },
  };
  const adminSecurity = [{ adminToken: [] }];
  const adminRefusal = errorResponse('No valid admin token: WWW-Authenticate says how to give it', ['admin_token_required', 'invalid_admin_token'], {
    'WWW-Authenticate': { description: 'Bearer and Basic challenges (a browser asks for the token as a password)', schema: STRING },
  });
  if (settings.report !== 'off') {
    const reportGuard = settings.report === 'admin' ? { security: adminSecurity } : {};
    const reportRefusal: Record<string, ResponseObject> = settings.report === 'admin' ? { '401': adminRefusal } : {};
    const served = settings.report === 'admin' ? 'Served only when ADMIN_TOKEN is set, and needs it.' : 'Open in development.';
    const rangeParameters = ['from', 'to'].map((name) => ({
      name,
      in: 'query',
      required: false,
      description: `${name === 'from' ? 'Cards issued from' : 'Cards issued up to'} this date (YYYY-MM-DD, UTC${name === 'to' ? ', the whole day included' : ''}) or RFC 3339 date-time`,
      schema: STRING,
    }));
    paths[ADMIN_REPORT_PATH] = {
      description: `${served} Other methods answer 405 with an Allow header.`,
      get: {
        operationId: 'governance-report',
        summary:
          "The governance report: per finding kind, version, mode and pilot arm, cards shown and held silent, snoozed away, firings per 100 hook calls, accepted, overridden (by reason), unanswered, both override rates, the urgent card's flags, week by week; clinicians' comments only with the admin token",
        tags: ['Admin'],
        ...reportGuard,
        parameters: rangeParameters,
        responses: {
          '200': jsonResponse('The report', governanceReportSchema),
          '400': errorResponse('from or to is not a date, or to is not after from', ['invalid_request']),
          ...reportRefusal,
          '503': unavailable(['report_unavailable']),
        },
      },
    };
    paths[ADMIN_CSV_PATH] = {
      description: `${served} Other methods answer 405 with an Allow header.`,
      get: {
        operationId: 'governance-report-csv',
        summary: 'One table of the governance report as CSV',
        tags: ['Admin'],
        ...reportGuard,
        parameters: [
          {
            name: 'table',
            in: 'query',
            required: true,
            description: `One of ${CSV_TABLES.join(', ')} (comments only with the admin token)`,
            schema: { enum: [...CSV_TABLES] },
          },
          ...rangeParameters,
        ],
        responses: {
          '200': pageResponse('The table, with a header row', 'text/csv'),
          '400': errorResponse('table is not one of the tables, from or to is not a date, or to is not after from', ['invalid_request']),
          '401': adminRefusal,
          '503': unavailable(['report_unavailable']),
        },
      },
    };
    paths[ADMIN_PATH] = {
      description: `${served} Other methods answer 405 with an Allow header.`,
      get: {
        operationId: 'governance-page',
        summary: 'The governance report as a page, with charts',
        tags: ['Admin'],
        ...reportGuard,
        parameters: rangeParameters,
        responses: {
          '200': pageResponse('The report, its tables and charts', 'text/html'),
          '400': errorResponse('from or to is not a date, or to is not after from', ['invalid_request']),
          ...reportRefusal,
          '503': unavailable(['report_unavailable']),
        },
      },
    };
    for (const [scriptPath, operationId, summary] of [
      [ADMIN_SCRIPT_PATH, 'admin-script', "The script that draws the governance page's charts"],
      [CHART_SCRIPT_PATH, 'chart-library', 'Chart.js, from the npm package the service ships with'],
    ] as const) {
      paths[scriptPath] = {
        description: `${served} Other methods answer 405 with an Allow header.`,
        get: { operationId, summary, tags: ['Admin'], responses: { '200': pageResponse('JavaScript', 'text/javascript'), '503': unavailable() } },
      };
    }
  }
  if (settings.preview !== 'off') {
    const guarded = settings.preview === 'admin' ? { security: adminSecurity } : {};
    const refused: Record<string, ResponseObject> = settings.preview === 'admin' ? { '401': adminRefusal } : {};
    paths[PREVIEW_PATH] = {
      description: 'On in development; in production only with ADMIN_TOKEN, and then it needs the token. Other methods answer 405 with an Allow header.',
      get: {
        operationId: 'preview',
        summary: "Every fixture's cards as an EHR shows them, and a form to try a hook request",
        tags: ['Pages'],
        ...guarded,
        responses: { '200': pageResponse('The preview page', 'text/html'), ...refused, '503': unavailable() },
      },
      post: {
        operationId: 'preview-request',
        summary: 'The cards the service answers to a pasted hook request (evaluated now; nothing stored, no FHIR server queried)',
        tags: ['Pages'],
        ...guarded,
        requestBody: {
          required: true,
          content: {
            'application/x-www-form-urlencoded': {
              schema: {
                type: 'object',
                required: ['service', 'request'],
                properties: { service: STRING, request: { type: 'string', description: 'the hook request, as JSON text' } },
              },
            },
          },
        },
        responses: {
          '200': pageResponse("The preview page with the service's answer (its cards or its error)", 'text/html'),
          '400': errorResponse('No known service, or no request field', ['invalid_request']),
          ...refused,
          '413': errorResponse(`The body is larger than ${bodyLimit} (BODY_LIMIT)`, ['payload_too_large']),
          '503': unavailable(),
        },
      },
    };
  }
  paths[OPENAPI_PATH] = {
    description: 'Other methods answer 405 with an Allow header.',
    get: {
      operationId: 'openapi',
      summary: 'This document',
      tags: ['Operations'],
      responses: { '200': jsonResponse('OpenAPI 3.1', { type: 'object', required: ['openapi', 'info', 'paths'] }), '503': unavailable() },
    },
  };

  const document: OpenApiDocument = {
    openapi: '3.1.0',
    jsonSchemaDialect: 'http://json-schema.org/draft-07/schema#',
    info: {
      title: 'hamstring-cds',
      version: versions.version,
      'x-knowledge-version': versions.knowledgeVersion,
      description:
        'A CDS Hooks 2.0 service for twitching in the back of the thigh. Every response carries X-Request-Id and the security headers; ' +
        'browsers may call it across origins as CORS_ORIGINS allows (OPTIONS preflights answer 204 on every path). ' +
        'A path not listed here answers 404 (`unknown_service` for a service id the discovery document does not list, else `not_found`).',
    },
    tags: [
      { name: 'CDS Hooks', description: 'Discovery, the hook services and their feedback' },
      { name: 'Pages', description: 'What a clinician opens from a card' },
      { name: 'Operations', description: 'Probes and this document; metrics are served on METRICS_PORT, never here' },
      { name: 'Admin', description: 'The governance report, with ADMIN_TOKEN' },
      { name: 'FHIR', description: 'The knowledge as FHIR R4: value sets, PlanDefinitions, Libraries' },
    ],
    paths,
    components: {
      schemas: { Error: errorSchema },
      responses: {
        NotFound: errorResponse('No such path, or no such service', ['not_found', 'unknown_service']),
        MethodNotAllowed: errorResponse('The method is not served on this path; Allow says which is', ['method_not_allowed'], {
          Allow: { description: 'The method served', schema: STRING },
        }),
      },
    },
  };
  if (settings.publicUrl !== undefined) document.servers = [{ url: settings.publicUrl }];
  if (settings.report === 'admin' || settings.preview === 'admin') {
    document.components.securitySchemes = {
      adminToken: {
        type: 'http',
        scheme: 'bearer',
        description: 'ADMIN_TOKEN (also accepted as the password of Basic credentials, so that a browser can ask for it)',
      },
    };
  }
  if (authenticated) {
    document.components.securitySchemes = {
      ...document.components.securitySchemes,
      clientJwt: {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: 'A JWT the EHR signs for each call (CDS Hooks §Trusting CDS Clients): ES384 or RS384, aud the exact URL called, a fresh jti, exp',
      },
    };
  }
  return document;
}

export function openApiRouter(document: OpenApiDocument): Router {
  const router = Router();
  const body = JSON.stringify(document);
  router.get(OPENAPI_PATH, (_req, res) => {
    res.type('application/json').send(body);
  });
  router.all(OPENAPI_PATH, methodNotAllowed('GET'));
  return router;
}
