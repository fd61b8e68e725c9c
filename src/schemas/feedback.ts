/**
 * JSON Schema of a feedback call (CDS Hooks 2.0 §Feedback). `description` is the hint an error
 * message gives. Limits bound what a caller can make us store.
 */
export const OUTCOMES = ['accepted', 'overridden'] as const;

export const feedbackRequestSchema = {
  type: 'object',
  required: ['feedback'],
  properties: {
    feedback: {
      type: 'array',
      minItems: 1,
      maxItems: 1000,
      description: 'feedback must be a list of 1 to 1000 outcomes',
      items: {
        type: 'object',
        required: ['card', 'outcome', 'outcomeTimestamp'],
        properties: {
          card: { type: 'string', minLength: 1, maxLength: 128, description: 'card must be the uuid of a card this service returned' },
          outcome: { enum: OUTCOMES, description: 'outcome must be "accepted" or "overridden"' },
          acceptedSuggestions: {
            type: 'array',
            maxItems: 100,
            items: {
              type: 'object',
              required: ['id'],
              properties: { id: { type: 'string', minLength: 1, maxLength: 128, description: 'an accepted suggestion id must be the uuid of a suggestion' } },
            },
          },
          overrideReason: {
            type: 'object',
            properties: {
              reason: {
                type: 'object',
                required: ['code', 'system'],
                properties: {
                  code: { type: 'string', minLength: 1, maxLength: 256 },
                  system: { type: 'string', minLength: 1, maxLength: 2048 },
                  display: { type: 'string', maxLength: 1024 },
                },
              },
              userComment: { type: 'string', maxLength: 4000 },
            },
          },
          outcomeTimestamp: {
            type: 'string',
            format: 'date-time',
            maxLength: 64,
            description: 'outcomeTimestamp must be an RFC 3339 date-time such as "2026-11-26T12:00:00Z"',
          },
        },
        if: { required: ['outcome'], properties: { outcome: { const: 'accepted' } } },
        then: { required: ['acceptedSuggestions'] },
      },
    },
  },
} as const;
