/** POST /cds-services/{id}/feedback (CDS Hooks §Feedback): what is stored, what is refused and how. */
import assert from 'node:assert/strict';
import request from 'supertest';
import { StoreInputError, StoreUnavailableError } from '../../src/storage/errors';
import type { Store } from '../../src/storage/store';
import { SERVICE_URL, testApp } from '../support/app';
import { NOW } from '../support/builders';
import { storeWithCards } from '../support/ledger';

const FEEDBACK_URL = `${SERVICE_URL}/feedback`;
const CARD = '9b2c6a3e-1f0d-4c1e-8a55-0d4b7e2f9c11';
const SUGGESTION = '1e7d4f3a-6b2c-4d8e-9f10-2a3b4c5d6e7f';

const accepted = { card: CARD, outcome: 'accepted', acceptedSuggestions: [{ id: SUGGESTION }], outcomeTimestamp: '2026-11-26T11:58:00Z' };
const overridden = {
  card: CARD,
  outcome: 'overridden',
  overrideReason: { reason: { code: 'reason-code-provided-by-service', system: 'http://example.org/cds-services/fhir/CodeSystem/override-reasons' } },
  outcomeTimestamp: '2026-11-26T11:59:30+01:00',
};

/** A store whose ledger holds the card CARD, with the suggestion SUGGESTION, as if the service had just returned it. */
const storeWithCard = () => storeWithCards({ cardUuid: CARD, suggestionUuids: [SUGGESTION] });

describe('POST /cds-services/hamstring-twitch/feedback', () => {
  let store: Store;
  let app: ReturnType<typeof testApp>;
  beforeEach(() => {
    store = storeWithCard();
    app = testApp({}, { store });
  });

  describe('with an accepted and an overridden card in one batch', () => {
    it('answers 200 and stores both, timestamps in UTC, only the fields CDS Hooks defines', async () => {
      const res = await request(app)
        .post(FEEDBACK_URL)
        .send({ feedback: [accepted, { ...overridden, extra: 'ignored' }] });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(await store.feedback.findByCardUuids([CARD]), [
        {
          cardUuid: CARD,
          outcome: 'overridden',
          acceptedSuggestionIds: [],
          overrideReason: overridden.overrideReason.reason,
          outcomeAt: new Date('2026-11-26T10:59:30.000Z'),
          receivedAt: NOW,
        },
        { cardUuid: CARD, outcome: 'accepted', acceptedSuggestionIds: [SUGGESTION], outcomeAt: new Date('2026-11-26T11:58:00.000Z'), receivedAt: NOW },
      ]);
    });
  });

  describe('with the same feedback sent twice', () => {
    it('answers 200 both times and stores it once', async () => {
      await request(app)
        .post(FEEDBACK_URL)
        .send({ feedback: [accepted] })
        .expect(200);
      await request(app)
        .post(FEEDBACK_URL)
        .send({ feedback: [accepted] })
        .expect(200);
      assert.equal((await store.feedback.findByCardUuids([CARD])).length, 1);
    });
  });

  describe('with an accepted outcome without acceptedSuggestions', () => {
    it('answers 400 naming the field', async () => {
      const item: Record<string, unknown> = { ...accepted };
      delete item.acceptedSuggestions;
      const res = await request(app)
        .post(FEEDBACK_URL)
        .send({ feedback: [item] });
      assert.equal(res.status, 400);
      assert.deepEqual(res.body, {
        error: 'invalid_request',
        message: 'feedback[0].acceptedSuggestions is required',
        field: 'feedback[0].acceptedSuggestions',
      });
    });
  });

  describe('with an unknown outcome', () => {
    it('answers 400 saying which outcomes exist', async () => {
      const res = await request(app)
        .post(FEEDBACK_URL)
        .send({ feedback: [accepted, { ...overridden, outcome: 'ignored' }] });
      assert.equal(res.status, 400);
      assert.deepEqual(res.body, { error: 'invalid_request', message: 'outcome must be "accepted" or "overridden"', field: 'feedback[1].outcome' });
    });
  });

  describe('with an outcomeTimestamp that is not RFC 3339', () => {
    it('answers 400 naming the field', async () => {
      const res = await request(app)
        .post(FEEDBACK_URL)
        .send({ feedback: [{ ...overridden, outcomeTimestamp: '26/11/2026' }] });
      assert.equal(res.status, 400);
      assert.equal((res.body as { field: string }).field, 'feedback[0].outcomeTimestamp');
    });
  });

  // Text no store can keep (PostgreSQL refuses NUL, UTF-8 cannot encode a lone surrogate) is the
  // client's mistake: 400 naming the field, never a 503 that asks for the same text again.
  const withReason = (reason: Record<string, unknown>, userComment?: string) => ({
    ...overridden,
    overrideReason: { reason: { ...overridden.overrideReason.reason, ...reason }, ...(userComment !== undefined ? { userComment } : {}) },
  });
  const unstorable: [string, Record<string, unknown>, string, string][] = [
    [
      'a NUL in card',
      { ...overridden, card: 'card\u0000x' },
      'feedback[0].card',
      'card must be the uuid of a card this service returned (at most 128 characters, without control characters or unpaired surrogates)',
    ],
    [
      'a lone surrogate in card',
      { ...overridden, card: 'card\ud800' },
      'feedback[0].card',
      'card must be the uuid of a card this service returned (at most 128 characters, without control characters or unpaired surrogates)',
    ],
    [
      'a NUL in a suggestion id',
      { ...accepted, acceptedSuggestions: [{ id: 's\u0000' }] },
      'feedback[0].acceptedSuggestions[0].id',
      'an accepted suggestion id must be the uuid of a suggestion (at most 128 characters, without control characters or unpaired surrogates)',
    ],
    [
      'a lone surrogate in a suggestion id',
      { ...accepted, acceptedSuggestions: [{ id: '\udc00s' }] },
      'feedback[0].acceptedSuggestions[0].id',
      'an accepted suggestion id must be the uuid of a suggestion (at most 128 characters, without control characters or unpaired surrogates)',
    ],
    [
      'a NUL in the reason code',
      withReason({ code: 'a\u0000' }),
      'feedback[0].overrideReason.reason.code',
      'overrideReason.reason.code must be a code of at most 256 characters, without control characters or unpaired surrogates',
    ],
    [
      'a lone surrogate in the reason system',
      withReason({ system: 'http://x.org/\ud800' }),
      'feedback[0].overrideReason.reason.system',
      'overrideReason.reason.system must be a URI of at most 2048 characters, without control characters or unpaired surrogates',
    ],
    [
      'a NUL in the reason display',
      withReason({ display: 'Not \u0000 relevant' }),
      'feedback[0].overrideReason.reason.display',
      'overrideReason.reason.display must be text of at most 1024 characters, without NUL or unpaired surrogates',
    ],
    [
      'a NUL in userComment',
      withReason({}, 'seen\u0000'),
      'feedback[0].overrideReason.userComment',
      'overrideReason.userComment must be text of at most 4000 characters, without NUL or unpaired surrogates',
    ],
    [
      'a lone surrogate in userComment',
      withReason({}, 'seen \ud83d'),
      'feedback[0].overrideReason.userComment',
      'overrideReason.userComment must be text of at most 4000 characters, without NUL or unpaired surrogates',
    ],
  ];
  for (const [what, item, field, message] of unstorable) {
    describe(`with ${what}`, () => {
      it('answers 400 naming the field, and stores nothing', async () => {
        const res = await request(app)
          .post(FEEDBACK_URL)
          .send({ feedback: [item] });
        assert.equal(res.status, 400, JSON.stringify(res.body));
        assert.deepEqual(res.body, { error: 'invalid_request', message, field });
        assert.deepEqual(await store.feedback.findByCardUuids([CARD]), []);
      });
    });
  }

  describe('with text in any script, emoji, tabs and new lines in userComment and display', () => {
    it('answers 200 and stores it as sent', async () => {
      const item = withReason({ display: 'Déjà vu — 既に対応済み 😀' }, 'Line one\n\tline two 👍');
      await request(app)
        .post(FEEDBACK_URL)
        .send({ feedback: [item] })
        .expect(200);
      const [stored] = await store.feedback.findByCardUuids([CARD]);
      assert.deepEqual({ reason: stored.overrideReason, userComment: stored.userComment }, item.overrideReason);
    });
  });

  // A leap second passes the date-time format but is no instant JavaScript can hold.
  const outsideRange = [
    '2026-06-30T23:59:60Z',
    '0000-01-01T00:00:00Z',
    '1999-12-31T23:59:59Z',
    '2100-01-01T00:00:00Z',
    '9999-12-31T23:59:59Z',
    '+275760-09-13T00:00:00Z',
  ];
  for (const outcomeTimestamp of outsideRange) {
    describe(`with an outcomeTimestamp of ${outcomeTimestamp}`, () => {
      it('answers 400 naming the field and what it accepts', async () => {
        const res = await request(app)
          .post(FEEDBACK_URL)
          .send({ feedback: [{ ...overridden, outcomeTimestamp }] });
        assert.deepEqual(res.body, {
          error: 'invalid_request',
          message: 'outcomeTimestamp must be an RFC 3339 date-time from the year 2000 to 2099, such as "2026-11-26T12:00:00Z"',
          field: 'feedback[0].outcomeTimestamp',
        });
      });
    });
  }

  describe('with outcomeTimestamps at the edges of the range', () => {
    it('answers 200 for 2000-01-01T00:00:00Z and 2099-12-31T23:59:59.999Z', async () => {
      const items = ['2000-01-01T00:00:00Z', '2099-12-31T23:59:59.999Z'].map((outcomeTimestamp) => ({ ...overridden, outcomeTimestamp }));
      await request(app).post(FEEDBACK_URL).send({ feedback: items }).expect(200);
      assert.equal((await store.feedback.findByCardUuids([CARD])).length, 2);
    });
  });

  describe('without a card', () => {
    it('answers 400 "feedback[0].card is required"', async () => {
      const item: Record<string, unknown> = { ...overridden };
      delete item.card;
      const res = await request(app)
        .post(FEEDBACK_URL)
        .send({ feedback: [item] });
      assert.deepEqual(res.body, { error: 'invalid_request', message: 'feedback[0].card is required', field: 'feedback[0].card' });
    });
  });

  describe('with an empty feedback list', () => {
    it('answers 400 and stores nothing', async () => {
      const res = await request(app).post(FEEDBACK_URL).send({ feedback: [] });
      assert.equal(res.status, 400);
      assert.equal((res.body as { field: string }).field, 'feedback');
      assert.deepEqual(await store.feedback.findByCardUuids([CARD]), []);
    });
  });

  describe('with a body that is not JSON', () => {
    it('answers 415 for text/plain and 400 for broken JSON', async () => {
      assert.equal((await request(app).post(FEEDBACK_URL).set('Content-Type', 'text/plain').send('x')).status, 415);
      assert.equal((await request(app).post(FEEDBACK_URL).set('Content-Type', 'application/json').send('{')).status, 400);
    });
  });

  describe('for a service that does not exist', () => {
    it('answers 404 unknown_service', async () => {
      const res = await request(app)
        .post('/cds-services/nope/feedback')
        .send({ feedback: [accepted] });
      assert.equal(res.status, 404);
      assert.deepEqual(res.body, { error: 'unknown_service', message: 'No CDS service with id "nope"' });
    });
  });

  describe('with GET', () => {
    it('answers 405 with Allow: POST', async () => {
      const res = await request(app).get(FEEDBACK_URL);
      assert.equal(res.status, 405);
      assert.equal(res.headers.allow, 'POST');
    });
  });

  describe('with a card this service never issued', () => {
    it('answers 404 naming the card, and stores nothing of the batch', async () => {
      const unknown = '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9';
      const res = await request(app)
        .post(FEEDBACK_URL)
        .send({ feedback: [overridden, { ...overridden, card: unknown }] });
      assert.equal(res.status, 404);
      assert.deepEqual(res.body, {
        error: 'unknown_card',
        message: `No card "${unknown}" was issued by the service "hamstring-twitch"`,
        field: 'feedback[1].card',
      });
      assert.deepEqual(await store.feedback.findByCardUuids([CARD, unknown]), []);
    });
  });

  describe('with a card another service issued', () => {
    it('answers 404 naming the card', async () => {
      const res = await request(app)
        .post('/cds-services/hamstring-twitch-order-sign/feedback')
        .send({ feedback: [overridden] });
      assert.equal(res.status, 404);
      assert.deepEqual(res.body, {
        error: 'unknown_card',
        message: `No card "${CARD}" was issued by the service "hamstring-twitch-order-sign"`,
        field: 'feedback[0].card',
      });
    });
  });

  describe('with an accepted suggestion the card never had', () => {
    it('answers 400 naming the suggestion, and stores nothing', async () => {
      const res = await request(app)
        .post(FEEDBACK_URL)
        .send({ feedback: [{ ...accepted, acceptedSuggestions: [{ id: SUGGESTION }, { id: 'made-up' }] }] });
      assert.equal(res.status, 400);
      assert.deepEqual(res.body, {
        error: 'invalid_request',
        message: `acceptedSuggestions[1].id "made-up" is not a suggestion of the card "${CARD}"`,
        field: 'feedback[0].acceptedSuggestions[1].id',
      });
      assert.deepEqual(await store.feedback.findByCardUuids([CARD]), []);
    });
  });

  describe('with an override of a card', () => {
    it('keeps the reason and the comment, and snoozes the card for its patient', async () => {
      const reason = { system: 'urn:hamstring-cds:override-reason', code: 'already-addressed', display: 'Already addressed or ordered elsewhere' };
      const item = {
        card: CARD,
        outcome: 'overridden',
        overrideReason: { reason, userComment: 'Seen by neurology last week' },
        outcomeTimestamp: '2026-11-26T11:00:00Z',
      };
      await request(app)
        .post(FEEDBACK_URL)
        .send({ feedback: [item] })
        .expect(200);
      const [stored] = await store.feedback.findByCardUuids([CARD]);
      assert.deepEqual({ reason: stored.overrideReason, comment: stored.userComment }, { reason, comment: 'Seen by neurology last week' });
      const [card] = await store.ledger.find([CARD]);
      assert.deepEqual(await store.snoozes.activeFor(card.patientHash, NOW), [
        {
          patientHash: card.patientHash,
          findingKey: card.findingKey,
          evidenceFingerprint: card.evidenceFingerprint,
          until: new Date(Date.parse('2026-11-26T11:00:00Z') + 30 * 24 * 3600 * 1000),
          cardUuid: CARD,
          createdAt: new Date('2026-11-26T11:00:00Z'),
        },
      ]);
    });
  });

  describe('when the ledger cannot be read', () => {
    it('answers 503 with Retry-After and stores nothing', async () => {
      const failing: Store = { ...store, ledger: { ...store.ledger, find: () => Promise.reject(new StoreUnavailableError('connection refused')) } };
      const res = await request(testApp({}, { store: failing }))
        .post(FEEDBACK_URL)
        .send({ feedback: [overridden] });
      assert.equal(res.status, 503);
      assert.equal(res.headers['retry-after'], '5');
      assert.deepEqual(await store.feedback.findByCardUuids([CARD]), []);
    });
  });

  describe('when the snooze cannot be stored', () => {
    it('answers 503, and the same feedback sent again is stored once and snoozes the card', async () => {
      const failing: Store = { ...store, snoozes: { ...store.snoozes, upsert: () => Promise.reject(new StoreUnavailableError('connection refused')) } };
      await request(testApp({}, { store: failing }))
        .post(FEEDBACK_URL)
        .send({ feedback: [overridden] })
        .expect(503);
      await request(app)
        .post(FEEDBACK_URL)
        .send({ feedback: [overridden] })
        .expect(200);
      assert.equal((await store.feedback.findByCardUuids([CARD])).length, 1);
      const [card] = await store.ledger.find([CARD]);
      assert.equal((await store.snoozes.activeFor(card.patientHash, NOW)).length, 1);
    });
  });

  describe('when the store refuses an item the edge let through as unstorable', () => {
    it('answers 400 naming the item, not 503', async () => {
      const refusing: Store = {
        ...storeWithCard(),
        feedback: {
          record: () => Promise.reject(new StoreInputError('userComment', 'contains a NUL character, which cannot be stored', 1)),
          findByCardUuids: () => Promise.resolve([]),
        },
      };
      const res = await request(testApp({}, { store: refusing }))
        .post(FEEDBACK_URL)
        .send({ feedback: [accepted, overridden] });
      assert.equal(res.status, 400);
      assert.deepEqual(res.body, {
        error: 'invalid_request',
        message: 'feedback[1]: userComment contains a NUL character, which cannot be stored',
        field: 'feedback[1]',
      });
    });
  });

  describe('when the feedback store is down', () => {
    it('answers 503 with Retry-After, asking the EHR to send it again, not 500', async () => {
      const failing: Store = {
        ...storeWithCard(),
        feedback: { record: () => Promise.reject(new StoreUnavailableError('connection refused')), findByCardUuids: () => Promise.resolve([]) },
      };
      const res = await request(testApp({}, { store: failing }))
        .post(FEEDBACK_URL)
        .send({ feedback: [accepted] });
      assert.equal(res.status, 503);
      assert.equal(res.headers['retry-after'], '5');
      assert.deepEqual(res.body, { error: 'feedback_unavailable', message: 'Feedback could not be stored for the moment; send it again shortly' });
    });
  });
});
