/** JSON Schema of GET /admin/report (src/feedback-loop/report.ts), as the OpenAPI document shows it. */
const COUNT = { type: 'integer', minimum: 0 };
const RATE_OR_NULL = { type: ['number', 'null'], minimum: 0, maximum: 1 };
const INSTANT_OR_NULL = { type: ['string', 'null'], format: 'date-time' };

const FIGURES = {
  fired: { ...COUNT, description: 'shown, silent and snoozed together' },
  shown: COUNT,
  silent: { ...COUNT, description: 'held silent by their mode (or the control arm of a pilot): recorded, never shown' },
  snoozed: { ...COUNT, description: "held back by the patient's snooze" },
  critical: { ...COUNT, description: 'critical (interruptive) cards shown' },
  accepted: COUNT,
  overridden: COUNT,
  answered: { ...COUNT, description: 'cards with any feedback' },
  unanswered: { ...COUNT, description: 'shown cards without feedback' },
  hookCalls: { ...COUNT, description: 'hook calls of the service and versions (of the arm, in a pilot), with or without cards' },
  firingsPer100Calls: { type: ['number', 'null'], minimum: 0 },
  overrideRateOfAnswered: { ...RATE_OR_NULL, description: 'overridden cards over cards answered' },
  overrideRateOfShown: { ...RATE_OR_NULL, description: 'overridden cards over cards shown' },
} as const;
const FIGURE_NAMES = Object.keys(FIGURES);

const weekSchema = {
  type: 'object',
  required: ['weekStart', ...FIGURE_NAMES],
  additionalProperties: false,
  properties: { weekStart: { type: 'string', format: 'date', description: 'the Monday (UTC) that starts the week' }, ...FIGURES },
};

const NULLABLE_STRING = { type: ['string', 'null'] };

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
      required: [...FIGURE_NAMES, 'criticalPerUserDay'],
      additionalProperties: false,
      properties: {
        ...FIGURES,
        criticalPerUserDay: {
          type: 'object',
          required: ['userDays', 'mean', 'max'],
          additionalProperties: false,
          properties: { userDays: COUNT, mean: { type: 'number', minimum: 0 }, max: COUNT },
        },
      },
    },
    findings: {
      type: 'array',
      description: 'one entry per service, finding kind, service and knowledge version, mode and pilot arm',
      items: {
        type: 'object',
        required: [
          'serviceId',
          'findingKind',
          'title',
          'serviceVersion',
          'knowledgeVersion',
          'mode',
          'pilotArm',
          ...FIGURE_NAMES,
          'overrideReasons',
          'flags',
          'weekly',
        ],
        additionalProperties: false,
        properties: {
          serviceId: { type: 'string' },
          findingKind: { type: 'string' },
          title: { type: 'string' },
          serviceVersion: { type: 'string' },
          knowledgeVersion: { type: 'string' },
          mode: { enum: ['active', 'silent', 'pilot'] },
          pilotArm: { enum: ['pilot', 'control', null] },
          ...FIGURES,
          overrideReasons: {
            type: 'array',
            items: {
              type: 'object',
              required: ['code', 'display', 'cards'],
              additionalProperties: false,
              properties: { code: NULLABLE_STRING, display: NULLABLE_STRING, cards: COUNT },
            },
          },
          flags: {
            type: 'array',
            description: 'the urgent card by the flags it carried; a card with several counts under each',
            items: { type: 'object', required: ['flag', ...FIGURE_NAMES], additionalProperties: false, properties: { flag: { type: 'string' }, ...FIGURES } },
          },
          weekly: { type: 'array', items: weekSchema },
        },
      },
    },
    weekly: { type: 'array', description: 'every card together, week by week, weeks without cards as zeros', items: weekSchema },
    comments: {
      type: 'array',
      description: "clinicians' comments, only for a caller who presents the admin token: free text that may hold patient data",
      items: {
        type: 'object',
        required: ['findingKind', 'serviceVersion', 'knowledgeVersion', 'mode', 'outcome', 'reason', 'comment', 'receivedAt'],
        additionalProperties: false,
        properties: {
          findingKind: { type: 'string' },
          serviceVersion: { type: 'string' },
          knowledgeVersion: { type: 'string' },
          mode: { type: 'string' },
          outcome: { type: 'string' },
          reason: NULLABLE_STRING,
          comment: { type: 'string' },
          receivedAt: { type: 'string', format: 'date-time' },
        },
      },
    },
  },
} as const;
