/**
 * JSON Schema of a CDS Hooks 2.0 response (§CDS Service Response, §Card Attributes) and of the
 * FHIR R4 ServiceRequests our suggestions create, for the fields that matter to an EHR that
 * turns them into orders: status and intent from their R4 value sets, a Patient subject and a
 * coded code. The fixture runner checks every response against it.
 */
const CODING = {
  type: 'object',
  required: ['system', 'code'],
  properties: { system: { type: 'string', format: 'uri' }, code: { type: 'string', minLength: 1 }, display: { type: 'string' } },
};

const CODEABLE_CONCEPT = {
  type: 'object',
  anyOf: [{ required: ['coding'] }, { required: ['text'] }],
  properties: { coding: { type: 'array', minItems: 1, items: CODING }, text: { type: 'string', minLength: 1 } },
};

const REFERENCE = (pattern: string) => ({
  type: 'object',
  required: ['reference'],
  properties: { reference: { type: 'string', pattern } },
});

/** R4 ServiceRequest: request-status and request-intent value sets, subject required. */
export const serviceRequestSchema = {
  type: 'object',
  required: ['resourceType', 'status', 'intent', 'subject', 'code'],
  properties: {
    resourceType: { const: 'ServiceRequest' },
    status: { enum: ['draft', 'active', 'on-hold', 'revoked', 'completed', 'entered-in-error', 'unknown'] },
    intent: {
      enum: ['proposal', 'plan', 'directive', 'order', 'original-order', 'reflex-order', 'filler-order', 'instance-order', 'option'],
    },
    code: { ...CODEABLE_CONCEPT, required: ['coding'] },
    subject: REFERENCE('^Patient/[A-Za-z0-9\\-.]{1,64}$'),
    encounter: REFERENCE('^Encounter/[A-Za-z0-9\\-.]{1,64}$'),
    requester: REFERENCE('^(Practitioner|PractitionerRole)/[A-Za-z0-9\\-.]{1,64}$'),
    authoredOn: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$' },
    reasonCode: { type: 'array', minItems: 1, items: CODEABLE_CONCEPT },
    reasonReference: { type: 'array', minItems: 1, items: REFERENCE('^Condition/[A-Za-z0-9\\-.]{1,64}$') },
    bodySite: { type: 'array', minItems: 1, items: CODEABLE_CONCEPT },
  },
};

const UUID = { type: 'string', format: 'uuid' };

export const cdsResponseSchema = {
  type: 'object',
  required: ['cards'],
  properties: {
    cards: {
      type: 'array',
      items: {
        type: 'object',
        required: ['uuid', 'summary', 'indicator', 'source'],
        additionalProperties: false,
        properties: {
          uuid: UUID,
          summary: { type: 'string', minLength: 1, maxLength: 139 },
          detail: { type: 'string', minLength: 1 },
          indicator: { enum: ['info', 'warning', 'critical'] },
          source: {
            type: 'object',
            required: ['label'],
            additionalProperties: false,
            properties: {
              label: { type: 'string', minLength: 1 },
              url: { type: 'string', format: 'uri' },
              icon: { type: 'string', format: 'uri' },
              topic: CODING,
            },
          },
          suggestions: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              required: ['label', 'uuid', 'actions'],
              additionalProperties: false,
              properties: {
                label: { type: 'string', minLength: 1 },
                uuid: UUID,
                isRecommended: { type: 'boolean' },
                actions: {
                  type: 'array',
                  minItems: 1,
                  items: {
                    type: 'object',
                    required: ['type', 'description'],
                    additionalProperties: false,
                    properties: {
                      type: { enum: ['create', 'update', 'delete'] },
                      description: { type: 'string', minLength: 1 },
                      resource: serviceRequestSchema,
                      resourceId: { type: 'string', minLength: 1 },
                    },
                    // create carries the resource; delete names it (resourceId; an id inside resource is deprecated).
                    allOf: [
                      { if: { properties: { type: { const: 'create' } } }, then: { required: ['resource'] } },
                      { if: { properties: { type: { const: 'delete' } } }, then: { required: ['resourceId'] } },
                    ],
                  },
                },
              },
            },
          },
          selectionBehavior: { enum: ['at-most-one', 'any'] },
          overrideReasons: {
            type: 'array',
            minItems: 1,
            items: { ...CODING, required: ['system', 'code', 'display'] },
          },
          extension: { type: 'object', description: 'CDS Hooks §Extensions: an object whose keys are reverse-DNS names' },
          links: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              required: ['label', 'url', 'type'],
              properties: {
                label: { type: 'string', minLength: 1 },
                url: { type: 'string', format: 'uri' },
                type: { enum: ['absolute', 'smart'] },
              },
            },
          },
        },
        // CDS Hooks: selectionBehavior is required exactly when there are suggestions.
        if: { required: ['suggestions'] },
        then: { required: ['selectionBehavior'] },
        else: { not: { required: ['selectionBehavior'] } },
      },
    },
  },
};
