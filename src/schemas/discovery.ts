/** JSON Schema of the discovery document (CDS Hooks 2.0 §Discovery), checked at start-up. */
export const discoverySchema = {
  type: 'object',
  required: ['services'],
  additionalProperties: false,
  properties: {
    services: {
      type: 'array',
      items: {
        type: 'object',
        required: ['hook', 'id', 'description'],
        additionalProperties: false,
        properties: {
          hook: { type: 'string', minLength: 1 },
          id: { type: 'string', pattern: '^[A-Za-z0-9\\-_.]{1,64}$' },
          title: { type: 'string', minLength: 1 },
          description: { type: 'string', minLength: 1 },
          prefetch: {
            type: 'object',
            additionalProperties: { type: 'string', minLength: 1, pattern: '\\{\\{[a-zA-Z.]+\\}\\}' },
          },
          usageRequirements: { type: 'string' },
        },
      },
    },
  },
} as const;
