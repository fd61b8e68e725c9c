/** POST /cds-services/{id}/feedback (CDS Hooks §Feedback): what is stored, what is refused and how. */
import assert from 'node:assert/strict';
import request from 'supertest';
import { StoreUnavailableError } from '../src/storage/errors';
import { inMemoryStore, type Store } from '../src/storage/store';
import { SERVICE_URL, testApp } from './support/app';
import { NOW } from './support/builders';

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

describe('POST /cds-services/hamstring-twitch/feedback', () => {
  let store: Store;
  let app: ReturnType<typeof testApp>;
  beforeEach(() => {
    store = inMemoryStore();
    app = testApp({}, { store });
  });

  describe('with an accepted and an overridden card in one batch', () => {
    it('answers 200 and stores both, timestamps in UTC, only the fields CDS Hooks defines', async () => {
      const res = await request(app).post(FEEDBACK_URL).send({ feedback: [accepted, { ...overridden, extra: 'ignored' }] });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(await store.feedback.findByCardUuids([CARD]), [
        { cardUuid: CARD, outcome: 'overridden', acceptedSuggestionIds: [], overrideReason: overridden.overrideReason.reason, outcomeAt: new Date('2026-11-26T10:59:30.000Z'), receivedAt: NOW },
        { cardUuid: CARD, outcome: 'accepted', acceptedSuggestionIds: [SUGGESTION], outcomeAt: new Date('2026-11-26T11:58:00.000Z'), receivedAt: NOW },
      ]);
    });
  });

  describe('with the same feedback sent twice', () => {
    it('answers 200 both times and stores it once', async () => {
      await request(app).post(FEEDBACK_URL).send({ feedback: [accepted] }).expect(200);
      await request(app).post(FEEDBACK_URL).send({ feedback: [accepted] }).expect(200);
      assert.equal((await store.feedback.findByCardUuids([CARD])).length, 1);
    });
  });

  describe('with an accepted outcome without acceptedSuggestions', () => {
    it('answers 400 naming the field', async () => {
      const item: Record<string, unknown> = { ...accepted };
      delete item.acceptedSuggestions;
      const res = await request(app).post(FEEDBACK_URL).send({ feedback: [item] });
      assert.equal(res.status, 400);
      assert.deepEqual(res.body, { error: 'invalid_request', message: 'feedback[0].acceptedSuggestions is required', field: 'feedback[0].acceptedSuggestions' });
    });
  });

  describe('with an unknown outcome', () => {
    it('answers 400 saying which outcomes exist', async () => {
      const res = await request(app).post(FEEDBACK_URL).send({ feedback: [accepted, { ...overridden, outcome: 'ignored' }] });
      assert.equal(res.status, 400);
      assert.deepEqual(res.body, { error: 'invalid_request', message: 'outcome must be "accepted" or "overridden"', field: 'feedback[1].outcome' });
    });
  });

  describe('with an outcomeTimestamp that is not RFC 3339', () => {
    it('answers 400 naming the field', async () => {
      const res = await request(app).post(FEEDBACK_URL).send({ feedback: [{ ...overridden, outcomeTimestamp: '26/11/2026' }] });
      assert.equal(res.status, 400);
      assert.equal((res.body as { field: string }).field, 'feedback[0].outcomeTimestamp');
    });
  });

  describe('without a card', () => {
    it('answers 400 "feedback[0].card is required"', async () => {
      const item: Record<string, unknown> = { ...overridden };
      delete item.card;
      const res = await request(app).post(FEEDBACK_URL).send({ feedback: [item] });
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
      const res = await request(app).post('/cds-services/nope/feedback').send({ feedback: [accepted] });
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

  describe('with a comment the store can never keep (a NUL)', () => {
    it('answers 400 naming the item, not 503, and stores nothing of the batch', async () => {
      const res = await request(app)
        .post(FEEDBACK_URL)
        .send({ feedback: [accepted, { ...overridden, overrideReason: { ...overridden.overrideReason, userComment: 'a\u0000b' } }] });
      assert.equal(res.status, 400);
      assert.deepEqual(res.body, { error: 'invalid_request', message: 'feedback[1]: userComment contains a NUL character, which cannot be stored', field: 'feedback[1]' });
      assert.deepEqual(await store.feedback.findByCardUuids([CARD]), []);
    });
  });

  describe('when the feedback store is down', () => {
    it('answers 503 with Retry-After, asking the EHR to send it again, not 500', async () => {
      const failing: Store = {
        ...inMemoryStore(),
        feedback: { record: () => Promise.reject(new StoreUnavailableError('connection refused')), findByCardUuids: () => Promise.resolve([]) },
      };
      const res = await request(testApp({}, { store: failing })).post(FEEDBACK_URL).send({ feedback: [accepted] });
      assert.equal(res.status, 503);
      assert.equal(res.headers['retry-after'], '5');
      assert.deepEqual(res.body, { error: 'feedback_unavailable', message: 'Feedback could not be stored for the moment; send it again shortly' });
    });
  });
});
