/** JSON Schema of GET /admin/report (src/feedback-loop/report.ts), as the OpenAPI document shows it. */
const COUNT = { type: 'integer', minimum: 0 };
const RATE = { type: 'number', minimum: 0, maximum: 1, description: 'overridden cards over issued cards' };
const INSTANT_OR_NULL = { type: ['string', 'null'], format: 'date-time' };

const weekSchema = {
  type: 'object',
  required: ['weekStart', 'issued', 'accepted', 'overridden'],
  additionalProperties: false,
  properties: {
    weekStart: { type: 'string', format: 'date', description: 'the Monday (UTC) that starts the week' },
    issued: COUNT,
    accepted: COUNT,
    overridden: COUNT,
  },
};

export const governanceReportSchema = {
  type: 'object',
  required: ['generatedAt', 'from', 'to', 'totals', 'findings', 'weekly'],
  additionalProperties: false,
  properties: {
    generatedAt: { type: 'string', format: 'date-time' },
    from: INSTANT_OR_NULL,
    to: INSTANT_OR_NULL,
    totals: {
      type: 'object',
      required: ['issued', 'accepted', 'overridden', 'noFeedback', 'overrideRate'],
      additionalProperties: false,
      properties: { issued: COUNT, accepted: COUNT, overridden: COUNT, noFeedback: COUNT, overrideRate: RATE },
    },
    findings: {
      type: 'array',
      description: 'one entry per finding kind, service version and knowledge version',
      items: {
        type: 'object',
        required: [
          'findingKind',
          'title',
          'serviceVersion',
          'knowledgeVersion',
          'issued',
          'accepted',
          'overridden',
          'noFeedback',
          'overrideRate',
          'overrideReasons',
          'weekly',
        ],
        additionalProperties: false,
        properties: {
          findingKind: { type: 'string' },
          title: { type: 'string' },
          serviceVersion: { type: 'string' },
          knowledgeVersion: { type: 'string' },
          issued: COUNT,
          accepted: COUNT,
          overridden: COUNT,
          noFeedback: COUNT,
          overrideRate: RATE,
          overrideReasons: {
            type: 'array',
            items: {
              type: 'object',
              required: ['code', 'display', 'cards'],
              additionalProperties: false,
              properties: { code: { type: ['string', 'null'] }, display: { type: ['string', 'null'] }, cards: COUNT },
            },
          },
          weekly: { type: 'array', items: weekSchema },
        },
      },
    },
    weekly: { type: 'array', description: 'every card together, week by week, weeks without cards as zeros', items: weekSchema },
  },
} as const;
