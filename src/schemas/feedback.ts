/**
 * JSON Schema of a feedback call (CDS Hooks 2.0 §Feedback). `description` is the hint an error
 * message gives. Limits bound what a caller can make us store, and what is stored must be text
 * every store can hold: PostgreSQL refuses NUL, and UTF-8 cannot encode an unpaired surrogate.
 * Such input is the caller's mistake (400), not an outage to retry.
 */
export const OUTCOMES = ['accepted', 'overridden'] as const;

// ajv compiles patterns with the u flag: a class of surrogates then matches only unpaired ones.
/** Identifiers and codes: no control character, no unpaired surrogate. */
const IDENTIFIER = '^[^\\u0000-\\u001f\\u007f\\ud800-\\udfff]*$';
/** Free text (tabs and new lines are fine): no NUL, no unpaired surrogate. */
const TEXT = '^[^\\u0000\\ud800-\\udfff]*$';

/**
 * Feedback is given while a clinician charts, so its time is near now; years outside 2000-2099
 * are a client's error, and some (year 0000, six-digit years) cannot be stored at all.
 */
const YEAR_2000_TO_2099 = '^20[0-9]{2}-';

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
          card: {
            type: 'string',
            minLength: 1,
            maxLength: 128,
            pattern: IDENTIFIER,
            description: 'card must be the uuid of a card this service returned (at most 128 characters, without control characters or unpaired surrogates)',
          },
          outcome: { enum: OUTCOMES, description: 'outcome must be "accepted" or "overridden"' },
          acceptedSuggestions: {
            type: 'array',
            maxItems: 100,
            items: {
              type: 'object',
              required: ['id'],
              properties: {
                id: {
                  type: 'string',
                  minLength: 1,
                  maxLength: 128,
                  pattern: IDENTIFIER,
                  description:
                    'an accepted suggestion id must be the uuid of a suggestion (at most 128 characters, without control characters or unpaired surrogates)',
                },
              },
            },
          },
          overrideReason: {
            type: 'object',
            properties: {
              reason: {
                type: 'object',
                required: ['code', 'system'],
                properties: {
                  code: {
                    type: 'string',
                    minLength: 1,
                    maxLength: 256,
                    pattern: IDENTIFIER,
                    description: 'overrideReason.reason.code must be a code of at most 256 characters, without control characters or unpaired surrogates',
                  },
                  system: {
                    type: 'string',
                    minLength: 1,
                    maxLength: 2048,
                    pattern: IDENTIFIER,
                    description: 'overrideReason.reason.system must be a URI of at most 2048 characters, without control characters or unpaired surrogates',
                  },
                  display: {
                    type: 'string',
                    maxLength: 1024,
                    pattern: TEXT,
                    description: 'overrideReason.reason.display must be text of at most 1024 characters, without NUL or unpaired surrogates',
                  },
                },
              },
              userComment: {
                type: 'string',
                maxLength: 4000,
                pattern: TEXT,
                description: 'overrideReason.userComment must be text of at most 4000 characters, without NUL or unpaired surrogates',
              },
            },
          },
          outcomeTimestamp: {
            type: 'string',
            format: 'date-time',
            maxLength: 64,
            pattern: YEAR_2000_TO_2099,
            description: 'outcomeTimestamp must be an RFC 3339 date-time from the year 2000 to 2099, such as "2026-11-26T12:00:00Z"',
          },
        },
        if: { required: ['outcome'], properties: { outcome: { const: 'accepted' } } },
        then: { required: ['acceptedSuggestions'] },
      },
    },
  },
} as const;
