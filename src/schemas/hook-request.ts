/**
 * JSON Schemas for CDS Hooks 2.0 requests (§Calling a CDS Service, and each hook's context table).
 * `description` on a property is the hint an error message gives for it.
 */
export const HOOKS = ['patient-view', 'order-select', 'order-sign'] as const;
export type HookName = (typeof HOOKS)[number];

/** A request body that passed hookRequestSchema for its hook. */
export interface HookRequest {
  hook: HookName;
  hookInstance: string;
  fhirServer?: string;
  fhirAuthorization?: { access_token: string; token_type: string; expires_in: number; scope: string; subject: string; patient?: string };
  context: { userId: string; patientId: string; encounterId?: string; [key: string]: unknown };
  prefetch?: Record<string, unknown>;
  extension?: Record<string, unknown>;
}

const FHIR_ID = '^[A-Za-z0-9\\-.]{1,64}$';

const fhirId = (what: string) => ({
  type: 'string',
  pattern: FHIR_ID,
  description: `${what} must be a FHIR id: 1-64 letters, digits, '-' or '.'`,
});

const userId = (types: readonly string[]) => ({
  type: 'string',
  pattern: `^(${types.join('|')})/[A-Za-z0-9\\-.]{1,64}$`,
  description: `userId must be a relative reference to a ${types.join(', ')}, such as "${types[0]}/123"`,
});

/**
 * Bundles nest this many levels inside a prefetch value before the loader stops reading them
 * (fhir/resources.ts, MAX_BUNDLE_DEPTH 3: the entries of a Bundle at level 0, 1 or 2 are read).
 * Entries are checked exactly as deep, no deeper: a body nested further is never recursed into.
 */
const READ_BUNDLE_LEVELS = 3;

const RESOURCE_SHAPE = { type: 'object', required: ['resourceType'], properties: { resourceType: { type: 'string', minLength: 1 } } };

/**
 * One Bundle entry: an object holding a resource, whose own entries are checked `deeper` more
 * levels down when it is a Bundle. The double `not` makes whatever is wrong inside the entry (a
 * number, null, {}, a resource without resourceType) one error at the entry itself, so the message
 * names `…entry[i]`; validation stops at the first bad entry.
 */
function bundleEntry(deeper: number) {
  return {
    type: 'object',
    description: 'must be a Bundle entry holding a resource',
    not: { not: { type: 'object', required: ['resource'], properties: { resource: RESOURCE_SHAPE } } },
    ...(deeper > 0 ? { properties: { resource: bundleEntries(deeper - 1) } } : {}),
  };
}

/** When the value is a Bundle, each of its entries holds a resource (and a nested Bundle's, `deeper` levels down). */
function bundleEntries(deeper: number): object {
  return {
    if: { type: 'object', required: ['resourceType'], properties: { resourceType: { const: 'Bundle' } } },
    then: { type: 'object', properties: { entry: { type: 'array', description: 'must be a list of Bundle entries', items: bundleEntry(deeper) } } },
  };
}

const draftOrders = {
  type: 'object',
  required: ['resourceType'],
  properties: {
    resourceType: { const: 'Bundle', description: 'draftOrders must be a FHIR Bundle' },
    entry: {
      type: 'array',
      maxItems: 1000,
      description: 'draftOrders.entry must be an array of Bundle entries (at most 1000)',
      // Draft orders are read one level deep only: a Bundle among them is not opened.
      items: bundleEntry(0),
    },
  },
  description: 'draftOrders must be a FHIR Bundle',
};

const CONTEXTS: Record<HookName, object> = {
  'patient-view': {
    type: 'object',
    required: ['userId', 'patientId'],
    properties: {
      userId: userId(['Practitioner', 'PractitionerRole', 'Patient', 'RelatedPerson']),
      patientId: fhirId('patientId'),
      encounterId: fhirId('encounterId'),
    },
  },
  'order-select': {
    type: 'object',
    required: ['userId', 'patientId', 'selections', 'draftOrders'],
    properties: {
      userId: userId(['Practitioner', 'PractitionerRole']),
      patientId: fhirId('patientId'),
      encounterId: fhirId('encounterId'),
      selections: {
        type: 'array',
        maxItems: 1000,
        items: {
          type: 'string',
          pattern: '^[A-Z][A-Za-z]{1,63}/[A-Za-z0-9\\-.]{1,64}$',
          description: 'each selection must be a "Type/id" reference to a draft order, such as "ServiceRequest/123"',
        },
      },
      draftOrders,
    },
  },
  'order-sign': {
    type: 'object',
    required: ['userId', 'patientId', 'draftOrders'],
    properties: {
      userId: userId(['Practitioner', 'PractitionerRole']),
      patientId: fhirId('patientId'),
      encounterId: fhirId('encounterId'),
      draftOrders,
    },
  },
};

export function hookRequestSchema(hook: HookName): object {
  return {
    type: 'object',
    required: ['hook', 'hookInstance', 'context'],
    properties: {
      hook: { const: hook },
      hookInstance: { type: 'string', format: 'uuid', description: 'hookInstance must be a UUID' },
      fhirServer: {
        type: 'string',
        format: 'uri',
        maxLength: 2048,
        pattern: '^https?://',
        description: 'fhirServer must be an absolute http(s) URL',
      },
      fhirAuthorization: {
        type: 'object',
        required: ['access_token', 'token_type', 'expires_in', 'scope', 'subject'],
        properties: {
          access_token: { type: 'string', minLength: 1, maxLength: 16384 },
          token_type: { type: 'string', pattern: '^[Bb]earer$', description: 'fhirAuthorization.token_type must be "Bearer"' },
          expires_in: { type: 'integer', minimum: 0 },
          scope: { type: 'string', maxLength: 4096 },
          subject: { type: 'string', maxLength: 1024 },
          patient: { type: 'string', maxLength: 64 },
        },
      },
      context: CONTEXTS[hook],
      prefetch: {
        type: 'object',
        maxProperties: 100,
        additionalProperties: {
          type: ['object', 'null'],
          description: 'each prefetch value must be a FHIR resource (a Bundle for searches) or null',
          required: ['resourceType'],
          properties: { resourceType: { type: 'string', minLength: 1, description: 'must be the FHIR resource type, a string' } },
          ...bundleEntries(READ_BUNDLE_LEVELS - 1),
        },
      },
      extension: { type: 'object', description: 'extension must be an object' },
    },
    dependencies: { fhirAuthorization: ['fhirServer'] },
  };
}
